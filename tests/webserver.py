"""A real HTTP server on 127.0.0.1 for the web tests, and a guard that no test talks to
any other address.

:class:`WebServer` serves what a test puts at a path (:meth:`WebServer.put`): a body
with its Content-Type, an ETag and Last-Modified that it answers 304 to, a status, a
delay, or a list of answers given in turn (a 429, then the page). It logs every
request. :func:`loopback_only` makes any connection or name lookup outside loopback
fail the test. A test module declares its fixtures from these::

    @pytest.fixture
    def web() -> Iterator[WebServer]:
        with running_server() as server:
            yield server

    @pytest.fixture(autouse=True)
    def _loopback_only(monkeypatch) -> Iterator[list[str]]:
        yield from loopback_only(monkeypatch)
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Answer:
    """One response: ``body`` with ``content_type``; 304 when the request's
    If-None-Match or If-Modified-Since matches ``etag`` / ``last_modified``."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before the headers
    trickle: float = 0.0  # seconds between chunks of the body (a slow body)
    send_length: bool = True  # False: no Content-Length, the body ends when the connection does


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    at: float = 0.0  # time.monotonic() when it arrived


class WebServer:
    """A threaded HTTP server on a free loopback port."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.log: list[Request] = []
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests it was answering at one time
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server._serve(self)

            def log_message(self, *args: Any) -> None:  # quiet
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def put(self, path: str, *answers: Answer, **kwargs: Any) -> str:
        """Serve ``answers`` at ``path`` in turn (the last one from then on), or one
        Answer(**kwargs); return the URL."""
        with self._lock:
            self.routes[path] = list(answers) or [Answer(**kwargs)]
        return self.url(path)

    def requests(self, path: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.log if path is None or r.path == path]

    def paths(self) -> list[str]:
        return [r.path for r in self.requests()]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, path: str) -> Answer:
        with self._lock:
            answers = self.routes.get(path)
            if not answers:
                return Answer(b"not found", "text/plain", status=404)
            return answers.pop(0) if len(answers) > 1 else answers[0]

    def _serve(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.log.append(
                Request("GET", handler.path, dict(handler.headers.items()), time.monotonic())
            )
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        answered = threading.Event()

        def answering_done() -> None:
            # Counted up to the first byte of the answer: once the client can read
            # the response it may fairly send its next request while this thread
            # is still returning, which is not two requests in flight.
            if not answered.is_set():
                answered.set()
                with self._lock:
                    self.in_flight -= 1

        try:
            self._respond(handler, answering_done)
        finally:
            answering_done()

    def _respond(
        self, handler: http.server.BaseHTTPRequestHandler, answering_done: Callable[[], None]
    ) -> None:
        answer = self._answer(handler.path)
        if answer.delay:
            time.sleep(answer.delay)
        answering_done()
        status, body = answer.status, answer.body
        if status == 200 and _not_modified(handler, answer):
            status, body = 304, b""
        try:
            handler.send_response(status)
            if status != 304:
                handler.send_header("Content-Type", answer.content_type)
            if answer.send_length:
                handler.send_header("Content-Length", str(len(body)))
            else:
                handler.send_header("Connection", "close")
                handler.close_connection = True
            if answer.etag:
                handler.send_header("ETag", answer.etag)
            if answer.last_modified:
                handler.send_header("Last-Modified", answer.last_modified)
            for name, value in answer.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            if not answer.trickle:
                handler.wfile.write(body)
                return
            for i in range(0, len(body), 64):
                handler.wfile.write(body[i : i + 64])
                handler.wfile.flush()
                time.sleep(answer.trickle)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass


def _not_modified(handler: http.server.BaseHTTPRequestHandler, answer: Answer) -> bool:
    etag = handler.headers.get("If-None-Match")
    if answer.etag and etag:
        return etag == answer.etag
    since = handler.headers.get("If-Modified-Since")
    return bool(answer.last_modified and since and since == answer.last_modified)


@contextlib.contextmanager
def running_server() -> Iterator[WebServer]:
    """A :class:`WebServer`, shut down at the end (a test module's ``web`` fixture)."""
    server = WebServer()
    try:
        yield server
    finally:
        server.close()


def closed_port_url(path: str = "/") -> str:
    """A loopback URL on which nothing listens (a port taken and given back)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def guard_process() -> None:
    """In a subprocess under test: refuse any connection or lookup outside loopback, and
    say so on stderr (a line with "guard"), so that the test sees it."""
    import sys

    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOOPBACK:
            print(f"test guard: connection to {host} refused", file=sys.stderr)
            raise ConnectionRefusedError(f"test guard: no connection to {host}")
        return real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in _LOOPBACK:
            print(f"test guard: lookup of {name} refused", file=sys.stderr)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse (and record) any connection or name lookup that is not loopback, and fail
    at the end if there was one (but for the ``.invalid`` names that tests look up on
    purpose). Use it as an autouse fixture: ``yield from loopback_only(monkeypatch)``."""
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOOPBACK:
            attempts.append(f"connect {host}")
            raise ConnectionRefusedError(f"test guard: no connection to {host}")
        return real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in _LOOPBACK:
            attempts.append(f"lookup {name}")
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert attempts == [] or all(
        a.startswith("lookup ") and a.endswith(".invalid") for a in attempts
    )


# --- fixtures: a test module imports them (``from tests.webserver import web, ...``) -----------


@pytest.fixture
def web() -> Iterator[WebServer]:
    """A web server on 127.0.0.1 for one test."""
    with running_server() as server:
        yield server


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every test of a module that imports this: no connection and no name lookup outside
    loopback."""
    yield from loopback_only(monkeypatch)
