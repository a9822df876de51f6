"""Analyses of the actor graphs of :mod:`kg.project`: plain functions on networkx graphs.

One module per family of question:

* :mod:`~kg.analysis.centrality` — who accuses and who is accused most, PageRank,
  betweenness.
* :mod:`~kg.analysis.reciprocity` — pairs that accuse each other.
* :mod:`~kg.analysis.balance` — conflict and cooperation per pair; cooperating communities.
* :mod:`~kg.analysis.timeline` — claims per week between two actors; tariff rates over time.
* :mod:`~kg.analysis.paths` — how two actors are connected; an actor's ego network.
* :mod:`~kg.analysis.writeback` — results back into the store as RDF.

Results are lists of plain dicts (rows), ready for a table, CSV or JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

__all__ = ["actor_row"]


def actor_row(graph: nx.Graph, node: str) -> dict[str, Any]:
    """The columns that name an actor in a result row: ``actor`` (IRI), ``label``, ``type``.

    >>> G = nx.Graph()
    >>> G.add_node("https://w3id.org/kg/id/actor/Q148", label="China", type="Government")
    >>> actor_row(G, "https://w3id.org/kg/id/actor/Q148")["label"]
    'China'
    """
    data: Mapping[str, Any] = graph.nodes[node] if node in graph else {}
    return {
        "actor": node,
        "label": data.get("label", node.rsplit("/", 1)[-1]),
        "type": data.get("type", ""),
    }
