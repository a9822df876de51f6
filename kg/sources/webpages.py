"""Articles from the web: an article page or an RSS/Atom feed at an http(s) URL.

A page's main text, title, date, author and canonical URL come from trafilatura, as
for an ``.html`` file. A feed gives one article per item: the item's own text where the
feed carries the full text, else the full text of the page it links to. An article's id
is its canonical URL (tracking parameters and fragment dropped), so ingesting the same
URL again replaces it. Every request goes through a polite :class:`kg.web.Fetcher`;
every failure is an :class:`~kg.errors.InputError` naming the URL and the reason.

>>> canonical_url("/a?utm_source=rss&id=3#top", "HTTPS://Example.org/news/")
'https://example.org/a?id=3'
"""

from __future__ import annotations

import codecs
import copy
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from kg.errors import InputError
from kg.model import Article

# The file readers already turn HTML and feed entries into articles; reuse them.
from kg.sources.feeds import article_from_entry, detail_text, is_feed, no_entries_reason
from kg.sources.html import parse_html
from kg.sources.web import Fetcher, FetchSettings, Page, is_http_url

if TYPE_CHECKING:
    from feedparser import FeedParserDict

__all__ = [
    "FEED_ACCEPT",
    "PAGE_ACCEPT",
    "SUMMARY_WORDS",
    "FeedItem",
    "Fetched",
    "canonical_url",
    "default_fetcher",
    "feed_items",
    "fetch_item",
    "is_feed_page",
    "page_article",
    "read_url",
]

PAGE_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml;q=0.9,application/atom+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.5"
)
FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.5"
)
# Feed text of fewer words than this, or ending in an ellipsis, is a summary: the linked
# page is fetched for the full text.
SUMMARY_WORDS = 150
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_XML_TYPES = frozenset({"application/xml", "text/xml", ""})
_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|read more\W*|continue reading\W*)$", re.I)
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.I)

_default_fetcher: Fetcher | None = None


def default_fetcher() -> Fetcher:
    """The fetcher ``kg ingest`` shares across a batch (settings from ``KG_FETCH_*``),
    so that robots.txt is read once per site and the pause between requests holds."""
    global _default_fetcher
    if _default_fetcher is None:
        _default_fetcher = Fetcher(FetchSettings.from_env())
    return _default_fetcher


def read_url(url: str, fetcher: Fetcher | None = None) -> Iterator[Article | InputError]:
    """Yield the article at ``url``, or one article per item of the feed there; failures
    are yielded as InputError (never raised), so a batch goes on."""
    if not is_http_url(url):
        yield InputError(url, "unsupported URL (expected an http:// or https:// URL)")
        return
    fetcher = fetcher or default_fetcher()
    try:
        page = fetcher.get(url, accept=PAGE_ACCEPT)
        if not is_feed_page(page):
            yield page_article(page)
            return
        items = feed_items(page)
    except InputError as e:
        yield e
        return
    for item in items:
        try:
            fetched = fetch_item(fetcher, item)
        except InputError as e:
            yield e
            continue
        assert fetched.article is not None  # no validators were sent: never "not modified"
        yield fetched.article


def canonical_url(candidate: str | None, base: str) -> str:
    """``candidate`` (a canonical link, possibly relative) resolved against ``base``,
    else ``base``; scheme and host lower-cased, fragment and tracking parameters dropped."""
    url = urljoin(base, candidate.strip()) if candidate else base
    if not is_http_url(url):
        url = base
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, True) if not _TRACKING_PARAMS.match(k)]
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )


# --- pages -------------------------------------------------------------------------------


def is_feed_page(page: Page) -> bool:
    """True when the response is an RSS/Atom feed, by its Content-Type or its root element."""
    if page.media_type in _FEED_TYPES:
        return True
    if page.media_type in _HTML_TYPES:
        return False
    return is_feed(page.content)


def page_article(page: Page) -> Article:
    """The article on an HTML page (or a plain-text one); its id is the canonical URL."""
    media = page.media_type
    if media == "text/plain":
        text = page.text().replace("\r\n", "\n").strip()
        if not text:
            raise InputError(page.url, "empty page")
        url = canonical_url(None, page.final_url)
        return Article(text=text, id=url, url=url, origin=page.url)
    if media not in _HTML_TYPES and media not in _XML_TYPES:
        raise InputError(page.url, f"not an article page or a feed (Content-Type {media})")
    if b"\x00" in page.content[:4096] and not page.content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(page.url, "binary content, not a page")
    # Decoded here, from the HTTP charset first, then handed on as UTF-8 with a BOM, which
    # the HTML reader takes as settled.
    text = page.text()
    article = parse_html(page.url, codecs.BOM_UTF8 + text.encode("utf-8"), None)
    article.url = article.id = canonical_url(_canonical_link(text) or article.url, page.final_url)
    article.source = article.source or urlsplit(article.url).hostname
    return article


def _canonical_link(html: str) -> str | None:
    """The page's ``<link rel=canonical>``, else its ``og:url``, as written (maybe relative)."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"))
    except (ParserError, ValueError):
        return None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href")
    for meta in root.iter("meta"):
        if meta.get("property") == "og:url" and meta.get("content"):
            return meta.get("content")
    return None


# --- feeds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, as the feed describes it.

    ``key`` identifies it within the feed (its guid, else its link); ``fingerprint``
    changes when anything the feed says about it changes; ``article`` is the feed's own
    text as an article (None where the item has no text); ``needs_page`` says whether
    that text is only a summary, so that the linked page is fetched.
    """

    feed: str
    key: str
    link: str | None
    fingerprint: str
    article: Article | None
    needs_page: bool
    origin: str
    title: str | None = None


@dataclass(frozen=True)
class Fetched:
    """An item's article, and the page it came from (None when the feed had the full
    text). ``article`` is None when the page had not changed since the validators sent."""

    article: Article | None
    page: Page | None


def feed_items(page: Page) -> list[FeedItem]:
    """The items of the feed in ``page``, in feed order, one per key."""
    if not is_feed(page.content):
        shown = page.media_type or "no Content-Type"
        raise InputError(page.url, f"not an RSS/Atom feed ({shown})")
    feed = parse_feed(page)
    if not feed.entries:
        raise InputError(page.url, no_entries_reason(feed))
    source = detail_text(feed.feed, "title")
    items: dict[str, FeedItem] = {}
    for number, entry in enumerate(feed.entries, start=1):
        item = _feed_item(page, entry, f"{page.url}#{number}", source)
        items.setdefault(item.key, item)
    return list(items.values())


def fetch_item(
    fetcher: Fetcher,
    item: FeedItem,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """The item's article: the feed's text, or the linked page's where the feed has a
    summary only (a conditional request when ``etag``/``last_modified`` are given).
    Raises InputError naming the item or the page."""
    if not item.needs_page:
        if item.article is None:
            raise InputError(item.origin, "feed entry has no text")
        article = copy.copy(item.article)
        article.id = item.link or item.key
        article.url = item.link or article.url
        article.origin = item.link or item.origin
        return Fetched(article, None)
    assert item.link is not None
    page = fetcher.get(item.link, etag=etag, last_modified=last_modified, accept=PAGE_ACCEPT)
    if page.not_modified:
        return Fetched(None, page)
    article = page_article(page)
    if item.article is not None:  # what the feed says fills what the page's markup lacks
        article.title = article.title or item.article.title
        article.published = article.published or item.article.published
        article.source = item.article.source or article.source
        for key, value in item.article.metadata.items():
            article.metadata.setdefault(key, value)
    return Fetched(article, page)


def parse_feed(page: Page) -> FeedParserDict:
    import feedparser  # slow to import; only feeds need it

    headers = {"content-type": page.headers.get("Content-Type", "application/xml")}
    headers["content-location"] = page.final_url  # relative links resolve against it
    try:
        # A stream, never bytes or str: feedparser would try those as a path or a URL.
        return feedparser.parse(io.BytesIO(page.content), response_headers=headers)
    except Exception as e:  # a third-party parser's failure is this input's problem only
        raise InputError(page.url, f"malformed feed: {e}") from e


def _feed_item(page: Page, entry: FeedParserDict, origin: str, source: str | None) -> FeedItem:
    raw_link = entry.get("link")
    link = canonical_url(raw_link, page.final_url) if raw_link else None
    try:
        article: Article | None = article_from_entry(origin, entry, source)
    except InputError:
        article = None
    text = article.text if article is not None else ""
    key = entry.get("id") or link or hashlib.sha256(text.encode()).hexdigest()[:20]
    return FeedItem(
        feed=page.url,
        key=key,
        link=link,
        fingerprint=_fingerprint(entry, link, text),
        article=article,
        needs_page=link is not None and _is_summary(text),
        origin=origin,
        title=article.title if article is not None else detail_text(entry, "title"),
    )


def _is_summary(text: str) -> bool:
    return len(text.split()) < SUMMARY_WORDS or bool(_TRUNCATED.search(text.strip()))


def _fingerprint(entry: FeedParserDict, link: str | None, text: str) -> str:
    """A hash of what the feed says about an item: a change means the item changed."""
    # dict.get: FeedParserDict.get("updated") would fall back to "published", with a warning
    said = [dict.get(entry, k) for k in ("title", "published", "updated")] + [link, text]
    return hashlib.sha256(json.dumps(said, default=str).encode("utf-8")).hexdigest()[:32]
