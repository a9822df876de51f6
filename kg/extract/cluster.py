"""Extraction on a Dask distributed cluster: past one machine, same store, same order.

``kg ingest --cluster tcp://scheduler:8786`` (or ``KG_CLUSTER``) connects to a running
Dask scheduler (``pip install 'kg[cluster]'``; ``dask scheduler`` and ``dask worker``,
dask-ssh, dask-kubernetes, any Dask deployment). The shape is the one of
:class:`kg.extract.parallel.ExtractionPool`:

* the driver (this process) reads the input as a stream and submits it in chunks of
  ``batch_size`` articles, with a bounded window in flight (twice the cluster's
  threads), so memory stays bounded whatever the input;
* each worker process loads the gazetteer and the spaCy pipeline once, on its first
  chunk (a per-process cache, so workers that join later need nothing else), and
  returns plain :class:`~kg.model.Extraction` records without the article text;
* the driver writes the results in input order, one transaction per article.

A worker that dies loses nothing: the scheduler runs its chunks again on another
worker, and when the scheduler gives up on a chunk (``KilledWorker``) the driver
submits it again itself, up to ``retries`` times. Results are taken by chunk
position, once each, so an article is never written twice, however often it was
extracted. A bad article is still one failure line, as in one process.

Extra gazetteer files (``--gazetteer``, ``KG_GAZETTEER``) and the model must be
readable at the same path on the workers; the shipped gazetteer always is (each
worker takes its own installed copy).

>>> from kg.model import Article
>>> with ClusterExtraction("tcp://127.0.0.1:8786") as cluster:           # doctest: +SKIP
...     found = list(cluster.extract_many([Article("Xi met Trump.", id="a")]))
"""

from __future__ import annotations

import itertools
import threading
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError, KgError
from kg.extract.parallel import Failed, chunked
from kg.model import Article, Extraction

__all__ = ["CLUSTER_ENV", "ClusterError", "ClusterExtraction", "extract_on_worker"]

CLUSTER_ENV = "KG_CLUSTER"

# One extractor per worker process and per (gazetteer files, model); a lock because a
# Dask worker may run several tasks at once in threads.
_EXTRACTORS: dict[tuple[tuple[str, ...], str | None], Any] = {}
_LOCK = threading.Lock()


class ClusterError(KgError):
    """The cluster cannot be reached, or cannot extract (one line, as every KgError)."""


def _worker_extractor(files: tuple[str, ...], model: str | None) -> Any:
    """The worker's extractor: its own shipped gazetteer, then the driver's extra files."""
    key = (files, model)
    if key not in _EXTRACTORS:
        from kg import resources
        from kg.extract import Extractor, gazetteer
        from kg.extract.nlp import load_pipeline

        shipped = sorted(resources.gazetteer_dir().glob("*.jsonl"))
        gaz = gazetteer.load(shipped + [Path(f) for f in files or ()])
        _EXTRACTORS[key] = Extractor(gaz, load_pipeline(gaz, model))
    return _EXTRACTORS[key]


def extract_on_worker(
    articles: list[Article],
    batch_size: int,
    files: tuple[str, ...],
    model: str | None,
) -> list[Extraction | Failed]:
    """The task a worker runs: extract one chunk, articles dropped from the results."""
    out: list[Extraction | Failed] = []
    with _LOCK:
        extractor = _worker_extractor(files, model)
        for result in extractor.extract_many(articles, batch_size=batch_size):
            if isinstance(result, InputError):
                out.append(Failed(result.origin, result.reason))
            else:
                result.article = None  # type: ignore[assignment]  # re-attached by the driver
                out.append(result)
    return out


def _load_on_worker(files: tuple[str, ...], model: str | None) -> str:
    """Load the pipeline now (``Client.run``), so a missing model fails before any work."""
    try:
        with _LOCK:
            _worker_extractor(files, model)
    except Exception as e:
        return str(e).splitlines()[0] if str(e) else type(e).__name__
    return ""


def _extra_files(files: Iterable[Path] | None) -> tuple[str, ...]:
    """The gazetteer files beyond the shipped ones (the workers have their own copy of
    those, wherever their kg is installed); ``None`` means the defaults."""
    from kg import resources
    from kg.extract import gazetteer

    shipped = resources.gazetteer_dir().resolve()
    chosen = gazetteer.default_files() if files is None else list(files)
    return tuple(str(Path(f).resolve()) for f in chosen if Path(f).resolve().parent != shipped)


class ClusterExtraction:
    """Extraction on the Dask cluster at ``address``; use as a context manager.

    ``address`` may also be a :class:`distributed.Client` or a cluster object
    (``LocalCluster``), for tests and notebooks.
    """

    def __init__(
        self,
        address: Any,
        gazetteer_files: Iterable[Path] | None = None,
        model: str | None = None,
        *,
        batch_size: int = 8,
        retries: int = 3,
        timeout: float = 30.0,
    ) -> None:
        try:
            from distributed import Client
        except ImportError as e:
            raise ClusterError("--cluster needs Dask distributed: pip install 'kg[cluster]'") from e
        self.batch_size = batch_size
        self.retries = retries
        self._files = _extra_files(gazetteer_files)
        self._model = model
        self._run = uuid.uuid4().hex[:12]
        self._own = not isinstance(address, Client)
        try:
            self.client = Client(address, timeout=timeout) if self._own else address
        except (OSError, TimeoutError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from e

    def __enter__(self) -> ClusterExtraction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own:
            self.client.close()

    @property
    def threads(self) -> int:
        """Threads the cluster runs tasks on, over all its workers (at least 1)."""
        return max(1, sum(self.client.nthreads().values()))

    def ready(self, workers: int = 1, timeout: float = 120.0) -> None:
        """Wait for ``workers`` workers, then load the pipeline on each of them."""
        try:
            self.client.wait_for_workers(workers, timeout=timeout)
        except TimeoutError as e:
            raise ClusterError(f"no Dask workers joined within {timeout:g} s") from e
        errors = self.client.run(_load_on_worker, self._files, self._model)
        failed = {w: why for w, why in errors.items() if why}
        if failed:
            worker, why = next(iter(failed.items()))
            raise ClusterError(f"extraction worker {worker} failed to start: {why}")

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction | InputError]:
        """Extractions of ``articles`` in input order, failures as :class:`InputError`."""
        for chunk, results in self._ordered(chunked(articles, self.batch_size)):
            for article, result in zip(chunk, results):
                if isinstance(result, Failed):
                    yield InputError(result.origin, result.reason)
                else:
                    result.article = article
                    yield result

    def _ordered(
        self, chunks: Iterable[list[Article]]
    ) -> Iterator[tuple[list[Article], list[Extraction | Failed]]]:
        """``(chunk, results)`` by position, each position once, a bounded window in flight."""
        window: deque[tuple[int, list[Article], Any]] = deque()
        source = enumerate(chunks)
        limit = 2 * self.threads
        while True:
            while len(window) < limit and (item := next(source, None)) is not None:
                position, chunk = item
                window.append((position, chunk, self._submit(position, chunk, 0)))
            if not window:
                return
            position, chunk, future = window.popleft()
            yield chunk, self._result(position, chunk, future)

    def _submit(self, position: int, chunk: list[Article], attempt: int) -> Any:
        return self.client.submit(
            extract_on_worker,
            chunk,
            self.batch_size,
            self._files,
            self._model,
            key=f"kg-extract-{self._run}-{position}-{attempt}",
            pure=False,
        )

    def _result(self, position: int, chunk: list[Article], future: Any) -> list[Any]:
        from distributed import KilledWorker

        for attempt in itertools.count(1):
            try:
                return future.result()
            except KilledWorker as e:
                if attempt > self.retries:
                    raise ClusterError(
                        f"articles {chunk[0].origin} … {chunk[-1].origin}: workers kept "
                        f"dying on them ({attempt} tries): {e}"
                    ) from e
                future = self._submit(position, chunk, attempt)
            except (OSError, TimeoutError) as e:
                raise ClusterError(f"lost the Dask scheduler: {e}") from e
        raise AssertionError("unreachable")
