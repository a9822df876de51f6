"""Queries for ``kg serve``, run in worker processes that are killed when they run too long.

pyoxigraph cannot cancel a query, and a thread cannot be stopped, so a runaway query
(a cross product, a property path over everything) would go on eating CPU and memory
after its client gave up. Each query therefore runs in one of a few worker
processes, each holding the store open read-only; a worker that overruns the timeout
is killed and replaced. The workers start once (a spawn costs about 0.3 s), so a
query pays only the round trip through a pipe.

Results are serialised by pyoxigraph in the worker. Rows are counted on the way: the
solutions are first written as TSV (one line per row, so the row limit can stop the
query early), then read back and written in the format asked for.

This module imports only pyoxigraph and the standard library: it is what each
worker process loads.
"""

from __future__ import annotations

import io
import multiprocessing
import queue
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from kg.errors import one_line

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/json": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class Job:
    """One query: its text, the client's Accept header, the row limit, and the
    protocol's dataset (``default-graph-uri``, ``named-graph-uri``) if one was given.
    With ``page``, the query asks for one row more than the page: the answer keeps
    ``page`` rows and says whether there was another (:attr:`Answer.more`)."""

    query: str
    accept: str
    max_results: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    page: int | None = None


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, media type and body; extra headers (a ``Link`` to the
    next page); ``more``: rows beyond the page were left out."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    more: bool = False

    @classmethod
    def text(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


class QueryPool:
    """Worker processes reading the store at ``path``; :meth:`run` answers one query."""

    def __init__(
        self, path: str, *, workers: int, timeout: float, prefixes: Mapping[str, str]
    ) -> None:
        self.path = path
        self.timeout = timeout
        self.prefixes = dict(prefixes)
        self.generation = 0  # bumped when the data changes: workers then reopen the store
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        for _ in range(workers):
            self._idle.put(self._start())

    def run(self, job: Job) -> Answer:
        """The answer to ``job``, or a 503 if it waited or ran past the timeout."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.text(503, f"server busy: no free worker within {self.timeout:g} s")
        try:
            worker.conn.send((self.generation, job))
            if worker.conn.poll(self.timeout):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return Answer.text(500, "the query worker died (out of memory?)")
        self._replace(worker)
        return Answer.text(
            503,
            f"query timed out after {self.timeout:g} s (the server's --timeout); it was stopped",
        )

    def refresh(self) -> None:
        """The data changed: each worker reopens the store before its next query."""
        self.generation += 1

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            worker.stop()

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main,
            args=(child, self.path, self.prefixes, self.generation),
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background (a spawn takes a while)."""
        worker.stop()
        if not self._closed:
            threading.Thread(target=lambda: self._idle.put(self._start()), daemon=True).start()


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process of the spawn context
    conn: Connection

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


# --- in the worker process ---------------------------------------------------------------


def worker_main(conn: Connection, path: str, prefixes: dict[str, str], generation: int) -> None:
    """Answer jobs from ``conn`` until the pipe closes."""
    store = open_read_only(path)
    while True:
        try:
            wanted, job = conn.recv()
        except (EOFError, OSError):
            return
        if wanted != generation:
            store, generation = open_read_only(path), wanted
        try:
            reply = answer(store, job, prefixes)
        except _StoreMoved:
            # The writer compacted files away under this read-only view: look again.
            store = open_read_only(path)
            reply = _answer_or_error(store, job, prefixes)
        conn.send(reply)


def open_read_only(path: str, attempts: int = 20) -> ox.Store:
    """The store, read-only. While the writer (this server's own process) flushes or
    compacts, a snapshot can name files it just deleted; a moment later it does not."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _answer_or_error(store: ox.Store, job: Job, prefixes: Mapping[str, str]) -> Answer:
    try:
        return answer(store, job, prefixes)
    except _StoreMoved as e:
        return Answer.text(500, f"query failed: {e}")


def answer(store: ox.Store, job: Job, prefixes: Mapping[str, str]) -> Answer:
    """Run ``job`` on ``store`` over the union of its graphs, serialised as negotiated."""
    try:
        result = store.query(job.query, prefixes=dict(prefixes), **_dataset(job))
        if isinstance(result, ox.QueryTriples):
            return _graph_answer(result, job)
        return _results_answer(result, job)
    except SyntaxError as e:
        from kg.sparql import syntax_message

        return Answer.text(400, syntax_message(job.query, e))
    except _TooManyRows:
        return Answer.text(
            413,
            f"the result has more than {job.max_results} rows (the server's --max-results): "
            "add LIMIT, or ask for less",
        )
    except (OSError, RuntimeError) as e:
        raise _StoreMoved(one_line(e)) from e  # or a failed evaluation: tried once more
    except ValueError as e:
        return Answer.text(500, f"query failed: {one_line(e)}")


def _dataset(job: Job) -> dict[str, Any]:
    """The union of all graphs, as kg queries it, unless the request named a dataset."""
    if not job.default_graphs and not job.named_graphs:
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(g) for g in job.default_graphs],
        "named_graphs": [ox.NamedNode(g) for g in job.named_graphs],
    }


def _results_answer(result: ox.QuerySolutions | ox.QueryBoolean, job: Job) -> Answer:
    default = "application/sparql-results+json"
    media_type = negotiate(job.accept, RESULT_TYPES, default) or _fallback(job.accept, default)
    if media_type is None:
        return _not_acceptable(RESULT_TYPES)
    out, more = io.BytesIO(), False
    if isinstance(result, ox.QuerySolutions):
        # TSV first: one line per row, so counting lines enforces the row limit.
        tsv = _LineCap(job.max_results + 1)
        result.serialize(tsv, ox.QueryResultsFormat.TSV)
        data, more = _page_of(bytes(tsv.data), job.page)
        result = ox.parse_query_results(data, ox.QueryResultsFormat.TSV)
    result.serialize(out, RESULT_TYPES[media_type])
    return Answer(200, _with_charset(media_type), out.getvalue(), more=more)


def _page_of(tsv: bytes, page: int | None) -> tuple[bytes, bool]:
    """The header and the first ``page`` rows of TSV results (one line each: TSV escapes
    newlines), and whether there were more."""
    if page is None:
        return tsv, False
    header, _, body = tsv.partition(b"\n")
    rows = body.split(b"\n")[:-1]  # every line ends with a newline
    if len(rows) <= page:
        return tsv, False
    return b"\n".join([header, *rows[:page]]) + b"\n", True


def _graph_answer(result: ox.QueryTriples, job: Job) -> Answer:
    media_type = negotiate(job.accept, GRAPH_TYPES, "text/turtle") or _fallback(
        job.accept, "text/turtle"
    )
    if media_type is None:
        return _not_acceptable(GRAPH_TYPES)
    triples = []
    for triple in result:
        triples.append(triple)
        if len(triples) > job.max_results:
            raise _TooManyRows
    out = io.BytesIO()
    ox.serialize(triples, out, GRAPH_TYPES[media_type])
    return Answer(200, _with_charset(media_type), out.getvalue())


def _fallback(accept: str, default: str) -> str | None:
    """When a client asks only for the other kind of result (JSON results for a
    CONSTRUCT, as rdflib's SPARQLStore does), give the default rather than a 406."""
    known = {*RESULT_TYPES, *GRAPH_TYPES}
    asked = {item.split(";")[0].strip().lower() for item in accept.split(",")}
    return default if asked & known else None


def _not_acceptable(types: Mapping[str, Any]) -> Answer:
    return Answer.text(406, f"cannot give this result as asked; available: {', '.join(types)}")


def _with_charset(media_type: str) -> str:
    return media_type if media_type.endswith("json") else f"{media_type}; charset=utf-8"


def negotiate(accept: str, types: Mapping[str, Any], default: str) -> str | None:
    """The media type of ``types`` the Accept header prefers; ``default`` for */*."""
    best: tuple[float, int, str] | None = None
    for order, item in enumerate(accept.split(",")):
        media_type, _, params = item.strip().partition(";")
        media_type = media_type.strip().lower()
        q = _quality(params)
        if q <= 0 or not media_type:
            continue
        chosen = _match(media_type, types, default)
        if chosen and (best is None or (q, -order) > (best[0], best[1])):
            best = (q, -order, chosen)
    if best is None:
        return default if not accept.strip() else None
    return best[2]


def _match(media_type: str, types: Mapping[str, Any], default: str) -> str | None:
    if media_type in types:
        return media_type
    if media_type in ("*/*", "*"):
        return default
    if media_type.endswith("/*"):
        major = media_type[:-1]
        if default.startswith(major):
            return default
        return next((t for t in types if t.startswith(major)), None)
    return None


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


class _TooManyRows(Exception):
    pass


class _StoreMoved(Exception):
    pass


class _LineCap:
    """A byte sink that stops the serialiser once it has written more than ``lines`` lines."""

    def __init__(self, lines: int) -> None:
        self.limit = lines
        self.data = bytearray()
        self.lines = 0

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        self.lines += chunk.count(b"\n")
        if self.lines > self.limit:
            raise _TooManyRows
        return len(chunk)

    def flush(self) -> None:
        pass
