"""The projection from the store to networkx graphs, with filters (kg.project)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from graph_fixtures import AC, CN, EUI, JP, US, XII, claims, dispute_store, extraction, fill, store  # noqa: F401  (fixtures)
from rdflib.term import Identifier

from kg import project
from kg.errors import KgError
from kg.model import Actor, Claim, Evidence
from kg.project import Filters
from kg.query import export
from kg.store import OxigraphStore, QueryResult, ReadsStore
from kg.terms import ID

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "dispute.jsonl"


def _types(graph: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    return sorted((u, v, d["type"]) for u, v, d in graph.edges(data=True))


# --- the actor graph ------------------------------------------------------------------------


def test_actor_graph_has_one_edge_per_claim_keyed_by_claim_iri(claims: nx.MultiDiGraph) -> None:
    assert claims.number_of_nodes() == 6
    assert claims.number_of_edges() == 11
    for _, _, key, data in claims.edges(keys=True, data=True):
        assert key.startswith(str(ID["claim/"]))
        assert data["claim"] == key
    assert sorted(d["type"] for _, _, d in claims.edges(CN, data=True)) == ["accuse", "criticize"]


def test_actor_graph_carries_evidence_article_and_actor_attributes(
    claims: nx.MultiDiGraph,
) -> None:
    [(_key, data)] = [
        (k, d) for _, _, k, d in claims.edges(CN, keys=True, data=True) if d["type"] == "accuse"
    ]
    assert data["content"] == "bullying"
    assert data["coarse"] == "ACCUSE"
    assert data["sentence"].startswith("Government of China accuses")
    assert data["char_end"] > data["char_start"]
    assert data["article_id"] == "a1"
    assert data["url"] == "https://news.example/a1"
    assert data["source"] == "Example News"
    assert data["confidence"] == pytest.approx(0.8)
    assert claims.nodes[CN] == {
        "kind": "actor", "label": "Government of China", "type": "Government", "wikidata": "Q148",
    }  # fmt: skip
    assert claims.nodes[XII]["type"] == "Person"
    assert claims.nodes[EUI]["type"] == "InternationalOrganization"


def test_dates_fall_back_to_the_article_and_keep_their_precision(
    claims: nx.MultiDiGraph,
) -> None:
    undated = [d for _, _, d in claims.edges(US, data=True) if d["content"] == "unfair subsidies"]
    assert undated[0]["date"] == "2024-03-12"
    assert undated[0]["date_source"] == "article"
    [month] = [d for _, _, d in claims.edges(EUI, data=True) if d["type"] == "reject"]
    assert (month["date"], month["date_end"], month["date_text"]) == (
        "2024-05-01", "2024-05-31", "2024-05",
    )  # fmt: skip
    assert month["date_source"] == "claim"


def test_claims_without_a_target_are_not_edges() -> None:
    speaker = Actor("Q148", "Government of China", "Government", wikidata="Q148")
    alone = Claim("state", speaker, None, "a statement", Evidence("China said so.", 0, 14))
    store = fill(OxigraphStore(None), [extraction("x1", "2024-01-01", "S", [alone])])
    assert project.actor_graph(store).number_of_edges() == 0
    assert len(list(export.claims(store))) == 1


# --- filters ------------------------------------------------------------------------------


def test_filter_by_date_range_uses_periods(store: OxigraphStore) -> None:
    may = project.actor_graph(store, Filters(since=dt.date(2024, 5, 15)))
    # the 2024-05 rejection overlaps the range; 05-19, 05-20 and 05-27 claims are in it
    assert sorted(d["type"] for _, _, d in may.edges(data=True)) == [
        "accuse", "accuse", "praise", "praise", "reject",
    ]  # fmt: skip
    march = project.actor_graph(store, Filters(until=dt.date(2024, 3, 11)))
    assert sorted(d["content"] for _, _, d in march.edges(data=True)) == [
        "bullying", "more tariffs",
    ]  # fmt: skip


def test_filter_by_claim_type_and_class(store: OxigraphStore) -> None:
    fine = project.actor_graph(store, Filters(claim_types=frozenset({"criticize"})))
    assert _types(fine) == [(CN, US, "criticize")]
    coarse = project.actor_graph(store, Filters(claim_types=frozenset({"ACCUSE"})))
    assert {d["type"] for _, _, d in coarse.edges(data=True)} == {"accuse", "criticize"}
    assert coarse.number_of_edges() == 5
    with pytest.raises(KgError, match="unknown claim type 'gossip'"):
        Filters(claim_types=frozenset({"gossip"}))


def test_filter_by_source_is_case_insensitive(store: OxigraphStore) -> None:
    wire = project.actor_graph(store, Filters(sources=frozenset({"other WIRE"})))
    assert {d["source"] for _, _, d in wire.edges(data=True)} == {"Other Wire"}
    assert wire.number_of_edges() == 5


def test_filter_values_are_bound_not_spliced(store: OxigraphStore) -> None:
    evil = Filters(sources=frozenset({'x")) } } DROP ALL ; #'}))
    assert project.actor_graph(store, evil).number_of_edges() == 0
    assert project.actor_graph(store).number_of_edges() == 11


def test_filter_by_minimum_confidence(store: OxigraphStore) -> None:
    confident = project.actor_graph(store, Filters(min_confidence=0.5))
    assert confident.number_of_edges() == 10
    assert "protectionism" not in {d["content"] for _, _, d in confident.edges(data=True)}
    assert project.actor_graph(store, Filters(min_confidence=1e-5)).number_of_edges() == 11


def test_filter_by_actor_and_depth(store: OxigraphStore) -> None:
    one = project.actor_graph(store, Filters(actors=(AC,), depth=1))
    assert set(one) == {AC, JP}
    two = project.actor_graph(store, Filters(actors=(AC,), depth=2))
    assert set(two) == {AC, JP, EUI}
    assert two.number_of_edges() == 4  # accuse Acme; Japan and the EU: praise, agree, praise


def test_bad_filters_are_refused() -> None:
    with pytest.raises(KgError, match="empty date range"):
        Filters(since=dt.date(2024, 5, 1), until=dt.date(2024, 4, 1))
    with pytest.raises(KgError, match="unknown policy type"):
        Filters(policy_types=frozenset({"embargo"}))
    with pytest.raises(KgError, match="is not a date"):
        project.parse_period("2024-13")


class CountingStore(ReadsStore):
    """A store that counts the queries it runs."""

    def __init__(self, inner: OxigraphStore) -> None:
        self.inner, self.location, self.queries = inner, inner.location, 0

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        self.queries += 1
        return self.inner.query(sparql, bindings)


@pytest.mark.slow
def test_one_query_per_need_not_per_node() -> None:
    small, big = dispute_store(), dispute_store()
    fill(big, [
        extraction(f"more-{i}", "2024-06-01", "S", [
            Claim("accuse", Actor(f"p{i}", f"P{i}", "Person"), Actor(f"q{i}", f"Q{i}", "Person"),
                  f"claim {i}", Evidence(f"P{i} accused Q{i}.", 0, 14)),
        ])
        for i in range(30)
    ])  # fmt: skip
    counts = []
    for store in (small, big):
        counting = CountingStore(store)
        project.actor_graph(counting, Filters())  # type: ignore[arg-type]
        project.policy_graph(counting)  # type: ignore[arg-type]
        counts.append(counting.queries)
    assert counts[0] == counts[1] == 5  # actors + articles + claims, actors + policies


def test_generic_and_embedded_paths_read_the_same(store: OxigraphStore) -> None:
    generic = CountingStore(store)  # not an OxigraphStore: reads through Store.query
    for projection in (project.actor_graph, project.policy_graph, project.event_graph):
        fast, slow = projection(store), projection(generic)  # type: ignore[arg-type]
        assert dict(fast.nodes(data=True)) == dict(slow.nodes(data=True))
        assert sorted(map(repr, fast.edges(data=True))) == sorted(map(repr, slow.edges(data=True)))
    assert generic.queries == 7  # the claims read their articles once, apart


# --- bipartite graphs -------------------------------------------------------------------


def test_policy_graph_is_bipartite_with_roles_and_rates(store: OxigraphStore) -> None:
    graph = project.policy_graph(store)
    policies = {n: d for n, d in graph.nodes(data=True) if d["kind"] == "policy"}
    assert len(policies) == 3
    assert nx.is_bipartite(graph)
    steel = sorted((d["date"], d.get("rate_from"), d["rate_to"]) for d in policies.values()
                   if d["goods"] == "steel")  # fmt: skip
    assert steel == [("2024-03-01", 10.0, 25.0), ("2024-04-01", 25.0, 50.0)]
    soy = next(n for n, d in policies.items() if d["goods"] == "soybeans")
    assert graph.nodes[soy]["imposer"] == CN and graph.nodes[soy]["target"] == US
    assert graph[CN][soy]["role"] == "imposer" and graph[US][soy]["role"] == "target"
    assert {d["bipartite"] for _, d in graph.nodes(data=True) if d["kind"] == "actor"} == {0}


def test_policy_graph_filters(store: OxigraphStore) -> None:
    april = project.policy_graph(store, Filters(since=dt.date(2024, 4, 15)))
    kept = sorted(d["goods"] for _, d in april.nodes(data=True) if d["kind"] == "policy")
    assert kept == ["soybeans", "steel"]  # the 2024-04 rise overlaps, the March one does not
    none = project.policy_graph(store, Filters(policy_types=frozenset({"sanction"})))
    assert none.number_of_nodes() == 0


def test_event_graph_links_participants(store: OxigraphStore) -> None:
    graph = project.event_graph(store)
    events = {n: d for n, d in graph.nodes(data=True) if d["kind"] == "event"}
    assert sorted(d["type"] for d in events.values()) == ["consult", "sign"]
    consult = next(n for n, d in events.items() if d["type"] == "consult")
    assert set(graph[consult]) == {CN, EUI}
    assert project.event_graph(store, Filters(until=dt.date(2024, 4, 30))).number_of_nodes() == 3


# --- derived graphs ---------------------------------------------------------------------


def test_aggregate_counts_per_type_and_class(claims: nx.MultiDiGraph) -> None:
    pairs = project.aggregate(claims)
    edge = pairs[US][CN]
    assert (edge["weight"], edge["ACCUSE"], edge["accuse"], edge["THREATEN"]) == (3, 2, 2, 1)
    assert (edge["first"], edge["last"]) == ("2024-03-11", "2024-05-27")
    assert pairs.number_of_edges() == 7
    assert sum(d["weight"] for _, _, d in pairs.edges(data=True)) == 11


def test_interaction_graph_joins_claims_events_and_policies(store: OxigraphStore) -> None:
    graph = project.interaction_graph(
        project.actor_graph(store), project.event_graph(store), project.policy_graph(store)
    )
    assert graph[CN][US] == {"weight": 8, "claims": 5, "events": 0, "policies": 3}
    assert graph[CN][EUI]["events"] == 1
    assert graph[JP][EUI] == {"weight": 4, "claims": 3, "events": 1, "policies": 0}


# --- on a store filled by real ingestion ------------------------------------------------


@pytest.fixture(scope="module")
def ingested(extractor: Any) -> Iterator[OxigraphStore]:
    from kg.ingest import ingest

    store = OxigraphStore(None)
    report = ingest([FIXTURE], store, extractor=extractor)
    assert report.ok, report.failures
    yield store


def test_projection_agrees_with_the_claims_export(ingested: OxigraphStore) -> None:
    graph = project.actor_graph(ingested)
    exported = {c["iri"]: c for c in export.claims(ingested) if c["target"]}
    assert graph.number_of_edges() == len(exported) > 0
    for u, v, key, data in graph.edges(keys=True, data=True):
        record = exported[key]
        assert (u, v) == (record["speaker"]["iri"], record["target"]["iri"])
        assert data["type"] == record["type"]
        assert data["date"][:7] == (record["date"] or record["article"]["published"])[:7]
