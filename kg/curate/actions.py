"""Curation of actors by the user: list them, merge two, add an alias, link a Wikidata
QID, set a type.

Each change is written twice: to the user's gazetteer file (so that the next ingest
gives the same result) and to the store, as one SPARQL Update (one transaction), so
nothing needs re-ingesting. Claims, measures, events and roles follow a merged actor;
nothing else changes. Removing the entry from the gazetteer file and ingesting the
articles again undoes a change.

The user's gazetteer file is ``--gazetteer``, else the first file of ``KG_GAZETTEER``,
else ``<store>.gazetteer.jsonl`` beside an embedded store (``kg/gazetteer.jsonl`` in
the data directory for an endpoint store); ``kg ingest`` reads it.

>>> from kg.store import OxigraphStore
>>> actor_rows(OxigraphStore(None))
[]
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from kg import config
from kg.curate.entries import (
    ACTOR_PREFIX,
    CuratedActor,
    CurationError,
    entry_for,
    recorded_in,
    shipped_entry,
    unique_names,
    user_entries,
    user_entry,
    write_entries,
)
from kg.errors import KgError
from kg.query import resolve_entity
from kg.store import Store, is_endpoint, nt
from kg.terms import ACTOR_CLASS, ACTOR_TYPES, ACTORS_GRAPH, ID, KG, OWL, RDF, SKOS, WD

__all__ = [
    "CurationError",
    "actor_rows",
    "add_alias",
    "link",
    "merge",
    "set_type",
    "user_gazetteer_path",
]

_QID = re.compile(r"^Q[1-9][0-9]*$")


def user_gazetteer_path(store_location: str | None = None) -> Path:
    """Where curation writes: the first ``KG_GAZETTEER`` file, else beside the store."""
    extra = config.extra_gazetteers()
    if extra:
        return extra[0]
    location = store_location or config.default_store_location()
    if is_endpoint(location):
        data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(data_home) / "kg" / "gazetteer.jsonl"
    where = Path(location)
    return where.with_name(where.name + ".gazetteer.jsonl")


# --- listing --------------------------------------------------------------------------------

_DESCRIPTIONS = """
SELECT ?actor ?class ?label ?alias ?qid WHERE {
  GRAPH ?shared {
    ?actor a ?class .
    OPTIONAL { ?actor skos:prefLabel ?label }
    OPTIONAL { ?actor skos:altLabel ?alias }
    OPTIONAL { ?actor owl:sameAs ?qid }
  }
}
"""
_MENTIONS = """
SELECT ?actor (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g kg:mentions ?actor } }
GROUP BY ?actor
"""
_FACTS = """
SELECT ?actor (COUNT(DISTINCT ?fact) AS ?n) WHERE {
  GRAPH ?g { ?fact kg:speaker|kg:target|kg:imposer|kg:party|kg:participant ?actor }
} GROUP BY ?actor
"""


def actor_rows(store: Store, unlinked: bool = False) -> list[dict[str, Any]]:
    """Every actor with ``label``, ``type``, ``wikidata``, ``aliases`` (joined by ``; ``),
    ``articles`` (that mention it) and ``facts`` (claims, measures and events it is in),
    most mentioned first; ``unlinked``: only those without a QID."""
    found: dict[str, dict[str, Any]] = {}
    for iri, cls, label, alias, qid in _select(store, _DESCRIPTIONS, {"shared": ACTORS_GRAPH}):
        if not str(iri).startswith(ACTOR_PREFIX):
            continue
        row = found.setdefault(str(iri), {"iri": str(iri), "types": set(), "aliases": set()})
        if str(cls).startswith(str(KG)) and str(cls).removeprefix(str(KG)) in ACTOR_TYPES:
            row["types"].add(str(cls).removeprefix(str(KG)))
        if label is not None:
            row["label"] = str(label)
        if alias is not None:
            row["aliases"].add(str(alias))
        if qid is not None and str(qid).startswith(str(WD)):
            row["wikidata"] = str(qid).removeprefix(str(WD))
    counts = {
        name: dict(_counts(store, query))
        for name, query in (("articles", _MENTIONS), ("facts", _FACTS))
    }
    rows = []
    for iri, row in found.items():
        if not row["types"] or (unlinked and "wikidata" in row):
            continue
        rows.append({
            "label": row.get("label", iri.rsplit("/", 1)[-1]),
            "type": ", ".join(sorted(row["types"])),
            "wikidata": row.get("wikidata", ""),
            "articles": counts["articles"].get(iri, 0),
            "facts": counts["facts"].get(iri, 0),
            "aliases": "; ".join(sorted(row["aliases"] - {row.get("label")})),
            "iri": iri,
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["articles"], -r["facts"], r["label"].lower()))
    return rows


def _select(store: Store, sparql: str, bindings: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    result = store.select(sparql, bindings)
    return result.rows


def _counts(store: Store, sparql: str) -> list[tuple[str, int]]:
    return [(str(a), int(n)) for a, n in _select(store, sparql, {})]


# --- changes --------------------------------------------------------------------------------


def merge(store: Store, source: str, into: str, path: Path) -> str:
    """Merge actor ``source`` into ``into``: every claim, measure, event, role and name
    of the first becomes the second's. Returns a line saying what was done."""
    a, b = _actor(store, source), _actor(store, into)
    if a.iri == b.iri:
        raise CurationError(f"cannot merge {source!r} into itself ({a.label})")
    if a.qid and b.qid and a.qid != b.qid:
        raise CurationError(
            f"cannot merge {a.label} ({a.qid}) into {b.label} ({b.qid}): they are linked to "
            "different Wikidata items"
        )
    entries = user_entries(path)
    b_entry = entry_for(b, entries)
    names = [a.label, *_labels(store, a.iri)]
    b_entry["aliases"] = unique_names([*b_entry.get("aliases", []), *names], b_entry["name"])
    if not b_entry.get("wikidata") and a.qid:
        b_entry["wikidata"] = a.qid
    changed = {b_entry["id"]: b_entry}
    a_entry = user_entry(a, entries) or shipped_entry(a)
    if a_entry is not None and a_entry["id"] != b_entry["id"]:
        changed[a_entry["id"]] = {
            "id": a_entry["id"],
            "name": a_entry["name"],
            "merged_into": b_entry["id"],
        }
    write_entries(path, entries, changed, lambda: store.update(_merge_ops(a.iri, b.iri)))
    return f"merged {a.label} into {b.label} ({recorded_in(path)})"


def add_alias(store: Store, actor: str, name: str, path: Path) -> str:
    """Give an actor another name."""
    if not name.strip():
        raise CurationError("an alias cannot be empty")
    who = _actor(store, actor)
    other = _named(store, name)
    if other is not None and other != who.iri:
        raise CurationError(
            f"{name!r} already names another actor ({other}); use 'kg actors merge' to join them"
        )
    entries = user_entries(path)
    entry = entry_for(who, entries)
    entry["aliases"] = unique_names([*entry.get("aliases", []), name.strip()], entry["name"])
    shared = nt(ACTORS_GRAPH)
    op = f"INSERT DATA {{ GRAPH {shared} {{ {nt(who.iri)} {nt(SKOS.altLabel)} {nt(Literal(name.strip()))} }} }}"
    write_entries(path, entries, {entry["id"]: entry}, lambda: store.update([op]))
    return f"{who.label} is also {name.strip()!r} ({recorded_in(path)})"


def link(store: Store, actor: str, qid: str, path: Path) -> str:
    """Link an actor to a Wikidata item; the actor's IRI becomes the QID's, as ingest
    would make it."""
    if not _QID.match(qid):
        raise CurationError(
            f"{qid!r} is not a Wikidata QID (expected Q followed by digits, e.g. Q148)"
        )
    who = _actor(store, actor)
    target = ID[f"actor/{qid}"]
    if who.qid == qid:
        return f"{who.label} is already linked to {qid}"
    if target != who.iri and _exists(store, target):
        raise CurationError(
            f"{qid} already belongs to another actor ({_label(store, target)}); "
            f"use 'kg actors merge {actor!r} {qid}' to join them"
        )
    entries = user_entries(path)
    entry = entry_for(who, entries)
    entry["wikidata"] = qid
    shared, iri = nt(ACTORS_GRAPH), nt(who.iri)
    ops = [
        f"DELETE WHERE {{ GRAPH {shared} {{ {iri} {nt(OWL.sameAs)} ?q }} }}",
        f"INSERT DATA {{ GRAPH {shared} {{ {iri} {nt(OWL.sameAs)} {nt(WD[qid])} }} }}",
    ]
    if target != who.iri:
        ops += _move_ops(who.iri, target)
    write_entries(path, entries, {entry["id"]: entry}, lambda: store.update(ops))
    return f"linked {who.label} to {qid} ({recorded_in(path)})"


def set_type(store: Store, actor: str, kind: str, path: Path) -> str:
    """Set an actor's type (one of :data:`kg.terms.ACTOR_TYPES`)."""
    if kind not in ACTOR_TYPES:
        raise CurationError(
            f"unknown actor type {kind!r} (expected one of {', '.join(ACTOR_TYPES)})"
        )
    who = _actor(store, actor)
    entries = user_entries(path)
    entry = entry_for(who, entries)
    entry["type"] = kind
    shared, iri = nt(ACTORS_GRAPH), nt(who.iri)
    drops = [
        f"DELETE DATA {{ GRAPH {shared} {{ {iri} {nt(RDF.type)} {nt(cls)} }} }}"
        for cls in ACTOR_CLASS.values()
    ]
    ops = [
        *drops,
        f"INSERT DATA {{ GRAPH {shared} {{ {iri} {nt(RDF.type)} {nt(ACTOR_CLASS[kind])} }} }}",
    ]
    write_entries(path, entries, {entry["id"]: entry}, lambda: store.update(ops))
    return f"{who.label} is now a {kind} ({recorded_in(path)})"


# --- the store ----------------------------------------------------------------------------


def _actor(store: Store, name: str) -> CuratedActor:
    try:
        iri = resolve_entity(store, name, "actor")
    except KgError:
        raise CurationError(f"no actor named {name!r} in the store") from None
    rows = _select(
        store,
        "SELECT ?class ?label ?qid WHERE { GRAPH ?shared { ?a a ?class "
        "OPTIONAL { ?a skos:prefLabel ?label } OPTIONAL { ?a owl:sameAs ?qid } } }",
        {"a": iri, "shared": ACTORS_GRAPH},
    )
    types = [
        str(c).removeprefix(str(KG))
        for c, _, _ in rows
        if str(c).removeprefix(str(KG)) in ACTOR_TYPES
    ]
    if not types:
        raise CurationError(f"no actor named {name!r} in the store")
    label = next((str(lb) for _, lb, _ in rows if lb is not None), str(iri).rsplit("/", 1)[-1])
    qid = next(
        (
            str(q).removeprefix(str(WD))
            for _, _, q in rows
            if q is not None and str(q).startswith(str(WD))
        ),
        None,
    )
    main = next((t for t in ACTOR_TYPES if t in types), types[0])
    return CuratedActor(URIRef(str(iri)), label, main, qid)


def _exists(store: Store, iri: URIRef) -> bool:
    return bool(
        store.query("ASK { GRAPH ?shared { ?a a ?c } }", {"a": iri, "shared": ACTORS_GRAPH})
    )


def _label(store: Store, iri: URIRef) -> str:
    rows = _select(
        store,
        "SELECT ?l WHERE { GRAPH ?shared { ?a skos:prefLabel ?l } }",
        {"a": iri, "shared": ACTORS_GRAPH},
    )
    return str(rows[0][0]) if rows else str(iri)


def _labels(store: Store, iri: URIRef) -> list[str]:
    rows = _select(
        store,
        "SELECT ?l WHERE { GRAPH ?shared { ?a skos:prefLabel|skos:altLabel ?l } } ORDER BY ?l",
        {"a": iri, "shared": ACTORS_GRAPH},
    )
    return [str(r[0]) for r in rows]


def _named(store: Store, name: str) -> URIRef | None:
    try:
        return URIRef(str(resolve_entity(store, name.strip(), "actor")))
    except KgError:
        return None


def _merge_ops(a: URIRef, b: URIRef) -> list[str]:
    """A's description gives way where B has one (type, preferred label, QID); A's
    labels become B's aliases; then everything A's is B's."""
    shared, na, nb = nt(ACTORS_GRAPH), nt(a), nt(b)
    pref, alt, same, typ = nt(SKOS.prefLabel), nt(SKOS.altLabel), nt(OWL.sameAs), nt(RDF.type)
    return [
        f"INSERT {{ GRAPH {shared} {{ {nb} {alt} ?l }} }} WHERE {{ GRAPH {shared} {{ {na} {pref}|{alt} ?l "
        f"FILTER NOT EXISTS {{ {nb} {pref} ?l }} }} }}",
        f"DELETE {{ GRAPH {shared} {{ {na} ?p ?o }} }} WHERE {{ GRAPH {shared} {{ {na} ?p ?o "
        f"VALUES ?p {{ {pref} {alt} }} }} }}",
        f"DELETE {{ GRAPH {shared} {{ {na} {typ} ?c }} }} WHERE {{ GRAPH {shared} {{ {na} {typ} ?c . {nb} {typ} ?d }} }}",
        f"DELETE {{ GRAPH {shared} {{ {na} {same} ?q }} }} WHERE {{ GRAPH {shared} {{ {na} {same} ?q . {nb} {same} ?r }} }}",
        *_move_ops(a, b),
    ]


def _move_ops(a: URIRef, b: URIRef) -> list[str]:
    """Every triple about or pointing to A, in every graph, now about or pointing to B
    (and no actor left pointing to itself)."""
    na, nb = nt(a), nt(b)
    relations = " ".join(nt(p) for p in (KG.partOf, KG.leaderOf, KG.speaksFor))
    return [
        f"DELETE {{ GRAPH ?g {{ ?s ?p {na} }} }} INSERT {{ GRAPH ?g {{ ?s ?p {nb} }} }} "
        f"WHERE {{ GRAPH ?g {{ ?s ?p {na} }} }}",
        f"DELETE {{ GRAPH ?g {{ {na} ?p ?o }} }} INSERT {{ GRAPH ?g {{ {nb} ?p ?o }} }} "
        f"WHERE {{ GRAPH ?g {{ {na} ?p ?o }} }}",
        f"DELETE {{ GRAPH ?g {{ {nb} ?p {nb} }} }} WHERE {{ GRAPH ?g {{ {nb} ?p {nb} VALUES ?p {{ {relations} }} }} }}",
    ]


# --- the gazetteer file ---------------------------------------------------------------------
