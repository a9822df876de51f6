"""The columns that name an actor in every analysis's result rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

__all__ = ["actor_row", "node_label"]


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


def node_label(node: str, *graphs: nx.Graph | None) -> str:
    """The node's ``label`` in the first of ``graphs`` that holds it, else the node.

    >>> node_label("cn", None, nx.Graph([("cn", "us")]))
    'cn'
    """
    for graph in graphs:
        if graph is not None and node in graph:
            return graph.nodes[node].get("label", node)
    return node
