"""What kg remembers of each watched feed, in the store: items seen, their fingerprints and
attempts, the feed's ETag and Last-Modified, and robots.txt records."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import quote

from rdflib import Literal, URIRef

from kg.errors import StoreError
from kg.sources.web import RobotsRecord
from kg.store import Store, Triple
from kg.terms import ID, KG, RDF, SCHEMA, WATCH_GRAPHS, XSD

__all__ = [
    "FeedState",
    "ItemState",
    "StoreRobotsCache",
    "feed_graph",
    "load_state",
    "save_state",
    "utc_now",
]


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
    state.etag = _text_or_none(feed.get(KG.etag))
    state.last_modified = _text_or_none(feed.get(KG.lastModified))
    state.last_polled = _parsed_time(feed.get(KG.lastPolled))
    state.failure = _text_or_none(feed.get(KG.failure))
    for values in subjects.values():
        if values.get(RDF.type) != KG.FeedItem or KG.itemKey not in values:
            continue
        item = ItemState(
            key=str(values[KG.itemKey]),
            fingerprint=str(values.get(KG.fingerprint, "")),
            status=str(values.get(KG.fetchStatus, "failed")),
            first_seen=_parsed_time(values.get(KG.firstSeen)) or utc_now(),
            last_seen=_parsed_time(values.get(KG.lastSeen)) or utc_now(),
            link=_text_or_none(values.get(SCHEMA.url)),
            last_fetched=_parsed_time(values.get(KG.lastFetched)),
            article=values.get(KG.storedAs),
            failure=_text_or_none(values.get(KG.failure)),
            attempts=int(values[KG.attempts].toPython()) if KG.attempts in values else 0,
            etag=_text_or_none(values.get(KG.etag)),
            last_modified=_text_or_none(values.get(KG.lastModified)),
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
    t: list[Triple] = [(feed, RDF.type, KG.Feed), (feed, SCHEMA.url, _url_literal(state.url))]
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
            (iri, KG.firstSeen, _datetime_literal(item.first_seen)),
            (iri, KG.lastSeen, _datetime_literal(item.last_seen)),
        ]
        if item.link:
            t.append((iri, SCHEMA.url, _url_literal(item.link)))
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
    literal = _datetime_literal(value) if isinstance(value, dt.datetime) else Literal(value)
    return [(subject, prop, literal)]


def _url_literal(value: str) -> Literal:
    return Literal(value, datatype=XSD.anyURI)


def _datetime_literal(value: dt.datetime) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.dateTime)


def _text_or_none(value: Any) -> str | None:
    return str(value) if value is not None else None


def _parsed_time(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def utc_now() -> dt.datetime:
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
        when = _parsed_time(fetched)
        return RobotsRecord(url, str(text), when) if when is not None else None

    def put(self, record: RobotsRecord) -> None:
        graph = self.graph(record.url)
        triples: list[Triple] = [
            (graph, RDF.type, KG.RobotsTxt),
            (graph, SCHEMA.url, _url_literal(record.url)),
            (graph, KG.robotsText, Literal(record.text)),
            (graph, KG.lastFetched, _datetime_literal(record.fetched.replace(microsecond=0))),
        ]
        replace = getattr(self.store, "replace_graph", None)
        if replace is not None:
            replace(graph, triples)
