"""The Store interface: a context manager, a typed ``select`` and the plain-value ``rows``
(the embedded store's fast path reads what the generic one reads)."""

from __future__ import annotations

import pytest
from rdflib import Literal

from kg.errors import QueryError
from kg.store import OxigraphStore, ReadsStore, SelectResult, open_store

ROWS = "SELECT ?n ?s ?d { VALUES (?n ?s ?d) { (1 'a' '2024-01-02'^^xsd:date) (2.5 'b' UNDEF) } }"


class Generic(ReadsStore):
    """Any store that offers only ``query``: it gets select, rows and ``with`` for free."""

    def __init__(self, inner: OxigraphStore) -> None:
        self.inner, self.location, self.closed = inner, inner.location, False

    def query(self, sparql, bindings=None):  # type: ignore[no-untyped-def]
        return self.inner.query(sparql, bindings)

    def close(self) -> None:
        self.closed = True


def test_select_returns_rows_and_refuses_other_forms() -> None:
    with OxigraphStore(None) as store:
        result = store.select("SELECT ?x { BIND(?v AS ?x) }", {"v": Literal(3)})
        assert isinstance(result, SelectResult) and result.rows[0][0] == Literal(3)
        with pytest.raises(QueryError, match="SELECT"):
            store.select("ASK { ?s ?p ?o }")


def test_the_fast_rows_read_what_the_generic_rows_read() -> None:
    store = OxigraphStore(None)
    generic = Generic(store)
    assert (
        store.rows(ROWS)
        == generic.rows(ROWS)
        == (
            ["n", "s", "d"],
            [(1, "a", "2024-01-02"), (2.5, "b", None)],
        )
    )


def test_with_closes_the_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore(None)
    with Generic(store) as generic:
        assert not generic.closed
    assert generic.closed
    with open_store(tmp_path / "store") as opened:
        assert opened.select("SELECT (1 AS ?one) {}").rows[0][0] == Literal(1)
    with pytest.raises(AttributeError):
        opened.query("ASK {}")  # closed: the pyoxigraph store is gone
