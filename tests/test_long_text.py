"""Long texts: read in pieces, still one article with offsets into its whole text; the
rest of the batch is stored, with --workers too; too large a file is refused in one line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.errors import InputError
from kg.model import Article
from kg.sources import read_articles
from tests.conftest import run_kg

if TYPE_CHECKING:  # spaCy loads only where a test extracts
    from kg.extract import Extractor

pytestmark = pytest.mark.slow  # long texts through spaCy

PARAGRAPH = (
    "Canada condemned Beijing over the detentions on Tuesday. Beijing denied the charge. "
    "Japan praised the European Union for its steady support."
)


def test_split_text_cuts_at_paragraphs_and_keeps_every_character() -> None:
    from kg.extract.nlp import split_text  # loads spaCy

    text = "\n\n".join(f"{i}. {PARAGRAPH}" for i in range(40))
    pieces = split_text(text, limit=1000)
    assert len(pieces) > 5
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert len(piece) <= 1000
        assert text[offset : offset + len(piece)] == piece
        assert piece.endswith("\n\n") or offset + len(piece) == len(text)


def test_split_text_without_breaks_cuts_anyway() -> None:
    from kg.extract.nlp import split_text  # loads spaCy

    text = "x" * 2500
    assert [len(p) for _, p in split_text(text, limit=1000)] == [1000, 1000, 500]
    words = " ".join(["word"] * 600)
    assert all(p.endswith(" ") for _, p in split_text(words, limit=1000)[:-1])


def test_a_long_article_is_one_extraction_with_true_offsets(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\n\n".join(PARAGRAPH for _ in range(12))
    whole = extractor.extract(Article(text, id="whole"))
    import kg.extract.extractor

    monkeypatch.setattr(kg.extract.extractor, "PIECE_CHARS", 400)  # about two paragraphs a piece
    article = Article(text, id="long")
    [pieced] = list(extractor.extract_many([Article("Xi met Trump.", id="short"), article]))[1:]
    assert pieced.article is article
    assert len(pieced.claims) == len(whole.claims) >= 24
    for fact in (*pieced.claims, *pieced.policies, *pieced.events):
        ev = fact.evidence
        assert text[ev.char_start : ev.char_end] == ev.sentence
    assert sorted(c.evidence.char_start for c in pieced.claims) == sorted(
        c.evidence.char_start for c in whole.claims
    )
    assert extractor.extract(article).claims[-1].evidence == pieced.claims[-1].evidence


def test_too_large_a_file_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kg.sources.read.MAX_ARTICLE_BYTES", 1000)
    (tmp_path / "huge.txt").write_text(PARAGRAPH * 20, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(PARAGRAPH, encoding="utf-8")
    items = list(read_articles([tmp_path]))
    assert isinstance(items[1], InputError)
    assert "too large for one article" in items[1].reason
    assert isinstance(items[0], Article)


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1.2 MB article (over spaCy's 1 000 000 characters; long runs of blank lines
    between paragraphs keep the parse cheap), between two short ones."""
    root = tmp_path_factory.mktemp("big")
    gap = "\n" * 60_000
    (root / "a-before.txt").write_text(PARAGRAPH, encoding="utf-8")
    (root / "b-big.txt").write_text(gap.join([PARAGRAPH] * 20), encoding="utf-8")
    (root / "c-after.txt").write_text("Ottawa rejected the demands of Washington.", "utf-8")
    assert (root / "b-big.txt").stat().st_size > 1_100_000
    return root


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_text_over_a_million_characters_ingests_with_its_batch(
    big_batch: Path, tmp_path: Path, workers: str
) -> None:
    store = str(tmp_path / "store")
    result = run_kg("ingest", str(big_batch), "--store", store, "-q", "--workers", workers)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    ids = run_kg("query", "articles", "--store", store, "-f", "json")
    assert sorted(a["id"] for a in json.loads(ids.stdout)) == ["a-before", "b-big", "c-after"]
    claims = run_kg("export", "claims", "--store", store)
    text = (big_batch / "b-big.txt").read_text(encoding="utf-8")
    big = [json.loads(line) for line in claims.stdout.splitlines()]
    big = [c for c in big if c["article"]["id"] == "b-big"]
    assert len(big) >= 40
    for claim in big:
        assert text[claim["char_start"] : claim["char_end"]] == claim["sentence"]
    assert max(c["char_start"] for c in big) > 1_000_000
