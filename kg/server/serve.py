"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the embedded store, on Oxigraph's engine.

Routes::

    GET  /                    a page to type queries and see results (works offline)
    GET  /sparql?query=...    SPARQL query (also /query); POST as a form or as
    POST /sparql              application/sparql-query. Results by content negotiation
                              or ?format=json|xml|csv|tsv|turtle|ntriples|jsonld
    GET  /queries             the canned queries and their parameters (JSON)
    GET  /queries/NAME?p=v    a canned query, parameters bound as values, one page of
                              its rows (the lists: most recent first): &limit=N (default
                              50, 0: all) &offset=M; a Link header (rel="next") when
                              there are more
    POST /update              SPARQL Update (also /sparql), only with allow_update

Safe by default: it listens on 127.0.0.1 and answers only Host headers naming a
loopback address (no DNS rebinding); it is read-only; ``SERVICE`` and ``LOAD`` are
refused before the engine sees them (pyoxigraph would fetch their URLs); every
query runs in a worker process killed at the timeout (:mod:`kg.server.querypool`); results
are capped at ``max_results`` rows or triples.

The server holds the store's write lock, so no other process writes underneath its
read-only workers. Another ``kg ingest`` gets a one-line error saying to stop the
server, or to write through it (``allow_update``) with ``--store URL``; a file
``kg-serve.json`` in the store directory tells it the URL.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from kg import query as query_module
from kg.errors import KgError, StoreError, one_line
from kg.server.protocol import (
    HttpError,
    accept_for,
    count_param,
    describe_query,
    iri_params,
    json_answer,
    refused,
)
from kg.server.querypool import Answer, Job, QueryPool
from kg.sparql import page_size, with_page, with_values
from kg.store import OxigraphStore, embedded, open_store, page_index, page_reads
from kg.store.lock import SERVE_FILE
from kg.terms import PREFIXES

PAGE = Path(__file__).with_name("serve_page.html")
MAX_BODY = 64 * 1024 * 1024
QUERY_TYPES = ("application/sparql-query",)
UPDATE_TYPES = ("application/sparql-update",)
FORM_TYPE = "application/x-www-form-urlencoded"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class Settings:
    """What ``kg serve`` was asked for."""

    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0
    max_results: int = 10_000
    workers: int = 2
    allow_update: bool = False
    cors: bool = False


class KgServer(ThreadingHTTPServer):
    """The HTTP server; :meth:`close` stops the workers and releases the store."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, store: OxigraphStore, pool: QueryPool, settings: Settings) -> None:
        super().__init__((settings.host, settings.port), Handler)
        self.store = store
        self.pool = pool
        self.settings = settings
        self.write_lock = threading.Lock()
        self.quiet = False

    @property
    def url(self) -> str:
        """The base URL; the SPARQL endpoint is ``url + "sparql"``."""
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up is no error; anything else is logged as usual."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def close(self) -> None:
        self.server_close()
        self.pool.close()
        (Path(self.store.location) / SERVE_FILE).unlink(missing_ok=True)
        self.store.close()


def make_server(
    store_location: str | Path | None,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 10.0,
    max_results: int = 10_000,
    *,
    workers: int = 2,
    allow_update: bool = False,
    cors: bool = False,
) -> KgServer:
    """A server for the embedded store at ``store_location``, bound but not yet serving.

    Port 0 picks a free port (see :attr:`KgServer.url`).
    """
    settings = Settings(host, port, timeout, max_results, max(1, workers), allow_update, cors)
    opened = open_store(store_location, create=allow_update)  # read-only: an existing store
    store = embedded(opened)
    if store is None:
        opened.close()
        raise StoreError(f"{store.location}: kg serve serves an embedded store (a directory)")
    store.oxigraph.flush()
    pool = QueryPool(store.location, workers=settings.workers, timeout=timeout, prefixes=PREFIXES)
    try:
        server = KgServer(store, pool, settings)
    except OSError as e:
        pool.close()
        store.close()
        raise StoreError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    _write_serve_file(server)
    return server


# --- the lock, explained to other processes ------------------------------------------------


def _write_serve_file(server: KgServer) -> None:
    info = {
        "pid": os.getpid(),
        "url": server.url + "sparql",
        "allow_update": server.settings.allow_update,
    }
    (Path(server.store.location) / SERVE_FILE).write_text(json.dumps(info), encoding="utf-8")


# --- requests ---------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """One request. Errors are short plain-text bodies with the right status."""

    server: KgServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"

    # -- dispatch

    def do_GET(self) -> None:
        self._dispatch(None)

    def do_POST(self) -> None:
        try:
            body = self._body()
        except HttpError as e:
            self._send(Answer.text(e.status, e.message))
            return
        self._dispatch(body)

    def do_OPTIONS(self) -> None:
        self._send(Answer(204, "text/plain", b""))

    def _dispatch(self, body: bytes | None) -> None:
        try:
            self._check_host()
            path = urlsplit(self.path).path.rstrip("/") or "/"
            self._send(self._route(path, body))
        except HttpError as e:
            self._send(Answer.text(e.status, e.message))
        except (KgError, ValueError) as e:  # a bad parameter: unknown actor, invalid IRI
            self._send(Answer.text(400, one_line(e)))

    def _route(self, path: str, body: bytes | None) -> Answer:
        params = self._params(body)
        if path == "/":
            return self._page()
        if path in ("/sparql", "/query"):
            return self._sparql(params, body)
        if path == "/update":
            return self._update(params, body)
        if path == "/queries":
            return json_answer([describe_query(q) for q in query_module.canned_queries()])
        if path.startswith("/queries/"):
            return self._canned(unquote(path.removeprefix("/queries/")), params)
        raise HttpError(404, f"no such page: {path} (try /, /sparql or /queries)")

    # -- handlers

    def _sparql(self, params: dict[str, list[str]], body: bytes | None) -> Answer:
        if "update" in params or self._content_type() in UPDATE_TYPES:
            return self._update(params, body)
        text = self._query_text(params, body)
        if text is None:
            if "text/html" in (self.headers.get("Accept") or ""):
                return self._page()
            raise HttpError(400, "missing query: give ?query=SPARQL (or POST it)")
        return self._run(text, params)

    def _canned(self, name: str, params: dict[str, list[str]]) -> Answer:
        try:
            meta = query_module.canned(name)
        except KgError as e:
            raise HttpError(404, str(e)) from None
        paging = ("format", "limit", "offset")
        values = {k: v[-1] for k, v in params.items() if k not in paging and v[-1] != ""}
        bindings = query_module.bind_params(self.server.store, meta, values)
        offset = count_param(params, "offset") or 0
        page = page_size(meta.text, count_param(params, "limit"))  # PAGE_SIZE unless asked
        fetch = None if page is None else page + 1  # one row more: is there a next page?
        # the first page of a canned list from the page index, where the store has one
        fast = page_reads.first_page(self.server.store, name, meta.text, bindings, fetch, offset)
        text, bindings = fast or (meta.text, bindings)
        text = with_page(with_values(text, bindings), fetch, offset)
        answer = self._run(text, {"format": params.get("format", [])}, page)
        if not answer.more or page is None:
            return answer
        kept = [(k, v) for k, vs in params.items() if k not in ("limit", "offset") for v in vs]
        following = urlencode([*kept, ("limit", page), ("offset", offset + page)])
        link = f'</queries/{quote(name)}?{following}>; rel="next"'
        return replace(answer, headers=(*answer.headers, ("Link", link)))

    def _run(self, text: str, params: Mapping[str, list[str]], page: int | None = None) -> Answer:
        reason = refused(text, update=False)
        if reason:
            raise HttpError(400, reason)
        job = Job(
            text,
            accept_for(params, self.headers.get("Accept")),
            self.server.settings.max_results,
            default_graphs=iri_params(params.get("default-graph-uri", [])),
            named_graphs=iri_params(params.get("named-graph-uri", [])),
            page=page,
        )
        return self.server.pool.run(job)

    def _update(self, params: dict[str, list[str]], body: bytes | None) -> Answer:
        if body is None:
            raise HttpError(405, "updates must be POSTed")
        if not self.server.settings.allow_update:
            raise HttpError(403, "this endpoint is read-only (start kg serve with --allow-update)")
        self._check_origin()
        if self._content_type() in UPDATE_TYPES:
            text = body.decode("utf-8")
        else:
            text = (params.get("update") or [""])[-1]
        if not text.strip():
            raise HttpError(400, "missing update: POST update=SPARQL")
        reason = refused(text, update=True)
        if reason:
            raise HttpError(400, reason)
        return self._apply(text)

    def _apply(self, text: str) -> Answer:
        with self.server.write_lock:
            try:  # an update the page index cannot follow marks it out of step
                text = f"{text} ;\n{page_index.invalidate_update()}"
                self.server.store.oxigraph.update(text, prefixes=PREFIXES)
            except SyntaxError as e:
                raise HttpError(400, f"SPARQL syntax error: {one_line(e)}") from None
            except (OSError, RuntimeError, ValueError) as e:
                raise HttpError(500, f"update failed: {one_line(e)}") from None
            finally:
                self.server.pool.refresh()
        return Answer(204, "text/plain", b"")

    def _page(self) -> Answer:
        return Answer(200, "text/html; charset=utf-8", PAGE.read_bytes())

    # -- request parts

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise HttpError(411, "send a Content-Length (chunked bodies are not read)")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise HttpError(400, "bad Content-Length") from None
        if length > MAX_BODY:
            raise HttpError(413, f"request body over {MAX_BODY // 2**20} MiB")
        return self.rfile.read(length)

    def _content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def _params(self, body: bytes | None) -> dict[str, list[str]]:
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if body is not None and self._content_type() == FORM_TYPE:
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise HttpError(400, "the form is not UTF-8") from None
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        return params

    def _query_text(self, params: Mapping[str, list[str]], body: bytes | None) -> str | None:
        if body is not None and self._content_type() in QUERY_TYPES:
            return body.decode("utf-8")
        values = params.get("query")
        return values[-1] if values and values[-1].strip() else None

    def _check_host(self) -> None:
        """Bound to loopback, answer only loopback names: a rebound DNS name is refused."""
        if self.server.settings.host not in LOOPBACK_NAMES:
            return
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        if host and host not in LOOPBACK_NAMES:
            raise HttpError(403, f"Host {host!r} refused: this server answers loopback names")

    def _check_origin(self) -> None:
        """A browser page from elsewhere may not post updates (no cross-site writes)."""
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc != (self.headers.get("Host") or ""):
            raise HttpError(403, f"updates from origin {origin} are refused")

    # -- response

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in answer.headers:
            self.send_header(name, value)
        if answer.content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", PAGE_POLICY)
        if self.server.settings.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Expose-Headers", "Link")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


# The page needs nothing from elsewhere: inline script and style, requests to itself only.
PAGE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
