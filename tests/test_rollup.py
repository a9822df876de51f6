"""Who speaks for whom: roles in RDF with their evidence, and the roll-up of claims,
measures and meetings to the government (or organisation) an actor speaks for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from graph_fixtures import CHINA, EU, USA, XI, claim, event, extraction, fill, tariff
from typer.testing import CliRunner

from kg import project
from kg.analysis import balance, reciprocity
from kg.cli import app
from kg.errors import KgError
from kg.model import Actor, Evidence, Role
from kg.project import Filters
from kg.query.validate import validate
from kg.store import OxigraphStore, SelectResult
from kg.triples import actor_iri, article_write
from tests.servers import oxigraph_server, store_location, virtuoso_server  # noqa: F401

MOFCOM = Actor("china-mofcom", "Ministry of Commerce of China", "GovernmentAgency", part_of="Q148")
HE = Actor("he-yadong", "He Yadong", "Person")  # speaks for MOFCOM only as the text says
USDOC = Actor("us-commerce", "US Department of Commerce", "GovernmentAgency", part_of="Q30")
LUTNICK = Actor(
    "lutnick", "Howard Lutnick", "Person", leader_of="us-commerce",
    roles=(Role("lutnick", "us-commerce", "commerce-minister", start="2025-02-21"),),
)  # fmt: skip
LONER = Actor("loner", "A Loner", "Person")

IRI = {
    a.key: str(actor_iri(a.key)) for a in (CHINA, USA, EU, XI, MOFCOM, HE, USDOC, LUTNICK, LONER)
}
TITLE = "Commerce ministry spokesperson He Yadong said the US abused export controls."


def _extractions():
    a1 = extraction(
        "r1",
        "2025-05-01",
        "Wire",
        [
            claim("accuse", HE, USA, "an abuse of export controls", "2025-05-01"),
            claim("criticize", HE, MOFCOM, "its own slowness", "2025-05-01"),  # internal
            claim("praise", XI, EU, "cooperation", "2025-05-01"),
        ],
        [tariff(MOFCOM, USA, None, 34, "2025-04-04")],
        [event("consult", "2025-05-01", HE, EU)],
    )
    a1.actors[MOFCOM.key] = MOFCOM
    a1.actors[CHINA.key] = CHINA
    a1.roles.append(
        Role(
            HE.key,
            MOFCOM.key,
            "spokesperson",
            title="Commerce ministry spokesperson",
            evidence=Evidence(TITLE, 0, len(TITLE)),
        )
    )
    a2 = extraction(
        "r2",
        "2025-05-02",
        "Wire",
        [
            claim("accuse", LUTNICK, MOFCOM, "cheating", "2025-05-02"),
            claim("accuse", LONER, LUTNICK, "nothing much", "2025-05-02"),
        ],
    )
    a2.actors[USDOC.key] = USDOC
    a2.actors[USA.key] = USA
    return [a1, a2]  # fmt: skip


@pytest.fixture
def store() -> OxigraphStore:
    return fill(OxigraphStore(None), _extractions())


def _pairs(graph) -> set[frozenset[str]]:
    return {frozenset((p.a, p.b)) for p in reciprocity.reciprocal_pairs(graph, ("ACCUSE",))}


def test_roles_from_text_are_stored_with_their_evidence(store: OxigraphStore) -> None:
    result = store.query(
        """SELECT ?type ?org ?title ?sentence ?g WHERE { GRAPH ?g {
             ?who kg:holdsRole ?role ; kg:speaksFor ?org .
             ?role a kg:Role ; kg:roleIn ?org ; kg:roleType ?type ; kg:title ?title ;
                   kg:evidence ?ev . ?ev kg:sentence ?sentence } }""",
        {"who": actor_iri(HE.key)},
    )
    assert isinstance(result, SelectResult)
    [(kind, org, title, sentence, graph)] = result.rows
    assert (str(kind), str(org), str(title)) == (
        "spokesperson",
        IRI["china-mofcom"],
        "Commerce ministry spokesperson",
    )
    assert str(sentence) == TITLE and str(graph).endswith("/article/r1")


def test_gazetteer_roles_are_dated_in_the_shared_graph(store: OxigraphStore) -> None:
    result = store.query(
        "SELECT ?type ?start WHERE { ?who kg:holdsRole ?r . ?r kg:roleType ?type ; "
        "kg:startDate ?start ; kg:roleIn ?org }",
        {"who": actor_iri(LUTNICK.key), "org": actor_iri(USDOC.key)},
    )
    assert isinstance(result, SelectResult)
    assert [(str(t), str(s)) for t, s in result.rows] == [("commerce-minister", "2025-02-21")]


@pytest.mark.slow
def test_roles_validate_and_go_with_their_holder(store: OxigraphStore) -> None:
    report = validate(store)
    assert report.violations == [] and report.conforms
    store.remove_article(store.article_graphs()[-1])  # r2: Lutnick's only article
    assert not store.query("ASK { ?r a kg:Role ; kg:roleType 'commerce-minister' }")
    assert store.query("ASK { ?r a kg:Role ; kg:roleType 'spokesperson' }")


def test_roll_up_map_follows_speaks_for_leader_of_and_part_of(store: OxigraphStore) -> None:
    up = project.roll_up_map(store, "government")
    assert up[IRI["he-yadong"]] == IRI["Q148"]  # spokesperson → ministry → government
    assert up[IRI["china-mofcom"]] == IRI["Q148"]
    assert up[IRI["lutnick"]] == IRI["Q30"]  # leads the department, part of the government
    assert up[IRI["Q15031"]] == IRI["Q148"]
    assert IRI["loner"] not in up and IRI["Q30"] not in up
    assert project.roll_up_map(store, "organization")[IRI["he-yadong"]] == IRI["china-mofcom"]
    with pytest.raises(KgError, match="unknown roll-up level 'country'"):
        Filters(roll_up="country")


def test_claims_count_for_the_government_with_the_speakers_in_the_details(
    store: OxigraphStore,
) -> None:
    plain = project.actor_graph(store)
    assert _pairs(plain) == set()
    rolled = project.actor_graph(store, Filters(roll_up="government"))
    assert _pairs(rolled) == {frozenset((IRI["Q148"], IRI["Q30"]))}
    details = [d for _, _, d in rolled.edges(IRI["Q148"], data=True) if d["type"] == "accuse"]
    assert [(d["speaker_label"], d["target_label"]) for d in details] == [
        ("He Yadong", "United States government")
    ]
    assert not rolled.has_edge(IRI["Q148"], IRI["Q148"])  # a ministry's spokesperson about it
    assert rolled.has_edge(IRI["loner"], IRI["Q30"])  # the accused minister counts too
    assert "He Yadong" in rolled.nodes[IRI["Q148"]]["members"]
    rows = balance.pair_balance(rolled, project.event_graph(store, Filters(roll_up="government")))
    china_us = [r for r in rows if {r["a"], r["b"]} == {IRI["Q148"], IRI["Q30"]}]
    assert china_us and china_us[0]["conflict"] == 2


def test_measures_and_meetings_roll_up_too(store: OxigraphStore) -> None:
    flt = Filters(roll_up="government")
    policies = project.policy_graph(store, flt)
    [(_fact, data)] = [(n, d) for n, d in policies.nodes(data=True) if d.get("kind") == "policy"]
    assert (
        data["imposer"] == IRI["Q148"] and data["rolled_up_from"] == "Ministry of Commerce of China"
    )
    events = project.event_graph(store, flt)
    [meeting] = [n for n, d in events.nodes(data=True) if d.get("kind") == "event"]
    assert set(events.neighbors(meeting)) == {IRI["Q148"], IRI["Q458"]}
    # --actor names a speaker: the roll-up centres on its government
    around = project.actor_graph(store, Filters(roll_up="government", actors=(IRI["he-yadong"],)))
    assert IRI["Q148"] in around and IRI["Q30"] in around


@pytest.mark.slow
def test_cli_roll_up_on_analyses_views_and_exports(tmp_path: Path) -> None:
    disk = OxigraphStore(tmp_path / "store")
    fill(disk, _extractions())
    disk.close()
    runner = CliRunner()
    where = ["--store", str(tmp_path / "store")]
    result = runner.invoke(
        app, ["analyze", "reciprocity", "--roll-up", "government", "-f", "json", *where]
    )
    assert result.exit_code == 0, result.output
    [pair] = json.loads(result.output)
    assert {pair["a_label"], pair["b_label"]} == {"Government of China", "United States government"}
    result = runner.invoke(app, ["analyze", "reciprocity", "-f", "json", *where])
    assert json.loads(result.output) == []
    result = runner.invoke(
        app,
        ["analyze", "timeline", "He Yadong", "US", "--roll-up", "government", "-f", "json", *where],
    )
    assert result.exit_code == 0, result.output
    assert sum(r["a_to_b"] for r in json.loads(result.output)) == 1
    out = tmp_path / "g.html"
    result = runner.invoke(app, ["viz", "--roll-up", "government", "-o", str(out), *where])
    assert result.exit_code == 0
    assert re.search(r"\"speaker\": *\"He Yadong\"", out.read_text(encoding="utf-8"))
    result = runner.invoke(app, ["analyze", "balance", "--roll-up", "nation", *where])
    assert result.exit_code == 1
    assert "unknown roll-up level 'nation'" in result.output


def test_samples_show_the_us_china_dispute_rolled_up(sample_store: OxigraphStore) -> None:
    china, usa = str(actor_iri("Q148")), str(actor_iri("Q30"))
    assert frozenset((china, usa)) not in _pairs(project.actor_graph(sample_store))
    flt = Filters(roll_up="government")
    rolled = project.actor_graph(sample_store, flt)
    assert frozenset((china, usa)) in _pairs(rolled)
    rows = balance.pair_balance(rolled, project.event_graph(sample_store, flt))
    assert any({r["a"], r["b"]} == {china, usa} and r["conflict"] >= 5 for r in rows)


def test_canned_queries_take_the_roll_up(store: OxigraphStore) -> None:
    from kg import query

    plain = query.run(store, "accusations", {"actor": "US"})
    rolled = query.run(store, "accusations", {"actor": "China"}, roll_up="government")
    assert isinstance(plain, SelectResult) and isinstance(rolled, SelectResult)
    speakers = sorted(str(r[0]) for r in rolled.rows)
    # by China's spokesperson (twice: once about its own ministry), and against the ministry
    assert speakers == ["He Yadong", "He Yadong", "Howard Lutnick"]
    assert len(plain.rows) == 1
    with pytest.raises(KgError, match="actor parameter"):
        query.run(store, "accusations", roll_up="government")


def test_roll_up_is_the_same_on_every_kind_of_store(store_location: str) -> None:
    from kg.store import open_store

    target = open_store(store_location)
    try:
        for ex in _extractions():
            target.write_article(article_write(ex))
        rolled = project.actor_graph(target, Filters(roll_up="government"))
        assert _pairs(rolled) == {frozenset((IRI["Q148"], IRI["Q30"]))}
        assert project.roll_up_map(target, "government")[IRI["he-yadong"]] == IRI["Q148"]
    finally:
        target.close()
