"""The claim rows of the page index (kg.store.claim_index): the accusation graph read
from them is the graph the SPARQL queries give (nodes, edges, keys, attributes and their
order), with every filter, and the rows stay in step after re-ingest and removal."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from rdflib import Literal

from bench import corpus, rdfgen
from kg.model import Evidence, Extraction
from kg.project import Filters, actor_graph
from kg.store import OxigraphStore, Store, claim_index, page_index
from kg.terms import KG, XSD
from kg.triples import article_iri, article_write

FILTERS = [
    Filters(),
    Filters(claim_types=frozenset({"ACCUSE"})),
    Filters(min_confidence=0.75),
    Filters(since=dt.date(2024, 3, 1), until=dt.date(2024, 9, 30)),
    Filters(roll_up="government"),
]


def _extraction(i: int, seed: int = 8) -> Extraction:
    """A generated article; some claims quote their sentence, every fifth article is
    published at a time with a zone (the store writes its canonical form)."""
    ex = rdfgen.extraction(corpus.article(seed, i))
    for n, claim in enumerate(ex.claims):
        if n % 3 == 0:
            ev = claim.evidence
            claim.evidence = Evidence(ev.sentence, ev.char_start, ev.char_end, quote=ev.sentence)
    day = ex.article.published
    if i % 5 == 0 and isinstance(day, dt.date):
        when = dt.datetime(day.year, day.month, day.day, 23, tzinfo=dt.timezone(dt.timedelta(0)))
        ex.article = dataclasses.replace(ex.article, published=when)
    return ex


def _shape(graph: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    """Nodes and edges in order, attributes in order."""
    nodes = [(n, list(d.items())) for n, d in graph.nodes(data=True)]
    edges = [(u, v, k, list(d.items())) for u, v, k, d in graph.edges(keys=True, data=True)]
    return nodes, edges


@pytest.fixture
def read_rows(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the reads of the claim rows (the fast path taken)."""
    calls: list[int] = []
    original = claim_index.read_rows

    def counted(store: Store) -> Iterator[dict[str, Any]]:
        calls.append(1)
        return original(store)

    monkeypatch.setattr(claim_index, "read_rows", counted)
    yield calls


def _both(store: OxigraphStore, filters: Filters, monkeypatch: pytest.MonkeyPatch) -> None:
    """The graph from the claim rows equals the graph from the queries."""
    assert page_index.has_index(store)
    fast = actor_graph(store, filters)
    with monkeypatch.context() as m:
        m.setattr(page_index, "has_index", lambda _store: False)
        slow = actor_graph(store, filters)
    assert _shape(fast) == _shape(slow)


@pytest.mark.slow  # forty generated articles, projected both ways under every filter
def test_the_rows_give_the_graph_of_the_queries(
    monkeypatch: pytest.MonkeyPatch, read_rows: list[int]
) -> None:
    store = OxigraphStore(None)
    for i in range(40):
        store.write_article(article_write(_extraction(i)))
    for filters in FILTERS:
        _both(store, filters, monkeypatch)
    assert len(read_rows) == len(FILTERS)
    whole = actor_graph(store)
    assert whole.number_of_edges() > 100
    assert any("quote" in d for _, _, d in whole.edges(data=True))
    actor = max(whole.degree, key=lambda x: x[1])[0]
    _both(store, Filters(actors=(actor,), depth=1), monkeypatch)
    source = next(iter(whole.edges(data=True)))[2]["source"]
    _both(store, Filters(sources=frozenset({source.upper()})), monkeypatch)


@pytest.mark.slow
def test_the_rows_follow_reingest_and_removal(
    monkeypatch: pytest.MonkeyPatch, read_rows: list[int]
) -> None:
    store = OxigraphStore(None)
    for i in range(20):
        store.write_article(article_write(_extraction(i)))
    before = actor_graph(store).number_of_edges()
    for i in range(0, 20, 3):  # the same article, changed: half its claims, another text
        ex = _extraction(i)
        ex.claims = ex.claims[::2]
        ex.article = dataclasses.replace(ex.article, text=ex.article.text + " More.")
        store.write_article(article_write(ex))
    for i in range(1, 20, 4):
        assert store.remove_article(article_iri(_extraction(i).article.key))
    assert page_index.check(store) == []
    assert actor_graph(store).number_of_edges() < before
    _both(store, Filters(), monkeypatch)
    for graph in page_index.article_graphs(store):
        store.remove_article(graph)
    assert actor_graph(store).number_of_edges() == 0
    assert read_rows


def test_without_a_complete_index_the_queries_answer(read_rows: list[int]) -> None:
    store = OxigraphStore(None)
    for i in range(6):
        store.write_article(article_write(_extraction(i)))
    edges = actor_graph(store).number_of_edges()
    store.update([])  # an update the index cannot follow (curation) marks it out of step
    assert not page_index.has_index(store)
    assert actor_graph(store).number_of_edges() == edges > 0
    assert len(read_rows) == 1


@pytest.mark.slow
def test_the_sample_articles_give_the_same_graph(
    sample_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch, read_rows: list[int]
) -> None:
    assert actor_graph(sample_store).number_of_edges() > 5
    for filters in [*FILTERS, Filters(roll_up="organization")]:
        _both(sample_store, filters, monkeypatch)
    assert read_rows


@pytest.mark.parametrize("other", ["1990-01-02", "2099-12-31"])
def test_a_claim_with_two_dates_is_the_same_edge_either_way(
    other: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its edge is its row with the least fields (here: date), however it was read."""
    write = article_write(_extraction(3))
    claims = {s for s, p, _ in write.triples if p == KG.speaker} & {
        s for s, p, _ in write.triples if p == KG.target
    }
    for claim in claims:
        write.triples.append((claim, KG.date, Literal(other, datatype=XSD.date)))
    store = OxigraphStore(None)
    store.write_article(write)
    _both(store, Filters(), monkeypatch)
    dates = {k: d["date_text"] for _, _, k, d in actor_graph(store).edges(keys=True, data=True)}
    assert len(dates) == len(claims) > 3
    own = {str(s): str(o) for s, p, o in write.triples if p == KG.date and str(o) != other}
    assert dates == {str(c): min(own.get(str(c), other), other) for c in claims}
