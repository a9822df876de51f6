"""The actor–policy and actor–event bipartite graphs, :func:`policy_graph` and
:func:`event_graph`: actors (``bipartite=0``) and measures or events (``bipartite=1``),
one SPARQL query each (POLICIES, EVENTS) with the :class:`Filters` bound as values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx
from rdflib import Literal
from rdflib.term import Identifier

from kg.project.attributes import ARTICLE_PATTERN, add_actor, article_attrs, date_attrs, in_period
from kg.project.filters import Filters, around
from kg.query.actors import actors, iri_tail, roll_up_map
from kg.store import Store
from kg.terms import EVENT_TYPES, POLICY_TYPES

__all__ = ["event_graph", "policy_graph"]

# --- queries --------------------------------------------------------------------------------

_FACT = "?ev kg:sentence ?sentence . ?fact kg:confidence ?confidence ."

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
    {ARTICLE_PATTERN}
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
    {ARTICLE_PATTERN}
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


# --- projections ----------------------------------------------------------------------------


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
            if not in_period(filters, attrs):
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
        add_actor(graph, actor, known, up)
        graph.nodes[actor]["bipartite"] = 0
        if role in ("imposer", "target"):
            graph.nodes[fact][role] = actor
        if not graph.has_edge(actor, fact) or role == "imposer":
            graph.add_edge(actor, fact, role=role)
    return around(graph, filters, radius=2 * filters.depth, up=up)


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
    return {k: v for k, v in attrs.items() if v is not None} | date_attrs(row) | article_attrs(row)


def _event_attrs(row: Mapping[str, Any]) -> dict[str, Any]:
    attrs = {
        "type": row["type"],
        "sentence": row["sentence"],
        "place": row.get("place"),
        "confidence": float(row["confidence"]),
    }
    return {k: v for k, v in attrs.items() if v is not None} | date_attrs(row) | article_attrs(row)
