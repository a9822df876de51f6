"""Who accuses and who is accused most; who matters in the accusation and interaction graphs.

* :func:`strength` — claims made (out) and received (in) per actor, in all and per
  coarse class.
* :func:`pagerank` — PageRank on the accusation graph (an edge from accuser to accused,
  weighted by the number of claims): high for actors accused by actors who are
  themselves much accused.
* :func:`betweenness` — betweenness centrality on the undirected interaction graph:
  high for actors that sit between otherwise separate groups.

>>> import networkx as nx
>>> M = nx.MultiDiGraph()
>>> _ = M.add_edge("us", "cn", type="accuse", coarse="ACCUSE")
>>> _ = M.add_edge("cn", "us", type="accuse", coarse="ACCUSE")
>>> _ = M.add_edge("jp", "cn", type="criticize", coarse="ACCUSE")
>>> strength(M)["cn"]["in_ACCUSE"]
2
>>> max(pagerank(M).items(), key=lambda kv: kv[1])[0]
'cn'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from kg.analysis.rows import actor_row
from kg.project import COARSE_CLASSES, claim_types_for

__all__ = [
    "accusation_graph",
    "betweenness",
    "pagerank",
    "ranking",
    "strength",
    "strength_rows",
]

ACCUSATION_CLASSES: tuple[str, ...] = ("ACCUSE",)


def strength(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Per actor: ``out`` and ``in`` claim counts, and ``out_<CLASS>``/``in_<CLASS>`` per
    coarse class (every class present, zero where none).

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", coarse="THREATEN")
    >>> strength(M)["a"]["out"], strength(M)["b"]["in_THREATEN"], strength(M)["b"]["out_ACCUSE"]
    (1, 1, 0)
    """
    base = {"out": 0, "in": 0} | {f"{d}_{c}": 0 for c in COARSE_CLASSES for d in ("out", "in")}
    result = {node: dict(base) for node in graph}
    for u, v, data in graph.edges(data=True):
        coarse = data.get("coarse", "STATE")
        result[u]["out"] += 1
        result[v]["in"] += 1
        result[u][f"out_{coarse}"] += 1
        result[v][f"in_{coarse}"] += 1
    return result


def strength_rows(
    graph: nx.MultiDiGraph, by: str = "in", top: int | None = None
) -> list[dict[str, Any]]:
    """:func:`strength` as rows, highest ``by`` first (``in``, ``out``, ``in_ACCUSE``, ...).

    >>> M = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> [r["actor"] for r in strength_rows(M, by="in")]
    ['b', 'a', 'c']
    """
    values = strength(graph)
    known = next(iter(values.values()), {"in": 0})
    if by not in known:
        raise ValueError(f"cannot sort by {by!r} (expected one of {', '.join(known)})")
    rows = [actor_row(graph, n) | values[n] for n in values]
    rows.sort(key=lambda r: (-r[by], -r["in"] - r["out"], r["label"], r["actor"]))
    return rows[:top] if top else rows


def accusation_graph(
    graph: nx.MultiDiGraph, classes: Iterable[str] = ACCUSATION_CLASSES
) -> nx.DiGraph:
    """Accuser → accused, ``weight`` = claims of the given coarse classes or fine types.

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", type="accuse", coarse="ACCUSE")
    >>> _ = M.add_edge("a", "b", type="praise", coarse="SUPPORT")
    >>> accusation_graph(M)["a"]["b"]["weight"]
    1
    """
    types = set(claim_types_for(classes))
    out = nx.DiGraph()
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if data.get("type") in types and u != v:
            weight = out[u][v]["weight"] + 1 if out.has_edge(u, v) else 1
            out.add_edge(u, v, weight=weight)
    return out


def pagerank(
    graph: nx.MultiDiGraph, classes: Iterable[str] = ACCUSATION_CLASSES, alpha: float = 0.85
) -> dict[str, float]:
    """PageRank of each actor on the :func:`accusation_graph` (weighted by claim counts).

    Scores sum to 1; with no claims of the classes every actor scores the same.

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", type="accuse")
    >>> scores = pagerank(M)
    >>> scores["b"] > scores["a"], round(sum(scores.values()), 6)
    (True, 1.0)
    """
    accused = accusation_graph(graph, classes)
    if accused.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(accused, alpha=alpha, weight="weight")
    except ImportError:  # networkx wants scipy; the power iteration below needs nothing
        return _pagerank(accused, alpha)


def _pagerank(graph: nx.DiGraph, alpha: float, tol: float = 1.0e-10) -> dict[str, float]:
    """Weighted PageRank by power iteration; dangling nodes spread their rank evenly."""
    nodes = list(graph)
    n = len(nodes)
    out_weight = {u: sum(d["weight"] for _, _, d in graph.out_edges(u, data=True)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(1000):
        dangling = alpha * sum(rank[u] for u in nodes if out_weight[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u, v, data in graph.edges(data=True):
            new[v] += alpha * rank[u] * data["weight"] / out_weight[u]
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


# Exact betweenness costs one shortest-path search per actor: beyond this many actors
# it is estimated from BETWEENNESS_SAMPLES of them instead (see betweenness).
EXACT_BETWEENNESS_UP_TO = 2000
BETWEENNESS_SAMPLES = 500


def betweenness(
    graph: nx.Graph, weighted: bool = False, samples: int | None = None
) -> dict[str, float]:
    """Normalised betweenness centrality on an (undirected) interaction graph.

    ``weighted`` treats frequent dealings as short distances (``1 / weight``).
    ``samples`` estimates it from shortest paths out of that many actors (chosen with
    a fixed seed, so the estimate is reproducible); 0 computes it exactly. By default
    it is exact up to :data:`EXACT_BETWEENNESS_UP_TO` actors and estimated from
    :data:`BETWEENNESS_SAMPLES` beyond: the exact cost grows with actors × dealings
    (a minute at 6,000 actors, hours at 40,000).

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> betweenness(G)["b"]
    1.0
    >>> betweenness(G, samples=2)["b"] > 0
    True
    """
    if samples is None:
        samples = BETWEENNESS_SAMPLES if len(graph) > EXACT_BETWEENNESS_UP_TO else 0
    k = samples if 0 < samples < len(graph) else None
    if not weighted:
        return nx.betweenness_centrality(graph, k=k, normalized=True, seed=0)
    spaced = nx.Graph()
    spaced.add_nodes_from(graph)
    spaced.add_weighted_edges_from(
        ((u, v, 1.0 / max(d.get("weight", 1), 1)) for u, v, d in graph.edges(data=True)),
        weight="distance",
    )
    return nx.betweenness_centrality(spaced, k=k, normalized=True, weight="distance", seed=0)


def ranking(
    graph: nx.Graph, scores: Mapping[str, float], name: str, top: int | None = None
) -> list[dict[str, Any]]:
    """Scores as rows, best first: ``rank``, the actor columns and ``name``.

    >>> G = nx.Graph([("a", "b")])
    >>> ranking(G, {"a": 0.2, "b": 0.8}, "pagerank")[0]["actor"]
    'b'
    """
    order = sorted(scores, key=lambda n: (-scores[n], n))
    order = order[:top] if top else order
    return [
        {"rank": i} | actor_row(graph, n) | {name: round(scores[n], 6)}
        for i, n in enumerate(order, 1)
    ]
