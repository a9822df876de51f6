"""The benchmark's inputs and output: generated articles that kg reads as news, generated
RDF that loads and answers the canned queries, and the results file's figures."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bench import corpus, rdfgen, run, store_bench
from kg import query
from kg.model import Article
from kg.store import OxigraphStore

if TYPE_CHECKING:  # spaCy loads only where a test extracts
    from kg.extract import Extractor

pytestmark = pytest.mark.slow  # runs the benchmarks


def test_the_corpus_is_deterministic_and_each_article_stands_alone() -> None:
    first = [a.record() for a in corpus.articles(5, seed=3)]
    assert first == [a.record() for a in corpus.articles(5, seed=3)]
    assert first[:3] == [a.record() for a in corpus.articles(3, seed=3)]  # 1k is a prefix of 10k
    other = [a.record() for a in corpus.articles(5, seed=4)]
    assert all(a["text"] != b["text"] for a, b in zip(first, other))
    assert len({a["id"] for a in first}) == 5


def test_kg_reads_generated_articles_as_varied_news(extractor: Extractor) -> None:
    generated = list(corpus.articles(30, seed=0))
    articles = [Article(g.text, id=g.id, published=g.published) for g in generated]
    extractions = [e for e in extractor.extract_many(articles) if not isinstance(e, Exception)]
    assert len(extractions) == 30
    claim_types = Counter(c.type for e in extractions for c in e.claims)
    policy_types = Counter(p.type for e in extractions for p in e.policies)
    speakers = {c.speaker.key for e in extractions for c in e.claims}
    years = {g.published.year for g in generated}
    assert len(claim_types) >= 8, claim_types
    assert len(policy_types) >= 4, policy_types
    assert len(speakers) >= 40
    assert len(years) >= 4
    assert any(c.date for e in extractions for c in e.claims)  # relative dates resolved


def test_real_articles_are_picked_up_and_notes_left_alone(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps(
            {"id": "real-1", "text": "China condemned the tariffs.", "published": "2025-05-01"}
        ),
        encoding="utf-8",
    )
    (tmp_path / "GOLD_FORMAT.md").write_text("# not an article", encoding="utf-8")
    records = corpus.real_records(tmp_path)
    assert [(r["id"], r["published"]) for r in records] == [("real-1", "2025-05-01")]
    assert corpus.real_records(tmp_path / "absent") == []
    path = corpus.write_jsonl(tmp_path / "c.jsonl", 2, extra=records)
    assert [json.loads(x)["id"] for x in path.read_text().splitlines()][-1] == "real-1"


def test_generated_rdf_loads_and_the_canned_queries_answer(tmp_path: Path) -> None:
    info = rdfgen.build_store(tmp_path / "store", 15_000, processes=1)
    assert 10_000 < info["quads"] < 25_000
    store = OxigraphStore(tmp_path / "store", read_only=True)
    params = store_bench.pick_params(store)
    for label, values in params.items():
        if "median" in label:
            continue
        rows = query.run(store, label.split(" (")[0], values).rows
        assert rows, f"{label} {values} returned nothing"
    timings = store_bench.time_queries(store, params, budget_s=0.05)
    assert all(t["p50_ms"] > 0 and t["runs"] >= 1 for t in timings.values())
    store.close()


@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    folder = tmp_path_factory.mktemp("bench")
    out = folder / "results.json"
    returned = run.main(["--tiny", "--out", str(out), "--workdir", str(folder / "work")])
    return returned or {}, json.loads(out.read_text())


def test_the_results_file_has_the_headline_figures(tiny_results: tuple[dict, dict]) -> None:
    returned, written = tiny_results
    assert written["mode"] == "tiny"
    for key in ("ingest_articles_per_s", "spacy_articles_per_s", "ingest_ratio"):
        assert written[key] > 0, key
    ratio = written["ingest_articles_per_s"] / written["spacy_articles_per_s"]
    assert written["ingest_ratio"] == pytest.approx(ratio)
    assert written["ingest_ratio"] == pytest.approx(returned["ingest_ratio"])


def test_the_results_file_has_every_part(tiny_results: tuple[dict, dict]) -> None:
    _, written = tiny_results
    (row,) = written["ingest"]["rows"]
    assert row["failures"] == 0 and row["articles"] >= 6 and row["peak_rss_mb"] > 50
    store = written["store"]["20000"]
    assert set(store["queries"]) >= {"accusations", "tariff-history", "claims-about", "articles"}
    assert store["projection"]["actor_graph"]["edges"] > 0
    assert written["store"]["write"]["triples_per_s"] > 0
    graphs = written["graphs"]["300"]
    assert graphs["view"]["total_s"] > 0
    assert set(graphs["analyses"]["networkx"]) >= {"pagerank", "betweenness", "communities"}
    assert written["bars"][0]["bar"].startswith("ingest / spaCy")


def test_a_part_run_adds_its_section_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "results-full.json"
    old = {"mode": "full", "bars": [], "store": {"note": "kept"}, "graphs": {}}
    path.write_text(json.dumps(old), encoding="utf-8")
    page = {"p50_ms": 40.0, "p95_ms": 60.0, "runs": 3, "rows": 50}
    scale = {
        "10000000": {
            "store": {"build_s": 100.0},
            "pages": {"articles": page, "claims-about": page | {"p50_ms": 900.0}},
            "projection": {"p50_ms": 15_000.0, "p95_ms": 15_000.0, "runs": 1, "edges": 9},
        }
    }
    merged = run.merged(path, {"scale": scale, "mode": "full", "bars": []}, ["scale"])
    assert merged["store"] == old["store"] and merged["scale"] == scale
    found = {b["bar"]: b["ok"] for b in merged["bars"]}
    assert found == {
        "articles p50 at 10M triples": True,
        "claims-about p50 at 10M triples": False,
        "projection of 10M triples (s)": True,
    }
    tables = run.tables(merged)
    assert any(title.startswith("First page") for title in tables)
    assert run.merged(path, {"scale": scale}, list(run.PARTS)) == {"scale": scale}
