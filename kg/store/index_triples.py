"""The page index's triples: which lists an article's claims, measures, events and mentions
belong to, and the date buckets that order each list (:mod:`kg.store.page_index` keeps
them in step with the store). Everything here follows from one article's graph alone.

>>> str(list_iri("articles"))
'https://w3id.org/kg/id/index/articles'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.term import Identifier, Node

from kg.store import claim_index
from kg.terms import CLAIM_CLASS, DCTERMS, EVENT_CLASS, ID, KG, POLICY_CLASS, RDF

if TYPE_CHECKING:
    from kg.triples import Triple

__all__ = ["LEVELS", "index_triples", "list_iri", "pair_key", "time_key"]

_CLAIM_TYPE = {c: t for t, c in CLAIM_CLASS.items()}
_POLICY_TYPE = {c: t for t, c in POLICY_CLASS.items()}
_EVENT_TYPE = {c: t for t, c in EVENT_CLASS.items()}
_ACCUSATIONS = frozenset({"accuse", "criticize"})
LEVELS = (("y", 4), ("m", 7), ("d", 10))
# The lists of one actor or pair are short: months hold their items; the others go
# down to days.
_SHORT = 2
_BUCKET, _MEMBER, _ROLE, _KIND = KG.indexBucket, KG.indexMember, KG.indexRole, KG.indexKind
_TYPE, _SPEAKER, _TARGET, _DATE = RDF.type, KG.speaker, KG.target, KG.date


# --- lists --------------------------------------------------------------------------------


def _h(iri: Identifier) -> str:
    return hashlib.sha1(str(iri).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=65536)
def list_iri(name: str, *parts: Identifier | str) -> URIRef:
    """The IRI of a list: its name and, per parameter, an actor's or technology's
    hash or a measure type.

    >>> str(list_iri("articles"))
    'https://w3id.org/kg/id/index/articles'
    """
    tail = "".join(f"/{p if isinstance(p, str) and not isinstance(p, URIRef) else _h(p)}"
                   for p in parts)  # fmt: skip
    return ID[f"index/{name}{tail}"]


@lru_cache(maxsize=65536)
def pair_key(a: Identifier, b: Identifier) -> URIRef:
    x, y = sorted((_h(a), _h(b)))
    return ID[f"index/tariffs/{x}/{y}"]


# --- from an article's graph to its index triples -----------------------------------------


@dataclass
class _Graph:
    """An article graph's triples, by subject and predicate."""

    iri: URIRef
    props: dict[Node, dict[Node, list[Node]]]

    @classmethod
    def of(cls, iri: URIRef, triples: Iterable[Triple]) -> _Graph:
        props: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            props[s][p].append(o)
        return cls(iri, props)

    def get(self, s: Node, p: Node) -> list[Node]:
        return self.props.get(s, {}).get(p, [])

    def first(self, s: Node, p: Node) -> Node | None:
        values = self.get(s, p)
        return min(values, key=str) if values else None

    def typed(self, classes: Mapping[URIRef, str]) -> list[tuple[Node, str]]:
        return [
            (s, classes[c])
            for s, by in self.props.items()
            for c in by.get(RDF.type, [])
            if c in classes
        ]


def _text_key(value: Node | None) -> str:
    """The key of a query that orders by ``STR(date)``: the lexical form's day part."""
    return "" if value is None else str(value)[:10]


def time_key(value: Node | None) -> str:
    """The key of a query that orders by the publication date's value: its day in UTC
    where it has a time zone (reads take one day more, for the 14 hours SPARQL leaves
    between a date with a zone and one without)."""
    if value is None:
        return ""
    text = str(value)
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text[:10]
    if when.tzinfo is not None:
        return when.astimezone(dt.UTC).date().isoformat()
    return text[:10]


def _dated(lst: URIRef, key: str, item: Node, depth: int = 3) -> list[Triple]:
    """A list's bucket triples for an item of date ``key``: years, months, days (or
    months only, ``depth`` 2), then the member."""
    return [*_buckets(lst, key, depth), (_leaf(lst, key, depth), _MEMBER, item)]


@lru_cache(maxsize=65536)
def _buckets(lst: URIRef, key: str, depth: int) -> tuple[Triple, ...]:
    nodes = [lst] + [URIRef(f"{lst}/{letter}{quote(key[:n], safe='-:')}")
                     for letter, n in LEVELS[:depth]]  # fmt: skip
    return tuple((up, _BUCKET, down) for up, down in itertools.pairwise(nodes))


def _leaf(lst: URIRef, key: str, depth: int) -> URIRef:
    return _buckets(lst, key, depth)[-1][2]  # type: ignore[return-value]


def _profiled(actor: Node, role: str, kind: str, item: Node) -> list[Triple]:
    head = _profile_bucket(actor, role, kind)
    return [*head, (head[0][2], _MEMBER, item)]


@lru_cache(maxsize=65536)
def _profile_bucket(actor: Node, role: str, kind: str) -> tuple[Triple, ...]:
    lst = list_iri("profile", actor)  # type: ignore[arg-type]
    bucket = URIRef(f"{lst}/{quote(role)}/{quote(kind)}")
    return ((lst, _BUCKET, bucket), (bucket, _ROLE, Literal(role)), (bucket, _KIND, Literal(kind)))


def index_triples(graph: URIRef, triples: Iterable[Triple]) -> list[Triple]:
    """The index triples of one article graph (in :data:`~kg.terms.INDEX_GRAPH`).

    They mirror what the canned queries select: which items each list holds, and the
    date each is ordered by.
    """
    g = _Graph.of(graph, triples)
    published = g.first(graph, DCTERMS.issued)
    out: list[Triple] = []
    if KG.Article in g.get(graph, RDF.type):
        out += _dated(list_iri("articles"), time_key(published), graph)
    for actor in g.get(graph, KG.mentions):
        out += _profiled(actor, "mentioned in", "articles", graph)
    out += _claims(g, published)
    out += _measures(g, published)
    for event, kind in g.typed(_EVENT_TYPE):
        for actor in g.get(event, KG.participant):
            out += _profiled(actor, "events", kind, event)
    out += claim_index.row_triples(graph, g.props)
    return list(dict.fromkeys(out))


def _claims(g: _Graph, published: Node | None) -> list[Triple]:
    out: list[Triple] = []
    measures: dict[Node, set[str]] = defaultdict(set)  # evidence → types of measure said there
    for fact, kind in g.typed(_POLICY_TYPE):
        for ev in g.get(fact, KG.evidence):
            measures[ev].add(kind)
    for claim, kind in g.typed(_CLAIM_TYPE):
        speakers, targets = g.get(claim, KG.speaker), g.get(claim, KG.target)
        out += [t for a in speakers for t in _profiled(a, "claims made", kind, claim)]
        out += [t for a in targets for t in _profiled(a, "claims received", kind, claim)]
        if kind in _ACCUSATIONS:
            key = _text_key(g.first(claim, KG.date) or published)
            out += _dated(list_iri("accusations"), key, claim)
            for a in {*speakers, *targets}:
                out += _dated(list_iri("accusations", a), key, claim, _SHORT)  # type: ignore[arg-type]
        out += _claims_about(g, claim, measures, published)
    return out


def _claims_about(
    g: _Graph, claim: Node, measures: Mapping[Node, set[str]], published: Node | None
) -> list[Triple]:
    """claims-about's lists: a claim said with a measure (by the measure's type, and by
    technology too), or about a technology with no measure in its sentence."""
    said_with = {kind for ev in g.get(claim, KG.evidence) for kind in measures.get(ev, ())}
    topics = g.get(claim, KG.about)
    if not said_with and not topics:
        return []
    lists = [list_iri("claims-about", "topic", t) for t in topics]  # type: ignore[arg-type]
    for kind in said_with:
        lists.append(list_iri("claims-about", "policy", quote(kind)))
        lists += [list_iri("claims-about", "policy", quote(kind), "topic", t) for t in topics]  # type: ignore[arg-type]
    key = time_key(published)  # a measure type's or technology's list is long: days
    return [t for lst in [list_iri("claims-about"), *lists] for t in _dated(lst, key, claim)]


def _measures(g: _Graph, published: Node | None) -> list[Triple]:
    out: list[Triple] = []
    for fact, kind in g.typed(_POLICY_TYPE):
        imposers, targets = g.get(fact, KG.imposer), g.get(fact, KG.target)
        out += [t for a in imposers for t in _profiled(a, "measures imposed", kind, fact)]
        out += [t for a in targets for t in _profiled(a, "measures suffered", kind, fact)]
        if kind != "tariff":
            continue
        key = _text_key(g.first(fact, KG.date) or published)
        sides = sorted({*imposers, *targets}, key=str)
        lists = [list_iri("tariffs", a) for a in sides]  # type: ignore[arg-type]
        lists += [pair_key(a, b) for i, a in enumerate(sides) for b in sides[i + 1 :]]
        out += _dated(list_iri("tariffs"), key, fact)
        out += [t for lst in lists for t in _dated(lst, key, fact, _SHORT)]
    return out
