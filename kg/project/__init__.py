"""Projection: the store's actors, claims, measures and events as networkx graphs.

* :mod:`~kg.project.filters` — :class:`Filters` (dates, claim types, actors, roll-up),
  :func:`neighbourhood`.
* :mod:`~kg.project.claim_graph` — :func:`actor_graph`, one edge per claim.
* :mod:`~kg.project.bipartite` — :func:`policy_graph`, :func:`event_graph`.
* :mod:`~kg.project.attributes` — the date and article attributes the projections share.
* :mod:`~kg.project.compose` — graphs built from those: :func:`aggregate`,
  :func:`interaction_graph`, :func:`interactions`.

>>> from kg import project
>>> from kg.store import OxigraphStore
>>> project.actor_graph(OxigraphStore(None)).number_of_nodes()
0
"""

from __future__ import annotations

from kg.project.bipartite import event_graph, policy_graph
from kg.project.claim_graph import actor_graph
from kg.project.compose import aggregate, interaction_graph, interactions
from kg.project.filters import (
    COARSE_CLASSES,
    Filters,
    claim_types_for,
    neighbourhood,
    parse_period,
)
from kg.query.actors import actors, roll_up_actors, roll_up_map

__all__ = [
    "COARSE_CLASSES",
    "Filters",
    "actor_graph",
    "actors",
    "aggregate",
    "claim_types_for",
    "event_graph",
    "interaction_graph",
    "interactions",
    "neighbourhood",
    "parse_period",
    "policy_graph",
    "roll_up_actors",
    "roll_up_map",
]
