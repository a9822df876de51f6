"""Checks on the shipped gazetteer files in data/gazetteer.

Every line must parse, ids and Wikidata QIDs must be unique, each surface form
(name or alias, compared the way kg matches names) must belong to one entry only,
every ``leader_of`` / ``part_of`` / ``speaks_for`` and every office must name an
existing actor, offices have a known role and well-formed dates, and every sovereign
state has its government.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from kg.extract import gazetteer
from kg.terms import ACTOR_TYPES, ROLE_TYPES

GAZETTEER_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
ACTORS_FILE = GAZETTEER_DIR / "actors.jsonl"
TECH_FILE = GAZETTEER_DIR / "technologies.jsonl"
QID = re.compile(r"^Q[0-9]+$")
ACTOR_FIELDS = {
    "id", "name", "type", "wikidata", "aliases", "demonyms", "leader_of", "part_of", "speaks_for",
    "offices", "role", "start", "end",
}  # fmt: skip
OFFICE_FIELDS = {"role", "of", "start", "end"}
ISO_DATE = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")
# UN members and observers, Taiwan and Kosovo: 197 governments, at least.
SOVEREIGN_STATES = 197
TECH_FIELDS = {"id", "name", "type", "wikidata", "aliases"}


def _read(path: Path) -> list[dict]:
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as e:  # pragma: no cover - reported by the assertion
            pytest.fail(f"{path.name}:{number}: not JSON: {e}")
        assert isinstance(entry, dict), f"{path.name}:{number}: not an object"
        entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def actors() -> list[dict]:
    return _read(ACTORS_FILE)


@pytest.fixture(scope="module")
def technologies() -> list[dict]:
    return _read(TECH_FILE)


def _forms(entry: dict) -> set[str]:
    """The entry's name and aliases, folded the way kg compares names."""
    return {gazetteer.normalise(form) for form in [entry["name"], *entry.get("aliases", [])]}


def test_files_exist_and_are_not_empty(actors, technologies):
    assert len(actors) >= 200
    assert len(technologies) >= 25


def test_actor_entries_are_well_formed(actors):
    for entry in actors:
        where = entry.get("id")
        assert set(entry) <= ACTOR_FIELDS, f"{where}: unknown fields {set(entry) - ACTOR_FIELDS}"
        assert isinstance(entry.get("id"), str) and re.fullmatch(
            r"[a-z0-9]+(-[a-z0-9]+)*", entry["id"]
        ), where
        assert isinstance(entry.get("name"), str) and entry["name"].strip(), where
        assert entry.get("type") in ACTOR_TYPES, f"{where}: bad type {entry.get('type')!r}"
        assert entry["type"] != "Group", f"{where}: groups do not belong in the gazetteer"
        for key in ("aliases", "demonyms"):
            values = entry.get(key, [])
            assert isinstance(values, list), f"{where}: {key} must be a list"
            assert all(isinstance(v, str) and v.strip() == v and v for v in values), (
                f"{where}: bad {key}"
            )
            assert len(values) == len(set(values)), f"{where}: repeated {key}"
        if entry["type"] != "Person":
            assert "leader_of" not in entry, f"{where}: only persons lead"


def test_technology_entries_are_well_formed(technologies):
    for entry in technologies:
        where = entry.get("id")
        assert set(entry) <= TECH_FIELDS, f"{where}: unknown fields {set(entry) - TECH_FIELDS}"
        assert isinstance(entry.get("id"), str) and entry["id"], where
        assert isinstance(entry.get("name"), str) and entry["name"].strip(), where
        assert entry.get("type", "Technology") == "Technology", where
        aliases = entry.get("aliases", [])
        assert isinstance(aliases, list) and all(
            isinstance(a, str) and a.strip() for a in aliases
        ), where


def test_actors_sorted_by_type_then_id(actors):
    keys = [(e["type"], e["id"]) for e in actors]
    assert keys == sorted(keys)


def test_ids_are_unique_across_files(actors, technologies):
    # Later files override earlier entries with the same id, so a clash would drop one.
    ids = [e["id"] for e in actors + technologies]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"repeated ids: {duplicates}"


def test_qids_are_well_formed_and_unique(actors, technologies):
    seen: dict[str, str] = {}
    for entry in actors + technologies:
        qid = entry.get("wikidata")
        if qid is None:
            continue
        assert isinstance(qid, str) and QID.match(qid), f"{entry['id']}: bad QID {qid!r}"
        # kg keys an actor by its QID, so two entries sharing one would merge.
        assert qid not in seen, f"{qid} used by both {seen[qid]} and {entry['id']}"
        seen[qid] = entry["id"]


@pytest.mark.parametrize("which", ["actors", "technologies"])
def test_each_surface_form_belongs_to_one_entry(which, actors, technologies):
    entries = actors if which == "actors" else technologies
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for form in _forms(entry):
            assert form, f"{entry['id']}: a name or alias is empty once normalised"
            owners[form].add(entry["id"])
    clashes = {form: sorted(ids) for form, ids in owners.items() if len(ids) > 1}
    assert not clashes, f"surface forms under several entries: {clashes}"


def test_no_form_is_both_an_actor_and_a_technology(actors, technologies):
    actor_forms = set().union(*(_forms(e) for e in actors))
    tech_forms = set().union(*(_forms(e) for e in technologies))
    assert not actor_forms & tech_forms, sorted(actor_forms & tech_forms)


def test_demonyms_are_unique(actors):
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in actors:
        for demonym in entry.get("demonyms", []):
            owners[demonym.lower()].add(entry["id"])
    clashes = {d: sorted(ids) for d, ids in owners.items() if len(ids) > 1}
    assert not clashes, clashes


def test_relations_point_to_existing_actors(actors):
    by_id = {e["id"]: e for e in actors}
    for entry in actors:
        for key in ("leader_of", "part_of", "speaks_for"):
            target = entry.get(key)
            if target is None:
                continue
            assert target in by_id, f"{entry['id']}: {key} {target!r} is not a gazetteer id"
            assert target != entry["id"], f"{entry['id']}: {key} points to itself"
            assert by_id[target]["type"] != "Person", f"{entry['id']}: {key} points to a person"


def test_governments_have_country_qids(actors):
    for entry in actors:
        if entry["type"] == "Government":
            assert entry["name"].startswith("Government of "), entry["id"]
            assert "wikidata" in entry, f"{entry['id']}: a government carries its country's QID"


def test_known_qids():
    """A few anchors that must not drift (WTO is Q7825, Nvidia is Q182477)."""
    loaded = gazetteer.load([ACTORS_FILE, TECH_FILE])
    expected = {
        "China": "Q148",
        "the White House": "Q30",
        "the Kremlin": "Q159",
        "Brussels": "Q458",
        "Xi": "Q15031",
        "Trump": "Q22686",
        "WTO": "Q7825",
        "Nvidia": "Q182477",
    }
    for form, qid in expected.items():
        actor = loaded.actor_for(form)
        assert actor is not None and actor.wikidata == qid, (form, actor)


def test_kg_loads_every_entry(actors, technologies):
    loaded = gazetteer.load([ACTORS_FILE, TECH_FILE])
    assert len(loaded.actors) == len(actors)
    assert len(loaded.technologies) == len(technologies)
    for entry in actors:
        key = entry.get("wikidata") or gazetteer.slug(entry["id"])
        actor = loaded.actors[key]
        for form in entry.get("aliases", []):
            assert loaded.actor_for(form) is actor, (entry["id"], form)
        if entry.get("leader_of"):
            assert actor.leader_of is not None, entry["id"]
        if entry.get("part_of"):
            assert actor.part_of is not None, entry["id"]


def test_every_sovereign_state_has_a_government(actors):
    governments = [e for e in actors if e["type"] == "Government"]
    assert len(governments) >= SOVEREIGN_STATES
    loaded = gazetteer.load([ACTORS_FILE])
    for name in ("Benin", "Niger", "Tuvalu", "Kosovo", "Taiwan", "Palestine", "the Holy See"):
        actor = loaded.actor_for(name)
        assert actor is not None and actor.type == "Government", name
    assert loaded.actor_for("Benin").wikidata == "Q962"
    assert loaded.actor_for("Niger").wikidata == "Q1032"
    assert loaded.actor_for_demonym("Nigerien").wikidata == "Q1032"


def test_offices_are_well_formed(actors):
    by_id = {e["id"]: e for e in actors}
    offices = 0
    for entry in actors:
        where = entry["id"]
        for office in entry.get("offices", []):
            offices += 1
            assert set(office) <= OFFICE_FIELDS, f"{where}: unknown office fields {office}"
            assert office.get("role") in ROLE_TYPES, f"{where}: bad role {office.get('role')!r}"
            assert office.get("of") in by_id, f"{where}: office in unknown {office.get('of')!r}"
            assert by_id[office["of"]]["type"] != "Person", f"{where}: office in a person"
            for key in ("start", "end"):
                if key in office:
                    assert ISO_DATE.match(office[key]), f"{where}: bad {key} {office[key]!r}"
            if "start" in office and "end" in office:
                assert office["start"] <= office["end"], f"{where}: ends before it starts"
        if entry.get("offices"):
            assert entry["type"] == "Person", f"{where}: only persons hold offices"
    assert offices >= 250


def test_office_holders_by_date():
    loaded = gazetteer.load([ACTORS_FILE])
    cases = [
        ("us", "head-of-state", "2019-05-01", "Donald Trump"),
        ("us", "head-of-state", "2022-05-01", "Joe Biden"),
        ("us", "head-of-state", "2025-06-01", "Donald Trump"),
        ("United Kingdom", "head-of-government", "2020-01-31", "Boris Johnson"),
        ("uk", "head-of-government", "2018-01-01", "Theresa May"),
        ("Germany", "head-of-government", "2019-01-01", "Angela Merkel"),
        ("germany", "head-of-government", "2023-01-01", "Olaf Scholz"),
        ("us", "trade-representative", "2019-01-01", "Robert Lighthizer"),
        ("us", "trade-representative", "2025-06-01", "Jamieson Greer"),
        ("china", "foreign-minister", "2023-03-01", "Qin Gang"),
        ("china", "foreign-minister", "2024-03-01", "Wang Yi"),
        ("eu", "trade-minister", "2025-03-01", "Maroš Šefčovič"),
    ]
    for of, role, date, name in cases:
        holder = loaded.office_holder(of, role, date)
        assert holder is not None and holder.name == name, (of, role, date, holder)
    assert loaded.office_holder("us", "head-of-state", "1990-01-01") is None
    assert loaded.office_holder("nowhere", "head-of-state") is None
    assert loaded.actor_for("Angela Merkel").wikidata == "Q567"
    assert loaded.actor_for("Boris Johnson").wikidata == "Q180589"


def test_gazetteer_loads_fast():
    import time

    start = time.perf_counter()
    gazetteer.load([ACTORS_FILE, TECH_FILE])
    assert time.perf_counter() - start < 1.0  # about 0.1 s; loaded once per process


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "name": "A", "type": "Person", "role": "king"}', "unknown role 'king'"),
        (
            '{"id": "a", "name": "A", "type": "Person", "offices": [{"role": "leader"}]}',
            "an office needs a 'role' and an 'of'",
        ),
        (
            '{"id": "a", "name": "A", "type": "Person", "role": "leader", "start": "May 2020"}',
            "bad start date 'May 2020'",
        ),
    ],
)
def test_bad_offices_get_one_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(gazetteer.InputError, match=message) as caught:
        gazetteer.load([path])
    assert str(caught.value).startswith(f"{path}:1: ") and "\n" not in str(caught.value)
