"""The user's gazetteer file, as curation changes it: the entry that gives an actor
(the user's, else the shipped one, else a new one), and writing the file only once the
store has taken the change."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import URIRef

from kg.errors import KgError
from kg.extract import gazetteer
from kg.terms import ID

__all__ = [
    "ACTOR_PREFIX",
    "CuratedActor",
    "CurationError",
    "entry_for",
    "recorded_in",
    "shipped_entry",
    "unique_names",
    "user_entries",
    "user_entry",
    "write_entries",
]


ACTOR_PREFIX = str(ID["actor/"])


class CurationError(KgError):
    """A curation command that cannot be done: an unknown actor, a bad QID, a merge of an
    actor into itself."""


@dataclass(frozen=True)
class CuratedActor:
    iri: URIRef
    label: str
    type: str | None
    qid: str | None

    @property
    def key(self) -> str:
        return str(self.iri).removeprefix(ACTOR_PREFIX)


def user_entries(path: Path) -> dict[str, dict[str, Any]]:
    """The user's file as it is (checked), by id; missing is empty."""
    return gazetteer.load_entries([path]) if path.exists() else {}


def shipped_entry(who: CuratedActor) -> dict[str, Any] | None:
    """The entry of the loaded gazetteers (shipped, KG_GAZETTEER) that gives this actor."""
    entries = gazetteer.load_entries().values()
    return next((e for e in entries if e.get("type") != "Technology" and _gives(e, who)), None)


def user_entry(who: CuratedActor, user: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    return next((entry for entry in user.values() if _gives(entry, who)), None)


def _gives(entry: dict[str, Any], who: CuratedActor) -> bool:
    """Whether the entry makes the actor (same key: the QID, else the slug of the id)."""
    if entry.get("merged_into"):
        return False
    return (entry.get("wikidata") or gazetteer.slug(entry["id"])) == who.key


def entry_for(who: CuratedActor, user: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A copy of the entry to change: the user's, else the shipped one, else a new one
    whose id gives the actor's present IRI."""
    mine = user_entry(who, user)
    if mine is not None:
        return dict(mine)
    shipped = shipped_entry(who)
    if shipped is not None:
        return dict(shipped)
    entry: dict[str, Any] = {
        "id": who.key if not who.qid else gazetteer.slug(who.label),
        "name": who.label,
        "type": who.type,
    }
    if who.qid:
        entry["wikidata"] = who.qid
    return entry


def unique_names(names: list[str], name: str) -> list[str]:
    seen = {gazetteer.normalise(name)}
    out = []
    for n in names:
        if gazetteer.normalise(n) not in seen:
            seen.add(gazetteer.normalise(n))
            out.append(n)
    return out


def write_entries(
    path: Path, entries: dict[str, dict[str, Any]], changed: dict[str, dict[str, Any]], apply: Any
) -> None:
    """Write the file beside itself, change the store, then put the file in place: a
    failed store update leaves both as they were."""
    merged = {**entries, **changed}
    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in merged.values())
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
    except OSError as e:
        raise CurationError(f"{path}: cannot write the gazetteer: {e.strerror or e}") from e
    try:
        apply()
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)


def recorded_in(path: Path) -> str:
    return f"recorded in {path}"
