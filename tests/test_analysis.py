"""The analyses (kg.analysis) on the hand-built dispute, and the ``kg analyze`` commands."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import networkx as nx
import pytest
from graph_fixtures import (  # noqa: F401  (fixtures)
    AC,
    CN,
    EUI,
    JP,
    US,
    XII,
    claims,
    dispute_extractions,
    dispute_store,
    events,
    fill,
    policies,
    store,
)
from typer.testing import CliRunner

from kg import project, terms
from kg.analysis import balance, centrality, paths, reciprocity, timeline, writeback
from kg.cli import app
from kg.errors import KgError
from kg.store import OxigraphStore, SelectResult
from kg.terms import ANALYSIS_GRAPH, KG

# --- centrality -------------------------------------------------------------------------


def test_strength_counts_claims_made_and_received_per_class(claims: nx.MultiDiGraph) -> None:
    values = centrality.strength(claims)
    assert (values[US]["out"], values[US]["in"]) == (3, 3)
    assert (values[CN]["in_ACCUSE"], values[CN]["in_THREATEN"]) == (2, 1)
    assert values[EUI]["in_SUPPORT"] == 2 and values[EUI]["out_REJECT"] == 1
    assert sum(v["out"] for v in values.values()) == claims.number_of_edges()


def test_strength_rows_sort_by_the_chosen_column(claims: nx.MultiDiGraph) -> None:
    rows = centrality.strength_rows(claims, by="in_SUPPORT", top=2)
    assert [r["label"] for r in rows] == ["European Union", "Government of Japan"]
    with pytest.raises(ValueError, match="cannot sort by 'loudness'"):
        centrality.strength_rows(claims, by="loudness")


def test_pagerank_ranks_the_accused(claims: nx.MultiDiGraph) -> None:
    scores = centrality.pagerank(claims)
    assert sum(scores.values()) == pytest.approx(1.0)
    ranked = [r["actor"] for r in centrality.ranking(claims, scores, "pagerank")]
    assert set(ranked[:2]) == {US, CN}
    assert ranked[2] == AC  # accused once, by Japan
    praise = centrality.pagerank(claims, ["SUPPORT"])
    assert max(praise, key=praise.get) == EUI


def test_pure_pagerank_matches_networkx() -> None:
    rng = random.Random(3)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(12))
    for _ in range(30):
        u, v = rng.randrange(12), rng.randrange(12)
        if u != v:
            graph.add_edge(u, v, weight=rng.randint(1, 4))
    expected = nx.algorithms.link_analysis.pagerank_alg._pagerank_python(graph, weight="weight")
    got = centrality._pagerank(graph, 0.85)
    assert got == pytest.approx(expected, abs=1e-5)  # networkx stops at tol=1e-6


def test_betweenness_finds_the_broker(store: OxigraphStore, claims: nx.MultiDiGraph) -> None:
    graph = project.interaction_graph(
        claims, project.event_graph(store), project.policy_graph(store)
    )
    scores = centrality.betweenness(graph)
    assert max(scores, key=scores.get) == EUI
    assert scores[EUI] == pytest.approx(0.8)
    assert scores[AC] == 0.0
    weighted = centrality.betweenness(graph, weighted=True)
    assert max(weighted, key=weighted.get) == EUI
    assert "distance" not in graph[CN][US]  # the input is left alone


@pytest.mark.slow
def test_betweenness_of_many_actors_is_a_reproducible_estimate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(300, 2, seed=3), str)
    exact = centrality.betweenness(graph)  # exact at this size
    assert exact == centrality.betweenness(graph, samples=0)
    monkeypatch.setattr(centrality, "EXACT_BETWEENNESS_UP_TO", 200)
    monkeypatch.setattr(centrality, "BETWEENNESS_SAMPLES", 150)
    estimate = centrality.betweenness(graph)  # beyond the limit: sampled
    assert estimate != exact
    assert estimate == centrality.betweenness(graph)  # the same sample every time
    assert estimate == centrality.betweenness(graph, samples=150)
    top = sorted(exact, key=exact.get, reverse=True)[:3]
    assert sorted(estimate, key=estimate.get, reverse=True)[:3] == top


def test_networkx_backends_are_chosen_by_name() -> None:
    from kg.analysis import backends

    with pytest.raises(KgError, match="networkx backend 'no-such' is not installed"):
        backends.use(["no-such"])
    backends.use([])
    assert nx.config.backend_priority.algos == []
    result = CliRunner().invoke(app, ["analyze", "--backend", "no-such", "strength"])
    assert result.exit_code == 1
    assert "networkx backend 'no-such' is not installed" in result.output


# --- reciprocity ------------------------------------------------------------------------


def test_reciprocal_pairs_name_who_started(claims: nx.MultiDiGraph) -> None:
    [pair] = reciprocity.reciprocal_pairs(claims)
    assert (pair.a, pair.b, pair.a_to_b, pair.b_to_a) == (CN, US, 2, 2)
    assert (pair.first_a["date"], pair.first_a["content"]) == ("2024-03-04", "bullying")
    assert (pair.first_b["date"], pair.first_b["content"]) == ("2024-03-12", "unfair subsidies")
    assert pair.first_a["url"] == "https://news.example/a1"
    row = pair.row(claims)
    assert row["a_label"] == "Government of China"
    assert row["b_first_sentence"].startswith("United States government accuses")


def test_reciprocity_share_and_other_classes(claims: nx.MultiDiGraph) -> None:
    assert reciprocity.reciprocity(claims) == pytest.approx(2 / 3)
    support = reciprocity.reciprocal_pairs(claims, ["SUPPORT", "AGREE"])
    assert [(p.a, p.b) for p in support] == [(JP, EUI)]  # Japan praised first, in March


# --- balance and communities ------------------------------------------------------------


def test_pair_balance(claims: nx.MultiDiGraph, events: nx.Graph) -> None:
    rows = {(r["a"], r["b"]): r for r in balance.pair_balance(claims, events)}
    us_cn = rows[tuple(sorted((US, CN)))]
    assert (us_cn["conflict"], us_cn["cooperation"], us_cn["balance"]) == (5, 0, -1.0)
    jp_eu = rows[tuple(sorted((JP, EUI)))]
    assert (jp_eu["SUPPORT"], jp_eu["AGREE"], jp_eu["sign"], jp_eu["cooperation"]) == (2, 1, 1, 4)
    assert rows[tuple(sorted((CN, EUI)))]["consult"] == 1
    first = balance.pair_balance(claims, events)[0]
    assert first["balance"] == -1.0 and first["conflict"] == 5


def test_communities_of_cooperating_actors(claims: nx.MultiDiGraph, events: nx.Graph) -> None:
    coop = balance.cooperation_graph(claims, events)
    assert US not in coop and AC not in coop
    groups = balance.communities(coop)
    assert groups == [{CN, EUI, JP, XII}]
    rows = balance.community_rows(coop, groups)
    assert {r["community"] for r in rows} == {0} and len(rows) == 4


def test_communities_split_separate_groups() -> None:
    graph = nx.Graph(
        [("a", "b", {"weight": 3}), ("c", "d", {"weight": 1}), ("b", "c", {"weight": 0})]
    )
    graph.remove_edge("b", "c")
    assert balance.communities(graph) == [{"a", "b"}, {"c", "d"}]


# --- timelines --------------------------------------------------------------------------


def test_weekly_claims_between_two_actors(claims: nx.MultiDiGraph) -> None:
    weeks = timeline.weekly(claims, CN, US)
    assert weeks[0]["week"] == "2024-03-04" and weeks[-1]["week"] == "2024-05-27"
    assert len(weeks) == 13  # every week in between, quiet ones with zeros
    by_week = {w["week"]: w for w in weeks}
    second = by_week["2024-03-11"]
    assert (second["ACCUSE"], second["THREATEN"], second["b_to_a"], second["a_to_b"]) == (
        1,
        1,
        2,
        0,
    )
    assert second["trend"] == "escalation"
    assert by_week["2024-03-18"]["trend"] == ""  # nothing happened: no trend
    assert by_week["2024-04-01"]["trend"] == "de-escalation"  # against the last active week
    assert sum(w["conflict"] for w in weeks) == 5
    # One sign convention: net, like balance, is below zero where conflict dominates.
    assert second["net"] == -2 and by_week["2024-03-18"]["net"] == 0


def test_tariff_rates_over_time(policies: nx.Graph) -> None:
    rows = timeline.tariffs(policies, CN, US)
    assert [(r["date"], r["imposer"], r["rate_from"], r["rate_to"]) for r in rows] == [
        ("2024-03-01", US, 10.0, 25.0),
        ("2024-04-01", US, 25.0, 50.0),
        ("2024-05-10", CN, None, 15.0),
    ]
    assert rows[0]["imposer_label"] == "United States government"
    assert timeline.tariffs(policies, CN, EUI) == []


# --- paths ------------------------------------------------------------------------------


def test_path_between_two_actors(store: OxigraphStore, claims: nx.MultiDiGraph) -> None:
    graph = project.interaction_graph(claims, project.event_graph(store))
    found = paths.shortest_paths(graph, XII, AC)
    assert found == [[XII, EUI, JP, AC]]
    rows = paths.path_rows(found, claims, graph)
    assert [r["says"] for r in rows] == [
        "praise ×1 →",
        "agree ×1 →; praise ×1 →; praise ×1 ←; shared events ×1",
        "accuse ×1 →",
    ]
    assert paths.shortest_paths(graph, XII, "https://nowhere.example/x") == []


def test_ego_network(claims: nx.MultiDiGraph) -> None:
    assert set(paths.ego(claims, CN)) == {CN, US}
    assert set(paths.ego(claims, CN, radius=2)) == {CN, US, EUI}
    rows = paths.ego_rows(claims, EUI)
    assert [r["label"] for r in rows] == [
        "Government of Japan", "United States government", "Xi Jinping",
    ]  # fmt: skip
    japan = rows[0]
    assert (japan["out"], japan["in"], japan["out_SUPPORT"], japan["out_AGREE"]) == (2, 1, 1, 1)
    assert paths.ego_rows(claims, "https://nowhere.example/x") == []


# --- writing results back ---------------------------------------------------------------


def _analysis(store: OxigraphStore) -> list[tuple[str, str, str]]:
    result = store.query(
        "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ANALYSIS_GRAPH}
    )
    assert isinstance(result, SelectResult)
    return sorted((str(s), str(p), o) for s, p, o, _ in result.rows)


@pytest.mark.slow
def test_results_are_written_as_rdf_and_add_up(claims: nx.MultiDiGraph) -> None:
    store = dispute_store()
    scores = centrality.pagerank(claims)
    assert writeback.write_results(store, {"pagerank": scores}) == 6
    assert writeback.write_results(store, {"community": {CN: 0, EUI: 0}}) == 2
    assert writeback.write_results(store, {"pagerank": {CN: 0.9}}) == 1  # replaces pagerank only
    triples = _analysis(store)
    assert [(s, p) for s, p, _ in triples] == [(CN, str(KG.community)), (CN, str(KG.pagerank)),
                                               (EUI, str(KG.community))]  # fmt: skip
    pagerank = next(o for s, p, o in triples if p == str(KG.pagerank))
    assert pagerank.datatype == terms.XSD.decimal and float(pagerank) == 0.9
    ranked = store.query("SELECT ?a ?r WHERE { ?a kg:pagerank ?r } ORDER BY DESC(?r)")
    assert isinstance(ranked, SelectResult) and str(ranked.rows[0][0]) == CN
    with pytest.raises(KgError, match="cannot store result 'fame'"):
        writeback.write_results(store, {"fame": {CN: 1}})


# --- the command line -------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("analyze") / "store"
    store = fill(OxigraphStore(path), dispute_extractions())
    store.close()
    return str(path)


def kg(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.slow
def test_cli_pagerank_json_and_write(location: str) -> None:
    code, out, err = kg("analyze", "pagerank", "--store", location, "-f", "json", "--write")
    assert code == 0, err
    rows = json.loads(out)
    assert {rows[0]["label"], rows[1]["label"]} == {
        "Government of China",
        "United States government",
    }
    assert "stored 6 results (pagerank)" in err
    code, out, _ = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a kg:pagerank ?r }",
                      "--store", location, "-f", "csv")  # fmt: skip
    assert out.splitlines() == ["n", "6"]


@pytest.mark.slow
def test_cli_strength_csv_with_filters(location: str) -> None:
    code, out, err = kg(
        "analyze", "strength", "--store", location, "-f", "csv", "--source", "other wire",
        "--type", "ACCUSE", "--by", "in_ACCUSE",
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["label"], r["in_ACCUSE"]) for r in rows[:2]] == [
        ("Acme Steel", "1"), ("United States government", "1"),
    ]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["reciprocity"], "bullying"),
        (["balance"], "Government of China"),
        (["communities"], "Xi Jinping"),
        (["betweenness", "--weighted"], "European Union"),
        (["timeline", "China", "US"], "escalation"),
        (["tariffs", "US", "Q148"], "soybeans"),
        (["path", "Xi Jinping", "Acme Steel"], "shared events"),
        (["ego", "European Union", "--radius", "2"], "Acme Steel"),
        (["strength", "--actor", "Japan", "--depth", "1"], "Acme Steel"),
        (["pagerank", "--since", "2024-05", "--until", "2024-05"], "Acme Steel"),
    ],
)
def test_cli_commands(location: str, args: list[str], expected: str) -> None:
    code, out, err = kg("analyze", *args, "--store", location, "-f", "csv")
    assert code == 0, err
    assert expected in out
    code, out, err = kg("analyze", *args, "--store", location, "-f", "json")
    assert code == 0, err
    assert json.loads(out)


@pytest.mark.slow
def test_cli_tables_are_readable(location: str) -> None:
    code, out, _ = kg("analyze", "reciprocity", "--store", location)
    assert code == 0
    assert "bullying" in out and "a said" in out
    assert "67% of accusation ties are returned" in out
    code, out, _ = kg("analyze", "strength", "--store", location)
    assert "ACCUSE" in out
    assert "in_ACCUSE" not in out  # classes are paired for tables


@pytest.mark.slow
def test_cli_errors_are_one_line(location: str) -> None:
    code, _, err = kg("analyze", "path", "China", "Nobody", "--store", location)
    assert code == 1 and err.strip() == "kg: error: no actor named 'Nobody' in the store"
    code, _, err = kg("analyze", "pagerank", "--store", location, "-f", "xml")
    assert code == 1 and err.startswith("kg: error: unknown format 'xml'")
    code, _, err = kg("analyze", "strength", "--store", location, "--type", "gossip")
    assert code == 1 and "unknown claim type 'gossip'" in err
    code, _, err = kg("analyze", "path", "Xi Jinping", "Acme Steel", "--store", location,
                      "--until", "2024-04")  # fmt: skip
    assert code == 1 and "are not connected" in err


@pytest.mark.slow
def test_cli_timeline_json_matches_the_function(location: str, claims: nx.MultiDiGraph) -> None:
    code, out, _ = kg("analyze", "timeline", "Q148", "Q30", "--store", location, "-f", "json")
    assert code == 0
    assert json.loads(out) == timeline.weekly(claims, CN, US)


def test_store_is_left_readable(location: str) -> None:
    assert Path(location).is_dir()
    reopened = OxigraphStore(location, read_only=True)
    assert project.actor_graph(reopened).number_of_edges() == 11
