"""The store interface: what every store offers, result types and term conversions.

A store is a context manager; ``select`` returns rows as rdflib terms, ``rows`` as
plain Python values (the fast way to read many rows)::

    >>> from kg.store import OxigraphStore
    >>> with OxigraphStore(None) as store:
    ...     store.select("SELECT (1 + 1 AS ?two) {}").rows[0][0].toPython()
    2
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, Self

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from kg.errors import QueryError
from kg.triples import ArticleWrite

__all__ = [
    "QueryResult",
    "ReadsStore",
    "SelectResult",
    "Store",
    "convert_result",
    "from_ox",
    "nt",
    "python_value",
    "to_ox",
]


@dataclass
class SelectResult:
    """Rows of a SELECT query as rdflib terms (``None`` where a variable is unbound)."""

    vars: list[str]
    rows: list[tuple[Identifier | None, ...]]

    def dicts(self) -> Iterator[dict[str, Identifier | None]]:
        for row in self.rows:
            yield dict(zip(self.vars, row))

    def __len__(self) -> int:
        return len(self.rows)


QueryResult = SelectResult | bool | rdflib.Graph


class Store(Protocol):
    """What every store offers. Implementations: :class:`kg.store.OxigraphStore`,
    :class:`kg.store.endpoint.EndpointStore`. Use it in a ``with`` block, which closes it."""

    location: str

    def query(
        self, sparql: str, bindings: Mapping[str, Identifier] | None = None
    ) -> QueryResult: ...

    def select(
        self, sparql: str, bindings: Mapping[str, Identifier] | None = None
    ) -> SelectResult: ...

    def rows(
        self, sparql: str, bindings: Mapping[str, Identifier] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]: ...

    def write_article(self, write: ArticleWrite) -> list[URIRef]: ...

    def remove_article(self, graph: URIRef) -> bool: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


class ReadsStore:
    """The reading half of :class:`Store` on top of ``query``, and the ``with`` protocol.

    Subclasses provide ``location``, ``query`` and ``close``; the embedded store
    overrides :meth:`rows` with a faster path.
    """

    location: str

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> SelectResult:
        """Run a SELECT query; any other form is a :class:`kg.errors.QueryError`."""
        result = self.query(sparql, bindings)
        if not isinstance(result, SelectResult):
            raise QueryError(f"{self.location}: expected the rows of a SELECT query")
        return result

    def rows(
        self, sparql: str, bindings: Mapping[str, Identifier] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Variable names and rows of plain Python values (:func:`python_value`)."""
        result = self.select(sparql, bindings)
        return result.vars, [tuple(python_value(v) for v in row) for row in result.rows]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


# --- term conversion -------------------------------------------------------------------


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if type(term) is URIRef:
        return _named(term)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


_NAMED: dict[str, ox.NamedNode] = {}
_NAMED_MAX = 1 << 16


def _named(iri: URIRef) -> ox.NamedNode:
    """The pyoxigraph node of an IRI, remembered: an article's quads name the same few
    thousand IRIs (predicates, classes, actors) again and again, and a lookup by the
    plain string costs a fifth of checking and building the node anew."""
    key = str.__str__(iri)  # a plain str: its comparisons stay in C
    node = _NAMED.get(key)
    if node is None:
        if len(_NAMED) >= _NAMED_MAX:  # bounded: claims and evidence have IRIs of their own
            _NAMED.clear()
        node = _NAMED[key] = ox.NamedNode(key)
    return node


def from_ox(term: Any) -> Identifier | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def nt(term: Node) -> str:
    """The N-Triples form of a term, for SPARQL Update text built from our own terms."""
    return str(to_ox(term))


def python_value(term: Identifier | None) -> Any:
    """A plain Python value for a result term: IRIs as strings, typed literals converted."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, decimal.Decimal):
            return float(value)
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        if isinstance(value, Literal):  # unknown datatype
            return str(value)
        return value
    return str(term)


def convert_result(result: Any) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [tuple(from_ox(solution[i]) for i in range(len(names))) for solution in result]
        return SelectResult(names, rows)
    graph = rdflib.Graph()
    for t in result:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph
