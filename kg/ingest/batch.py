"""Ingestion: sources → articles → extractions → one transaction per article in the store.

Bad inputs never stop a batch: each is recorded in the report and the next goes on.
Articles stream: they are read as extraction takes them, and only a few batches are
held at a time, whatever the size of the input. Extraction runs in this process, with
the parse in a second one (:mod:`kg.extract.parse_process`), or in ``workers``
processes (:class:`kg.extract.parallel.ExtractionPool`) while this one writes.

>>> from kg.store import OxigraphStore
>>> report = ingest(["data/articles"], OxigraphStore(None))  # doctest: +SKIP
>>> report.articles, report.claims                           # doctest: +SKIP
(9, 57)
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, TextIO

from kg.errors import InputError, KgError
from kg.model import Article, Extraction
from kg.sources import Defaults, read_articles
from kg.store import Store
from kg.triples import article_write


class ExtractsMany(Protocol):
    """What ingest extracts with: an :class:`~kg.extract.Extractor` (this process) or a
    :class:`~kg.extract.parallel.ExtractionPool` (worker processes)."""

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction | InputError]: ...


@dataclass
class Failure:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class IngestReport:
    articles: int = 0
    replaced: int = 0
    claims: int = 0
    policies: int = 0
    events: int = 0
    triples: int = 0  # written: each article's graph and its actors' descriptions (see kg stats)
    failures: list[Failure] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of other types in directories

    @property
    def ok(self) -> bool:
        return not self.failures

    def add(self, extraction: Extraction, triples: int, replaced: int) -> None:
        self.articles += 1
        self.replaced += replaced
        self.claims += len(extraction.claims)
        self.policies += len(extraction.policies)
        self.events += len(extraction.events)
        self.triples += triples
        self.article_ids.append(extraction.article.key)


def ingest(
    inputs: Iterable[str | Path],
    store: Store,
    *,
    defaults: Defaults | None = None,
    extractor: ExtractsMany | None = None,
    workers: int = 1,
    stdin: TextIO | BinaryIO | None = None,
    on_article: Callable[[str], None] | None = None,
    only: Container[str] | None = None,
) -> IngestReport:
    """Ingest every article found in ``inputs`` into ``store``, in input order.

    ``only``, when given, keeps the articles whose id (:attr:`Article.key`) is in it
    and passes over the rest (``kg eval`` ingests just the articles that have gold).

    Without an ``extractor``, one is loaded (default gazetteer and model): in this
    process when ``workers`` is 1, else a pool of ``workers`` extraction processes.
    ``on_article`` is called with each article's origin once it is stored or has
    failed (for progress bars).
    """
    with ExitStack() as stack:
        if extractor is None:
            extractor = _default_extractor(workers, stack)
        return _ingest(inputs, store, extractor, defaults or Defaults(), stdin, on_article, only)


def _default_extractor(workers: int, stack: ExitStack) -> ExtractsMany:
    if workers < 1:
        raise KgError(f"workers must be 1 or more, not {workers}")
    if workers == 1:
        from kg.extract import Extractor  # spaCy loads here, when extraction starts

        return stack.enter_context(Extractor(parse_process=True))
    from kg.extract.parallel import ExtractionPool

    return stack.enter_context(ExtractionPool(workers))


def _ingest(
    inputs: Iterable[str | Path],
    store: Store,
    extractor: ExtractsMany,
    defaults: Defaults,
    stdin: TextIO | BinaryIO | None,
    on_article: Callable[[str], None] | None,
    only: Container[str] | None = None,
) -> IngestReport:
    report = IngestReport()
    articles = _articles(inputs, defaults, stdin, report, on_article)
    if only is not None:
        articles = (a for a in articles if a.key in only)
    for extraction in extractor.extract_many(articles):
        if isinstance(extraction, InputError):
            report.failures.append(Failure(extraction.origin, extraction.reason))
            if on_article:
                on_article(extraction.origin)
            continue
        origin = extraction.article.origin
        try:
            write = article_write(extraction)
            replaced = store.write_article(write)
        except KgError as e:
            report.failures.append(Failure(origin, str(e)))
        except Exception as e:  # a bug must cost one article, not the batch
            report.failures.append(Failure(origin, f"write failed: {type(e).__name__}: {e}"))
        else:
            report.add(extraction, len(write.triples) + len(write.shared), len(replaced))
        if on_article:
            on_article(origin)
    return report


def _articles(
    inputs: Iterable[str | Path],
    defaults: Defaults,
    stdin: TextIO | BinaryIO | None,
    report: IngestReport,
    on_article: Callable[[str], None] | None,
) -> Iterator[Article]:
    """Articles to extract; bad inputs go to the report instead."""
    for item in read_articles(inputs, defaults, stdin=stdin, skipped=report.skipped):
        if isinstance(item, InputError):
            report.failures.append(Failure(item.origin, item.reason))
            if on_article:
                on_article(item.origin)
            continue
        yield item
