"""Binding parameters into SPARQL text without injection."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.sparql import with_values


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        'a "quoted" word',
        "new\nline",
        "brace } and # hash",
        'x" } } ; DROP ALL ; #',
        "back\\slash",
        "ünïcödé",
    ],
)
def test_literal_round_trips_exactly(value: str) -> None:
    store = ox.Store()
    query = with_values("SELECT ?v WHERE { BIND (STR(?x) AS ?v) }", {"x": Literal(value)})
    assert [s["v"].value for s in store.query(query)] == [value]


def test_iri_with_angle_bracket_is_rejected_not_spliced() -> None:
    with pytest.raises(ValueError):
        with_values("SELECT * { ?s ?p ?o }", {"s": URIRef("http://x> } DROP ALL { <http://y")})


def test_binds_where_group_not_construct_template() -> None:
    query = with_values(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef("http://example.org/a")}
    )
    assert query.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s)")


def test_braces_in_strings_and_comments_are_skipped() -> None:
    query = with_values('# a { comment\nASK { ?s ?p "{" }', {"p": URIRef("http://e.org/p")})
    assert query == '# a { comment\nASK { VALUES (?p) { (<http://e.org/p>) } ?s ?p "{" }'


def test_bad_names_and_missing_groups() -> None:
    with pytest.raises(QueryError):
        with_values("SELECT * { }", {"x y": Literal(1)})
    with pytest.raises(QueryError):
        with_values("DESCRIBE <http://e.org/a>", {"x": Literal(1)})
