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

Who speaks for whom: ``leader_of``, ``part_of`` and ``speaks_for`` name another entry's
id. Offices carry dates, so that "the US president" resolves by the article's date::

    {"id": "boris-johnson", "name": "Boris Johnson", "type": "Person", "wikidata": "Q180589",
     "aliases": ["Johnson"], "leader_of": "uk", "offices": [
       {"role": "foreign-minister", "of": "uk-fcdo", "start": "2016-07-13", "end": "2018-07-09"},
       {"role": "head-of-government", "of": "uk", "start": "2019-07-24", "end": "2022-09-06"}]}

``role`` (one of :data:`kg.terms.ROLE_TYPES`) with ``start``/``end`` at the top level is
short for one office in the entry's ``leader_of`` (else ``speaks_for``, else ``part_of``).
Dates are ISO (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``); an office without ``end`` is
still held. ``{"id": "a", "name": "A", "merged_into": "b"}`` (what ``kg actors merge``
writes) makes A's names names of entry ``b``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg import config, resources
from kg.errors import InputError
from kg.model import Actor, Role, Technology
from kg.terms import ACTOR_TYPES, ROLE_TYPES

__all__ = ["Gazetteer", "default_files", "load", "load_entries", "normalise", "slug"]

_QID = re.compile(r"^Q[0-9]+$")
_DATE = re.compile(r"^[0-9]{4}(-[01][0-9](-[0-3][0-9])?)?$")


@lru_cache(maxsize=65536)
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
    _demonyms: dict[str, str] = field(default_factory=dict)  # lowercase demonym -> actor key
    # (key of the government or body, role type) -> the roles held there, any date
    _offices: dict[tuple[str, str], list[Role]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # entry id -> actor key

    def actor_for(self, name: str) -> Actor | None:
        key = self._by_alias.get(normalise(name))
        return self.actors.get(key) if key else None

    def actor_for_demonym(self, word: str) -> Actor | None:
        key = self._demonyms.get(word.lower())
        return self.actors.get(key) if key else None

    def demonyms_of(self, key: str) -> list[str]:
        """The demonyms that stand for the actor ``key`` ("iraqi" for Iraq's government)."""
        return [word for word, owner in self._demonyms.items() if owner == key]

    def actor_by_ref(self, ref: str) -> Actor | None:
        """An actor by entry id, key (QID), or any of its names."""
        key = self.ids.get(ref) or (ref if ref in self.actors else None)
        return self.actors[key] if key else self.actor_for(ref)

    def office_holder(self, of: str, role: str, date: str | None = None) -> Actor | None:
        """Who held ``role`` in ``of`` (an entry id, QID or name) on an ISO ``date``;
        without a date, the one holding it now (no end), else the latest. None if the
        gazetteer does not know.

        >>> gaz = load()
        >>> gaz.office_holder("us", "head-of-state", "2019-06-01").name
        'Donald Trump'
        >>> gaz.office_holder("United States", "head-of-state", "2022-06-01").name
        'Joe Biden'
        """
        body = self.actor_by_ref(of)
        if body is None:
            return None
        roles = self._offices.get((body.key, role), [])
        if date:
            held = [r for r in roles if r.active_on(date)]
        else:
            held = [r for r in roles if r.end is None] or roles
        if not held:
            return None
        latest = max(held, key=lambda r: r.start or "")
        return self.actors.get(latest.holder)

    def roles_of(self, actor: str) -> tuple[Role, ...]:
        """The dated offices of an actor (entry id, key or name)."""
        found = self.actor_by_ref(actor)
        return found.roles if found else ()

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
    return _build(load_entries(files))


def load_entries(files: Iterable[Path] | None = None) -> dict[str, dict[str, Any]]:
    """The checked entries of gazetteer files by id, later files overriding earlier ones."""
    entries: dict[str, dict[str, Any]] = {}
    for path in files if files is not None else default_files():
        for entry in _read_entries(Path(path)):
            entries[entry["id"]] = entry
    return entries


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
    if entry.get("merged_into"):  # written by `kg actors merge`: its names go to another entry
        return entry
    entry.setdefault("type", "Technology" if technologies else None)
    if entry["type"] != "Technology" and entry["type"] not in ACTOR_TYPES:
        allowed = ", ".join((*ACTOR_TYPES, "Technology"))
        raise InputError(origin, f"unknown type {entry['type']!r} (expected one of {allowed})")
    qid = entry.get("wikidata")
    if qid is not None and not _QID.match(str(qid)):
        raise InputError(origin, f"bad Wikidata QID {qid!r} (expected Q followed by digits)")
    for office in [entry, *entry.get("offices", [])]:
        _check_office(office, origin, top=office is entry)
    return entry


def _check_office(office: Any, origin: str, top: bool) -> None:
    if not isinstance(office, dict) or (not top and not isinstance(office.get("of"), str)):
        raise InputError(origin, "an office needs a 'role' and an 'of' (an entry id)")
    role = office.get("role")
    if role is not None and role not in ROLE_TYPES:
        raise InputError(origin, f"unknown role {role!r} (expected one of {', '.join(ROLE_TYPES)})")
    if not top and role is None:
        raise InputError(origin, "an office needs a 'role' and an 'of' (an entry id)")
    for name in ("start", "end"):
        value = office.get(name)
        if value is not None and not _DATE.match(str(value)):
            raise InputError(
                origin, f"bad {name} date {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)"
            )


def _key(entry: dict[str, Any]) -> str:
    return entry.get("wikidata") or slug(entry["id"])


def _offices(entry: dict[str, Any], key: str, keys: dict[str, str]) -> tuple[Role, ...]:
    """The entry's dated offices as roles (offices in unknown entries are left out)."""
    offices = list(entry.get("offices", []))
    if entry.get("role"):
        of = entry.get("leader_of") or entry.get("speaks_for") or entry.get("part_of")
        offices.append({"role": entry["role"], "of": of} | _dates(entry))
    return tuple(
        Role(key, keys[o["of"]], o["role"], start=o.get("start"), end=o.get("end"))
        for o in offices
        if o.get("of") in keys
    )


def _dates(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("start", "end") if entry.get(k)}


def _build(entries: dict[str, dict[str, Any]]) -> Gazetteer:
    gaz = Gazetteer()
    merged = [e for e in entries.values() if e.get("merged_into")]
    entries = {eid: e for eid, e in entries.items() if not e.get("merged_into")}
    for gone in merged:  # its names become the target's aliases
        ref = gone["merged_into"]
        tid = (
            ref if ref in entries else next((i for i, x in entries.items() if _key(x) == ref), None)
        )
        if tid is not None:
            extra = [gone["name"], *gone.get("aliases", [])]
            entries[tid] = entries[tid] | {"aliases": [*entries[tid].get("aliases", []), *extra]}
    keys = {eid: _key(e) for eid, e in entries.items()}
    gaz.ids = {eid: k for eid, k in keys.items() if entries[eid]["type"] != "Technology"}
    for eid, e in entries.items():
        aliases = tuple(a for a in e.get("aliases", []) if a.strip())
        if e["type"] == "Technology":
            tech = Technology(keys[eid], e["name"], e.get("wikidata"), aliases)
            gaz.technologies[tech.key] = tech
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
            speaks_for=keys.get(e.get("speaks_for", "")),
            roles=_offices(e, keys[eid], keys),
        )
        gaz.actors[actor.key] = actor
        for role in actor.roles:
            gaz._offices.setdefault((role.of, role.role), []).append(role)
        for form in (actor.name, *aliases):
            gaz._by_alias.setdefault(normalise(form), actor.key)
        for demonym in e.get("demonyms", []):
            gaz._demonyms.setdefault(demonym.lower(), actor.key)
    return gaz
