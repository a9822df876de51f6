"""Projection: the store's actors, claims, measures and events as networkx graphs.

>>> from kg import project
>>> from kg.store import OxigraphStore
>>> project.actor_graph(OxigraphStore(None)).number_of_nodes()
0
"""

from __future__ import annotations

from kg.project.graphs import *  # noqa: F403
from kg.project.graphs import __all__ as __all__
