"""Canned queries with bound parameters, record exports with their fixed keys, RDF exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import rdflib

from kg import query
from kg.errors import QueryError
from kg.ingest import ingest
from kg.query import export
from kg.store import OxigraphStore, SelectResult, python_value
from kg.terms import ACTORS_GRAPH, PREFIXES

if TYPE_CHECKING:  # spaCy loads only where a test extracts
    from kg.extract import Extractor

FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "dispute.json"


@pytest.fixture(scope="module")
def filled(extractor: Extractor) -> Iterator[OxigraphStore]:
    store = OxigraphStore(None)
    report = ingest([FIXTURE], store, extractor=extractor)
    assert report.ok and report.articles == 1
    yield store


def rows(result) -> list[dict]:
    assert isinstance(result, SelectResult)
    return [{k: python_value(v) for k, v in r.items()} for r in result.dicts()]


def test_canned_queries_are_listed_with_params() -> None:
    names = {q.name: q for q in query.canned_queries()}
    assert {"accusations", "tariff-history", "claims-about", "actor-profile", "articles"} <= set(
        names
    )
    assert [p.name for p in names["tariff-history"].params] == ["a", "b"]
    assert all(q.title and q.path.suffix == ".rq" for q in names.values())


def test_accusations_by_actor_name(filled: OxigraphStore) -> None:
    found = rows(query.run(filled, "accusations", {"actor": "Washington"}))
    assert {(r["speakerLabel"], r["type"], r["targetLabel"]) for r in found} == {
        ("Government of China", "accuse", "Government of the United States"),
        ("Government of China", "criticize", "Government of the United States"),
    }
    assert all(r["date"] == "2025-06-05" for r in found)


def test_accusations_without_parameter_lists_all(filled: OxigraphStore) -> None:
    assert len(rows(query.run(filled, "accusations"))) == 2


def test_tariff_history_both_directions(filled: OxigraphStore) -> None:
    found = rows(query.run(filled, "tariff-history", {"a": "United States", "b": "China"}))
    got = {(r["imposerLabel"], r["rateFrom"], r["rateTo"], r["status"]) for r in found}
    assert ("Government of the United States", 145.0, 30.0, "agreed") in got
    assert ("Government of China", None, 10.0, "agreed") in got
    assert ("Government of the United States", None, 50.0, "threatened") in got


def test_tariff_history_with_one_side(filled: OxigraphStore) -> None:
    def policies(**params: str) -> list[str]:
        return [r["policy"] for r in rows(query.run(filled, "tariff-history", params))]

    every = policies()
    assert len(every) == 3
    assert policies(a="China") == every  # every tariff here involves China
    assert policies(b="China") == every
    assert policies(a="Canada") == []  # one side is that side, not everyone
    assert len(policies(a="United States", b="China")) == 3


def test_actor_names_resolve_as_written_first_then_in_any_case() -> None:
    store = OxigraphStore(None)
    actor = "https://w3id.org/kg/id/actor/"
    store.oxigraph.update(
        f"""INSERT DATA {{
          GRAPH <{ACTORS_GRAPH}> {{
            <{actor}x> skos:prefLabel "Acme" . <{actor}y> skos:prefLabel "ACME" .
            <{actor}p> skos:prefLabel "Li Wei" . <{actor}q> skos:altLabel "Li Wei" . }}
          GRAPH <https://w3id.org/kg/id/article/a> {{
            <urn:c1> kg:speaker <{actor}y> . <urn:c2> kg:target <{actor}y> .
            <urn:c3> kg:speaker <{actor}q> . }} }}""",
        prefixes=PREFIXES,
    )
    assert str(query.resolve_entity(store, "Acme")) == f"{actor}x"  # as written
    assert str(query.resolve_entity(store, "acme")) == f"{actor}y"  # any case: the busier
    assert str(query.resolve_entity(store, "Li Wei")) == f"{actor}q"  # same label: the busier
    assert str(query.resolve_entity(store, "LI WEI")) == f"{actor}q"
    with pytest.raises(QueryError, match="no actor named 'Acne'"):
        query.resolve_entity(store, "Acne")


def test_actor_by_qid_and_profile(filled: OxigraphStore) -> None:
    found = rows(query.run(filled, "actor-profile", {"actor": "Q148"}))
    roles = {(r["role"], r["kind"]): r["count"] for r in found}
    assert roles[("claims made", "accuse")] == 1
    assert roles[("measures imposed", "tariff")] == 1
    assert roles[("wikidata", "http://www.wikidata.org/entity/Q148")] == 1


def test_claims_about_a_policy_type(filled: OxigraphStore) -> None:
    found = rows(query.run(filled, "claims-about", {"policy": "tariff"}))
    assert {(r["speakerLabel"], r["type"]) for r in found} == {
        ("Donald Trump", "threaten"),
        ("Government of the United States", "agree"),
    }
    assert rows(query.run(filled, "claims-about", {"policy": "sanction"})) == []


def test_unknown_things_are_clear_errors(filled: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="no actor named 'Atlantis'"):
        query.run(filled, "accusations", {"actor": "Atlantis"})
    with pytest.raises(QueryError, match="has no parameter 'x'"):
        query.run(filled, "accusations", {"x": "1"})


def test_result_formats(filled: OxigraphStore) -> None:
    result = query.run(filled, "articles")
    as_json = json.loads(query.format_result(result, "json"))
    assert as_json[0]["id"] == "fixture-dispute-1" and as_json[0]["published"] == "2025-06-06"
    table = list(csv.reader(io.StringIO(query.format_result(result, "csv"))))
    assert table[0] == ["id", "published", "title", "source", "claims", "policies", "events"]
    tsv = query.format_result(result, "tsv").splitlines()
    assert tsv[1].split("\t")[0] == "fixture-dispute-1"


def test_claim_records_have_exactly_the_keys(filled: OxigraphStore) -> None:
    records = list(export.claims(filled))
    assert records and all(tuple(r) == export.CLAIM_KEYS for r in records)
    accuse = next(r for r in records if r["type"] == "accuse")
    assert accuse["speaker"] == {
        "iri": "https://w3id.org/kg/id/actor/Q148",
        "label": "Government of China",
        "wikidata": "Q148",
    }
    assert accuse["target"]["wikidata"] == "Q30"
    assert accuse["article"]["id"] == "fixture-dispute-1"
    assert accuse["article"]["url"] == "https://example.org/fixtures/dispute-1"
    text = json.loads(FIXTURE.read_text())["text"]
    for r in records:
        assert text[r["char_start"] : r["char_end"]] == r["sentence"]
        assert 0 < r["confidence"] <= 1


def test_policy_records_have_exactly_the_keys(filled: OxigraphStore) -> None:
    records = list(export.policies(filled))
    assert records and all(tuple(r) == export.POLICY_KEYS for r in records)
    controls = [r for r in records if r["type"] == "export_control"]
    assert controls[0]["imposer"]["label"] == "Government of the United States"
    assert controls[0]["date"] == "2025-05"


def test_csv_records_flatten_nested_objects(filled: OxigraphStore) -> None:
    out = io.StringIO()
    count = export.write_records(export.claims(filled), "csv", out)
    lines = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(lines) == count
    assert "speaker.label" in lines[0] and "article.id" in lines[0]


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "jsonld", "nquads", "trig"])
def test_rdf_exports_parse_back(filled: OxigraphStore, fmt: str) -> None:
    text = export.write_rdf_text(filled, fmt)
    if fmt in ("nquads", "trig", "jsonld"):  # these keep one named graph per article
        parsed = rdflib.Dataset()
        parsed.parse(data=text, format="json-ld" if fmt == "jsonld" else fmt)
        graphs = {str(g.identifier) for g in parsed.graphs() if len(g)}
        assert "https://w3id.org/kg/id/article/fixture-dispute-1" in graphs
    else:
        parsed = rdflib.Graph().parse(data=text, format=fmt)
        assert len(parsed) > 100
        claim_type = rdflib.URIRef("https://w3id.org/kg/ontology#AccuseClaim")
        assert (None, rdflib.RDF.type, claim_type) in parsed
