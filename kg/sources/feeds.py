"""RSS and Atom feeds: each entry becomes an article (feedparser)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kg.errors import InputError
from kg.model import Article
from kg.sources.dates import feed_date
from kg.sources.html import html_to_text
from kg.sources.text import UTF8_BOM, ArticleOrError, guarded

if TYPE_CHECKING:  # feedparser itself is imported lazily, where it is needed
    from feedparser import FeedParserDict

__all__ = ["article_from_entry", "detail_text", "is_feed", "no_entries_reason", "parse_feed"]


_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})  # local names: rss, Atom feed, RSS 1.0 rdf:RDF


# The XML prologue may hold a declaration, processing instructions, comments and a doctype.
_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[.*?\])*>)", re.S | re.I)


_ROOT_TAG = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")


_SAX_POSITION = re.compile(r"^<unknown>:\d+:\d+:\s*")


def is_feed(data: bytes) -> bool:
    root = _root_element(data.removeprefix(UTF8_BOM))
    return root is not None and root.rpartition(":")[2] in _FEED_ROOTS


def _root_element(data: bytes) -> str | None:
    """The name of the first element after the XML prologue, e.g. "rss" or "rdf:RDF"."""
    position = 0
    while match := _PROLOGUE.match(data, position):
        position = match.end()
    match = _ROOT_TAG.match(data, position)
    return match.group(1).decode("ascii", "replace") if match else None


def parse_feed(origin: str, data: bytes) -> Iterator[ArticleOrError]:
    if not is_feed(data):
        yield InputError(origin, "XML file is not an RSS/Atom feed")
        return
    import feedparser  # slow to import; only feeds need it

    try:
        # A stream, never bytes or str: feedparser would try those as a path or a URL.
        feed = feedparser.parse(io.BytesIO(data))
    except Exception as e:  # a third-party parser's failure is this input's problem only
        yield InputError(origin, f"malformed feed: {e}")
        return
    if not feed.entries:
        yield InputError(origin, no_entries_reason(feed))
        return
    source = detail_text(feed.feed, "title")
    for number, entry in enumerate(feed.entries, start=1):
        yield guarded(article_from_entry, f"{origin}#{number}", entry, source)


def no_entries_reason(feed: FeedParserDict) -> str:
    if not feed.get("bozo"):
        return "feed has no entries"
    # "<unknown>:2:41:" is a position in feedparser's rewritten copy, not in the file
    return f"malformed feed: {_SAX_POSITION.sub('', str(feed.get('bozo_exception')))}"


def article_from_entry(origin: str, entry: FeedParserDict, source: str | None) -> Article:
    text = _entry_text(entry)
    if not text:
        raise InputError(origin, "feed entry has no text")
    metadata: dict[str, Any] = {}
    if author := entry.get("author"):
        metadata["author"] = author
    if keywords := [tag["term"] for tag in entry.get("tags") or [] if tag.get("term")]:
        metadata["keywords"] = keywords
    return Article(
        text=text,
        id=entry.get("id") or entry.get("link") or None,
        title=detail_text(entry, "title"),
        published=_entry_date(entry),
        url=entry.get("link") or None,
        source=source,
        origin=origin,
        metadata=metadata,
    )


def _entry_text(entry: FeedParserDict) -> str:
    """Plain text of the entry's first content, else of its summary."""
    contents = entry.get("content") or []
    for detail in (*contents[:1], entry.get("summary_detail")):
        if detail and (text := _plain_text(detail.get("value") or "", detail.get("type"))):
            return text
    return ""


def detail_text(obj: FeedParserDict, key: str) -> str | None:
    """A one-line title, stripped of markup where the feed marked it as HTML."""
    detail = obj.get(f"{key}_detail") or {}
    text = _plain_text(obj.get(key) or "", detail.get("type"))
    return " ".join(text.split()) or None


def _plain_text(value: str, mime: str | None) -> str:
    return value.strip() if mime == "text/plain" else html_to_text(value)


def _entry_date(entry: FeedParserDict) -> dt.date | None:
    for key in ("published", "updated"):
        if date := feed_date(entry.get(key)):
            return date
        if parsed := entry.get(f"{key}_parsed"):
            return dt.date(*parsed[:3])
    return None
