"""Pages of the canned queries: every page in the full result's order, pages that add up
to the full result, most recent first, and the same rows as before paging existed."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Literal

from kg import query
from kg.errors import QueryError
from kg.sparql import query_form, with_page, with_values
from kg.store import OxigraphStore, SelectResult
from tests.conftest import SAMPLES, run_kg

pytestmark = pytest.mark.slow  # the real kg in subprocesses

PARAMS = {
    "accusations": [{"actor": "China"}, {}],
    "actor-profile": [{"actor": "China"}],
    "articles": [{}],
    "claims-about": [{"policy": "tariff"}, {}, {"topic": "semiconductors"}],
    "tariff-history": [{"a": "United States", "b": "China"}, {"a": "China"}],
}


def test_with_page_appends_or_fills_the_marked_place() -> None:
    assert with_page("SELECT * { ?s ?p ?o } ORDER BY ?s", 5).endswith("ORDER BY ?s\nLIMIT 5")
    assert with_page("SELECT * { ?s ?p ?o }", None, 4).endswith("\nOFFSET 4")
    assert with_page("SELECT * { ?s ?p ?o }", None) == "SELECT * { ?s ?p ?o }"
    marked = "SELECT * {\n  { SELECT ?s { ?s ?p ?o } ORDER BY ?s\n    # page\n  }\n} ORDER BY ?s"
    assert "    LIMIT 2 OFFSET 6\n  }\n} ORDER BY ?s" in with_page(marked, 2, 6)


@pytest.mark.parametrize(
    ("sparql", "reason"),
    [
        ("ASK { ?s ?p ?o }", "page SELECT queries only"),
        ("SELECT * { ?s ?p ?o } LIMIT 3", "has its own LIMIT"),
        ("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 1 } } OFFSET 1", "has its own OFFSET"),
    ],
)
def test_with_page_refuses_what_it_cannot_page(sparql: str, reason: str) -> None:
    with pytest.raises(QueryError, match=reason):
        with_page(sparql, 10)


def test_query_form_ignores_limits_inside_subqueries_and_strings() -> None:
    assert query_form('SELECT * { { SELECT ?s { ?s ?p "LIMIT" } LIMIT 1 } }') == ("SELECT", [])


def test_values_reach_the_subqueries_that_use_them() -> None:
    text = "SELECT ?x { { SELECT ?x { ?x ?p ?actor } LIMIT 1 } { SELECT ?y { ?y ?q ?z } } }"
    bound = with_values(text, {"actor": Literal("a")})
    assert bound.count('VALUES (?actor) { ("a") }') == 2  # the outer group and the first subquery
    store = OxigraphStore(None)
    store.oxigraph.update(
        'INSERT DATA { <http://e/1> <http://e/p> "b" . <http://e/2> <http://e/p> "a" }'
    )
    paged = "SELECT ?x { { SELECT ?x { ?x ?p ?actor } ORDER BY ?x LIMIT 1 } }"
    result = store.query(paged, {"actor": Literal("a")})
    assert isinstance(result, SelectResult)
    assert [str(r[0]) for r in result.rows] == ["http://e/2"]  # limited after binding


def _cases() -> list[tuple[str, dict[str, str]]]:
    return [(name, p) for name, options in PARAMS.items() for p in options]


@pytest.mark.parametrize(("name", "params"), _cases())
def test_pages_add_up_to_the_whole_in_its_order(
    sample_store: OxigraphStore, name: str, params: dict[str, str]
) -> None:
    whole = query.run(sample_store, name, params)
    assert isinstance(whole, SelectResult)
    assert len(whole) >= 3, "the samples must give this query a few rows"
    pages: list[tuple] = []
    for offset in range(0, len(whole) + 3, 3):
        page = query.run(sample_store, name, params, limit=3, offset=offset)
        assert isinstance(page, SelectResult)
        assert page.rows == whole.rows[offset : offset + 3]
        pages += page.rows
    assert pages == whole.rows


def test_lists_come_most_recent_first(sample_store: OxigraphStore) -> None:
    for name, column in (("accusations", "date"), ("articles", "published")):
        result = query.run(sample_store, name, {})
        assert isinstance(result, SelectResult)
        dates = [str(d[column]) for d in result.dicts() if d[column] is not None]
        assert len(dates) >= 5 and dates == sorted(dates, reverse=True), name


def test_cli_pages_tables_by_default_and_csv_on_request(tmp_path) -> None:
    store = str(tmp_path / "store")
    assert run_kg("ingest", "-q", "-s", store, str(SAMPLES)).returncode == 0
    whole = run_kg("query", "articles", "-f", "csv", "-s", store).stdout
    rows = list(csv.reader(io.StringIO(whole)))
    page = run_kg("query", "articles", "-f", "csv", "--limit", "2", "--offset", "3", "-s", store)
    assert list(csv.reader(io.StringIO(page.stdout))) == [rows[0], *rows[4:6]]
    table = run_kg("query", "articles", "-n", "4", "-s", store, env={"COLUMNS": "200"})
    assert table.returncode == 0
    assert "rows 1–4; more with --offset 4" in " ".join(table.stdout.split())
    everything = run_kg("query", "articles", "-n", "0", "-s", store, env={"COLUMNS": "200"})
    assert f"{len(rows) - 1} row(s)" in everything.stdout
    bad = run_kg("query", "ASK { ?s ?p ?o }", "-n", "2", "-s", store)
    assert bad.returncode == 1
    assert bad.stderr.strip() == "kg: error: --limit and --offset page SELECT queries only"
