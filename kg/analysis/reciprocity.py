"""Pairs of actors that accuse each other, and who started.

>>> import networkx as nx
>>> M = nx.MultiDiGraph()
>>> _ = M.add_edge("us", "cn", type="accuse", date="2024-03-12", content="subsidies")
>>> _ = M.add_edge("cn", "us", type="accuse", date="2024-03-04", content="bullying")
>>> [pair] = reciprocal_pairs(M)
>>> pair.a, pair.first_a["content"], pair.first_b["content"]
('cn', 'bullying', 'subsidies')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.analysis.centrality import ACCUSATION_CLASSES
from kg.analysis.rows import node_label
from kg.project import claim_types_for

__all__ = ["ReciprocalPair", "reciprocal_pairs", "reciprocity"]

# What a claim record keeps of an edge, for evidence.
_CLAIM_FIELDS = ("claim", "type", "date", "content", "sentence", "article", "article_title", "url")


@dataclass(frozen=True)
class ReciprocalPair:
    """Two actors that both made claims of the classes against each other.

    ``a`` made the earliest such claim; ``first_a`` and ``first_b`` are each side's first
    claim (``claim``, ``type``, ``date``, ``content``, ``sentence``, ``article``, ...).
    """

    a: str
    b: str
    a_to_b: int
    b_to_a: int
    first_a: Mapping[str, Any]
    first_b: Mapping[str, Any]

    def row(self, graph: nx.Graph) -> dict[str, Any]:
        """A flat row for tables and CSV."""
        out: dict[str, Any] = {
            "a": self.a,
            "a_label": node_label(self.a, graph),
            "b": self.b,
            "b_label": node_label(self.b, graph),
            "a_to_b": self.a_to_b,
            "b_to_a": self.b_to_a,
        }
        for side, claim in (("a", self.first_a), ("b", self.first_b)):
            out |= {f"{side}_first_{k}": claim.get(k) for k in _CLAIM_FIELDS}
        return out


def _claims(graph: nx.MultiDiGraph, u: str, v: str, types: set[str]) -> list[dict[str, Any]]:
    """u's claims of the types against v, earliest first (undated last)."""
    found = [
        {"claim": key} | dict(data)
        for key, data in (graph.get_edge_data(u, v) or {}).items()
        if data.get("type") in types
    ]
    return sorted(found, key=lambda c: (c.get("date") is None, c.get("date") or "", c["claim"]))


def reciprocal_pairs(
    graph: nx.MultiDiGraph, classes: Iterable[str] = ACCUSATION_CLASSES
) -> list[ReciprocalPair]:
    """Every pair in which each side made claims of ``classes`` against the other, the
    busiest pair first.

    >>> M = nx.MultiDiGraph([("a", "b")])
    >>> reciprocal_pairs(M)
    []
    """
    types = set(claim_types_for(classes))
    pairs: list[ReciprocalPair] = []
    seen: set[frozenset[str]] = set()
    for u, v in graph.edges():
        pair = frozenset((u, v))
        if u == v or pair in seen:
            continue
        seen.add(pair)
        forward, backward = _claims(graph, u, v, types), _claims(graph, v, u, types)
        if not forward or not backward:
            continue
        if _order(backward[0]) < _order(forward[0]):
            u, v, forward, backward = v, u, backward, forward
        pairs.append(
            ReciprocalPair(
                u, v, len(forward), len(backward), _record(forward[0]), _record(backward[0])
            )
        )
    return sorted(pairs, key=lambda p: (-(p.a_to_b + p.b_to_a), p.a, p.b))


def _order(claim: Mapping[str, Any]) -> tuple[bool, str, str]:
    return (claim.get("date") is None, claim.get("date") or "", claim["claim"])


def _record(claim: Mapping[str, Any]) -> dict[str, Any]:
    return {k: claim.get(k) for k in _CLAIM_FIELDS}


def reciprocity(graph: nx.MultiDiGraph, classes: Iterable[str] = ACCUSATION_CLASSES) -> float:
    """The share of accuser → accused ties that are returned (0 with no ties).

    >>> M = nx.MultiDiGraph()
    >>> _ = M.add_edge("a", "b", type="accuse")
    >>> _ = M.add_edge("b", "a", type="criticize")
    >>> _ = M.add_edge("a", "c", type="accuse")
    >>> round(reciprocity(M), 3)
    0.667
    """
    from kg.analysis.centrality import accusation_graph

    ties = accusation_graph(graph, classes)
    return float(nx.reciprocity(ties)) if ties.number_of_edges() else 0.0
