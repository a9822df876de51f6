"""The store's actors and who speaks for whom: node attributes for every actor, and the
roll-up of spokespeople, leaders and agencies to the government or body they stand for.

Both the projections (:mod:`kg.project`) and canned queries (``--roll-up``) use them.

>>> from kg.store import OxigraphStore
>>> roll_up_actors(OxigraphStore(None), None, "https://w3id.org/kg/id/actor/x")
('https://w3id.org/kg/id/actor/x',)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import KgError
from kg.store import Store, embedded
from kg.terms import ACTORS_GRAPH, KG, OWL, RDF, ROLL_UP_LEVELS, SKOS, WD

__all__ = ["ACTORS", "SPEAKS_FOR", "actors", "iri_tail", "roll_up_actors", "roll_up_map"]

# When an actor has several types, the most specific one names it.
_TYPE_PRIORITY = (
    "Person", "Government", "GovernmentAgency", "Company", "InternationalOrganization",
    "PoliticalParty", "Country", "Group", "Organization",
)  # fmt: skip

ACTORS = """
SELECT ?actor ?class ?label ?qid
WHERE {
  GRAPH ?shared { ?actor a ?class . OPTIONAL { ?actor skos:prefLabel ?label }
                  OPTIONAL { ?actor owl:sameAs ?qid } }
}
"""


def actors(store: Store) -> dict[str, dict[str, Any]]:
    """Node attributes of every actor: ``label``, ``type`` and ``wikidata`` where known.

    Where an actor has several labels or Wikidata IRIs (a hand-edited store), the least
    one in text order counts.

    >>> from kg.store import OxigraphStore
    >>> actors(OxigraphStore(None))
    {}
    """
    types, labels, qids = _shared(store)
    found: dict[str, dict[str, Any]] = {}
    for key, classes in types.items():
        entry: dict[str, Any] = {"kind": "actor"}
        if key in labels:
            entry["label"] = min(labels[key])
        wikidata = sorted(q for q in qids.get(key, ()) if q.startswith(str(WD)))
        if wikidata:
            entry["wikidata"] = wikidata[0].removeprefix(str(WD))
        entry.setdefault("label", iri_tail(key))
        entry["type"] = _main_type(
            {c.removeprefix(str(KG)) for c in classes if c.startswith(str(KG))}
        )
        if entry["type"] != "Technology":
            found[key] = entry
    return found


_Values = dict[str, set[str]]


def _shared(store: Store) -> tuple[_Values, _Values, _Values]:
    """The shared graph's subjects that have a type: their classes (IRIs), labels and
    ``owl:sameAs`` IRIs. The embedded store reads the three predicates' quads directly:
    the query's join takes seconds at a million triples."""
    types: _Values = {}
    labels: _Values = {}
    qids: _Values = {}
    local = embedded(store)
    if local is None:
        for iri, cls, label, qid in store.select(ACTORS, {"shared": ACTORS_GRAPH}).rows:
            classes = types.setdefault(str(iri), set())
            if isinstance(cls, URIRef):
                classes.add(str(cls))
            if label is not None:
                labels.setdefault(str(iri), set()).add(str(label))
            if isinstance(qid, URIRef):
                qids.setdefault(str(iri), set()).add(str(qid))
        return types, labels, qids
    graph = ox.NamedNode(str(ACTORS_GRAPH))
    for found, predicate, iris_only in ((types, RDF.type, True), (labels, SKOS.prefLabel, False),
                                        (qids, OWL.sameAs, True)):  # fmt: skip
        pattern = (None, ox.NamedNode(str(predicate)), None, graph)
        for quad in local.oxigraph.quads_for_pattern(*pattern):
            values = found.setdefault(quad.subject.value, set())
            if not iris_only or isinstance(quad.object, ox.NamedNode):
                values.add(quad.object.value)
    return types, labels, qids


# Who speaks for whom, from the gazetteer (shared graph) and from articles (their graphs).
SPEAKS_FOR = """
SELECT DISTINCT ?actor ?rel ?parent
WHERE {
  VALUES ?rel { kg:speaksFor kg:leaderOf kg:partOf }
  GRAPH ?g { ?actor ?rel ?parent }
}
"""
# The relations in the order a roll-up prefers them, and what each level stops at.
_RELATION_ORDER = {str(KG.speaksFor): 0, str(KG.leaderOf): 1, str(KG.partOf): 2}
_LEVEL_TYPES = {
    "government": frozenset({"Government", "Country", "InternationalOrganization"}),
    "organization": frozenset(
        {"Government", "Country", "InternationalOrganization", "GovernmentAgency",
         "Organization", "Company", "PoliticalParty"}
    ),
}  # fmt: skip


def roll_up_map(
    store: Store, level: str, known: Mapping[str, dict[str, Any]] | None = None
) -> dict[str, str]:
    """For each actor that speaks for, leads or is part of another (kg:speaksFor,
    kg:leaderOf, kg:partOf, followed transitively), the nearest such actor of the
    ``level``: ``government`` (a government, or an international organisation) or
    ``organization`` (any body: a ministry, an agency, a company). Actors that reach
    none are left out (they stand for themselves).

    >>> from kg.store import OxigraphStore
    >>> roll_up_map(OxigraphStore(None), "government")
    {}
    """
    if level not in _LEVEL_TYPES:
        raise KgError(
            f"unknown roll-up level {level!r} (expected one of {', '.join(ROLL_UP_LEVELS)})"
        )
    known = actors(store) if known is None else known
    names, rows = store.rows(SPEAKS_FOR)
    parents: dict[str, list[tuple[int, str]]] = {}
    for row in rows:
        actor, rel, parent = (
            dict(zip(names, row, strict=True))[n] for n in ("actor", "rel", "parent")
        )
        if actor != parent:
            parents.setdefault(actor, []).append((_RELATION_ORDER[rel], parent))
    wanted = _LEVEL_TYPES[level]
    found: dict[str, str] = {}
    for actor in parents:
        if known.get(actor, {}).get("type") in wanted:
            continue  # already at the level
        top = _nearest(actor, parents, known, wanted)
        if top is not None:
            found[actor] = top
    return found


def roll_up_actors(store: Store, level: str | None, *iris: str) -> tuple[str, ...]:
    """The actors that ``iris`` count for at a roll-up ``level`` (themselves without one).

    >>> from kg.store import OxigraphStore
    >>> roll_up_actors(OxigraphStore(None), "government", "https://w3id.org/kg/id/actor/x")
    ('https://w3id.org/kg/id/actor/x',)
    """
    if not level:
        return iris
    up = roll_up_map(store, level)
    return tuple(up.get(iri, iri) for iri in iris)


def _nearest(
    actor: str,
    parents: Mapping[str, list[tuple[int, str]]],
    known: Mapping[str, dict[str, Any]],
    wanted: frozenset[str],
) -> str | None:
    """Breadth first along the preferred relations; the first actor of a wanted type."""
    seen, frontier = {actor}, [actor]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for _, parent in sorted(parents.get(node, ())):
                if parent in seen:
                    continue
                if known.get(parent, {}).get("type") in wanted:
                    return parent
                seen.add(parent)
                following.append(parent)
        frontier = following
    return None


def _main_type(types: set[str]) -> str:
    for name in _TYPE_PRIORITY:
        if name in types:
            return name
    return "Technology" if "Technology" in types else "Actor"


def iri_tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
