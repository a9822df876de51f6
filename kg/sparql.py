"""Binding values into SPARQL safely.

pyoxigraph's ``substitutions`` only rebind projected variables after evaluation (a
``FILTER`` inside the query never sees them), and remote endpoints know no
substitution at all. So values are bound the way rdflib's SPARQLStore binds
``initBindings``: a ``VALUES`` block at the start of the query's WHERE group, built
from RDF terms serialised by pyoxigraph (quotes, newlines and ``>`` escaped), never
from user text. Whatever a user types becomes one literal or one IRI.

>>> from rdflib import Literal
>>> with_values("SELECT ?s WHERE { ?s ?p ?name }", {"name": Literal('x" } DROP ALL #')})
'SELECT ?s WHERE { VALUES (?name) { ("x\\\\" } DROP ALL #") } ?s ?p ?name }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import QueryError

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def term(value: Identifier) -> str:
    """The SPARQL/N-Triples form of an rdflib term, escaped by pyoxigraph."""
    if isinstance(value, URIRef):
        return str(ox.NamedNode(str(value)))
    if isinstance(value, Literal):
        if value.language:
            return str(ox.Literal(str(value), language=value.language))
        if value.datatype:
            return str(ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype))))
        return str(ox.Literal(str(value)))
    if isinstance(value, BNode):
        raise QueryError("blank nodes cannot be bound as query parameters")
    raise QueryError(f"cannot bind {value!r}")


def with_values(query: str, bindings: Mapping[str, Identifier]) -> str:
    """``query`` with each variable of ``bindings`` bound to its value."""
    if not bindings:
        return query
    for name in bindings:
        if not _VARIABLE.match(name):
            raise QueryError(f"bad parameter name {name!r} (letters, digits and _ only)")
    names = " ".join(f"?{n}" for n in bindings)
    values = " ".join(term(v) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    at = _where_brace(query)
    return query[: at + 1] + block + query[at + 1 :]


def with_value_rows(query: str, name: str, values: Sequence[Identifier]) -> str:
    """``query`` with variable ``name`` bound to each of ``values`` in turn (one VALUES
    row each), e.g. an actor and everyone who speaks for it.

    >>> from rdflib import URIRef
    >>> with_value_rows("SELECT ?a WHERE { ?a ?p ?o }", "a", [URIRef("x:1"), URIRef("x:2")])
    'SELECT ?a WHERE { VALUES ?a { <x:1> <x:2> } ?a ?p ?o }'
    """
    if not _VARIABLE.match(name):
        raise QueryError(f"bad parameter name {name!r} (letters, digits and _ only)")
    block = f" VALUES ?{name} {{ {' '.join(term(v) for v in values)} }}"
    at = _where_brace(query)
    return query[: at + 1] + block + query[at + 1 :]


def _where_brace(query: str) -> int:
    """Index of the "{" that opens the query's WHERE group. A CONSTRUCT's template
    comes first, so there the group is the one after the keyword WHERE."""
    form = None
    first = None
    depth = 0
    seen_where = False
    for index, token in _scan(query):
        if token == "{":
            if depth == 0:
                if seen_where:
                    return index
                first = index if first is None else first
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            upper = token.upper()
            if form is None and upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = upper
            elif upper == "WHERE":
                seen_where = True
    if form != "CONSTRUCT" and first is not None:
        return first
    raise QueryError("cannot bind parameters: the query has no WHERE group")


_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
    r"|[{}]"
    r"|[?$]?[A-Za-z_][\w-]*(?::[\w.-]*)?",
    re.S,
)


def _scan(query: str):
    """Braces and keywords outside strings, IRIs and comments."""
    for m in _TOKEN.finditer(query):
        token = m.group(0)
        if token in ("{", "}") or token.isalpha():
            yield m.start(), token
