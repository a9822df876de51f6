"""Parsing ahead in a thread (kg.extract.prefetch): same items, same order, errors where
they happen, and no thread left behind when the reader stops early."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from kg.extract.prefetch import prefetched
from kg.sources import read_articles
from tests.conftest import SAMPLES

if TYPE_CHECKING:
    from kg.extract import Extractor


def test_items_come_in_order() -> None:
    assert list(prefetched(iter(range(1000)), ahead=7)) == list(range(1000))


def test_an_error_comes_where_its_item_would_have() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("bad third item")

    seen = []
    with pytest.raises(ValueError, match="bad third item"):
        for item in prefetched(items(), ahead=4):
            seen.append(item)
    assert seen == [1, 2]


def test_the_thread_ends_when_the_reader_stops() -> None:
    produced = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    before = threading.active_count()
    stream = prefetched(endless(), ahead=3)
    assert next(stream) == 0
    stream.close()
    time.sleep(0.3)
    assert threading.active_count() == before
    assert len(produced) <= 6  # it kept at most ``ahead`` waiting, then stopped


def test_it_reads_ahead_no_further_than_asked() -> None:
    produced = []

    def counted() -> Iterator[int]:
        for n in range(100):
            produced.append(n)
            yield n

    stream = prefetched(counted(), ahead=5)
    next(stream)
    time.sleep(0.3)
    assert len(produced) <= 1 + 5 + 1  # the one read, those waiting, the one in hand
    stream.close()


@pytest.mark.slow
def test_extraction_is_the_same_with_and_without_parsing_ahead(extractor: Extractor) -> None:
    from kg.extract import Extractor

    articles = [a for a in read_articles([SAMPLES]) if not isinstance(a, Exception)]
    inline = Extractor(extractor.gazetteer, extractor.nlp, parse_ahead=0)
    ahead = Extractor(extractor.gazetteer, extractor.nlp, parse_ahead=4)
    assert list(ahead.extract_many(articles, batch_size=2)) == list(
        inline.extract_many(articles, batch_size=2)
    )
