"""The gazetteer: known actors and technologies, their aliases and Wikidata QIDs.

A gazetteer file is JSON Lines, one entry a line::

    {"id": "china", "name": "Government of China", "type": "Government", "wikidata": "Q148",
     "aliases": ["China", "Beijing"], "demonyms": ["Chinese"]}
    {"id": "xi-jinping", "name": "Xi Jinping", "type": "Person", "wikidata": "Q15031",
     "aliases": ["Xi"], "leader_of": "china"}
    {"id": "semiconductors", "name": "semiconductors", "type": "Technology", "aliases": ["chips"]}

``type`` is an actor type of :data:`kg.terms.ACTOR_TYPES`, or ``Technology``. Files in
a folder named ``technologies*.jsonl`` may leave ``type`` out. Later files override
earlier entries with the same id, so a user's file can correct the shipped one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import config, resources
from kg.errors import InputError
from kg.model import Actor, Technology
from kg.terms import ACTOR_TYPES

_QID = re.compile(r"^Q[0-9]+$")


def normalise(name: str) -> str:
    """A name folded for matching: accents and case dropped, a leading 'the' and
    punctuation removed, whitespace collapsed.

    >>> normalise("The  Kremlin's")
    'kremlin s'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w]+", " ", text).strip()
    return re.sub(r"^the\s+", "", text)


def slug(name: str) -> str:
    """The key of an actor known only by name: its normalised name, hyphenated."""
    return normalise(name).replace(" ", "-") or "unnamed"


@dataclass
class Gazetteer:
    actors: dict[str, Actor] = field(default_factory=dict)  # by actor key
    technologies: dict[str, Technology] = field(default_factory=dict)
    _by_alias: dict[str, str] = field(default_factory=dict)  # normalised alias -> actor key
    _tech_by_alias: dict[str, str] = field(default_factory=dict)
    _demonyms: dict[str, str] = field(default_factory=dict)  # lowercase demonym -> actor key

    def actor_for(self, name: str) -> Actor | None:
        key = self._by_alias.get(normalise(name))
        return self.actors.get(key) if key else None

    def technology_for(self, name: str) -> Technology | None:
        key = self._tech_by_alias.get(normalise(name))
        return self.technologies.get(key) if key else None

    def actor_for_demonym(self, word: str) -> Actor | None:
        key = self._demonyms.get(word.lower())
        return self.actors.get(key) if key else None

    def aliases(self) -> Iterable[tuple[str, str, str]]:
        """(surface form, kind 'actor' or 'tech', key) for every name to look for in text."""
        for actor in self.actors.values():
            for form in {actor.name, *actor.aliases}:
                yield form, "actor", actor.key
        for tech in self.technologies.values():
            for form in {tech.name, *tech.aliases}:
                yield form, "tech", tech.key


def default_files() -> list[Path]:
    shipped = sorted(resources.gazetteer_dir().glob("*.jsonl"))
    return shipped + config.extra_gazetteers()


def load(files: Iterable[Path] | None = None) -> Gazetteer:
    """Load gazetteer files (default: the shipped ones, then ``KG_GAZETTEER``)."""
    entries: dict[str, dict[str, Any]] = {}
    for path in files if files is not None else default_files():
        for entry in _read_entries(Path(path)):
            entries[entry["id"]] = entry
    return _build(entries)


def _read_entries(path: Path) -> Iterable[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as e:
        raise InputError(str(path), "gazetteer file not found") from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), f"cannot read gazetteer: {e}") from e
    technologies = path.name.startswith("technolog")
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        origin = f"{path}:{number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(origin, f"malformed gazetteer line: {e.msg}") from e
        yield _checked(entry, origin, technologies)


def _checked(entry: Any, origin: str, technologies: bool) -> dict[str, Any]:
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
        raise InputError(origin, "gazetteer entry needs an 'id' and a 'name'")
    entry.setdefault("type", "Technology" if technologies else None)
    if entry["type"] != "Technology" and entry["type"] not in ACTOR_TYPES:
        allowed = ", ".join((*ACTOR_TYPES, "Technology"))
        raise InputError(origin, f"unknown type {entry['type']!r} (expected one of {allowed})")
    qid = entry.get("wikidata")
    if qid is not None and not _QID.match(str(qid)):
        raise InputError(origin, f"bad Wikidata QID {qid!r} (expected Q followed by digits)")
    return entry


def _key(entry: dict[str, Any]) -> str:
    return entry.get("wikidata") or slug(entry["id"])


def _build(entries: dict[str, dict[str, Any]]) -> Gazetteer:
    gaz = Gazetteer()
    keys = {eid: _key(e) for eid, e in entries.items()}
    for eid, e in entries.items():
        aliases = tuple(a for a in e.get("aliases", []) if a.strip())
        if e["type"] == "Technology":
            tech = Technology(keys[eid], e["name"], e.get("wikidata"), aliases)
            gaz.technologies[tech.key] = tech
            for form in (tech.name, *aliases):
                gaz._tech_by_alias.setdefault(normalise(form), tech.key)
            continue
        actor = Actor(
            key=keys[eid],
            name=e["name"],
            type=e["type"],
            wikidata=e.get("wikidata"),
            aliases=aliases,
            leader_of=keys.get(e.get("leader_of", "")),
            part_of=keys.get(e.get("part_of", "")),
            from_gazetteer=True,
        )
        gaz.actors[actor.key] = actor
        for form in (actor.name, *aliases):
            gaz._by_alias.setdefault(normalise(form), actor.key)
        for demonym in e.get("demonyms", []):
            gaz._demonyms.setdefault(demonym.lower(), actor.key)
    return gaz
