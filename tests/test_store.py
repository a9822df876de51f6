"""The store: one graph per article, real transactions, queries on Oxigraph's engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import rdflib.plugins.sparql.processor as rdflib_sparql
from rdflib import Literal

from kg.errors import QueryError, StoreError
from kg.model import Actor, Article, Claim, Evidence, Extraction
from kg.store import OxigraphStore, SelectResult, open_store, to_ox
from kg.store import sparql_writes as store_module
from kg.terms import SKOS
from kg.triples import actor_iri, article_iri, article_write

pytestmark = pytest.mark.slow  # a RocksDB store on disk per test

CHINA = Actor("Q148", "Government of China", "Government", "Q148", ("China",), from_gazetteer=True)
US = Actor("Q30", "Government of the United States", "Government", "Q30", ("US",))
SMITH = Actor("jane-smith", "Jane Smith", "Person")


def extraction(
    key: str | None, text: str, speaker: Actor = CHINA, target: Actor = US
) -> Extraction:
    article = Article(text=text, id=key, title="A title", published=dt.date(2025, 5, 12))
    claim = Claim(
        "accuse", speaker, target, "cheating", Evidence(text, 0, len(text)), confidence=0.8
    )
    return Extraction(article, {speaker.key: speaker, target.key: target}, [claim])


def count(store: OxigraphStore, query: str, **bindings: object) -> int:
    result = store.query(query, bindings)  # type: ignore[arg-type]
    assert isinstance(result, SelectResult)
    return int(result.rows[0][0].toPython())


CLAIMS = "SELECT (COUNT(?c) AS ?n) WHERE { ?c kg:speaker ?s }"
ARTICLES = "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH ?a { ?a a kg:Article } }"


def test_reingest_same_id_replaces(store: OxigraphStore) -> None:
    store.write_article(article_write(extraction("a1", "China accused the US of cheating.")))
    replaced = store.write_article(article_write(extraction("a1", "China accused the US again.")))
    assert replaced == [article_iri("a1")]
    assert count(store, CLAIMS) == 1
    assert count(store, ARTICLES) == 1


def test_same_content_under_another_id_replaces(store: OxigraphStore) -> None:
    store.write_article(article_write(extraction("a1", "China accused the US of cheating.")))
    replaced = store.write_article(
        article_write(extraction("b2", "China  accused the US of cheating."))
    )
    assert replaced == [article_iri("a1")]
    assert count(store, ARTICLES) == 1
    assert store.article_graphs() == [article_iri("b2")]


def test_article_without_id_is_keyed_by_content(store: OxigraphStore) -> None:
    store.write_article(article_write(extraction(None, "Same text.")))
    store.write_article(article_write(extraction(None, "Same text.")))
    assert count(store, ARTICLES) == 1


def test_shared_actor_has_one_label_and_survives_until_last_mention(store: OxigraphStore) -> None:
    store.write_article(article_write(extraction("a1", "One.", speaker=SMITH)))
    store.write_article(article_write(extraction("a2", "Two.", speaker=SMITH)))
    labels = "SELECT (COUNT(?l) AS ?n) WHERE { ?a skos:prefLabel ?l }"
    assert count(store, labels, a=actor_iri("jane-smith")) == 1
    assert store.remove_article(article_iri("a1"))
    assert count(store, labels, a=actor_iri("jane-smith")) == 1
    assert store.remove_article(article_iri("a2"))
    assert count(store, labels, a=actor_iri("jane-smith")) == 0
    assert not store.remove_article(article_iri("a2"))


def test_descriptions_dropped_with_their_last_article_come_back(store: OxigraphStore) -> None:
    """The store remembers which shared quads it wrote, to skip them for the next
    article; a removal drops some, so the next mention must write them again."""
    labels = "SELECT (COUNT(?l) AS ?n) WHERE { ?a skos:prefLabel ?l }"
    store.write_article(article_write(extraction("a1", "One.", speaker=SMITH)))
    assert store.remove_article(article_iri("a1"))
    store.write_article(article_write(extraction("a2", "Two.", speaker=SMITH)))
    assert count(store, labels, a=actor_iri("jane-smith")) == 1
    store.oxigraph.remove(  # a write behind kg's back, through the pyoxigraph store
        next(store.oxigraph.quads_for_pattern(None, to_ox(SKOS.prefLabel), None, None))
    )
    store.write_article(article_write(extraction("a3", "Three.", speaker=SMITH)))
    assert count(store, labels, a=actor_iri("jane-smith")) == 1


def test_a_failed_extend_is_not_remembered_as_written(store: OxigraphStore, monkeypatch) -> None:
    labels = "SELECT (COUNT(?l) AS ?n) WHERE { ?a skos:prefLabel ?l }"
    real = store._ox

    class Failing:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def __contains__(self, quad: object) -> bool:
            return quad in real

        def extend(self, quads: object) -> None:
            raise OSError("disk full")

    monkeypatch.setattr(store, "_ox", Failing())
    with pytest.raises(StoreError, match="disk full"):
        store.write_article(article_write(extraction("a1", "One.", speaker=SMITH)))
    monkeypatch.setattr(store, "_ox", real)
    store.write_article(article_write(extraction("a2", "Two.", speaker=SMITH)))
    assert count(store, labels, a=actor_iri("jane-smith")) == 1
    assert count(store, ARTICLES) == 1


def test_a_failed_write_leaves_the_old_article_whole(store: OxigraphStore, monkeypatch) -> None:
    store.write_article(article_write(extraction("a1", "China accused the US of cheating.")))
    before = store.count_triples()
    real = store_module._insert_data

    def broken(graph, triples):  # the update text breaks after the DROP: a crash mid-write
        return real(graph, triples) + " THIS IS NOT SPARQL"

    monkeypatch.setattr(store_module, "_insert_data", broken)
    with pytest.raises(StoreError):
        store.write_article(article_write(extraction("a1", "A different text entirely.")))
    assert store.count_triples() == before
    assert count(store, CLAIMS) == 1


def test_queries_run_on_oxigraph_not_rdflib(store: OxigraphStore, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("query went to rdflib's SPARQL engine")

    monkeypatch.setattr(rdflib_sparql, "evalQuery", refuse)
    monkeypatch.setattr(rdflib_sparql, "prepareQuery", refuse)
    store.write_article(article_write(extraction("a1", "China accused the US.")))
    assert count(store, CLAIMS) == 1


def test_bound_values_are_values_not_text(store: OxigraphStore) -> None:
    store.write_article(article_write(extraction("a1", "China accused the US.")))
    hostile = 'x" } } ; DROP ALL ; #'
    result = store.query("SELECT ?t WHERE { BIND (?t AS ?t2) }", {"t": Literal(hostile)})
    assert isinstance(result, SelectResult)
    assert str(result.rows[0][0]) == hostile
    assert count(store, CLAIMS) == 1


def test_syntax_error_is_one_line(store: OxigraphStore) -> None:
    with pytest.raises(QueryError) as e:
        store.query("SELEC ?x WHERE { }")
    assert "\n" not in str(e.value) and str(e.value).startswith("SPARQL syntax error")


def test_store_persists_and_reopens(tmp_path: Path) -> None:
    s = OxigraphStore(tmp_path / "st")
    s.write_article(article_write(extraction("a1", "China accused the US.")))
    s.close()
    again = OxigraphStore(tmp_path / "st")
    assert count(again, CLAIMS) == 1


def test_locked_store_opens_read_only_for_reading(tmp_path: Path) -> None:
    writer = open_store(tmp_path / "st")
    writer.write_article(article_write(extraction("a1", "China accused the US.")))  # type: ignore[attr-defined]
    writer.oxigraph.flush()  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="locked by another process"):
        open_store(tmp_path / "st")
    reader = open_store(tmp_path / "st", read_only=True)
    assert isinstance(reader, OxigraphStore) and reader.read_only
    with pytest.raises(StoreError, match="read-only"):
        reader.remove_article(article_iri("a1"))


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notastore"
    path.write_text("hello")
    with pytest.raises(StoreError) as e:
        open_store(path)
    assert str(e.value) == f"{path}: cannot open store: it is a file, not a store directory"


def test_ontology_is_loaded_once_with_its_version(store: OxigraphStore) -> None:
    versions = "SELECT (COUNT(?v) AS ?n) WHERE { GRAPH ?g { ?o owl:versionInfo ?v } }"
    assert count(store, versions) == 1


def test_rdflib_view(store: OxigraphStore) -> None:
    store.write_article(article_write(extraction("a1", "China accused the US.")))
    dataset = store.dataset
    assert len(list(dataset.graph(article_iri("a1")).triples((None, None, None)))) > 5
