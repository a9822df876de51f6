"""Parsing in a second process (kg.extract.parse_process): the same extractions as in
one process, in order, whether the process is ready yet or not; a run abandoned half
way leaves nothing behind for the next; a dead process is one clear error."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from kg.errors import KgError
from kg.extract import Extractor
from kg.extract.parse_process import ParseProcess
from kg.model import Article
from kg.sources import read_articles
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow  # each extractor here loads spaCy twice


def _samples() -> list[Article]:
    return [a for a in read_articles([SAMPLES]) if isinstance(a, Article)]


def _ready(extractor: Extractor, timeout: float = 120) -> ParseProcess:
    parser = extractor._parser
    assert parser is not None
    deadline = time.monotonic() + timeout
    while not parser.poll_ready():
        assert time.monotonic() < deadline, "the parse process did not load its pipeline"
        time.sleep(0.05)
    return parser


@pytest.fixture(scope="module")
def in_process() -> Iterator[Extractor]:
    with Extractor(parse_process=True) as extractor:
        _ready(extractor)
        yield extractor


def test_the_same_extractions_in_the_same_order(
    in_process: Extractor, extractor: Extractor
) -> None:
    articles = _samples() * 3  # more batches than are sent ahead
    assert len(articles) > 4 * 2
    here = list(extractor.extract_many(articles, batch_size=2))
    there = list(in_process.extract_many(articles, batch_size=2))
    assert [e.article.key for e in there] == [a.key for a in articles]
    assert there == here


def test_batches_parse_here_until_the_process_is_ready(
    in_process: Extractor, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    parser = in_process._parser
    assert parser is not None
    answers = iter([False, False])  # two batches here, then the process
    monkeypatch.setattr(parser, "poll_ready", lambda: next(answers, True))
    sent = []
    real = parser.parse

    def parse(batches, vocab, ahead=4):  # type: ignore[no-untyped-def]
        for docs in real(batches, vocab, ahead):
            sent.append(len(docs))
            yield docs

    monkeypatch.setattr(parser, "parse", parse)
    articles = _samples()
    there = list(in_process.extract_many(articles, batch_size=2))
    assert there == list(extractor.extract_many(articles, batch_size=2))
    assert sum(sent) == len(articles) - 4


def test_a_run_stopped_half_way_leaves_nothing_for_the_next(
    in_process: Extractor, extractor: Extractor
) -> None:
    articles = _samples()
    stream = in_process.extract_many(articles * 4, batch_size=1)
    next(stream)
    stream.close()  # batches sent ahead come back to no one
    assert list(in_process.extract_many(articles)) == list(extractor.extract_many(articles))


def test_two_streams_at_once_each_get_their_own(
    in_process: Extractor, extractor: Extractor
) -> None:
    articles = _samples()
    first = in_process.extract_many(articles, batch_size=1)
    second = in_process.extract_many(list(reversed(articles)), batch_size=1)
    taken = [(next(first), next(second)) for _ in articles]  # both have batches in flight
    assert [a for a, _ in taken] == list(extractor.extract_many(articles))
    assert [b for _, b in taken] == list(extractor.extract_many(list(reversed(articles))))


def test_a_dead_process_is_one_clear_error() -> None:
    with Extractor(parse_process=True) as doomed:
        parser = _ready(doomed)
        os.kill(parser._process.pid, signal.SIGKILL)  # out of memory, say
        parser._process.join(timeout=10)
        with pytest.raises(KgError, match=r"parse process died \(exit code -9\)"):
            list(doomed.extract_many(_samples()))


def test_closed_it_parses_here() -> None:
    extractor = Extractor(parse_process=True)
    parser = extractor._parser
    assert parser is not None
    extractor.close()
    assert not parser._process.is_alive()
    assert len(list(extractor.extract_many(_samples()[:2]))) == 2


def test_given_a_pipeline_it_parses_in_a_thread(extractor: Extractor) -> None:
    """A pipeline passed in cannot be rebuilt in another process."""
    assert Extractor(extractor.gazetteer, extractor.nlp, parse_process=True)._parser is None


def test_the_setting_keeps_the_parse_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_PARSE_PROCESS", "0")
    assert Extractor(parse_process=True)._parser is None
