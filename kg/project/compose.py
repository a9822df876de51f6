"""Graphs derived from the projections: counts per pair, neighbourhoods, and the
undirected graph of every dealing between two actors.

>>> import networkx as nx
>>> interaction_graph(nx.MultiDiGraph([("a", "b"), ("b", "a")]))["a"]["b"]["claims"]
2
"""

from __future__ import annotations

import networkx as nx

from kg.project.bipartite import event_graph, policy_graph
from kg.project.claim_graph import actor_graph
from kg.project.filters import Filters
from kg.store import Store

__all__ = ["aggregate", "interaction_graph", "interactions"]


def aggregate(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per (speaker, target) with ``weight`` (claims in all), a count per claim
    type (``accuse``) and per coarse class (``ACCUSE``), and ``first``/``last`` dates.

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", type="accuse", coarse="ACCUSE", date="2024-01-02")
    >>> _ = M.add_edge("a", "b", type="criticize", coarse="ACCUSE", date="2024-01-09")
    >>> D = aggregate(M)
    >>> D["a"]["b"]["weight"], D["a"]["b"]["ACCUSE"], D["a"]["b"]["accuse"], D["a"]["b"]["last"]
    (2, 2, 1, '2024-01-09')
    """
    out = nx.DiGraph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if not out.has_edge(u, v):
            out.add_edge(u, v, weight=0)
        edge = out[u][v]
        edge["weight"] += 1
        for name in (data.get("type"), data.get("coarse")):
            if name:
                edge[name] = edge.get(name, 0) + 1
        if date := data.get("date"):
            edge["first"] = min(edge.get("first", date), date)
            edge["last"] = max(edge.get("last", date), date)
    return out


def interaction_graph(
    claims: nx.MultiDiGraph,
    events: nx.Graph | None = None,
    policies: nx.Graph | None = None,
) -> nx.Graph:
    """Undirected actor graph of every dealing: claims either way, shared events, measures
    between an imposer and its target. Edges: ``weight`` (all) and ``claims``,
    ``events``, ``policies`` counts.

    >>> M = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> I = interaction_graph(M)
    >>> I["a"]["b"]["weight"], I.number_of_edges()
    (2, 2)
    """
    out = nx.Graph()
    out.add_nodes_from(claims.nodes(data=True))
    for u, v in claims.edges():
        _bump(out, u, v, "claims")
    if events is not None:
        for event, data in events.nodes(data=True):
            if data.get("kind") != "event":
                continue
            people = sorted(events.neighbors(event))
            for i, u in enumerate(people):
                out.add_node(u, **events.nodes[u])
                for v in people[i + 1 :]:
                    _bump(out, u, v, "events")
    if policies is not None:
        for _, data in policies.nodes(data=True):
            u, v = data.get("imposer"), data.get("target")
            if data.get("kind") == "policy" and u and v:
                out.add_node(u, **policies.nodes[u])
                out.add_node(v, **policies.nodes[v])
                _bump(out, u, v, "policies")
    return out


def _bump(graph: nx.Graph, u: str, v: str, kind: str) -> None:
    if u == v:
        return
    if not graph.has_edge(u, v):
        graph.add_edge(u, v, weight=0, claims=0, events=0, policies=0)
    graph[u][v]["weight"] += 1
    graph[u][v][kind] += 1


def interactions(
    store: Store, filters: Filters | None = None, claims: nx.MultiDiGraph | None = None
) -> nx.Graph:
    """The :func:`interaction_graph` of the store: its claims (``claims`` when already
    projected with the same ``filters``), events and measures.

    >>> from kg.store import OxigraphStore
    >>> interactions(OxigraphStore(None)).number_of_nodes()
    0
    """
    filters = filters or Filters()
    if claims is None:
        claims = actor_graph(store, filters)
    return interaction_graph(claims, event_graph(store, filters), policy_graph(store, filters))
