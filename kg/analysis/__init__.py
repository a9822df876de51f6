"""Analyses of the actor graphs of :mod:`kg.project`: plain functions on networkx graphs.

One module per family of question:

* :mod:`~kg.analysis.centrality` — who accuses and who is accused most, PageRank,
  betweenness.
* :mod:`~kg.analysis.reciprocity` — pairs that accuse each other.
* :mod:`~kg.analysis.balance` — conflict and cooperation per pair; cooperating communities.
* :mod:`~kg.analysis.timeline` — claims per week between two actors; tariff rates over time.
* :mod:`~kg.analysis.paths` — how two actors are connected; an actor's ego network.
* :mod:`~kg.analysis.writeback` — results back into the store as RDF.

Results are lists of plain dicts (rows), ready for a table, CSV or JSON. Each family's
public names are re-exported here (``kg.analysis.pagerank``), but for the function
``reciprocity``, whose name is its module's: ``kg.analysis.reciprocity.reciprocity``.
"""

from __future__ import annotations

from kg.analysis.backends import *  # noqa: F403
from kg.analysis.backends import __all__ as _backends
from kg.analysis.balance import *  # noqa: F403
from kg.analysis.balance import __all__ as _balance
from kg.analysis.centrality import *  # noqa: F403
from kg.analysis.centrality import __all__ as _centrality
from kg.analysis.paths import *  # noqa: F403
from kg.analysis.paths import __all__ as _paths
from kg.analysis.reciprocity import ReciprocalPair, reciprocal_pairs
from kg.analysis.rows import actor_row
from kg.analysis.timeline import *  # noqa: F403
from kg.analysis.timeline import __all__ as _timeline
from kg.analysis.writeback import *  # noqa: F403
from kg.analysis.writeback import __all__ as _writeback

__all__ = [
    "actor_row",
    *_backends,
    *_balance,
    *_centrality,
    *_paths,
    "ReciprocalPair",
    "reciprocal_pairs",
    *_timeline,
    *_writeback,
]
