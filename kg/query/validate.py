"""SHACL validation of the store against ``ontology/shapes.ttl`` with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
import rdflib
from rdflib.namespace import SH

from kg import resources
from kg.store import Store
from kg.terms import INDEX_GRAPH, ONTOLOGY_GRAPH


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    triples: int


def data_graph(store: Store) -> rdflib.Graph:
    """Every triple of the store but the ontology's, merged into one graph."""
    result = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != ?onto && ?g != ?index) }",
        {"onto": ONTOLOGY_GRAPH, "index": INDEX_GRAPH},  # the page index is derived
    )
    assert isinstance(result, rdflib.Graph)
    return result


def validate(store: Store) -> ValidationReport:
    """Validate the store's data against the shipped shapes, the ontology alongside."""
    data = data_graph(store)
    shapes = rdflib.Graph().parse(resources.shapes_path(), format="turtle")
    ontology = rdflib.Graph().parse(resources.ontology_path(), format="turtle")
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
    )
    return ValidationReport(bool(conforms), _violations(results), len(data))


def _violations(results: rdflib.Graph) -> list[Violation]:
    found = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        path = results.value(r, SH.resultPath)
        severity = results.value(r, SH.resultSeverity)
        found.append(
            Violation(
                focus=str(results.value(r, SH.focusNode)),
                path=str(path) if path is not None else None,
                message=str(results.value(r, SH.resultMessage) or "constraint violated"),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.path or "", v.message))
