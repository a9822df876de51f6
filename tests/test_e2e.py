"""The README's main job through the real command line, on the sample articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, run_kg


def kg_ok(*args: str, store: str) -> str:
    result = run_kg(*args, "--store", store)
    assert result.returncode == 0, result.stderr
    return result.stdout


def counts(store: str) -> dict[str, int]:
    rows = json.loads(
        kg_ok(
            "query",
            "SELECT (COUNT(DISTINCT ?c) AS ?claims) (COUNT(DISTINCT ?a) AS ?articles) "
            "WHERE { { ?c kg:speaker ?s } UNION { GRAPH ?a { ?a a kg:Article } } }",
            "-f", "json", store=store,
        )
    )  # fmt: skip
    return rows[0]


@pytest.fixture
def ingested(store_location: str) -> str:
    out = kg_ok("ingest", str(SAMPLES), store=store_location)
    assert "Ingested into" in out
    return store_location


def test_ingest_samples_then_query_export_validate(ingested: str, tmp_path: Path) -> None:
    sample_files = [p for p in SAMPLES.iterdir() if p.suffix != ".md"]
    before = counts(ingested)
    assert before["articles"] >= len(sample_files)
    assert before["claims"] >= 30

    accusations = json.loads(
        kg_ok("query", "accusations", "-p", "actor=China", "-f", "json", store=ingested)
    )
    assert accusations and all(a["sentence"] for a in accusations)

    claims_file = tmp_path / "claims.jsonl"
    kg_ok("export", "claims", "-f", "jsonl", "-o", str(claims_file), store=ingested)
    records = [json.loads(line) for line in claims_file.read_text().splitlines()]
    assert len(records) == before["claims"]
    assert {r["type"] for r in records} >= {"accuse", "criticize", "threaten", "praise", "state"}

    policies = kg_ok("export", "policies", "-f", "csv", store=ingested).splitlines()
    assert policies[0].startswith("iri,type,imposer.iri,imposer.label,imposer.wikidata,target.iri")
    assert any(",tariff," in line for line in policies[1:])

    turtle = tmp_path / "graph.ttl"
    kg_ok("export", "rdf", "-f", "turtle", "-o", str(turtle), store=ingested)
    assert turtle.stat().st_size > 10_000

    assert "conforms" in kg_ok("validate", store=ingested)
    stats = kg_ok("stats", store=ingested)
    assert "articles" in stats and "accusation" in stats


def test_reingest_replaces_and_remove_drops(ingested: str) -> None:
    before = counts(ingested)
    out = kg_ok("ingest", str(SAMPLES), store=ingested)
    assert counts(ingested) == before  # same ids, same text: replaced, not duplicated
    assert f"│ {before['articles']:>8} │ {before['articles']:>8} │" in out  # all replaced

    articles = json.loads(kg_ok("query", "articles", "-f", "json", store=ingested))
    victim = articles[0]
    assert f"removed {victim['id']}" in kg_ok("remove", victim["id"], store=ingested)
    after = counts(ingested)
    assert after["articles"] == before["articles"] - 1
    assert after["claims"] == before["claims"] - victim["claims"]
    missing = run_kg("remove", victim["id"], "--store", ingested)
    assert missing.returncode == 1 and "no article" in missing.stderr


def test_stdin_ingest_with_defaults(store_location: str) -> None:
    text = b"Ottawa rejected the demands of Washington on Monday."
    result = run_kg(
        "ingest", "-", "--published", "2025-03-05", "--title", "From stdin", "--source", "Pipe",
        "--store", store_location, input=text,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(kg_ok("query", "articles", "-f", "json", store=store_location))
    assert [(r["title"], r["published"], r["source"], r["claims"]) for r in rows] == [
        ("From stdin", "2025-03-05", "Pipe", 1)
    ]
    claim = json.loads(kg_ok("export", "claims", store=store_location))
    assert claim["date"] == "2025-03-03"  # "on Monday" before Wednesday 5 March
