"""Parsing in a second process, while this one extracts and writes.

spaCy holds the GIL for most of a parse, so the parse-ahead thread
(:mod:`kg.extract.prefetch`) and the extraction that runs beside it take turns more
than they overlap. A process of its own parses without taking turns: it loads the
same pipeline (the same gazetteer and model), parses batches of texts as they are
sent, and returns each batch as :class:`spacy.tokens.DocBin` bytes, which this process
reads back into documents of its own vocabulary (a twentieth of the time of parsing).

The process starts with its :class:`~kg.extract.Extractor` (the two load their
pipelines at once) and serves all its batches; until it has loaded its pipeline,
batches are parsed here, so that a run never waits for it. Each stream gets its own
batches back in order, however many read through one extractor at once, and one that
stops reading leaves nothing for the next; a batch the process cannot parse is raised
where it would have come, and a process that dies is a :class:`~kg.errors.KgError`.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import queue
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from kg.errors import KgError
from kg.extract.gazetteer import Gazetteer

__all__ = ["ParseProcess", "can_start"]

_READY = -1
POLL_S = 0.5  # how often a wait for a batch checks that the process is alive


def can_start() -> bool:
    """Whether a parse process can help: a second CPU, and this process no worker of a
    pool itself (the pool's processes are the parallelism there)."""
    return (os.cpu_count() or 1) >= 2 and mp.parent_process() is None


class ParseProcess:
    """A process that parses batches of texts with the pipeline ``load_pipeline``
    builds from ``gazetteer`` and ``model``."""

    def __init__(self, gazetteer: Gazetteer, model: str | None) -> None:
        context = mp.get_context("spawn")  # clean, whatever threads this process runs
        self._tasks: Any = context.Queue()
        self._results: Any = context.Queue()
        self._ids = itertools.count()
        self._early: dict[int, tuple[bool, Any]] = {}  # results for another open run
        self._dropped: set[int] = set()  # batches of runs that stopped reading
        self.ready = False
        self._process = context.Process(
            target=_serve,
            args=(gazetteer, model, self._tasks, self._results),
            name="kg-parse",
            daemon=True,
        )
        self._process.start()

    def poll_ready(self) -> bool:
        """Whether the process has loaded its pipeline (without waiting for it)."""
        if not self.ready:
            try:
                self._take(_READY, timeout=0)
            except queue.Empty:
                return False
            self.ready = True
        return True

    def parse(
        self, batches: Iterable[list[str]], vocab: Vocab, ahead: int = 4
    ) -> Iterator[list[Doc]]:
        """The documents of each batch (in ``vocab``, the caller's pipeline's), in order,
        with up to ``ahead`` batches sent ahead."""
        sent: deque[int] = deque()
        source = iter(batches)
        try:
            while True:
                while len(sent) < ahead and (texts := next(source, None)) is not None:
                    number = next(self._ids)
                    self._tasks.put((number, texts))
                    sent.append(number)
                if not sent:
                    return
                data = self._take(sent.popleft())
                yield list(DocBin().from_bytes(data).get_docs(vocab))
        finally:  # a run that stops reading: its batches still come back, to no one
            for number in sent:
                if self._early.pop(number, None) is None:
                    self._dropped.add(number)

    def close(self) -> None:
        if self._process.is_alive() and self.ready:  # one still loading has nothing to finish
            self._tasks.put(None)
            self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)
        for q in (self._tasks, self._results):
            q.close()
            q.cancel_join_thread()

    def _take(self, number: int, timeout: float | None = None) -> bytes:
        """The result of batch ``number``. Results of other runs still reading (two
        streams through one extractor) wait for them; those of runs that stopped are
        dropped."""
        while (found := self._early.pop(number, None)) is None:
            try:
                got, ok, value = self._results.get(timeout=POLL_S if timeout is None else timeout)
            except queue.Empty:
                if timeout is not None:
                    raise
                if not self._process.is_alive():
                    raise KgError(
                        f"the parse process died (exit code {self._process.exitcode})"
                    ) from None
                continue
            if got in self._dropped:
                self._dropped.discard(got)
            else:
                self._early[got] = (ok, value)
        ok, value = found
        if not ok:
            raise KgError(f"the parse process failed: {value}")
        return value


def _serve(gazetteer: Gazetteer, model: str | None, tasks: Any, results: Any) -> None:
    """The process: load the pipeline, then parse each batch sent until ``None``."""
    from kg.extract.nlp import load_pipeline

    try:
        nlp = load_pipeline(gazetteer, model)
    except Exception as e:
        results.put((_READY, False, f"{type(e).__name__}: {e}"))
        return
    results.put((_READY, True, b""))
    while (task := tasks.get()) is not None:
        number, texts = task
        try:
            bin_ = DocBin(store_user_data=False)
            for doc in nlp.pipe(texts, batch_size=max(1, len(texts))):
                bin_.add(doc)
            results.put((number, True, bin_.to_bytes()))
        except Exception as e:  # raised in the caller, where the batch would have come
            results.put((number, False, f"{type(e).__name__}: {e}"))
