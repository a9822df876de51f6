"""Conflict against cooperation, per pair of actors; communities of actors that cooperate.

Conflict is the claims of the coarse classes :data:`CONFLICT` (accusations, threats,
rejections) either way between two actors; cooperation the claims of
:data:`COOPERATION` (praise, agreement) plus the :data:`COOPERATIVE_EVENTS` both took
part in (consultations, negotiations, signings). ``balance`` runs from -1 (only
conflict) to +1 (only cooperation).

>>> import networkx as nx
>>> M = nx.MultiDiGraph()
>>> _ = M.add_edge("us", "cn", coarse="ACCUSE")
>>> _ = M.add_edge("cn", "us", coarse="THREATEN")
>>> _ = M.add_edge("jp", "eu", coarse="SUPPORT")
>>> [(r["a"], r["b"], r["balance"]) for r in pair_balance(M)]
[('cn', 'us', -1.0), ('eu', 'jp', 1.0)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.analysis.rows import actor_row, node_label

__all__ = [
    "CONFLICT",
    "COOPERATION",
    "COOPERATIVE_EVENTS",
    "communities",
    "community_rows",
    "cooperation_graph",
    "pair_balance",
]

CONFLICT: tuple[str, ...] = ("ACCUSE", "THREATEN", "REJECT")
COOPERATION: tuple[str, ...] = ("SUPPORT", "AGREE")
COOPERATIVE_EVENTS: tuple[str, ...] = ("consult", "negotiate", "sign")

Pair = tuple[str, str]


def _pair(u: str, v: str) -> Pair:
    return (u, v) if u <= v else (v, u)


def _tally(claims: nx.MultiDiGraph, events: nx.Graph | None) -> dict[Pair, Counter[str]]:
    """Per unordered pair: counts per coarse class and per event type."""
    tally: dict[Pair, Counter[str]] = {}
    for u, v, data in claims.edges(data=True):
        if u != v:
            tally.setdefault(_pair(u, v), Counter())[data.get("coarse", "STATE")] += 1
    for event, data in events.nodes(data=True) if events is not None else ():
        if data.get("kind") != "event" or data.get("type") not in COOPERATIVE_EVENTS:
            continue
        people = sorted(events.neighbors(event))
        for i, u in enumerate(people):
            for v in people[i + 1 :]:
                tally.setdefault((u, v), Counter())[data["type"]] += 1
    return tally


def pair_balance(claims: nx.MultiDiGraph, events: nx.Graph | None = None) -> list[dict[str, Any]]:
    """Per pair: ``conflict``, ``cooperation``, ``balance`` and the counts behind them,
    most conflictual first.

    ``events`` is an actor–event graph (:func:`kg.project.event_graph`), optional.

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", coarse="STATE")
    >>> pair_balance(M)[0]["balance"]
    0.0
    """
    rows = []
    for (a, b), counts in _tally(claims, events).items():
        conflict = sum(counts[c] for c in CONFLICT)
        cooperation = sum(counts[c] for c in (*COOPERATION, *COOPERATIVE_EVENTS))
        total = conflict + cooperation
        row = {
            "a": a,
            "a_label": node_label(a, claims, events),
            "b": b,
            "b_label": node_label(b, claims, events),
            "conflict": conflict,
            "cooperation": cooperation,
            "balance": round((cooperation - conflict) / total, 4) if total else 0.0,
        }
        row |= {c: counts[c] for c in (*CONFLICT, *COOPERATION, *COOPERATIVE_EVENTS)}
        rows.append(row)
    return sorted(rows, key=lambda r: (r["balance"], -r["conflict"], r["a"], r["b"]))


def cooperation_graph(claims: nx.MultiDiGraph, events: nx.Graph | None = None) -> nx.Graph:
    """Pairs that cooperate more than they fight; ``weight`` = cooperation - conflict.

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", coarse="SUPPORT")
    >>> _ = M.add_edge("a", "c", coarse="ACCUSE")
    >>> list(cooperation_graph(M).edges(data="weight"))
    [('a', 'b', 1)]
    """
    out = nx.Graph()
    for row in pair_balance(claims, events):
        net = row["cooperation"] - row["conflict"]
        if net > 0:
            for node in (row["a"], row["b"]):
                source = claims if node in claims else events
                out.add_node(node, **(source.nodes[node] if source is not None else {}))
            out.add_edge(row["a"], row["b"], weight=net)
    return out


def communities(graph: nx.Graph, seed: int = 0) -> list[set[str]]:
    """Louvain communities of a :func:`cooperation_graph`, largest first (deterministic
    for a given ``seed``).

    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> sorted(sorted(c) for c in communities(G))
    [['a', 'b'], ['c', 'd']]
    """
    if graph.number_of_edges() == 0:
        return [{n} for n in sorted(graph)]
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    return sorted(found, key=lambda c: (-len(c), sorted(c)))


def community_rows(graph: nx.Graph, groups: Iterable[set[str]]) -> list[dict[str, Any]]:
    """One row per actor: ``community`` (0 = largest) and the actor columns.

    >>> G = nx.Graph([("a", "b")])
    >>> [r["community"] for r in community_rows(G, [{"a", "b"}])]
    [0, 0]
    """
    return [
        {"community": i} | actor_row(graph, node) | {"size": len(group)}
        for i, group in enumerate(groups)
        for node in sorted(group)
    ]
