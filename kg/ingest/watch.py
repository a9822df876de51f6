"""Watching feeds: poll each feed, fetch only what is new or changed, store it, and
remember in the store what was seen, so that a restart goes on where it left off.

A poll asks for the feed with the validators of its last answer (``If-None-Match``,
``If-Modified-Since``): a 304 costs one small request. Otherwise each item is compared
with what the feed said about it last time (:attr:`~kg.sources.webpages.FeedItem.fingerprint`);
a new or changed item is fetched (its page, where the feed has only a summary, again
conditionally), extracted and stored in one transaction, and then its state is written.

The state of a feed is its own named graph (:func:`feed_graph`, vocabulary in
``ontology/kg.ttl``: ``kg:Feed``, ``kg:FeedItem``), written whole, in one transaction,
after each item. The feed's validators are written only once every item of the
answer is done, so a process killed half-way asks for the whole feed again and skips
what it already stored; an article stored just before a kill is recognised by its URL
and neither fetched nor stored twice.

>>> parse_interval("15m"), parse_interval("1h30m"), parse_interval("45")
(900.0, 5400.0, 45.0)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.errors import InputError
from kg.ingest.batch import ExtractsMany, Failure
from kg.ingest.feedlist import parse_interval, read_feed_list
from kg.ingest.feedstate import (
    FeedState,
    ItemState,
    StoreRobotsCache,
    feed_graph,
    load_state,
    save_state,
    utc_now,
)
from kg.model import Article
from kg.sources.web import Fetcher
from kg.sources.webpages import FEED_ACCEPT, FeedItem, feed_items, fetch_item
from kg.store import Store
from kg.triples import article_write

__all__ = [
    "FORGET_AFTER",
    "MAX_ATTEMPTS",
    "FeedState",
    "ItemState",
    "PollReport",
    "StopFlag",
    "Stopped",
    "StoreRobotsCache",
    "WatchEvent",
    "WatchReport",
    "Watcher",
    "feed_graph",
    "load_state",
    "parse_interval",
    "read_feed_list",
    "save_state",
]

MAX_ATTEMPTS = 3  # an unchanged item that failed this many times is left until it changes
FORGET_AFTER = dt.timedelta(days=30)  # items gone from their feed this long are forgotten


# --- settings and inputs -------------------------------------------------------------------


# --- stopping cleanly ----------------------------------------------------------------------


class Stopped(Exception):
    """Raised from a wait once a stop was asked for."""


class StopFlag:
    """Asked to stop (Ctrl-C, SIGTERM): the article in progress is finished, waits end.

    :meth:`sleep` is a wait that ends early with :class:`Stopped`; pass it to the
    :class:`~kg.web.Fetcher` so that a polite pause or a back-off ends on Ctrl-C too.
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def __bool__(self) -> bool:
        return self._event.is_set()

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self._event.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.05))  # short steps: a signal handler sets the flag
        raise Stopped()

    @contextlib.contextmanager
    def on_signals(self, announce: Callable[[str], None] | None = None) -> Iterator[StopFlag]:
        """Within the block, the first SIGINT or SIGTERM sets the flag; a second SIGINT
        stops at once (KeyboardInterrupt)."""

        def handle(signum: int, frame: Any) -> None:
            if self._event.is_set() and signum == signal.SIGINT:
                raise KeyboardInterrupt
            self.set()
            if announce:
                announce("stopping after the article in progress (Ctrl-C again to quit now)")

        previous = {s: signal.signal(s, handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)


# --- state -------------------------------------------------------------------------------


# --- polling -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WatchEvent:
    """Something worth a line: ``kind`` is ``new`` or ``updated`` (an article stored,
    with its counts), ``failed`` (an item, a page or a whole feed), ``unchanged`` (a
    feed answered 304) or ``polled`` (a feed answered with content)."""

    kind: str
    url: str
    feed: str
    title: str | None = None
    claims: int = 0
    policies: int = 0
    events: int = 0
    triples: int = 0
    reason: str | None = None


@dataclass
class PollReport:
    """One poll of one feed."""

    feed: str
    not_modified: bool = False
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    interrupted: bool = False
    failures: list[Failure] = field(default_factory=list)


@dataclass
class WatchReport:
    """Every poll of a watch, added up."""

    polls: int = 0
    new: int = 0
    updated: int = 0
    failures: list[Failure] = field(default_factory=list)
    interrupted: bool = False

    def add(self, poll: PollReport) -> None:
        self.polls += 1
        self.new += poll.new
        self.updated += poll.updated
        self.failures += poll.failures
        self.interrupted = self.interrupted or poll.interrupted


class Watcher:
    """Polls feeds into a store. ``on_event`` is called with every :class:`WatchEvent`;
    ``stop`` (a :class:`StopFlag`) is checked before each item and each feed. The
    fetcher keeps robots.txt files in the store (:class:`StoreRobotsCache`) unless it
    has a cache of its own."""

    def __init__(
        self,
        store: Store,
        extractor: ExtractsMany,
        fetcher: Fetcher,
        *,
        stop: StopFlag | None = None,
        on_event: Callable[[WatchEvent], None] | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.fetcher = fetcher
        if fetcher.robots_cache is None:
            fetcher.robots_cache = StoreRobotsCache(store)
        self.stop = stop if stop is not None else StopFlag()
        self.on_event = on_event or (lambda event: None)
        self.clock = clock

    def run(self, feeds: list[str], *, every: float, once: bool = False) -> WatchReport:
        """Poll every feed, then again every ``every`` seconds (only once with
        ``once``), until stopped."""
        report = WatchReport()
        while True:
            started = time.monotonic()
            for feed in feeds:
                if self.stop:
                    break
                report.add(self.poll(feed))
            if once or self.stop:
                break
            try:
                self.stop.sleep(max(0.0, started + every - time.monotonic()))
            except Stopped:
                break
        report.interrupted = report.interrupted or bool(self.stop)
        return report

    def poll(self, url: str) -> PollReport:
        """Poll one feed: fetch it (conditionally), then store what is new or changed."""
        report = PollReport(url)
        state = load_state(self.store, url)
        now = self.clock()
        try:
            page = self.fetcher.get(
                url, etag=state.etag, last_modified=state.last_modified, accept=FEED_ACCEPT
            )
            items = [] if page.not_modified else feed_items(page)
        except Stopped:
            report.interrupted = True
            return report
        except InputError as e:
            state.last_polled, state.failure = now, e.reason
            save_state(self.store, state)
            self._fail(report, url, url, e)
            return report
        state.last_polled, state.failure = now, None
        if page.not_modified:
            report.not_modified = True
            save_state(self.store, state)
            self.on_event(WatchEvent("unchanged", url, url))
            return report
        self.on_event(WatchEvent("polled", url, url, reason=f"{len(items)} items"))
        for item in items:
            if self.stop:
                report.interrupted = True
                break
            try:
                self._item(state, item, report)
            except Stopped:
                report.interrupted = True
                break
        if not report.interrupted:  # only now is every item of this answer done
            state.etag, state.last_modified = page.etag, page.last_modified
            _forget_old(state, {item.key for item in items}, now)
        save_state(self.store, state)
        return report

    # -- one item

    def _item(self, state: FeedState, item: FeedItem, report: PollReport) -> None:
        now = self.clock()
        old = state.items.get(item.key)
        if old is not None and old.fingerprint == item.fingerprint:
            old.last_seen = now
            if old.status == "ingested" or old.attempts >= MAX_ATTEMPTS:
                report.unchanged += 1
                return
        if old is None and (known := self._known_article(item)) is not None:
            # Stored already (from another feed, by `kg ingest`, or just before a crash).
            state.items[item.key] = ItemState(
                item.key, item.fingerprint, "ingested", now, now, item.link, now, known
            )
            save_state(self.store, state)
            report.unchanged += 1
            return
        fresh = ItemState(item.key, item.fingerprint, "ingested", now, now, item.link, now)
        if old is not None:
            fresh.first_seen = old.first_seen
            fresh.article = old.article
        validators = (old.etag, old.last_modified) if old and old.status == "ingested" else ()
        try:
            fetched = fetch_item(
                self.fetcher, item, etag=_at(validators, 0), last_modified=_at(validators, 1)
            )
            if fetched.page is not None:  # a 304 need not repeat both validators
                fresh.etag = fetched.page.etag or _at(validators, 0)
                fresh.last_modified = fetched.page.last_modified or _at(validators, 1)
            if fetched.article is None:  # its page has not changed since it was stored
                state.items[item.key] = fresh
                save_state(self.store, state)
                report.unchanged += 1
                return
            event, graph = self._store(fetched.article, item)
        except InputError as e:
            fresh.status, fresh.failure = "failed", e.reason
            same = old is not None and old.fingerprint == item.fingerprint
            fresh.attempts = (old.attempts if same and old else 0) + 1
            fresh.etag = fresh.last_modified = None
            state.items[item.key] = fresh
            save_state(self.store, state)
            self._fail(report, state.url, item.link or item.origin, e)
            return
        fresh.article = graph
        state.items[item.key] = fresh
        save_state(self.store, state)
        if event.kind == "new":
            report.new += 1
        else:
            report.updated += 1
        self.on_event(event)

    def _known_article(self, item: FeedItem) -> URIRef | None:
        if not item.link:
            return None
        from kg.store.articles import find_article

        return find_article(self.store, item.link)

    def _store(self, article: Article, item: FeedItem) -> tuple[WatchEvent, URIRef]:
        """Extract and store one article in one transaction; raise InputError when the
        article yields nothing to store."""
        results = list(self.extractor.extract_many([article]))
        extraction = results[0] if results else InputError(article.origin, "nothing extracted")
        if isinstance(extraction, InputError):
            raise extraction
        write = article_write(extraction)
        replaced = self.store.write_article(write)
        event = WatchEvent(
            "updated" if replaced else "new",
            article.url or article.origin,
            item.feed,
            title=article.title,
            claims=len(extraction.claims),
            policies=len(extraction.policies),
            events=len(extraction.events),
            triples=len(write.triples) + len(write.shared),
        )
        return event, write.graph

    def _fail(self, report: PollReport, feed: str, url: str, error: InputError) -> None:
        origin = error.origin if error.origin else url
        report.failures.append(Failure(origin, error.reason))
        self.on_event(WatchEvent("failed", origin, feed, reason=error.reason))


def _at(values: tuple[str | None, ...], index: int) -> str | None:
    return values[index] if len(values) > index else None


def _forget_old(state: FeedState, present: set[str], now: dt.datetime) -> None:
    for key in [k for k, item in state.items.items() if k not in present]:
        if now - state.items[key].last_seen > FORGET_AFTER:
            del state.items[key]
