"""How two actors are connected, and who an actor deals with.

:func:`shortest_paths` finds the shortest chains of dealings between two actors on an
interaction graph (:func:`kg.project.interaction_graph`); :func:`path_rows` spells each
hop out with the claims behind it. :func:`ego` is an actor's neighbourhood in the
claim graph, :func:`ego_rows` its counterparts with what was said each way.

>>> import networkx as nx
>>> from kg.project import interaction_graph
>>> M = nx.MultiDiGraph()
>>> _ = M.add_edge("us", "cn", type="accuse", coarse="ACCUSE")
>>> _ = M.add_edge("eu", "cn", type="praise", coarse="SUPPORT")
>>> shortest_paths(interaction_graph(M), "us", "eu")
[['us', 'cn', 'eu']]
>>> [r["says"] for r in path_rows(shortest_paths(interaction_graph(M), "us", "eu"), M)]
['accuse ×1 →', 'praise ×1 ←']
"""

from __future__ import annotations

from collections import Counter
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from kg.analysis.rows import actor_row, node_label
from kg.project import COARSE_CLASSES, neighbourhood

__all__ = ["ego", "ego_rows", "hop_summary", "path_rows", "shortest_paths"]


def shortest_paths(graph: nx.Graph, a: str, b: str, limit: int = 10) -> list[list[str]]:
    """Up to ``limit`` shortest paths from ``a`` to ``b`` (none when unconnected).

    >>> shortest_paths(nx.Graph([("a", "b")]), "a", "c")
    []
    """
    if a not in graph or b not in graph:
        return []
    try:
        return [list(p) for p in islice(nx.all_shortest_paths(graph, a, b), limit)]
    except nx.NetworkXNoPath:
        return []


def _types(claims: nx.MultiDiGraph, u: str, v: str) -> Counter[str]:
    return Counter(d.get("type", "?") for d in (claims.get_edge_data(u, v) or {}).values())


def hop_summary(
    claims: nx.MultiDiGraph, u: str, v: str, interactions: nx.Graph | None = None
) -> str:
    """What links ``u`` and ``v``: claim types with counts and direction, shared events
    and measures.

    >>> M = nx.MultiDiGraph([("a", "b")])
    >>> M.edges["a", "b", 0]["type"] = "warn"
    >>> hop_summary(M, "a", "b")
    'warn ×1 →'
    """
    parts = [f"{t} ×{n} →" for t, n in sorted(_types(claims, u, v).items())]
    parts += [f"{t} ×{n} ←" for t, n in sorted(_types(claims, v, u).items())]
    if interactions is not None and interactions.has_edge(u, v):
        edge = interactions[u][v]
        names = {"events": "shared events", "policies": "measures"}
        parts += [f"{names[k]} ×{edge[k]}" for k in names if edge.get(k)]
    return "; ".join(parts)


def path_rows(
    paths: list[list[str]], claims: nx.MultiDiGraph, interactions: nx.Graph | None = None
) -> list[dict[str, Any]]:
    """One row per hop: ``path``, ``step``, ``from``/``to`` (IRIs and labels), ``says``."""
    rows = []
    for number, path in enumerate(paths, 1):
        for step, (u, v) in enumerate(pairwise(path), 1):
            rows.append({
                "path": number,
                "step": step,
                "from": u,
                "from_label": node_label(u, claims, interactions),
                "to": v,
                "to_label": node_label(v, claims, interactions),
                "says": hop_summary(claims, u, v, interactions),
            })  # fmt: skip
    return rows


def ego(claims: nx.MultiDiGraph, actor: str, radius: int = 1) -> nx.MultiDiGraph:
    """The actor, everyone within ``radius`` hops (either direction), and the claims among
    them.

    >>> M = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("d", "e")])
    >>> sorted(ego(M, "a"))
    ['a', 'b']
    """
    return claims.subgraph(neighbourhood(claims, [actor], radius)).copy()


def ego_rows(claims: nx.MultiDiGraph, actor: str, radius: int = 1) -> list[dict[str, Any]]:
    """The actor's counterparts, busiest first: ``hops``, claims ``out`` (by the actor) and
    ``in`` (about it), and per coarse class ``out_<CLASS>``/``in_<CLASS>``.

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", coarse="ACCUSE")
    >>> _ = M.add_edge("c", "a", coarse="SUPPORT")
    >>> [(r["actor"], r["out"], r["in"]) for r in ego_rows(M, "a")]
    [('b', 1, 0), ('c', 0, 1)]
    """
    if actor not in claims:
        return []
    undirected = claims.to_undirected(as_view=True)
    distance = nx.single_source_shortest_path_length(undirected, actor, radius)
    rows = []
    for node, hops in distance.items():
        if node == actor:
            continue
        out = Counter(
            d.get("coarse", "STATE") for d in (claims.get_edge_data(actor, node) or {}).values()
        )
        into = Counter(
            d.get("coarse", "STATE") for d in (claims.get_edge_data(node, actor) or {}).values()
        )
        row = actor_row(claims, node) | {"hops": hops, "out": out.total(), "in": into.total()}
        row |= {f"out_{c}": out[c] for c in COARSE_CLASSES} | {
            f"in_{c}": into[c] for c in COARSE_CLASSES
        }
        rows.append(row)
    return sorted(rows, key=lambda r: (r["hops"], -(r["out"] + r["in"]), r["label"], r["actor"]))
