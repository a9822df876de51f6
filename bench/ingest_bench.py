"""One ingest measurement, in a fresh process: ``python -m bench.ingest_bench SPEC_JSON``.

Both sides use the same processes and the same texts. With one worker, kg's
:func:`kg.ingest.ingest` (an :class:`~kg.extract.Extractor` loaded beforehand) runs
against ``nlp.pipe`` of the same pipeline; with N, ``ingest`` gets a started
:class:`~kg.extract.parallel.ExtractionPool` and the raw side runs ``nlp.pipe`` in the same
worker processes.

A shared machine's speed drifts by a fifth from one minute to the next, more than the
difference measured, so the two sides alternate: ``rounds`` ingests (each into a fresh
store), each between two raw runs, raw first and last. A round's ratio is kg's time
against the mean of the raw runs either side of it; the round with the median ratio
is reported (every round is kept under ``rounds``).

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
        with Extractor(parse_process=True) as extractor:  # as kg ingest loads it
            yield extractor
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


def _ingest_once(spec: dict[str, Any], extractor: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kg-bench-store-") as tmp:
        return _ingest(spec, extractor, Path(tmp) / "store")


def _raw_once(extractor: Any, texts: list[str], workers: int) -> dict[str, Any]:
    meter = RssSampler()
    start, cpu = time.perf_counter(), meter.cpu_s()
    tokens = _raw(extractor, texts, workers)
    seconds = time.perf_counter() - start
    cpus = (meter.cpu_s() - cpu) / seconds
    return {"articles": len(texts), "tokens": tokens, "seconds": seconds, "cpus_busy": cpus}


def _alternating(spec: dict[str, Any], extractor: Any, workers: int, rounds: int) -> dict[str, Any]:
    """raw, ingest, raw, ingest, ..., raw; the round of the median ratio, and all rounds."""
    texts = [a.text for a in _articles(Path(spec["corpus"]))]
    raws = [_raw_once(extractor, texts, workers)]
    ingests = []
    for _ in range(rounds):
        ingests.append(_ingest_once(spec, extractor))
        raws.append(_raw_once(extractor, texts, workers))
    table = []
    for i, ing in enumerate(ingests):
        raw_s = (raws[i]["seconds"] + raws[i + 1]["seconds"]) / 2
        table.append({"ingest_s": ing["seconds"], "raw_s": raw_s, "ratio": raw_s / ing["seconds"]})
    median = sorted(range(rounds), key=lambda i: table[i]["ratio"])[rounds // 2]
    raw = raws[median] | {"seconds": table[median]["raw_s"]}
    return {"ingest": ingests[median], "raw": raw, "rounds": table}


def run(spec: dict[str, Any]) -> dict[str, Any]:
    workers = spec["workers"]
    out: dict[str, Any] = {"workers": workers}
    start = time.perf_counter()
    with _extractor(workers) as extractor:
        out["startup_s"] = time.perf_counter() - start
        warmup = _articles(Path(spec["warmup"]))
        for _ in extractor.extract_many(warmup):
            pass
        rounds = spec.get("rounds", 1)
        if not rounds:
            out["ingest"] = _ingest_once(spec, extractor)
        else:
            out |= _alternating(spec, extractor, workers, rounds)
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["ru_maxrss_mb"] = {"self": usage, "largest_child": children}
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    print(json.dumps(run(json.loads(sys.argv[1]))))
