"""The claim rows of the page index: what the accusation graph draws, one literal per article.

:func:`kg.project.actor_graph` needs every claim with a target, its sentence, content,
offsets, date, confidence and its article's attributes. Joined by SPARQL over the
article graphs that takes minutes at 10 M triples; read here it is one
``quads_for_pattern`` over a few tens of thousands of literals. Each article with such
claims gets one triple in :data:`~kg.terms.INDEX_GRAPH`: ``article kg:indexClaims
"json"``, a JSON array of the article's attributes and its claims' fields
(:data:`ARTICLE_FIELDS`, :data:`CLAIM_FIELDS`). Like the rest of the page index it
follows from the article's graph alone, is written in the article's own transaction and
dropped with it (:func:`removal_update`), and is read only while the index is complete.

Values are kept as the store gives them back (see :func:`_text`), so a row made at
write time equals one made again from the stored graph (``kg index`` compares them).

>>> from rdflib import URIRef
>>> row_triples(URIRef("urn:a"), {})
[]
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from itertools import product
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.terms import CLAIM_CLASS, DCTERMS, INDEX_GRAPH, KG, RDF, SCHEMA

if TYPE_CHECKING:
    from kg.store.base import Store
    from kg.triples import Triple

__all__ = [
    "ARTICLE_FIELDS",
    "CLAIM_FIELDS",
    "READ_PREDICATES",
    "read_rows",
    "removal_update",
    "row_triples",
]

# The names of kg.project's CLAIMS and ARTICLES queries, in the order a row holds them.
ARTICLE_FIELDS = ("articleId", "title", "url", "published", "publisher")
CLAIM_FIELDS = (
    "fact", "type", "speaker", "target", "content", "sentence", "start", "end", "quote",
    "date", "confidence",
)  # fmt: skip
# What a row reads of an article graph beyond the page index's own predicates.
READ_PREDICATES: tuple[URIRef, ...] = (
    DCTERMS.identifier, DCTERMS.title, SCHEMA.url, DCTERMS.publisher, KG.content,
    KG.confidence, KG.sentence, KG.charStart, KG.charEnd, KG.quote,
)  # fmt: skip

_CLAIM_TYPE = {c: t for t, c in CLAIM_CLASS.items()}
_Props = Mapping[Node, Mapping[Node, Sequence[Node]]]


def _text(value: Node | None, *, date: bool = False) -> str | None:
    """A literal's text as the store gives it back. Oxigraph writes typed literals in
    their canonical form (``+00:00`` becomes ``Z``, ``0.70`` ``0.7``), so only what does
    not change is kept: numbers as numbers (below), dates as their first ten characters,
    which is all a projection reads of them."""
    if value is None:
        return None
    return str(value)[:10] if date else str(value)


def _first(props: _Props, s: Node, p: Node) -> Node | None:
    values = props.get(s, {}).get(p, ())
    return min(values, key=str) if values else None


def _claims(props: _Props) -> list[list[Any]]:
    """One list of :data:`CLAIM_FIELDS` per solution of the CLAIMS query's pattern: a
    claim with a speaker, target, content, evidence with sentence and offsets, and a
    confidence (each combination, where there are several)."""
    rows: list[list[Any]] = []
    for fact, by in props.items():
        for cls in by.get(RDF.type, ()):
            kind = _CLAIM_TYPE.get(cls)  # type: ignore[call-overload]
            if kind is None:
                continue
            dates = by.get(KG.date) or [None]
            for speaker, target, content, ev, confidence, date in product(
                by.get(KG.speaker, ()), by.get(KG.target, ()), by.get(KG.content, ()),
                by.get(KG.evidence, ()), by.get(KG.confidence, ()), dates,
            ):  # fmt: skip
                rows += _evidence_rows(props, ev, [
                    str(fact), kind, str(speaker), str(target), _text(content)
                ], date, confidence)  # fmt: skip
    return rows


def _evidence_rows(
    props: _Props, ev: Node, head: list[Any], date: Node | None, confidence: Node
) -> list[list[Any]]:
    on = props.get(ev, {})
    quotes = on.get(KG.quote) or [None]
    return [
        [*head, _text(sentence), int(str(start)), int(str(end)), _text(quote),
         _text(date, date=True), float(str(confidence))]
        for sentence, start, end, quote in product(
            on.get(KG.sentence, ()), on.get(KG.charStart, ()), on.get(KG.charEnd, ()), quotes
        )
    ]  # fmt: skip


def row_triples(graph: URIRef, props: _Props) -> list[Triple]:
    """The article's claim row triple (none for an article without claims with a
    target, or without an identifier: the projection leaves those out)."""
    claims = _claims(props)
    if not claims or _first(props, graph, DCTERMS.identifier) is None:
        return []
    article = [
        _text(_first(props, graph, p), date=p == DCTERMS.issued)
        for p in (DCTERMS.identifier, DCTERMS.title, SCHEMA.url, DCTERMS.issued, DCTERMS.publisher)
    ]
    claims.sort(key=lambda c: (c[0], json.dumps(c)))  # independent of the triples' order
    text = json.dumps([article, claims], ensure_ascii=False, separators=(",", ":"))
    return [(graph, KG.indexClaims, Literal(text))]


def removal_update(graphs: Sequence[URIRef]) -> list[str]:
    """Update operations that take the claim rows of ``graphs`` out."""
    index = f"<{INDEX_GRAPH}>"
    return [
        f"DELETE WHERE {{ GRAPH {index} {{ <{g}> <{KG.indexClaims}> ?rows }} }}" for g in graphs
    ]


def read_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every claim row of an embedded store's index, as the CLAIMS and ARTICLES queries'
    names (``article`` and ``type`` included), in no particular order. Read it only
    while the index is complete (:func:`kg.store.page_index.has_index`)."""
    db: ox.Store = store.oxigraph  # type: ignore[attr-defined]
    pattern = (None, ox.NamedNode(str(KG.indexClaims)), None, ox.NamedNode(str(INDEX_GRAPH)))
    for quad in db.quads_for_pattern(*pattern):
        article, claims = json.loads(quad.object.value)
        shared = dict(zip(ARTICLE_FIELDS, article, strict=True))
        shared["article"] = quad.subject.value
        for claim in claims:
            yield dict(zip(CLAIM_FIELDS, claim, strict=True)) | shared
