"""From the store to networkx: actors and who said what about whom, policies, events.

Each projection is one SPARQL query per need (claims, policies, events, actor
descriptions), never one per node, with the :class:`Filters` applied on the way. The
accusation graph reads its claims from the page index's claim rows
(:mod:`kg.store.claim_index`) where the embedded store has a complete index, and by
the CLAIMS and ARTICLES queries otherwise; the rows and every filter are the same.

* :func:`actor_graph` — a :class:`~networkx.MultiDiGraph`: actors as nodes, one edge per
  claim from speaker to target, keyed by the claim's IRI.
* :func:`policy_graph`, :func:`event_graph` — actor–policy and actor–event bipartite graphs.

Nodes are IRIs (strings); attribute values are plain str/int/float (never ``None``,
so the graphs write to GraphML and GEXF as they are). A fact's ``date`` is its own
date where the sentence gives one, else the article's publication date; ``date_text``
keeps the precision it had (``2024``, ``2024-03``, ``2024-03-04``).

>>> from kg.store import OxigraphStore
>>> G = actor_graph(OxigraphStore(None), Filters(claim_types=frozenset({"ACCUSE"})))
>>> G.number_of_edges()
0
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from operator import itemgetter
from typing import Any

import networkx as nx
from rdflib import Literal
from rdflib.term import Identifier

from kg.project.filters import Filters, parse_period
from kg.query.actors import actors, iri_tail, roll_up_map
from kg.store import Store, claim_index, page_index
from kg.terms import (
    CLAIM_CLASS,
    COARSE_CLASS,
    EVENT_TYPES,
    POLICY_TYPES,
)

__all__ = ["actor_graph", "event_graph", "neighbourhood", "policy_graph"]

# --- queries --------------------------------------------------------------------------------

_ARTICLE = """
    ?article dcterms:identifier ?articleId .
    OPTIONAL { ?article dcterms:title ?title }
    OPTIONAL { ?article schema:url ?url }
    OPTIONAL { ?article dcterms:issued ?published }
    OPTIONAL { ?article dcterms:publisher ?publisher }
"""
_FACT = "?ev kg:sentence ?sentence . ?fact kg:confidence ?confidence ."

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
WHERE {{ GRAPH ?article {{ {_ARTICLE} }} }}
"""

POLICIES = f"""
SELECT ?fact ?type ?role ?actor ?status ?goods ?rateFrom ?rateTo ?unit ?sentence ?date
       ?confidence ?article ?articleId ?title ?url ?published ?publisher {{bound}}
WHERE {{
  GRAPH ?article {{
    ?fact a ?class ; kg:status ?status ; kg:evidence ?ev .
    {_FACT}
    OPTIONAL {{
      VALUES (?role ?rel) {{ ("imposer" kg:imposer) ("target" kg:target) ("party" kg:party) }}
      ?fact ?rel ?actor
    }}
    OPTIONAL {{ ?fact kg:goods ?goods }}
    OPTIONAL {{ ?fact kg:rateFrom ?rateFrom }}
    OPTIONAL {{ ?fact kg:rateTo ?rateTo }}
    OPTIONAL {{ ?fact kg:unit ?unit }}
    OPTIONAL {{ ?fact kg:date ?date }}
    {_ARTICLE}
  }}
  ?class kg:policyType ?type .
  {{filters}}
}}
ORDER BY ?fact ?role ?actor
"""

EVENTS = f"""
SELECT ?fact ?type ?actor ?sentence ?date ?place ?confidence
       ?article ?articleId ?title ?url ?published ?publisher {{bound}}
WHERE {{
  GRAPH ?article {{
    ?fact a ?class ; kg:participant ?actor ; kg:evidence ?ev .
    {_FACT}
    OPTIONAL {{ ?fact kg:date ?date }}
    OPTIONAL {{ ?fact kg:place ?place }}
    {_ARTICLE}
  }}
  ?class kg:eventType ?type .
  {{filters}}
}}
ORDER BY ?fact ?actor
"""


def _where(filters: Filters, types: Iterable[str]) -> tuple[str, str, dict[str, Identifier]]:
    """FILTER clauses, the bound variables to project, and their values (never spliced)."""
    bindings: dict[str, Identifier] = {
        "minConfidence": Literal(float(filters.min_confidence))  # xsd:double, any lexical form
    }
    clauses = ["FILTER (?confidence >= ?minConfidence)"]
    type_vars = []
    for i, name in enumerate(types):
        bindings[f"type{i}"] = Literal(name)
        type_vars.append(f"?type{i}")
    if type_vars:
        clauses.append(f"FILTER (?type IN ({', '.join(type_vars)}))")
    source_vars = []
    for i, name in enumerate(sorted(filters.sources)):
        bindings[f"source{i}"] = Literal(name.lower())
        source_vars.append(f"?source{i}")
    if source_vars:
        clauses.append(f"FILTER (LCASE(STR(?publisher)) IN ({', '.join(source_vars)}))")
    bound = " ".join(f"?{name}" for name in bindings)
    return "\n  ".join(clauses), bound, bindings


def _select(
    store: Store, template: str, filters: Filters, types: Iterable[str]
) -> list[dict[str, Any]]:
    clauses, bound, bindings = _where(filters, types)
    query = template.replace("{filters}", clauses).replace("{bound}", bound)
    names, rows = store.rows(query, bindings)
    keep = [i for i, n in enumerate(names) if n not in bindings]
    return [{names[i]: row[i] for i in keep} for row in rows]


def _when(row: Mapping[str, Any]) -> dict[str, Any]:
    """The fact's date: its own where given, else the article's; as attributes."""
    own, published = row.get("date"), row.get("published")
    text = own or published
    if not text:
        return {}
    start, end, day = _period(str(text))
    return {"date": start, "date_end": end, "date_text": day,
            "date_source": "claim" if own else "article"}  # fmt: skip


@lru_cache(maxsize=65536)
def _period(text: str) -> tuple[str, str, str]:
    """First and last day (ISO) and the text's day part; cached: a projection of
    hundreds of thousands of facts has a few thousand dates."""
    start, end = parse_period(text)
    return start.isoformat(), end.isoformat(), text[:10]


def _article_attrs(row: Mapping[str, Any]) -> dict[str, Any]:
    attrs = {
        "article": row["article"],
        "article_id": row["articleId"],
        "article_title": row.get("title"),
        "url": row.get("url"),
        "published": str(row["published"])[:10] if row.get("published") else None,
        "source": row.get("publisher"),
    }
    return {k: v for k, v in attrs.items() if v is not None}


def _kept(filters: Filters, attrs: Mapping[str, Any]) -> bool:
    if "date" not in attrs:
        return filters.keeps_period(None, None)
    return filters.keeps_period(_day(attrs["date"]), _day(attrs["date_end"]))


@lru_cache(maxsize=65536)
def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _add_actor(
    graph: nx.Graph,
    iri: str,
    known: Mapping[str, dict[str, Any]],
    up: Mapping[str, str] | None = None,
) -> None:
    if iri not in graph:
        graph.add_node(
            iri, **known.get(iri, {"kind": "actor", "label": iri_tail(iri), "type": "Actor"})
        )
        if up:  # who is counted in this actor (labels; GraphML takes no lists)
            members = sorted(
                known.get(a, {}).get("label", iri_tail(a)) for a, t in up.items() if t == iri
            )
            if members:
                graph.nodes[iri]["members"] = "; ".join(members)


# --- projections ----------------------------------------------------------------------------


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
        if not _kept(filters, attrs) or graph.has_edge(speaker, target, row["fact"]):
            continue
        _add_actor(graph, speaker, known, up)
        _add_actor(graph, target, known, up)
        graph.add_edge(speaker, target, key=row["fact"], **attrs)
    return _around(graph, filters, radius=filters.depth, up=up)


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
        article = articles[row["article"]] = _article_attrs(row)
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
    return attrs | _when(row) | article


def policy_graph(store: Store, filters: Filters | None = None) -> nx.Graph:
    """Actor–policy bipartite graph: actors (``bipartite=0``) and measures (``bipartite=1``).

    Policy nodes carry ``type``, ``status``, ``goods``, ``rate_from``, ``rate_to``,
    ``unit``, ``sentence``, ``confidence``, the date and article attributes, and
    ``imposer``/``target`` (IRIs) where known; edges carry the actor's ``role``
    (``imposer``, ``target`` or ``party``).

    >>> from kg.store import OxigraphStore
    >>> policy_graph(OxigraphStore(None)).number_of_nodes()
    0
    """
    filters = filters or Filters()
    types = tuple(sorted(filters.policy_types)) or POLICY_TYPES
    return _bipartite(store, POLICIES, filters, types, _policy_attrs, "policy")


def event_graph(store: Store, filters: Filters | None = None) -> nx.Graph:
    """Actor–event bipartite graph: actors and consultations, negotiations, signings.

    Event nodes carry ``type`` (``consult``, ``negotiate``, ``sign``), ``sentence``,
    ``place``, ``confidence`` and the date and article attributes; edges have
    ``role="participant"``.

    >>> from kg.store import OxigraphStore
    >>> event_graph(OxigraphStore(None)).number_of_edges()
    0
    """
    return _bipartite(store, EVENTS, filters or Filters(), EVENT_TYPES, _event_attrs, "event")


def _bipartite(
    store: Store,
    template: str,
    filters: Filters,
    types: Iterable[str],
    attrs_of: Callable[[Mapping[str, Any]], dict[str, Any]],
    kind: str,
) -> nx.Graph:
    known = actors(store)
    up = roll_up_map(store, filters.roll_up, known) if filters.roll_up else {}
    graph = nx.Graph()
    for row in _select(store, template, filters, types):
        fact = row["fact"]
        if fact not in graph:
            attrs = attrs_of(row)
            if not _kept(filters, attrs):
                continue
            graph.add_node(fact, kind=kind, bipartite=1, **attrs)
        actor = row.get("actor")
        if actor is None:
            continue
        if actor in up:  # the actor itself stays in the details
            label = known.get(actor, {}).get("label", iri_tail(actor))
            before = graph.nodes[fact].get("rolled_up_from")
            graph.nodes[fact]["rolled_up_from"] = f"{before}; {label}" if before else label
            actor = up[actor]
        role = row.get("role", "participant")
        _add_actor(graph, actor, known, up)
        graph.nodes[actor]["bipartite"] = 0
        if role in ("imposer", "target"):
            graph.nodes[fact][role] = actor
        if not graph.has_edge(actor, fact) or role == "imposer":
            graph.add_edge(actor, fact, role=role)
    return _around(graph, filters, radius=2 * filters.depth, up=up)


def _policy_attrs(row: Mapping[str, Any]) -> dict[str, Any]:
    attrs = {
        "type": row["type"],
        "status": row["status"],
        "goods": row.get("goods"),
        "rate_from": float(row["rateFrom"]) if row.get("rateFrom") is not None else None,
        "rate_to": float(row["rateTo"]) if row.get("rateTo") is not None else None,
        "unit": row.get("unit"),
        "sentence": row["sentence"],
        "confidence": float(row["confidence"]),
    }
    return {k: v for k, v in attrs.items() if v is not None} | _when(row) | _article_attrs(row)


def _event_attrs(row: Mapping[str, Any]) -> dict[str, Any]:
    attrs = {
        "type": row["type"],
        "sentence": row["sentence"],
        "place": row.get("place"),
        "confidence": float(row["confidence"]),
    }
    return {k: v for k, v in attrs.items() if v is not None} | _when(row) | _article_attrs(row)


def _around(
    graph: nx.Graph, filters: Filters, radius: int, up: Mapping[str, str] | None = None
) -> nx.Graph:
    if not filters.actors:
        return graph
    centres = [up.get(a, a) for a in filters.actors] if up else filters.actors
    return graph.subgraph(neighbourhood(graph, centres, radius)).copy()


def neighbourhood(graph: nx.Graph, centres: Iterable[str], radius: int = 1) -> set[str]:
    """Nodes within ``radius`` hops of any centre, ignoring edge direction.

    >>> G = nx.DiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(neighbourhood(G, ["a"], 2))
    ['a', 'b', 'c']
    """
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    found: set[str] = set()
    for centre in centres:
        if centre in graph:
            found.update(nx.single_source_shortest_path_length(undirected, centre, radius))
    return found
