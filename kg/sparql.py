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
from collections.abc import Callable, Mapping, Sequence

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import QueryError

__all__ = [
    "PAGE_SIZE",
    "check_read_query",
    "page_size",
    "scan",
    "syntax_message",
    "term",
    "with_page",
    "with_value_rows",
    "with_values",
]

_PAGE_MARK = re.compile(r"^([ \t]*)#[ \t]*page[ \t]*$", re.M)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
READ_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = (
    "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH",
)  # fmt: skip
_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.S)
# The parser's alternatives worth showing: keywords and quoted punctuation, not the
# character classes ("['A' ..= 'Z' | ...]") nor its internal names.
_READABLE = re.compile(r'^(?:[A-Za-z]+|"[^"]{1,3}")$')


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
    return _bind_in_every_group(
        query,
        set(bindings),
        lambda used: _values_block({n: v for n, v in bindings.items() if n in used}),
    )


def _values_block(bindings: Mapping[str, Identifier]) -> str:
    names = " ".join(f"?{n}" for n in bindings)
    values = " ".join(term(v) for v in bindings.values())
    return f" VALUES ({names}) {{ ({values}) }}"


def _subselect_groups(query: str) -> list[tuple[int, set[str]]]:
    """For each nested SELECT: the index of the "{" opening its WHERE group, and the
    variable names inside that group."""
    found: list[tuple[int, set[str]]] = []
    open_groups: list[tuple[int, int, set[str]]] = []  # (index, depth, variables)
    depth, waiting = 0, False
    for m in _TOKEN.finditer(query):
        token = m.group(0)
        if token == "{":
            depth += 1
            if waiting:
                open_groups.append((m.start(), depth, set()))
                waiting = False
        elif token == "}":
            if open_groups and open_groups[-1][1] == depth:
                at, _, names = open_groups.pop()
                found.append((at, names))
                if open_groups:
                    open_groups[-1][2].update(names)
            depth -= 1
        elif token.upper() == "SELECT" and depth > 0:
            waiting = True
        elif token[0] in "?$" and open_groups:
            open_groups[-1][2].add(token[1:])
    return found


def with_page(query: str, limit: int | None, offset: int = 0) -> str:
    """``query`` (a SELECT) with ``LIMIT``/``OFFSET`` appended: one page of its rows, in
    the order its ``ORDER BY`` gives. ``limit`` None means no limit. Where the query
    has a ``# page`` line (the end of a sub-SELECT), the page goes there instead.

    >>> print(with_page("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 10, 20))
    SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s
    LIMIT 10 OFFSET 20
    """
    if limit is None and not offset:
        return query
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError(f"limit and offset must be 0 or more, not {limit} and {offset}")
    form, tail = query_form(query)
    if form != "SELECT":
        raise QueryError("--limit and --offset page SELECT queries only")
    if tail:
        raise QueryError(f"the query has its own {tail[0]}: leave out --limit and --offset")
    page = " ".join(
        ([f"LIMIT {limit}"] if limit is not None else []) + ([f"OFFSET {offset}"] if offset else [])
    )
    # A query that pages inside (a sub-SELECT that picks the rows, an outer one that
    # describes them) marks the place with a "# page" line; the outer ORDER BY repeats.
    marked, n = _PAGE_MARK.subn(lambda m: m.group(1) + page, query, count=1)
    return marked if n else query.rstrip() + "\n" + page


# Rows per page where none is asked for: kg query's tables, kg serve's canned lists.
PAGE_SIZE = 50


def page_size(query: str, limit: int | None) -> int | None:
    """The rows of one page: ``limit`` (0: all of them, None), else :data:`PAGE_SIZE`
    for a SELECT that sets no LIMIT or OFFSET of its own, else all of them.

    >>> page_size("SELECT ?s WHERE { ?s ?p ?o }", None), page_size("ASK {}", None)
    (50, None)
    >>> page_size("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", None), page_size("SELECT * {}", 0)
    (None, None)
    """
    if limit is not None:
        return limit or None
    form, tail = query_form(query)
    return PAGE_SIZE if form == "SELECT" and not tail else None


def query_form(query: str) -> tuple[str | None, list[str]]:
    """The query's form (``SELECT``, ``ASK``, …) and the solution modifiers among
    ``LIMIT``/``OFFSET`` it ends with.

    >>> query_form("SELECT * { { SELECT ?s { ?s ?p ?o } LIMIT 1 } } OFFSET 2")
    ('SELECT', ['OFFSET'])
    """
    form, depth, tail = None, 0, []
    for _, token in scan(query):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            upper = token.upper()
            if form is None and upper in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = upper
            elif form is not None and upper in ("LIMIT", "OFFSET"):
                tail.append(upper)
    return form, tail


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
    return _bind_in_every_group(query, {name}, lambda used: block)


def _bind_in_every_group(query: str, names: set[str], block: Callable[[set[str]], str]) -> str:
    """``query`` with a VALUES block at the top of its WHERE group, and in every
    sub-SELECT that uses one of ``names`` (a sub-SELECT sees none of the outer VALUES,
    and a paged one must be limited after its parameters, not before)."""
    inserts = [(_where_brace(query), block(names))]
    for at, used in _subselect_groups(query):
        if used & names:
            inserts.append((at, block(used & names)))
    for at, text in sorted(inserts, reverse=True):
        query = query[: at + 1] + text + query[at + 1 :]
    return query


def _where_brace(query: str) -> int:
    """Index of the "{" that opens the query's WHERE group. A CONSTRUCT's template
    comes first, so there the group is the one after the keyword WHERE."""
    form = None
    first = None
    depth = 0
    seen_where = False
    for index, token in scan(query):
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


def scan(query: str):
    """Braces and keywords outside strings, IRIs and comments."""
    for m in _TOKEN.finditer(query):
        token = m.group(0)
        if token in ("{", "}") or token.isalpha():
            yield m.start(), token


def check_read_query(query: str) -> None:
    """Refuse, in one line, what is not a SPARQL query: updates, and text that does
    not start with a query form.

    >>> check_read_query("DELETE WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    kg.errors.QueryError: SPARQL updates (DELETE) are not accepted here: kg query and kg serve only read; the store changes through kg ingest and kg remove
    """
    form = _first_keyword(query)
    if form in UPDATE_FORMS:
        raise QueryError(
            f"SPARQL updates ({form}) are not accepted here: kg query and kg serve only "
            "read; the store changes through kg ingest and kg remove"
        )
    if form not in READ_FORMS:
        found = f"not {form!r}" if form else "found none"
        raise QueryError(
            f"SPARQL syntax error: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE "
            f"(after any PREFIX or BASE); {found}"
        )


def _first_keyword(query: str) -> str | None:
    for _, token in scan(query):
        upper = token.upper()
        if upper not in ("PREFIX", "BASE"):
            return upper
    return None


def syntax_message(query: str, error: BaseException) -> str:
    r"""A parser's error as one readable line: where, and what was wrong.

    >>> syntax_message("SELECT ?x WHERE { ?x", SyntaxError("error at 1:21: expected one of ['A' ..= 'Z'], \"?\""))
    'SPARQL syntax error at line 1, column 21: at the end of the query (expected "?")'
    >>> syntax_message("SELECT *\n{ ?s x:y ?o }", SyntaxError("error at 2:9: Prefix not found"))[:60]
    "SPARQL syntax error at line 2, column 6: unknown prefix 'x:'"
    """
    text = " ".join(str(error).split())
    m = _POSITION.match(text)
    if not m:
        return f"SPARQL syntax error: {text}"
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    if unknown := _unknown_prefix(query):
        prefix, line, column = unknown
        from kg.terms import PREFIXES

        known = ", ".join(PREFIXES)
        return (
            f"SPARQL syntax error at line {line}, column {column}: unknown prefix "
            f"'{prefix}:' (declare it with PREFIX, or use one of kg's: {known})"
        )
    lines = query.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    rest = source[max(column - 1, 0) :].strip()
    at_end = not rest and line >= len(lines)
    found = "at the end of the query" if at_end else f"unexpected {_word(rest)!r}"
    expected = _expected(detail)
    return f"SPARQL syntax error at line {line}, column {column}: {found}" + (
        f" (expected {expected})" if expected else ""
    )


def _unknown_prefix(query: str) -> tuple[str, int, int] | None:
    """The first prefixed name whose prefix neither the query nor kg declares, with its
    line and column."""
    from kg.terms import PREFIXES

    declared = set(PREFIXES)
    previous = ""
    for m in _TOKEN.finditer(query):
        token = m.group(0)
        if ":" in token and token[0] not in "?$<\"'#":
            prefix = token.split(":", 1)[0]
            if previous == "PREFIX":
                declared.add(prefix)
            elif prefix not in declared:
                line = query.count("\n", 0, m.start()) + 1
                column = m.start() - (query.rfind("\n", 0, m.start()) + 1) + 1
                return prefix, line, column
        previous = token.upper()
    return None


def _word(text: str) -> str:
    m = re.match(r"[\w:?$.-]+|\S", text)
    return m.group(0) if m else text[:1]


def _expected(detail: str) -> str:
    """The readable alternatives of ``expected one of ...``, at most eight."""
    body = re.sub(r"^expected (?:one of )?", "", detail)
    body = re.sub(r"\[[^\]]*\]", "", body)  # character classes
    options = [o.strip() for o in body.split(",")]
    shown = [o for o in options if _READABLE.match(o)]
    if not shown:
        return ""
    head = ", ".join(shown[:8]) + (", …" if len(shown) > 8 else "")
    return head if len(shown) == 1 else f"one of {head}"
