"""Extraction in worker processes: the spaCy pipeline is the cost, so it runs N times over.

Each worker loads the gazetteer and the pipeline once (the pool's initializer) and
extracts chunks of ``batch_size`` articles with :meth:`kg.extract.Extractor.extract_many`.
The main process keeps the store: it gets plain :class:`~kg.model.Extraction` records
back, in input order, and writes them.

Memory stays bounded: at most ``2 × workers`` chunks are in flight, and the input is
read only as fast as the workers take it (``Pool.imap`` would read all of it at once).
Workers return extractions without the article (the main process still holds it), so
article text crosses between processes once.

``kg ingest --workers N`` (:func:`kg.ingest.ingest` with ``workers=N``) uses it:

>>> from kg.model import Article
>>> with ExtractionPool(2) as pool:                                    # doctest: +SKIP
...     found = list(pool.extract_many([Article("Xi met Trump.", id="a")]))
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import InputError, KgError
from kg.model import Article, Extraction

__all__ = ["ExtractionPool", "Failed", "chunked", "worker_extractor"]

T = TypeVar("T")
R = TypeVar("R")

# The worker's extractor (or why it could not be loaded), set by _start_worker.
_EXTRACTOR: Any = None
_LOAD_ERROR: str | None = None


@dataclass(frozen=True)
class Failed:
    """An article the worker could not extract (InputError does not pickle)."""

    origin: str
    reason: str


def _start_worker(gazetteer_files: list[Path] | None, model: str | None) -> None:
    """Pool initializer: load the gazetteer and the pipeline once per worker."""
    global _EXTRACTOR, _LOAD_ERROR
    from kg.extract import Extractor, gazetteer
    from kg.extract.nlp import load_pipeline

    try:
        gaz = gazetteer.load(gazetteer_files)
        _EXTRACTOR = Extractor(gaz, load_pipeline(gaz, model))
    except Exception as e:  # reported with the first chunk, as a KgError
        _LOAD_ERROR = str(e) or type(e).__name__


def worker_extractor() -> Any:
    if _EXTRACTOR is None:
        raise KgError(f"extraction worker failed to start: {_LOAD_ERROR}")
    return _EXTRACTOR


def _extract_chunk(articles: list[Article], batch_size: int) -> list[Extraction | Failed]:
    """Extract one chunk; articles are dropped from the results (the caller has them)."""
    out: list[Extraction | Failed] = []
    for result in worker_extractor().extract_many(articles, batch_size=batch_size):
        if isinstance(result, InputError):
            out.append(Failed(result.origin, result.reason))
        else:
            result.article = None  # type: ignore[assignment]  # re-attached by the caller
            out.append(result)
    return out


def _ping() -> int:
    """This worker's process id, once its pipeline is loaded; slow enough that a batch of
    pings spreads over the workers."""
    worker_extractor()
    time.sleep(0.05)
    return os.getpid()


class ExtractionPool:
    """Worker processes, each with its own pipeline; use as a context manager.

    ``start_method`` is ``spawn`` by default: workers start clean, whatever threads
    the parent runs (the store's), on every platform.
    """

    def __init__(
        self,
        workers: int,
        gazetteer_files: list[Path] | None = None,
        model: str | None = None,
        *,
        batch_size: int = 16,
        start_method: str = "spawn",
    ) -> None:
        if workers < 1:
            raise KgError(f"workers must be 1 or more, not {workers}")
        self.workers = workers
        self.batch_size = batch_size
        self._executor = ProcessPoolExecutor(
            workers,
            mp_context=mp.get_context(start_method),
            initializer=_start_worker,
            initargs=(list(gazetteer_files) if gazetteer_files is not None else None, model),
        )

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def ready(self, attempts: int = 20) -> None:
        """Wait until every worker has loaded its pipeline (for timing)."""
        seen: set[int] = set()
        for _ in range(attempts):
            futures = [self._executor.submit(_ping) for _ in range(self.workers)]
            seen.update(self._result(f) for f in futures)
            if len(seen) >= self.workers:
                return

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction | InputError]:
        """Extractions of ``articles`` in input order, failures as :class:`InputError`,
        as :meth:`kg.extract.Extractor.extract_many` gives them in one process."""
        chunks = chunked(articles, self.batch_size)
        for chunk, results in self.ordered_map(_extract_chunk, chunks, self.batch_size):
            for article, result in zip(chunk, results):
                if isinstance(result, Failed):
                    yield InputError(result.origin, result.reason)
                else:
                    result.article = article
                    yield result

    def ordered_map(
        self, func: Callable[..., R], chunks: Iterable[T], *args: Any
    ) -> Iterator[tuple[T, R]]:
        """``(chunk, func(chunk, *args))`` in input order, with a bounded window in flight."""
        window: deque[tuple[T, Future[R]]] = deque()
        source = iter(chunks)
        limit = 2 * self.workers
        while True:
            while len(window) < limit and (chunk := next(source, None)) is not None:
                window.append((chunk, self._executor.submit(func, chunk, *args)))
            if not window:
                return
            chunk, future = window.popleft()
            yield chunk, self._result(future)

    @staticmethod
    def _result(future: Future[R]) -> R:
        try:
            return future.result()
        except BrokenProcessPool as e:
            raise KgError(f"an extraction worker died (out of memory?): {e}") from e


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
