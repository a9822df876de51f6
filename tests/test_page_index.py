"""The page index: in step with the articles after every write, replacement and removal
(the same as one rebuilt from scratch), and first pages from it equal to the pages the
canned queries give without it, dates of every kind and ties included."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from rdflib import URIRef

from bench import corpus, rdfgen
from kg import query
from kg.model import Extraction
from kg.query.export import write_rdf
from kg.query.stats import stats
from kg.store import OxigraphStore, SelectResult, page_index, page_reads
from kg.terms import INDEX_GRAPH
from kg.triples import article_iri, article_write
from tests.conftest import run_kg

PAGES = [(1, 0), (3, 0), (5, 2), (20, 0), (7, 30), (50, 0)]
# Publication dates the store compares as values, in zones either side of UTC (the
# same day in one zone is the next or the last in another). Not mixed with dates or
# times without a zone: Oxigraph's ORDER BY panics on a comparison that is not total.
ZONES = [dt.timezone(dt.timedelta(hours=h)) for h in (-11, 0, 13, 5, -3)]


def _extraction(i: int, seed: int = 3) -> Extraction:
    """A generated article, published at a time of its day in one of :data:`ZONES`
    (every seventh not dated)."""
    ex = rdfgen.extraction(corpus.article(seed, i))
    day = ex.article.published
    when = None
    if i % 7 and isinstance(day, dt.date):
        when = dt.datetime(day.year, day.month, day.day, (i * 5) % 24, tzinfo=ZONES[i % 5])
    ex.article = dataclasses.replace(ex.article, published=when)
    return ex


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("index") / "store")
    for i in range(60):
        store.write_article(article_write(_extraction(i)))
    return store


def _params(store: OxigraphStore) -> list[tuple[str, dict[str, str]]]:
    """Every canned list with the parameters it pages by: the most and a less involved
    actor, the pair with the most tariffs, a measure type and a technology."""
    ranked = store.query(
        "SELECT ?l (COUNT(?c) AS ?n) WHERE { ?c kg:speaker|kg:target ?a . ?a skos:prefLabel ?l }"
        " GROUP BY ?l ORDER BY DESC(?n) ?l"
    )
    pair = store.query(
        "SELECT ?il ?tl (COUNT(?p) AS ?n) WHERE { ?p a kg:Tariff ; kg:imposer ?i ; kg:target ?t "
        ". ?i skos:prefLabel ?il . ?t skos:prefLabel ?tl FILTER (?i != ?t) } GROUP BY ?il ?tl "
        "ORDER BY DESC(?n) ?il ?tl LIMIT 1"
    )
    topic = store.query(
        "SELECT ?l (COUNT(?c) AS ?n) WHERE { ?c kg:about ?t . ?t skos:prefLabel ?l } "
        "GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1"
    )
    assert isinstance(ranked, SelectResult) and isinstance(pair, SelectResult)
    assert isinstance(topic, SelectResult) and pair.rows and topic.rows
    top, less = str(ranked.rows[0][0]), str(ranked.rows[len(ranked.rows) // 3][0])
    a, b = str(pair.rows[0][0]), str(pair.rows[0][1])
    tech = str(topic.rows[0][0])
    return [
        ("accusations", {}), ("accusations", {"actor": top}), ("accusations", {"actor": less}),
        ("articles", {}), ("actor-profile", {"actor": top}), ("actor-profile", {"actor": less}),
        ("claims-about", {}), ("claims-about", {"policy": "tariff"}),
        ("claims-about", {"policy": "sanction"}), ("claims-about", {"topic": tech}),
        ("claims-about", {"policy": "tariff", "topic": tech}),
        ("tariff-history", {"a": a, "b": b}), ("tariff-history", {"a": a}),
        ("tariff-history", {"b": b}), ("tariff-history", {"a": a, "b": a}),
        ("tariff-history", {}),
    ]  # fmt: skip


def _without_index(store: OxigraphStore):  # type: ignore[no-untyped-def]
    """The store with its index marked out of step (the queries read the articles)."""
    store.update([])
    assert not page_index.has_index(store)
    return store


@pytest.mark.slow
def test_first_pages_from_the_index_are_the_pages_of_the_queries(indexed: OxigraphStore) -> None:
    cases = _params(indexed)
    fast: dict[tuple, list] = {}
    for name, params in cases:
        meta = query.canned(name)
        bindings = query.bind_params(indexed, meta, params)
        assert page_reads.first_page(indexed, name, meta.text, bindings, 5) is not None, name
        for limit, offset in PAGES:
            result = query.run(indexed, name, params, limit=limit, offset=offset)
            assert isinstance(result, SelectResult)
            fast[(name, tuple(params.items()), limit, offset)] = result.rows
    store = _without_index(indexed)
    try:
        rows_seen = 0
        for (name, params, limit, offset), rows in fast.items():
            slow = query.run(store, name, dict(params), limit=limit, offset=offset)
            assert isinstance(slow, SelectResult)
            assert rows == slow.rows, (name, params, limit, offset)
            rows_seen += len(rows)
        assert rows_seen > 500  # the cases hold rows, not empty pages
    finally:
        page_index.rebuild(store)
    assert page_index.check(indexed) == []


@pytest.mark.slow
def test_the_index_follows_writes_replacements_and_removals(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    for i in range(30):
        store.write_article(article_write(_extraction(i, seed=4)))
    assert page_index.has_index(store) and page_index.check(store) == []
    before = page_index.current(store)
    for i in range(0, 30, 4):  # the same article, changed: fewer facts, another date
        ex = _extraction(i, seed=4)
        ex.claims = ex.claims[::2]
        ex.policies = ex.policies[1:]
        ex.article = dataclasses.replace(
            ex.article,
            published=dt.datetime(2019, 1, 1 + i, tzinfo=dt.UTC),
            text=ex.article.text + " More.",
        )
        assert store.write_article(article_write(ex)) == [article_iri(ex.article.key)]
    assert page_index.check(store) == []
    assert page_index.current(store) != before
    twin = _extraction(1, seed=4)  # the same text under another id replaces the first
    twin.article = dataclasses.replace(twin.article, id="twin-of-1")
    assert store.write_article(article_write(twin)) == [article_iri(_extraction(1, 4).article.key)]
    assert page_index.check(store) == []
    for i in range(2, 30, 3):
        assert store.remove_article(article_iri(_extraction(i, seed=4).article.key))
    assert page_index.check(store) == []
    for graph in page_index.article_graphs(store):
        store.remove_article(graph)
    assert page_index.current(store) == {page_index._line(page_index.marker_triple())}
    store.close()


@pytest.mark.slow
def test_an_old_store_reads_the_articles_until_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = OxigraphStore(path)
    for i in range(12):
        store.write_article(article_write(_extraction(i, seed=5)))
    whole = query.run(store, "articles", {}, limit=4)
    store.oxigraph.remove_graph(page_index.ox_term(INDEX_GRAPH))  # as made before the index
    store.close()
    store = OxigraphStore(path)  # opening it does not pretend it has one
    assert not page_index.has_index(store)
    meta = query.canned("articles")
    assert page_reads.first_page(store, "articles", meta.text, {}, 4) is None
    assert query.run(store, "articles", {}, limit=4).rows == whole.rows  # type: ignore[union-attr]
    store.close()
    checked = run_kg("index", "-s", str(path))
    assert checked.returncode == 1
    assert checked.stderr.startswith("kg: error: page index of")
    assert "missing or marked out of step" in checked.stderr and "--rebuild" in checked.stderr
    assert run_kg("index", "--rebuild", "-s", str(path)).returncode == 0
    ok = run_kg("index", "-s", str(path))
    assert ok.returncode == 0 and "in step" in ok.stdout
    store = OxigraphStore(path, read_only=True)
    assert page_index.has_index(store) and page_index.check(store) == []
    assert page_reads.first_page(store, "articles", meta.text, {}, 4) is not None
    assert query.run(store, "articles", {}, limit=4).rows == whole.rows  # type: ignore[union-attr]
    store.close()


def test_updates_it_cannot_follow_mark_it_out_of_step() -> None:
    store = OxigraphStore(None)
    store.write_article(article_write(_extraction(0, seed=6)))
    assert page_index.has_index(store)
    store.update(["INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"])  # e.g. curation
    assert not page_index.has_index(store)
    assert page_index.check(store) == ["the index is missing or marked out of step"]


def test_the_index_is_neither_exported_nor_counted() -> None:
    store, bare = OxigraphStore(None), OxigraphStore(None)
    for s in (store, bare):
        s.write_article(article_write(_extraction(1, seed=6)))
    bare.oxigraph.remove_graph(page_index.ox_term(INDEX_GRAPH))
    index_size = len(page_index.current(store))
    assert index_size > 20 and not page_index.current(bare)
    for fmt in ("nquads", "nt"):  # lines without the ontology's blank nodes (fresh per store)
        out, plain = io.BytesIO(), io.BytesIO()
        write_rdf(store, fmt, out)
        write_rdf(bare, fmt, plain)
        lines = sorted(x for x in out.getvalue().decode().splitlines() if "_:" not in x)
        assert lines == sorted(x for x in plain.getvalue().decode().splitlines() if "_:" not in x)
        assert len(lines) > 100
    assert stats(store).triples == stats(bare).triples == store.count_triples() - index_size


def test_bucket_parents_and_list_names() -> None:
    lst = page_index.list_iri("articles")
    day, month, year = (URIRef(f"{lst}/{x}") for x in ("d2024-03-05", "m2024-03", "y2024"))
    assert page_index._parent(day) == str(month) and page_index._parent(month) == str(year)
    assert page_index._parent(year) is None
    assert page_index._parent(URIRef(f"{lst}/d")) == f"{lst}/m"  # undated
    profile = URIRef(f"{page_index.list_iri('profile', URIRef('urn:a'))}/events/deny")
    assert page_index._parent(profile) is None
    assert page_index.time_key(None) == ""
