"""Everything kg writes is declared in the ontology, and the data validates."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF

from kg import resources
from kg.query.validate import validate
from kg.store import OxigraphStore, SelectResult
from kg.terms import ONTOLOGY_GRAPH

DECLARED_AS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


def declared_terms() -> set[str]:
    ontology = rdflib.Graph().parse(resources.ontology_path(), format="turtle")
    return {str(s) for kind in DECLARED_AS for s in ontology.subjects(RDF.type, kind)}


def used(store: OxigraphStore, pattern: str) -> set[str]:
    result = store.query(
        f"SELECT DISTINCT ?t WHERE {{ GRAPH ?g {{ {pattern} }} FILTER (?g != ?onto) }}",
        {"onto": ONTOLOGY_GRAPH},
    )
    assert isinstance(result, SelectResult)
    return {str(r[0]) for r in result.rows}


def test_every_written_class_and_property_is_declared(sample_store: OxigraphStore) -> None:
    declared = declared_terms()
    properties = used(sample_store, "?s ?t ?o") - {str(RDF.type)}
    classes = used(sample_store, "?s a ?t")
    assert len(properties) > 20 and len(classes) > 15  # the samples exercise the vocabulary
    assert properties - declared == set()
    assert classes - declared == set()


def test_sample_data_validates(sample_store: OxigraphStore) -> None:
    report = validate(sample_store)
    assert report.violations == []
    assert report.conforms and report.triples > 1000


@pytest.mark.slow
def test_broken_data_does_not_validate() -> None:
    store = OxigraphStore(None)
    store.oxigraph.update(
        "PREFIX kg: <https://w3id.org/kg/ontology#> "
        "INSERT DATA { GRAPH <https://w3id.org/kg/id/article/x> { "
        "<https://w3id.org/kg/id/claim/1> a kg:AccuseClaim ; kg:content 'x' ; "
        "kg:speaker <https://w3id.org/kg/id/actor/a>, <https://w3id.org/kg/id/actor/b> } }"
    )
    report = validate(store)
    assert not report.conforms
    paths = {v.path for v in report.violations}
    assert "https://w3id.org/kg/ontology#speaker" in paths
    assert "https://w3id.org/kg/ontology#evidence" in paths
