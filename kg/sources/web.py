"""Fetching from the web, politely: one :class:`Fetcher` for every HTTP request kg makes.

A good citizen by default: a User-Agent naming kg and its version, robots.txt honoured
(:mod:`urllib.robotparser`, cached a day per site, its Crawl-delay obeyed), one request
at a time per host with a pause between requests, timeouts, a few retries with back-off
on 429 and 5xx (``Retry-After`` honoured), a cap on the size of a response, and
redirects followed by hand so that a redirect to another scheme (``ftp:``, ``file:``)
or in a loop stops with a reason. Every failure is a :class:`FetchError`: one line that
names the URL and the reason.

Settings come from :class:`FetchSettings` (or the ``KG_FETCH_*`` environment variables,
:meth:`FetchSettings.from_env`).

>>> settings = FetchSettings(delay=0.5, timeout=5)
>>> settings.delay, settings.max_bytes
(0.5, 10485760)
>>> decode_text("café".encode("latin-1"), "iso-8859-1")
'café'
"""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

from kg.errors import one_line
from kg.sources.charset import CHUNK, decode_text
from kg.sources.fetching import (
    PROJECT_URL,
    USER_AGENT,
    FetchError,
    FetchSettings,
    Page,
    RobotsCache,
    RobotsRecord,
    is_http_url,
)

__all__ = [
    "PROJECT_URL",
    "USER_AGENT",
    "FetchError",
    "FetchSettings",
    "Fetcher",
    "Page",
    "RobotsCache",
    "RobotsRecord",
    "decode_text",
    "is_http_url",
]

_ROBOTS_AGENT = "kg"  # the product token robots.txt groups are matched against
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ROBOTS_TTL = 24 * 3600.0  # RFC 9309: do not use a cached robots.txt for more than a day
_ROBOTS_RETRY = 60.0  # a site whose robots.txt could not be read is asked again after this
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB


# --- the fetcher ---------------------------------------------------------------------------


@dataclass
class _Host:
    """What the fetcher knows of one origin (scheme, host and port)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    next_at: float = 0.0  # monotonic time before which no request goes to it
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_at: float = 0.0
    robots_error: FetchError | None = None
    crawl_delay: float = 0.0


class Fetcher:
    """Fetches URLs one host at a time, politely; every failure is a :class:`FetchError`.

    ``sleep`` is how it waits (between requests to a host and before a retry): tests
    pass a recorder, ``kg watch`` one that stops the wait on Ctrl-C. ``robots_cache``
    keeps robots.txt files between runs (``kg watch`` keeps them in the store).

    >>> fetcher = Fetcher(FetchSettings(delay=0))
    >>> fetcher.get("ftp://example.org/feed")
    Traceback (most recent call last):
    ...
    kg.sources.fetching.FetchError: ftp://example.org/feed: not an http(s) URL
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        robots_cache: RobotsCache | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.robots_cache = robots_cache
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.settings.user_agent
        self.session.trust_env = False  # never a proxy or .netrc from the environment
        self.sleep = sleep
        self.clock = clock
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> Page:
        """GET ``url``, following redirects; ``etag``/``last_modified`` make it
        conditional (a 304 comes back as a :class:`Page` with ``not_modified``)."""
        headers = {"Accept": accept} if accept else {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._follow(url, headers, check_robots=self.settings.robots)

    # -- redirects

    def _follow(self, url: str, headers: dict[str, str], *, check_robots: bool) -> Page:
        if not is_http_url(url):
            raise FetchError(url, "not an http(s) URL")
        chain = [_without_fragment(url)]
        current = chain[0]
        for _ in range(self.settings.max_redirects + 1):
            if check_robots:
                self._check_robots(url, current)
            status, response_headers, content = self._request(url, current, headers)
            if status not in _REDIRECT_STATUSES:
                if status != 304 and not 200 <= status < 300:
                    raise FetchError(url, _status_reason(status))
                return Page(url, current, status, response_headers, content)
            current = self._redirect_target(url, current, response_headers, chain)
            chain.append(current)
        raise FetchError(url, f"too many redirects (more than {self.settings.max_redirects})")

    @staticmethod
    def _redirect_target(
        url: str, current: str, headers: Mapping[str, str], chain: list[str]
    ) -> str:
        location = headers.get("Location")
        if not location:
            raise FetchError(url, "redirect without a Location header")
        target = _without_fragment(urljoin(current, location.strip()))
        if not is_http_url(target):
            # Never follow http(s) to file:, ftp:, data: or anything else.
            raise FetchError(url, f"redirect to a non-http(s) URL: {target}")
        if target in chain:
            raise FetchError(url, f"redirect loop: {' -> '.join([*chain, target])}")
        return target

    # -- one request, with the host's turn, retries and the size cap

    def _host(self, url: str) -> _Host:
        key = _origin(url)
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def _request(
        self, url: str, current: str, headers: dict[str, str], *, max_bytes: int | None = None
    ) -> tuple[int, Mapping[str, str], bytes]:
        """(status, headers, body) of one GET of ``current``; errors name ``url``."""
        host = self._host(current)
        settings = self.settings
        with host.lock:  # one request at a time per host
            for attempt in range(settings.retries + 1):
                self._wait_turn(host)
                try:
                    status, response_headers, content = self._once(
                        url, current, headers, max_bytes or settings.max_bytes
                    )
                except _Retryable as e:
                    status, response_headers, content, reason = 0, {}, b"", e.reason
                finally:
                    host.next_at = self.clock() + max(settings.delay, host.crawl_delay)
                if status and status not in _RETRY_STATUSES:
                    break
                if status:
                    reason = _status_reason(status)
                if attempt == settings.retries:
                    tries = f" (after {attempt + 1} tries)" if attempt else ""
                    raise FetchError(url, f"{reason}{tries}")
                wait = _retry_after(response_headers, self._now())
                if wait is None:
                    wait = settings.backoff * 2**attempt
                if wait > settings.max_wait:
                    raise FetchError(
                        url, f"{reason}; asked to retry after {wait:.0f} s, longer than kg waits"
                    )
                self.sleep(wait)
                host.next_at = max(host.next_at, self.clock())
        if status >= 400:
            raise FetchError(url, _status_reason(status))
        return status, response_headers, content

    def _wait_turn(self, host: _Host) -> None:
        pause = host.next_at - self.clock()
        if pause > 0:
            self.sleep(pause)

    def _now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def _once(
        self, url: str, current: str, headers: dict[str, str], max_bytes: int
    ) -> tuple[int, Mapping[str, str], bytes]:
        settings = self.settings
        try:
            response = self.session.get(
                current,
                headers=headers,
                timeout=settings.timeout,
                stream=True,
                allow_redirects=False,
            )
        except requests.Timeout as e:
            raise _Retryable(f"timed out after {settings.timeout:g} s") from e
        except requests.ConnectionError as e:
            raise FetchError(url, f"cannot connect: {_connection_reason(e)}") from e
        except requests.RequestException as e:
            raise FetchError(url, f"request failed: {one_line(e)}") from e
        with response:
            if response.status_code in _REDIRECT_STATUSES or response.status_code >= 300:
                return response.status_code, response.headers, b""
            return response.status_code, response.headers, self._body(url, response, max_bytes)

    def _body(self, url: str, response: requests.Response, max_bytes: int) -> bytes:
        """The body, decompressed, refused once it passes ``max_bytes`` or the deadline."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(url, f"too large: {int(declared)} bytes (the limit is {max_bytes})")
        started = self.clock()
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, f"too large: over {max_bytes} bytes (the limit)")
                if self.clock() - started > self.settings.deadline:
                    raise _Retryable(f"too slow: not read within {self.settings.deadline:g} s")
                chunks.append(chunk)
        except requests.RequestException as e:
            # requests reports a read that timed out mid-body as a ConnectionError
            if isinstance(e, requests.Timeout) or "timed out" in str(e):
                raise _Retryable(f"timed out after {self.settings.timeout:g} s") from e
            raise FetchError(url, f"connection broken: {one_line(e)}") from e
        return b"".join(chunks)

    # -- robots.txt

    def _check_robots(self, url: str, current: str) -> None:
        host = self._host(current)
        with host.robots_lock:  # read once, whoever asks first
            ttl = _ROBOTS_TTL if host.robots_error is None else _ROBOTS_RETRY
            if host.robots is None or self.clock() - host.robots_at > ttl:
                self._load_robots(host, current)
        if host.robots_error is not None:
            raise FetchError(url, host.robots_error.reason)
        assert host.robots is not None
        if not host.robots.can_fetch(_ROBOTS_AGENT, current):
            raise FetchError(url, f"disallowed by {_origin(current)}/robots.txt")

    def _load_robots(self, host: _Host, current: str) -> None:
        """Read the site's robots.txt (RFC 9309): a 4xx allows everything; a 5xx or an
        unreachable site disallows everything until the next try. A copy in the
        ``robots_cache`` less than a day old saves the request."""
        robots_url = f"{_origin(current)}/robots.txt"
        host.robots_error = None
        text = self._cached_robots(robots_url)
        if text is None:
            try:
                page = self._robots_page(robots_url)
            except FetchError as e:
                if not e.reason.startswith("HTTP 4") or e.reason.startswith("HTTP 429"):
                    host.robots_error = FetchError(robots_url, _robots_reason(e.reason))
                text = ""  # no robots.txt: everything is allowed
            else:
                text = decode_text(page.content, page.charset)
            if host.robots_error is None and self.robots_cache is not None:
                self.robots_cache.put(RobotsRecord(robots_url, text, self._now()))
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(_ROBOTS_AGENT)
        host.crawl_delay = min(float(delay), self.settings.max_wait) if delay else 0.0
        host.robots = parser
        host.robots_at = self.clock()

    def _cached_robots(self, robots_url: str) -> str | None:
        if self.robots_cache is None:
            return None
        record = self.robots_cache.get(robots_url)
        if record is None or (self._now() - record.fetched).total_seconds() > _ROBOTS_TTL:
            return None
        return record.text

    def _robots_page(self, robots_url: str) -> Page:
        chain = [robots_url]
        current = robots_url
        for _ in range(5):  # RFC 9309: follow at least five redirects
            status, headers, content = self._request(
                robots_url, current, {}, max_bytes=_ROBOTS_MAX_BYTES
            )
            if status not in _REDIRECT_STATUSES:
                return Page(robots_url, current, status, headers, content)
            current = self._redirect_target(robots_url, current, headers, chain)
            chain.append(current)
        raise FetchError(robots_url, "HTTP 404 (too many redirects)")  # treated as absent


class _Retryable(Exception):
    """A failure worth another try: a timeout or a body too slow to arrive."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _robots_reason(reason: str) -> str:
    if reason.startswith("cannot connect"):
        return reason
    return f"robots.txt unavailable ({reason}), so nothing is fetched from this site"


def _retry_after(headers: Mapping[str, str], now: dt.datetime) -> float | None:
    """Seconds to wait from a Retry-After header (seconds, or an HTTP date)."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _status_reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _connection_reason(e: requests.ConnectionError) -> str:
    text = str(e)
    for known in (
        "Name or service not known",
        "nodename nor servname provided",
        "Temporary failure in name resolution",
        "Connection refused",
        "No route to host",
        "Network is unreachable",
        "Connection reset by peer",
        "Remote end closed connection without response",
    ):
        if known in text:
            return known
    return one_line(e)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
