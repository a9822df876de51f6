"""Extraction in worker processes: the same store as in one process, input order kept,
and a bad article costing only itself."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.extract.parallel import ExtractionPool
from kg.ingest import ingest
from kg.model import Article
from kg.sources import read_articles
from kg.store import OxigraphStore
from kg.terms import ONTOLOGY_GRAPH
from tests.conftest import SAMPLES, run_kg

pytestmark = pytest.mark.slow  # worker processes load spaCy


def _quads(store: OxigraphStore) -> set[str]:
    """Every quad but the ontology's (its OWL lists are fresh blank nodes each time)."""
    return {
        str(q)
        for q in store.oxigraph.quads_for_pattern(None, None, None, None)
        if q.graph_name.value != str(ONTOLOGY_GRAPH)
    }


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_two_workers_store_what_one_process_stores(sample_store: OxigraphStore) -> None:
    store = OxigraphStore(None)
    report = ingest([SAMPLES], store, workers=2)
    assert report.ok, report.failures
    in_order = [a.key for a in read_articles([SAMPLES]) if isinstance(a, Article)]
    assert report.article_ids == in_order
    assert len(in_order) >= 9
    assert _quads(store) == _quads(sample_store)


def test_a_bad_article_in_a_worker_costs_only_itself_and_order_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.extract.extractor as extract_module  # spaCy: only this test needs it

    real = extract_module.extract_doc

    def flaky(doc, article, gazetteer):  # the workers are forked: they inherit this
        if article.key == "slow":
            time.sleep(1.0)  # the later chunks finish first, in the other worker
        if article.key == "bad":
            raise ValueError("boom")
        return real(doc, article, gazetteer)

    monkeypatch.setattr(extract_module, "extract_doc", flaky)
    ids = ["slow", "one", "bad", "two", "three", "four", "five"]
    texts = {
        "slow": "Canada condemned Beijing over the detentions.",
        "bad": "Canada rejected it.",
    }
    source = _write_jsonl(
        tmp_path / "a.jsonl",
        [{"id": i, "text": texts.get(i, f"Trump threatened a {n}% tariff on Canadian steel.")}
         for n, i in enumerate(ids, 10)],
    )  # fmt: skip
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    store = OxigraphStore(None)
    with ExtractionPool(2, batch_size=2, start_method="fork") as pool:
        report = ingest([source, broken], store, extractor=pool)
    assert report.article_ids == [i for i in ids if i != "bad"]
    failures = [str(f) for f in report.failures]
    assert f"{source}:3: extraction failed: ValueError: boom" in failures
    assert any(f.startswith(f"{broken}: malformed JSON") for f in failures)
    assert len(failures) == 2
    assert len(store.article_graphs()) == 6
    assert report.policies == 5


def test_a_pool_that_cannot_load_its_pipeline_says_why() -> None:
    with (
        ExtractionPool(1, model="no_such_spacy_model") as pool,
        pytest.raises(KgError, match=r"extraction worker failed to start: .*no_such_spacy_model"),
    ):
        pool.ready()


def test_workers_must_be_positive() -> None:
    with pytest.raises(KgError, match="workers must be 1 or more"):
        ingest([SAMPLES], OxigraphStore(None), workers=0)


def test_cli_ingest_with_two_workers(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    store = tmp_path / "store"
    done = run_kg("ingest", "--workers", "2", "-s", str(store), str(broken), str(SAMPLES))
    assert done.returncode == 1
    assert f"kg: failed: {broken}: malformed JSON" in done.stderr
    assert "kg: 1 input(s) failed" in done.stderr
    stats = run_kg("stats", "-s", str(store))
    assert stats.stdout.startswith("10 articles"), stats.stdout
