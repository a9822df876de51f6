"""The README's main job through the real command line, on the sample articles.

Every test runs on each kind of store (``store_location``): the embedded store, an
Oxigraph server and Virtuoso, the servers started on loopback by ``tests/servers.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, run_kg

pytestmark = pytest.mark.slow  # the real kg in subprocesses


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


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What the commands print on the embedded store: the other stores must match it."""
    store = str(tmp_path_factory.mktemp("reference") / "store")
    kg_ok("ingest", str(SAMPLES), store=store)
    return {" ".join(args): kg_ok(*args, store=store) for args in SAME_EVERYWHERE}


# Commands whose output depends on the data only, never on the store holding it.
SAME_EVERYWHERE: list[tuple[str, ...]] = [
    ("export", "claims", "-f", "jsonl"),
    ("export", "policies", "-f", "csv"),
    ("query", "accusations", "-p", "actor=China", "-f", "json"),
    ("query", "tariff-history", "-p", "a=US", "-p", "b=China", "-f", "csv"),
    ("analyze", "strength", "-f", "json"),
    ("analyze", "pagerank", "-f", "json"),
    ("analyze", "reciprocity", "-f", "json"),
    ("analyze", "balance", "-f", "json"),
    ("analyze", "timeline", "China", "US", "-f", "json"),
    ("analyze", "tariffs", "US", "China", "-f", "json"),
    ("analyze", "path", "Xi Jinping", "European Union", "-f", "json"),
    ("analyze", "ego", "European Union", "-f", "json"),
]


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


def test_every_reading_command_matches_the_embedded_store(
    ingested: str, reference: dict[str, str]
) -> None:
    for args in SAME_EVERYWHERE:
        assert kg_ok(*args, store=ingested) == reference[" ".join(args)], args


def test_views_and_written_back_results(ingested: str, tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    kg_ok("viz", "-o", str(page), store=ingested)
    html = page.read_text()
    assert "Xi Jinping" in html and "accuse" in html and 'src="http' not in html
    for view in (("ego", "China"), ("dispute", "US", "China"), ("policies",)):
        out = tmp_path / f"{view[0]}.html"
        kg_ok("viz", *view, "-o", str(out), store=ingested)
        assert out.stat().st_size > 5_000, view

    kg_ok("analyze", "pagerank", "--write", store=ingested)
    rows = json.loads(
        kg_ok("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a kg:pagerank ?r }", "-f", "json",
              store=ingested)
    )  # fmt: skip
    assert rows[0]["n"] > 5
    assert "conforms" in kg_ok("validate", store=ingested)
