"""Watching feeds: poll each feed, fetch only what is new or changed, store it, and
remember in the store what was seen, so that a restart goes on where it left off.

A poll asks for the feed with the validators of its last answer (``If-None-Match``,
``If-Modified-Since``): a 304 costs one small request. Otherwise each item is compared
with what the feed said about it last time (:attr:`~kg.websources.FeedItem.fingerprint`);
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
import hashlib
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from rdflib import Literal, URIRef

from kg.errors import InputError, KgError, StoreError
from kg.ingest.batch import ExtractsMany, Failure
from kg.model import Article
from kg.sources.web import Fetcher, RobotsRecord, is_http_url
from kg.sources.webpages import FEED_ACCEPT, FeedItem, feed_items, fetch_item
from kg.store import Store, Triple
from kg.terms import ID, KG, RDF, SCHEMA, WATCH_GRAPHS, XSD
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
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.I)
_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_COMMENT = re.compile(r"(?:^|\s)#")
_OPML_FEED = re.compile(rb"""\bxmlUrl\s*=\s*["']([^"']+)["']""", re.I)


# --- settings and inputs -------------------------------------------------------------------


def parse_interval(value: str) -> float:
    """Seconds in an interval such as ``90``, ``90s``, ``15m``, ``1h30m`` or ``1d``."""
    text = value.strip().lower()
    position, total = 0, 0.0
    while position < len(text):
        match = _INTERVAL.match(text, position)
        if not match or (match.group(2) == "" and match.end() < len(text)):
            break
        total += float(match.group(1)) * _SECONDS[match.group(2)]
        position = match.end()
        while position < len(text) and text[position] == " ":
            position += 1
    if not text or position < len(text) or total <= 0:
        raise KgError(f"bad interval {value!r} (expected e.g. 90s, 15m, 1h30m)")
    return total


def read_feed_list(args: Iterable[str]) -> tuple[list[str], list[InputError]]:
    """Feed URLs from arguments that are URLs or files listing them (one URL a line,
    ``#`` comments, or an OPML file), in order and without repeats; bad entries are
    returned as errors."""
    feeds: list[str] = []
    errors: list[InputError] = []
    for arg in args:
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", arg):
            if is_http_url(arg):
                feeds.append(arg)
            else:
                errors.append(InputError(arg, "not an http(s) URL"))
            continue
        found, bad = _read_list_file(Path(arg))
        feeds += found
        errors += bad
    return list(dict.fromkeys(feeds)), errors


def _read_list_file(path: Path) -> tuple[list[str], list[InputError]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        reason = "no such file" if isinstance(e, FileNotFoundError) else e.strerror or str(e)
        return [], [InputError(str(path), f"not a URL, and cannot read it as a list: {reason}")]
    if data.lstrip().startswith(b"<"):  # OPML, the usual export of feed readers
        urls = [m.decode("utf-8", "replace") for m in _OPML_FEED.findall(data)]
        if not urls:
            return [], [InputError(str(path), "no feeds (xmlUrl) in OPML file")]
        return [u for u in urls if is_http_url(u)], [
            InputError(str(path), f"not an http(s) URL: {u}") for u in urls if not is_http_url(u)
        ]
    feeds, errors = [], []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        entry = _COMMENT.split(line, maxsplit=1)[0].strip()  # a URL's own #fragment stays
        if not entry:
            continue
        if is_http_url(entry):
            feeds.append(entry)
        else:
            errors.append(InputError(f"{path}:{number}", f"not an http(s) URL: {entry}"))
    if not feeds and not errors:
        errors.append(InputError(str(path), "no feed URLs in file"))
    return feeds, errors


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


@dataclass
class ItemState:
    """What kg knows of one feed item (a ``kg:FeedItem``)."""

    key: str
    fingerprint: str
    status: str  # one of kg.terms.FETCH_STATUSES
    first_seen: dt.datetime
    last_seen: dt.datetime
    link: str | None = None
    last_fetched: dt.datetime | None = None
    article: URIRef | None = None
    failure: str | None = None
    attempts: int = 0
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FeedState:
    """What kg knows of one feed (a ``kg:Feed``), stored in :func:`feed_graph`."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: dt.datetime | None = None
    failure: str | None = None
    items: dict[str, ItemState] = field(default_factory=dict)

    @property
    def graph(self) -> URIRef:
        return feed_graph(self.url)


def feed_graph(url: str) -> URIRef:
    """The named graph (and IRI) of a watched feed's state.

    >>> str(feed_graph("https://example.org/rss"))
    'https://w3id.org/kg/id/graph/watch/https%3A%2F%2Fexample.org%2Frss'
    """
    return URIRef(str(WATCH_GRAPHS) + quote(url, safe=""))


def _item_iri(feed: str, key: str) -> URIRef:
    digest = hashlib.sha256(f"{feed}\x1f{key}".encode()).hexdigest()[:24]
    return ID[f"feeditem/{digest}"]


class _WritesGraphs(Protocol):
    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> None: ...


def load_state(store: Store, url: str) -> FeedState:
    """The stored state of the feed at ``url`` (empty when it was never polled)."""
    result = store.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": feed_graph(url)})
    subjects: dict[Any, dict[Any, Any]] = {}
    for s, p, o in result.rows:
        subjects.setdefault(s, {})[p] = o
    state = FeedState(url)
    feed = subjects.pop(state.graph, {})
    state.etag = _str(feed.get(KG.etag))
    state.last_modified = _str(feed.get(KG.lastModified))
    state.last_polled = _time(feed.get(KG.lastPolled))
    state.failure = _str(feed.get(KG.failure))
    for values in subjects.values():
        if values.get(RDF.type) != KG.FeedItem or KG.itemKey not in values:
            continue
        item = ItemState(
            key=str(values[KG.itemKey]),
            fingerprint=str(values.get(KG.fingerprint, "")),
            status=str(values.get(KG.fetchStatus, "failed")),
            first_seen=_time(values.get(KG.firstSeen)) or _now(),
            last_seen=_time(values.get(KG.lastSeen)) or _now(),
            link=_str(values.get(SCHEMA.url)),
            last_fetched=_time(values.get(KG.lastFetched)),
            article=values.get(KG.storedAs),
            failure=_str(values.get(KG.failure)),
            attempts=int(values[KG.attempts].toPython()) if KG.attempts in values else 0,
            etag=_str(values.get(KG.etag)),
            last_modified=_str(values.get(KG.lastModified)),
        )
        state.items[item.key] = item
    return state


def save_state(store: Store, state: FeedState) -> None:
    """Write the feed's state graph whole, in one transaction."""
    replace = getattr(store, "replace_graph", None)
    if replace is None:
        raise StoreError(f"{store.location}: this store cannot hold the state of watched feeds")
    replace(state.graph, _state_triples(state))


def _state_triples(state: FeedState) -> list[Triple]:
    feed = state.graph
    t: list[Triple] = [(feed, RDF.type, KG.Feed), (feed, SCHEMA.url, _url(state.url))]
    t += _optional(feed, KG.etag, state.etag)
    t += _optional(feed, KG.lastModified, state.last_modified)
    t += _optional(feed, KG.lastPolled, state.last_polled)
    t += _optional(feed, KG.failure, state.failure)
    for item in state.items.values():
        iri = _item_iri(state.url, item.key)
        t += [
            (feed, KG.item, iri),
            (iri, RDF.type, KG.FeedItem),
            (iri, KG.itemKey, Literal(item.key)),
            (iri, KG.fingerprint, Literal(item.fingerprint)),
            (iri, KG.fetchStatus, Literal(item.status)),
            (iri, KG.attempts, Literal(item.attempts)),
            (iri, KG.firstSeen, _dt(item.first_seen)),
            (iri, KG.lastSeen, _dt(item.last_seen)),
        ]
        if item.link:
            t.append((iri, SCHEMA.url, _url(item.link)))
        if item.article is not None:
            t.append((iri, KG.storedAs, item.article))
        t += _optional(iri, KG.lastFetched, item.last_fetched)
        t += _optional(iri, KG.failure, item.failure)
        t += _optional(iri, KG.etag, item.etag)
        t += _optional(iri, KG.lastModified, item.last_modified)
    return t


def _optional(subject: URIRef, prop: URIRef, value: str | dt.datetime | None) -> list[Triple]:
    if value is None or value == "":
        return []
    literal = _dt(value) if isinstance(value, dt.datetime) else Literal(value)
    return [(subject, prop, literal)]


def _url(value: str) -> Literal:
    return Literal(value, datatype=XSD.anyURI)


def _dt(value: dt.datetime) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.dateTime)


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None


def _time(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class StoreRobotsCache:
    """Keeps robots.txt files in the store (one graph each), so that a ``kg watch
    --once`` from cron asks a site for its robots.txt once a day, not once a run."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def graph(url: str) -> URIRef:
        return URIRef(f"{WATCH_GRAPHS}robots/{quote(url, safe='')}")

    def get(self, url: str) -> RobotsRecord | None:
        result = self.store.select(
            "SELECT ?t ?f WHERE { GRAPH ?g { ?g kg:robotsText ?t ; kg:lastFetched ?f } }",
            {"g": self.graph(url)},
        )
        if not result.rows:
            return None
        text, fetched = result.rows[0]
        when = _time(fetched)
        return RobotsRecord(url, str(text), when) if when is not None else None

    def put(self, record: RobotsRecord) -> None:
        graph = self.graph(record.url)
        triples: list[Triple] = [
            (graph, RDF.type, KG.RobotsTxt),
            (graph, SCHEMA.url, _url(record.url)),
            (graph, KG.robotsText, Literal(record.text)),
            (graph, KG.lastFetched, _dt(record.fetched.replace(microsecond=0))),
        ]
        replace = getattr(self.store, "replace_graph", None)
        if replace is not None:
            replace(graph, triples)


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
        clock: Callable[[], dt.datetime] = _now,
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
