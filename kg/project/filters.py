"""Which part of the graph a projection reads: :class:`Filters`, claim classes, periods,
and the neighbourhood of the chosen actors that a projection keeps (:func:`neighbourhood`).

>>> Filters(claim_types=frozenset({"ACCUSE"})).fine_claim_types()
('accuse', 'criticize')
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from kg.errors import KgError
from kg.query.canned import resolve_entity
from kg.store import Store
from kg.terms import CLAIM_TYPES, COARSE_CLASS, POLICY_TYPES, ROLL_UP_LEVELS

__all__ = ["COARSE_CLASSES", "Filters", "claim_types_for", "neighbourhood", "parse_period"]

COARSE_CLASSES: tuple[str, ...] = tuple(dict.fromkeys(COARSE_CLASS.values()))


@dataclass(frozen=True)
class Filters:
    """Which part of the graph a projection reads.

    ``since``/``until`` keep facts whose date (or period: ``2024-03`` is all of March)
    overlaps the range; ``claim_types`` holds fine types (``accuse``) or coarse classes
    (``ACCUSE``); ``actors`` are actor IRIs, kept with their neighbours up to ``depth``
    hops; ``sources`` are publishers (case-insensitive); an empty set means all.
    ``roll_up`` (``government`` or ``organization``) counts each actor's facts for the
    government (or the organisation) it speaks for, leads or is part of, transitively
    (:func:`roll_up_map`); the actors themselves stay in the edges' details.

    >>> Filters(claim_types=frozenset({"ACCUSE", "praise"})).fine_claim_types()
    ('accuse', 'criticize', 'praise')
    """

    since: dt.date | None = None
    until: dt.date | None = None
    claim_types: frozenset[str] = frozenset()
    policy_types: frozenset[str] = frozenset()
    actors: tuple[str, ...] = ()
    depth: int = 1
    sources: frozenset[str] = frozenset()
    min_confidence: float = 0.0
    roll_up: str | None = None

    def __post_init__(self) -> None:
        claim_types_for(self.claim_types)
        if self.roll_up is not None and self.roll_up not in ROLL_UP_LEVELS:
            raise KgError(
                f"unknown roll-up level {self.roll_up!r} (expected one of {', '.join(ROLL_UP_LEVELS)})"
            )
        unknown = sorted(set(self.policy_types) - set(POLICY_TYPES))
        if unknown:
            raise KgError(
                f"unknown policy type {unknown[0]!r} (expected one of {', '.join(POLICY_TYPES)})"
            )
        if self.since and self.until and self.since > self.until:
            raise KgError(f"empty date range: {self.since} is after {self.until}")
        if self.depth < 0:
            raise KgError(f"depth must be 0 or more, not {self.depth}")

    @classmethod
    def from_names(
        cls,
        store: Store,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        claim_types: Iterable[str] = (),
        policy_types: Iterable[str] = (),
        actors: Sequence[str] = (),
        depth: int = 1,
        sources: Iterable[str] = (),
        min_confidence: float = 0.0,
        roll_up: str | None = None,
    ) -> Filters:
        """Filters as a person names them: ``actors`` by name, alias, QID or IRI, looked
        up in ``store`` (:func:`kg.query.resolve_entity`); an unknown one is an error.

        >>> from kg.store import OxigraphStore
        >>> Filters.from_names(OxigraphStore(None), claim_types=["ACCUSE"]).actors
        ()
        """
        return cls(
            since=since,
            until=until,
            claim_types=frozenset(claim_types),
            policy_types=frozenset(policy_types),
            actors=tuple(str(resolve_entity(store, name)) for name in actors),
            depth=depth,
            sources=frozenset(sources),
            min_confidence=min_confidence,
            roll_up=roll_up,
        )

    def fine_claim_types(self) -> tuple[str, ...]:
        """The fine claim types selected (all of them when none are)."""
        return claim_types_for(self.claim_types)

    def keeps_period(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether a fact dated ``start``–``end`` overlaps the range (undated: only with
        no range)."""
        if self.since is None and self.until is None:
            return True
        if start is None or end is None:
            return False
        return not (
            (self.since is not None and end < self.since)
            or (self.until is not None and start > self.until)
        )


def claim_types_for(names: Iterable[str]) -> tuple[str, ...]:
    """Fine claim types for names that are fine types (``accuse``) or coarse classes
    (``ACCUSE``, upper case; ``support`` too as no type is named so), in canonical order.

    >>> claim_types_for(["THREATEN"])
    ('threaten', 'warn')
    >>> claim_types_for([]) == CLAIM_TYPES
    True
    """
    wanted: set[str] = set()
    for name in names:
        if name in COARSE_CLASSES:  # upper case: a coarse class
            wanted.update(t for t, c in COARSE_CLASS.items() if c == name)
        elif name.lower() in CLAIM_TYPES:
            wanted.add(name.lower())
        elif name.upper() in COARSE_CLASSES:
            wanted.update(t for t, c in COARSE_CLASS.items() if c == name.upper())
        else:
            known = ", ".join((*CLAIM_TYPES, *COARSE_CLASSES))
            raise KgError(f"unknown claim type {name!r} (expected one of {known})")
    return tuple(t for t in CLAIM_TYPES if t in wanted) if wanted else CLAIM_TYPES


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """First and last day of an ISO date, year-month, year or date-time.

    >>> parse_period("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> parse_period("2024-03-04T10:00:00+00:00")[0]
    datetime.date(2024, 3, 4)
    """
    value = text.strip()[:10]
    try:
        if len(value) == 4:
            year = int(value)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise KgError(f"{text!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return day, day


def around(
    graph: nx.Graph, filters: Filters, radius: int, up: Mapping[str, str] | None = None
) -> nx.Graph:
    if not filters.actors:
        return graph
    centres = [up.get(a, a) for a in filters.actors] if up else filters.actors
    return graph.subgraph(neighbourhood(graph, centres, radius)).copy()


def neighbourhood(graph: nx.Graph, centres: Iterable[str], radius: int = 1) -> set[str]:
    """Nodes within ``radius`` hops of any centre, ignoring edge direction.

    >>> G = nx.DiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(neighbourhood(G, ["a"], 2))
    ['a', 'b', 'c']
    """
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    found: set[str] = set()
    for centre in centres:
        if centre in graph:
            found.update(nx.single_source_shortest_path_length(undirected, centre, radius))
    return found
