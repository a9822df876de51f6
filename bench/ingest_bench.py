"""One ingest measurement, in a fresh process: ``python -m bench.ingest_bench SPEC_JSON``.

Both sides use the same processes and the same texts. With one worker, kg's
:func:`kg.ingest.ingest` (an :class:`~kg.extract.Extractor` loaded beforehand) runs
against ``nlp.pipe`` of the same pipeline; with N, ``ingest`` gets a started
:class:`~kg.extract.parallel.ExtractionPool` and the raw side runs ``nlp.pipe`` in the same
worker processes. Ingest goes first, so any warm-up favours the raw side.

The peak RSS of the whole process tree (main and workers) is sampled while ingest
runs, with checkpoints along the way: a streaming ingest stays flat.
Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psutil

from kg.extract import Extractor
from kg.extract.parallel import ExtractionPool
from kg.extract.rawspeed import parse_texts
from kg.ingest import ingest
from kg.model import Article
from kg.sources import read_articles
from kg.store import OxigraphStore

MB = 1024 * 1024


class RssSampler:
    """Peak RSS of this process and its children, sampled every ``interval`` seconds."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak = 0
        self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._me = psutil.Process()

    def cpu_s(self) -> float:
        """CPU seconds (user and system) spent so far by this process and its live
        children (the pool's workers)."""
        total = sum(self._me.cpu_times()[:2])
        for child in self._me.children(recursive=True):
            with suppress(psutil.Error):
                total += sum(child.cpu_times()[:2])
        return total

    def now(self) -> tuple[int, int]:
        """(tree RSS, main RSS) in bytes."""
        main = self._me.memory_info().rss
        total = main
        for child in self._me.children(recursive=True):
            with suppress(psutil.Error):  # a child that just ended
                total += child.memory_info().rss
        return total, main

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            total, main = self.now()
            self.peak, self.peak_main = max(self.peak, total), max(self.peak_main, main)

    def __enter__(self) -> RssSampler:
        self.peak, self.peak_main = self.now()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _articles(path: Path) -> list[Article]:
    return [a for a in read_articles([path]) if isinstance(a, Article)]


@contextmanager
def _extractor(workers: int) -> Iterator[Any]:
    """A loaded extractor, or a started pool whose workers have loaded theirs."""
    if workers == 1:
        yield Extractor()
        return
    with ExtractionPool(workers) as pool:
        pool.ready()
        yield pool


def _raw(extractor: Any, texts: list[str], workers: int) -> int:
    """Tokens the bare pipeline makes of ``texts``, in the same processes as ingest."""
    if workers == 1:
        return sum(len(d) for d in extractor.nlp.pipe(texts, batch_size=16))
    chunks = [texts[i : i + 16] for i in range(0, len(texts), 16)]
    return sum(n for _, n in extractor.ordered_map(parse_texts, chunks))


def _ingest(spec: dict[str, Any], extractor: Any, store_dir: Path) -> dict[str, Any]:
    store = OxigraphStore(store_dir)
    every = max(1, spec.get("articles", 100) // 4)
    checkpoints: list[dict[str, float]] = []
    done = 0

    def progress(_: str) -> None:
        nonlocal done
        done += 1
        if done % every == 0:
            total, main = sampler.now()
            checkpoints.append({"articles": done, "rss_mb": total / MB, "main_mb": main / MB})

    with RssSampler() as sampler:
        start, cpu = time.perf_counter(), sampler.cpu_s()
        report = ingest([spec["corpus"]], store, extractor=extractor, on_article=progress)
        seconds, cpu = time.perf_counter() - start, sampler.cpu_s() - cpu
    store.close()
    return {
        "articles": report.articles,
        "failures": len(report.failures),
        "triples": report.triples,
        "claims": report.claims,
        "seconds": seconds,
        "cpus_busy": cpu / seconds,  # well under the workers (+1): the machine was shared
        "peak_rss_mb": sampler.peak / MB,
        "peak_main_rss_mb": sampler.peak_main / MB,
        "checkpoints": checkpoints,
    }


def run(spec: dict[str, Any]) -> dict[str, Any]:
    workers = spec["workers"]
    out: dict[str, Any] = {"workers": workers}
    start = time.perf_counter()
    with _extractor(workers) as extractor:
        out["startup_s"] = time.perf_counter() - start
        warmup = _articles(Path(spec["warmup"]))
        for _ in extractor.extract_many(warmup):
            pass
        with tempfile.TemporaryDirectory(prefix="kg-bench-store-") as tmp:
            out["ingest"] = _ingest(spec, extractor, Path(tmp) / "store")
        if spec.get("raw", True):
            texts = [a.text for a in _articles(Path(spec["corpus"]))]
            meter = RssSampler()
            start, cpu = time.perf_counter(), meter.cpu_s()
            tokens = _raw(extractor, texts, workers)
            seconds = time.perf_counter() - start
            out["raw"] = {"articles": len(texts), "tokens": tokens, "seconds": seconds}
            out["raw"]["cpus_busy"] = (meter.cpu_s() - cpu) / seconds
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["ru_maxrss_mb"] = {"self": usage, "largest_child": children}
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    print(json.dumps(run(json.loads(sys.argv[1]))))
