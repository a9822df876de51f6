"""GraphML and GEXF files for Gephi, yEd, Cytoscape and other graph tools.

Only plain attribute values survive (str, int, float, bool); ``type`` becomes
``claim_type`` on edges and ``actor_type`` (or ``fact_type``) on nodes, because GEXF
reserves an edge's ``type`` for directed/undirected.

>>> import io, networkx as nx
>>> M = nx.MultiDiGraph()
>>> M.add_node("cn", label="China", type="Government")
>>> _ = M.add_edge("cn", "us", key="c1", type="accuse", content="bullying")
>>> buffer = io.BytesIO()
>>> write_gephi(M, buffer, "gexf")
>>> b"claim_type" in buffer.getvalue()
True
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.errors import KgError

__all__ = ["FORMATS", "for_gephi", "write_gephi"]

FORMATS = ("graphml", "gexf")
_PLAIN = (str, int, float, bool)


def _plain(data: dict[str, Any], renamed: str) -> dict[str, Any]:
    return {(renamed if k == "type" else k): v for k, v in data.items() if isinstance(v, _PLAIN)}


def for_gephi(graph: nx.Graph) -> nx.Graph:
    """A copy with plain attribute values only and ``type`` renamed.

    >>> G = for_gephi(nx.Graph([("a", "b", {"type": "x", "skip": None})]))
    >>> G["a"]["b"]
    {'claim_type': 'x'}
    """
    out = graph.__class__()
    for node, data in graph.nodes(data=True):
        renamed = "actor_type" if data.get("kind", "actor") == "actor" else "fact_type"
        out.add_node(node, **_plain(dict(data), renamed))
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            out.add_edge(u, v, key=key, **_plain(dict(data), "claim_type"))
    else:
        for u, v, data in graph.edges(data=True):
            out.add_edge(u, v, **_plain(dict(data), "claim_type"))
    return out


def write_gephi(graph: nx.Graph, out: str | Path | IO[bytes], fmt: str) -> None:
    """Write ``graph`` as ``graphml`` or ``gexf`` to a path or a binary file."""
    if fmt not in FORMATS:
        raise KgError(f"unknown graph format {fmt!r} (expected {' or '.join(FORMATS)})")
    clean = for_gephi(graph)
    if fmt == "graphml":
        nx.write_graphml(clean, out, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(clean, out, encoding="utf-8", prettyprint=True)
