"""The accusation graph, :func:`actor_graph`: a :class:`~networkx.MultiDiGraph` with
actors as nodes and one edge per claim from speaker to target, keyed by the claim's IRI.
It reads its claims from the page index's claim rows (:mod:`kg.store.claim_index`) where
the embedded store has a complete index, and by the CLAIMS and ARTICLES queries
otherwise; the rows and every filter are the same.

>>> from kg.store import OxigraphStore
>>> G = actor_graph(OxigraphStore(None), Filters(claim_types=frozenset({"ACCUSE"})))
>>> G.number_of_edges()
0
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

import networkx as nx

from kg.project.attributes import ARTICLE_PATTERN, add_actor, article_attrs, date_attrs, in_period
from kg.project.filters import Filters, around
from kg.query.actors import actors, iri_tail, roll_up_map
from kg.store import Store, claim_index, page_index
from kg.terms import CLAIM_CLASS, COARSE_CLASS

__all__ = ["actor_graph"]

# --- queries --------------------------------------------------------------------------------

# Claim edges, read in one pass without per-claim lookups of what is the same for many
# claims: the claim type comes from the class (the ontology's mapping, in Python) and
# the article's attributes from ARTICLES, once per article. The filters apply in Python.
CLAIMS = """
SELECT ?fact ?class ?speaker ?target ?content ?sentence ?start ?end ?quote ?date ?confidence
       ?article
WHERE {
  GRAPH ?article {
    ?fact kg:speaker ?speaker ; kg:target ?target ; a ?class ; kg:content ?content ;
          kg:evidence ?ev ; kg:confidence ?confidence .
    OPTIONAL { ?fact kg:date ?date }
    ?ev kg:sentence ?sentence ; kg:charStart ?start ; kg:charEnd ?end .
    OPTIONAL { ?ev kg:quote ?quote }
  }
}
"""

ARTICLES = f"""
SELECT ?article ?articleId ?title ?url ?published ?publisher
WHERE {{ GRAPH ?article {{ {ARTICLE_PATTERN} }} }}
"""


# --- the projection -----------------------------------------------------------------------


def actor_graph(store: Store, filters: Filters | None = None) -> nx.MultiDiGraph:
    """Actors and claims: one edge per claim from speaker to target, keyed by its IRI.

    Edge attributes: ``type``, ``coarse``, ``content``, ``sentence``, ``char_start``,
    ``char_end``, ``quote``, ``confidence``, the date attributes and the article's
    (``article``, ``article_id``, ``article_title``, ``url``, ``published``, ``source``).
    Claims without a target are not edges.

    >>> from kg.store import OxigraphStore
    >>> actor_graph(OxigraphStore(None)).is_multigraph()
    True
    """
    filters = filters or Filters()
    with _gc_paused():
        return _actor_graph(store, filters)


def _actor_graph(store: Store, filters: Filters) -> nx.MultiDiGraph:
    known = actors(store)
    up = roll_up_map(store, filters.roll_up, known) if filters.roll_up else {}
    graph = nx.MultiDiGraph()
    articles: dict[str, dict[str, Any]] = {}  # each article's attributes, made once
    for row in _claim_rows(store, filters):
        attrs = _claim_attrs(row, articles)
        speaker, target = (
            up.get(row["speaker"], row["speaker"]),
            up.get(row["target"], row["target"]),
        )
        if up:  # the individual speakers stay in the details
            attrs |= _said(row["speaker"], row["target"], known)
            if speaker == target:
                continue  # a body about itself once rolled up: internal, not a dealing
        if not in_period(filters, attrs) or graph.has_edge(speaker, target, row["fact"]):
            continue
        add_actor(graph, speaker, known, up)
        add_actor(graph, target, known, up)
        graph.add_edge(speaker, target, key=row["fact"], **attrs)
    return around(graph, filters, radius=filters.depth, up=up)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a graph is built: it makes millions of
    dicts with no cycles among them, and each collection would walk every object alive,
    a graph built before included (a tenth of the time at 10 M triples)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _said(speaker: str, target: str, known: Mapping[str, dict[str, Any]]) -> dict[str, str]:
    return {
        "speaker": speaker,
        "speaker_label": known.get(speaker, {}).get("label", iri_tail(speaker)),
        "target": target,
        "target_label": known.get(target, {}).get("label", iri_tail(target)),
    }


_CLAIM_TYPE_OF = {str(iri): name for name, iri in CLAIM_CLASS.items()}


def _claim_rows(store: Store, filters: Filters) -> list[dict[str, Any]]:
    """The claim edges the filters keep, each with its article's attributes, ordered by
    claim IRI (so graphs come out the same, node and edge order included)."""
    types = set(filters.fine_claim_types())
    sources = {s.lower() for s in filters.sources}
    kept: list[dict[str, Any]] = []
    for row in _all_claims(store):
        if row["type"] not in types:
            continue
        if float(row["confidence"]) < filters.min_confidence:
            continue
        if sources and str(row.get("publisher") or "").lower() not in sources:
            continue
        kept.append(row)
    kept.sort(key=itemgetter("fact"))
    _order_ties(kept)
    return kept


def _order_ties(rows: list[dict[str, Any]]) -> None:
    """Order the rows of the rare claim with two values of one field (its first row is
    its edge) by those fields, the same whichever way the rows were read."""
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or rows[i]["fact"] != rows[start]["fact"]:
            if i - start > 1:
                rows[start:i] = sorted(rows[start:i], key=_fields)
            start = i


def _fields(row: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(row.get(k)) for k in claim_index.CLAIM_FIELDS[2:])


def _all_claims(store: Store) -> Iterable[dict[str, Any]]:
    """Every claim with a target, its type and its article's attributes: from the claim
    rows of the page index where the store has one (one read of a few literals per
    article), else by the CLAIMS and ARTICLES queries."""
    if page_index.has_index(store):
        return claim_index.read_rows(store)
    return _queried_claims(store)


def _queried_claims(store: Store) -> Iterator[dict[str, Any]]:
    names, rows = store.rows(ARTICLES)
    articles = {row[0]: dict(zip(names, row)) for row in rows}
    names, rows = store.rows(CLAIMS)
    for values in rows:
        row = dict(zip(names, values))
        kind = _CLAIM_TYPE_OF.get(row.pop("class"))
        article = articles.get(row["article"])
        if kind is None or article is None:
            continue
        row["type"] = kind
        yield row | article


def _claim_attrs(row: Mapping[str, Any], articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    article = articles.get(row["article"])
    if article is None:
        article = articles[row["article"]] = article_attrs(row)
    attrs: dict[str, Any] = {
        "claim": row["fact"],
        "type": row["type"],
        "coarse": COARSE_CLASS[row["type"]],
        "content": row["content"],
        "sentence": row["sentence"],
        "char_start": row["start"],
        "char_end": row["end"],
        "confidence": float(row["confidence"]),
    }
    if row.get("quote"):
        attrs["quote"] = row["quote"]
    return attrs | date_attrs(row) | article
