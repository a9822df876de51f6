"""SPARQL for users: inline queries, ``.rq`` files and canned queries with bound parameters.

A canned query is a readable ``.rq`` file under ``kg/queries`` whose header comments
name it and its parameters::

    # title: Accusations and criticism by or against an actor
    # param: actor (actor) the actor, by name, alias, Wikidata QID or IRI

Parameters are bound as values (SPARQL substitution), never spliced into the text.
An ``actor`` parameter accepts a label or alias, a QID or an IRI, and is looked up.

>>> from kg.store import OxigraphStore
>>> store = OxigraphStore(None)
>>> run(store, "SELECT (1 + 1 AS ?two) {}").rows[0][0].toPython()
2
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from kg import resources
from kg.errors import QueryError
from kg.sparql import check_read_query, term, with_page
from kg.store import QueryResult, Store, python_value
from kg.terms import ACTORS_GRAPH, ID

_PARAM = re.compile(r"^#\s*param:\s*(\w+)\s*\((\w+)\)\s*(.*)$")
_HEADER = re.compile(r"^#\s*(title|description):\s*(.*)$")
FORMATS = ("table", "csv", "tsv", "json")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # actor, technology, text, number, date, iri
    help: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def canned_queries() -> list[CannedQuery]:
    """Every shipped canned query, by name."""
    return [_parse_header(p) for p in sorted(resources.queries_dir().glob("*.rq"))]


def canned(name: str) -> CannedQuery:
    for q in canned_queries():
        if q.name == name:
            return q
    names = ", ".join(q.name for q in canned_queries())
    raise QueryError(f"no canned query named {name!r} (known: {names})")


def _parse_header(path: Path) -> CannedQuery:
    title = description = ""
    params: list[Param] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if m := _PARAM.match(line):
            params.append(Param(m.group(1), m.group(2), m.group(3).strip()))
        elif m := _HEADER.match(line):
            if m.group(1) == "title":
                title = m.group(2).strip()
            else:
                description = m.group(2).strip()
    return CannedQuery(path.stem, path, title, description, tuple(params))


def query_text(spec: str) -> tuple[str, CannedQuery | None]:
    """The SPARQL text for ``spec``: a canned query's name, a ``.rq`` file, or SPARQL."""
    names = {q.name: q for q in canned_queries()}
    if spec in names:
        return names[spec].text, names[spec]
    if re.fullmatch(r"[A-Za-z][\w-]*", spec) and spec.upper() not in _BARE_FORMS:
        raise QueryError(f"no canned query {spec!r} ({_suggest(spec, list(names))})")
    if spec.endswith((".rq", ".sparql")) and "{" not in spec:
        path = Path(spec)
        try:
            return path.read_text(encoding="utf-8"), _parse_header(path)
        except OSError as e:
            raise QueryError(f"{spec}: cannot read query file: {e.strerror or e}") from e
    return spec, None


# Words that alone are a (broken) query, not a misspelt name.
_BARE_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "DROP"})


def _suggest(name: str, known: list[str]) -> str:
    """ "did you mean ...? known: ..." for a name that is not a canned query."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}known: {', '.join(known)}; kg query --list describes them"


def run(
    store: Store,
    spec: str,
    params: Mapping[str, str] | None = None,
    roll_up: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a canned query, a ``.rq`` file or inline SPARQL with parameters bound.

    With ``roll_up`` (``government`` or ``organization``), an actor parameter stands for
    the actor and every actor that counts for it at that level (its ministries,
    ministers and spokespeople), so a canned query about China finds their claims too.
    ``limit`` and ``offset`` give one page of a SELECT's rows, in its ``ORDER BY``
    order (the canned lists: most recent first; see :func:`kg.sparql.with_page`).
    """
    text, meta = query_text(spec)
    check_read_query(text)
    bindings = bind_params(store, meta, params or {})
    if roll_up:
        text, bindings = _rolled_up(store, meta, text, bindings, roll_up)
    elif meta is not None and meta.path.parent == resources.queries_dir():
        # the first page of a canned list from the page index, where the store has one
        from kg.store import page_reads

        fast = page_reads.first_page(store, meta.name, text, bindings, limit, offset)
        text, bindings = fast or (text, bindings)
    paged = with_page(text, limit, offset)
    try:
        return store.query(paged, bindings)
    except QueryError:
        if paged == text:
            raise
        return store.query(text, bindings)  # a broken query: its own error, not the page's


def _rolled_up(
    store: Store,
    meta: CannedQuery | None,
    text: str,
    bindings: dict[str, Identifier],
    level: str,
) -> tuple[str, dict[str, Identifier]]:
    from kg.query.actors import roll_up_map
    from kg.sparql import with_value_rows

    actors = (
        [p.name for p in meta.params if p.kind == "actor" and p.name in bindings] if meta else []
    )
    if not actors:
        raise QueryError("--roll-up applies to a canned query's actor parameter; give one with -p")
    up = roll_up_map(store, level)
    for name in actors:
        actor = bindings.pop(name)
        members = sorted(URIRef(a) for a, top in up.items() if top == str(actor))
        text = with_value_rows(text, name, [actor, *members])
    return text, bindings


def bind_params(
    store: Store, meta: CannedQuery | None, params: Mapping[str, str]
) -> dict[str, Identifier]:
    kinds = {p.name: p.kind for p in meta.params} if meta else {}
    if meta:
        unknown = sorted(set(params) - set(kinds))
        if unknown:
            known = ", ".join(kinds) or "none"
            raise QueryError(
                f"query {meta.name!r} has no parameter {unknown[0]!r} (it takes: {known})"
            )
    return {name: _value(store, kinds.get(name, "text"), name, v) for name, v in params.items()}


def _value(store: Store, kind: str, name: str, raw: str) -> Identifier:
    if kind in ("actor", "technology"):
        return resolve_entity(store, raw, kind)
    if kind == "iri" or (raw.startswith(("http://", "https://")) and kind != "text"):
        return URIRef(raw)
    if kind == "number":
        try:
            return Literal(float(raw))
        except ValueError as e:
            raise QueryError(f"parameter {name!r}: {raw!r} is not a number") from e
    return Literal(raw)


def resolve_entity(store: Store, text: str, kind: str = "actor") -> URIRef:
    """The IRI of the actor (or technology) a user names: an IRI, a QID, or a label.

    A label matches as written or, when none does, in any case; of several entities
    with that label, the one most facts involve wins.
    """
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    folder = "actor" if kind == "actor" else "technology"
    if re.fullmatch(r"Q[0-9]+", text):
        return ID[f"{folder}/{text}"]
    prefix = str(ID[f"{folder}/"])
    found = _labelled(store, text, prefix, _EXACT) or _labelled(store, text, prefix, _ANY_CASE)
    if not found:
        raise QueryError(f"no {kind} named {text!r} in the store")
    return found[0] if len(found) == 1 else _most_involved(store, found)


# An index lookup; the fallback compares every label in the store.
_EXACT = (
    "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e skos:prefLabel|skos:altLabel ?name } } ORDER BY ?e"
)
_ANY_CASE = (
    "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e skos:prefLabel|skos:altLabel ?l } "
    "FILTER (LCASE(STR(?l)) = LCASE(STR(?name))) } ORDER BY ?e"
)


def _labelled(store: Store, text: str, prefix: str, sparql: str) -> list[URIRef]:
    """Entities under ``prefix`` that ``sparql`` finds for the label ``text``."""
    result = store.select(sparql, {"name": Literal(text), "g": ACTORS_GRAPH})
    return [URIRef(str(r[0])) for r in result.rows if str(r[0]).startswith(prefix)]


def _most_involved(store: Store, entities: list[URIRef]) -> URIRef:
    """The entity most facts involve (as speaker, target, imposer, participant or
    topic); ties go to the first IRI. Counted for these few entities only, so the cost
    does not grow with the store."""
    values = " ".join(term(e) for e in entities)
    result = store.select(
        f"SELECT ?e (COUNT(?x) AS ?n) WHERE {{ VALUES ?e {{ {values} }} "
        "OPTIONAL { ?x kg:speaker|kg:target|kg:imposer|kg:participant|kg:about ?e } } "
        "GROUP BY ?e ORDER BY DESC(?n) ?e"
    )
    return URIRef(str(result.rows[0][0]))


# --- output ------------------------------------------------------------------------------


def format_result(result: QueryResult, fmt: str) -> str:
    """A query result as csv, tsv or json text (tables are drawn by the CLI)."""
    if isinstance(result, bool):
        return json.dumps(result) if fmt == "json" else str(result).lower()
    if isinstance(result, rdflib.Graph):
        return result.serialize(format="json-ld" if fmt == "json" else "turtle")
    if fmt == "json":
        rows = [{k: python_value(v) for k, v in row.items()} for row in result.dicts()]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    buffer = io.StringIO()
    if fmt == "tsv":
        writer = csv.writer(
            buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
    else:
        writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return buffer.getvalue()


def _cell(term: Identifier) -> str:
    value = python_value(term)
    return str(value).replace("\t", " ").replace("\n", " ")
