"""What fetching deals in: settings (from the environment), pages, robots.txt records and
the cache interface, and the error a failed fetch raises."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from kg import __version__
from kg.errors import InputError, KgError
from kg.sources.charset import decode_text, header_charset

__all__ = [
    "PROJECT_URL",
    "USER_AGENT",
    "FetchError",
    "FetchSettings",
    "Page",
    "RobotsCache",
    "RobotsRecord",
    "is_http_url",
]


PROJECT_URL = "https://w3id.org/kg"


USER_AGENT = f"kg/{__version__} (+{PROJECT_URL})"


class FetchError(InputError):
    """A URL that could not be fetched: ``str(error)`` is ``URL: reason``."""


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how patiently to fetch. Times are in seconds.

    ``delay`` is the pause between two requests to one host (a robots.txt
    Crawl-delay that is longer wins); ``timeout`` bounds connecting and each read,
    ``deadline`` a whole response; ``retries`` is the number of further tries after a
    429, a 5xx or a timeout, ``backoff`` the first wait (doubled each time) where the
    server gives no ``Retry-After``; a ``Retry-After`` over ``max_wait`` is not waited
    for. ``robots=False`` skips robots.txt (for your own servers only).
    """

    delay: float = 1.0
    timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 3
    backoff: float = 2.0
    max_wait: float = 120.0
    max_redirects: int = 10
    robots: bool = True
    user_agent: str = USER_AGENT

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> FetchSettings:
        """Settings with ``KG_FETCH_DELAY``, ``KG_FETCH_TIMEOUT``, ``KG_FETCH_MAX_BYTES``,
        ``KG_FETCH_RETRIES``, ``KG_FETCH_BACKOFF`` and ``KG_FETCH_MAX_WAIT`` applied.

        >>> FetchSettings.from_env({"KG_FETCH_DELAY": "0.1"}).delay
        0.1
        """
        env = os.environ if environ is None else environ
        values: dict[str, float | int] = {}
        for name, convert in (
            ("delay", float),
            ("timeout", float),
            ("max_bytes", int),
            ("retries", int),
            ("backoff", float),
            ("max_wait", float),
        ):
            raw = env.get(f"KG_FETCH_{name.upper()}")
            if raw is None or not raw.strip():
                continue
            try:
                value = convert(raw)
            except ValueError:
                raise KgError(f"KG_FETCH_{name.upper()}: not a number: {raw!r}") from None
            if value < 0:
                raise KgError(f"KG_FETCH_{name.upper()}: must not be negative: {raw!r}")
            values[name] = value
        if "timeout" in values:
            values["deadline"] = max(cls.deadline, 3 * values["timeout"])
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Page:
    """One HTTP response: ``url`` as asked for, ``final_url`` after redirects.

    ``status`` is 200 (or another 2xx) or 304 (not modified since the validators sent).
    """

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    content: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag") or None

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("Last-Modified") or None

    @property
    def media_type(self) -> str:
        """The Content-Type without parameters, lower-cased ("" when absent)."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        return header_charset(self.headers.get("Content-Type", ""))

    def text(self) -> str:
        """The body as text, from its BOM, declared charset, or a guess (see
        :func:`decode_text`)."""
        return decode_text(self.content, self.charset)


def is_http_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host.

    >>> is_http_url("https://example.org/a"), is_http_url("ftp://example.org/a")
    (True, False)
    """
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


@dataclass(frozen=True)
class RobotsRecord:
    """A site's robots.txt as read at ``fetched`` (UTC); "" where the site has none."""

    url: str
    text: str
    fetched: dt.datetime


class RobotsCache(Protocol):
    """Where a :class:`Fetcher` keeps robots.txt files between runs (a day at most)."""

    def get(self, url: str) -> RobotsRecord | None: ...

    def put(self, record: RobotsRecord) -> None: ...
