"""The ingest library call: streaming, reports, and one bad article costing only itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.ingest import ingest
from kg.store import OxigraphStore

if TYPE_CHECKING:  # spaCy loads only where a test extracts
    from kg.extract import Extractor

pytestmark = pytest.mark.slow  # ingests with spaCy


def write_jsonl(path: Path, articles: list[dict]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def test_report_counts(tmp_path: Path, extractor: Extractor) -> None:
    source = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "one", "text": "Canada condemned Beijing over the detentions."},
            {"id": "two", "text": "Trump threatened a 25% tariff on Canadian steel."},
        ],
    )
    store = OxigraphStore(None)
    seen: list[str] = []
    report = ingest([source], store, extractor=extractor, on_article=seen.append)
    assert (report.articles, report.claims, report.policies, report.failures) == (2, 2, 1, [])
    assert report.article_ids == ["one", "two"]
    assert seen == [f"{source}:1", f"{source}:2"]
    assert report.triples > 20


def test_an_extraction_bug_costs_one_article(
    tmp_path: Path, extractor: Extractor, monkeypatch
) -> None:
    import kg.extract.extractor as extract_module  # spaCy: only this test needs it

    real = extract_module.extract_doc

    def flaky(doc, article, gazetteer):
        if article.key == "bad":
            raise ValueError("boom")
        return real(doc, article, gazetteer)

    monkeypatch.setattr(extract_module, "extract_doc", flaky)
    source = write_jsonl(
        tmp_path / "b.jsonl",
        [
            {"id": "bad", "text": "Canada rejected it."},
            {"id": "good", "text": "Ottawa welcomed it."},
        ],
    )
    report = ingest([source], OxigraphStore(None), extractor=extractor)
    assert report.article_ids == ["good"]
    assert [str(f) for f in report.failures] == [f"{source}:1: extraction failed: ValueError: boom"]
