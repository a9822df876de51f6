"""Read news articles from files, directories and stdin into :class:`~kg.model.Article`.

Formats: plain text, JSON (one object or an array), JSON lines, HTML pages and RSS/Atom
feeds. A bad input never stops a batch: it is yielded as an :class:`~kg.errors.InputError`
in its place, so a caller can report it and go on with the rest.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from kg.errors import InputError
from kg.model import Article

if TYPE_CHECKING:  # the libraries themselves are imported lazily, where they are needed
    from feedparser import FeedParserDict
    from trafilatura.settings import Document

_KIND_BY_SUFFIX = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
SUPPORTED_SUFFIXES = tuple(_KIND_BY_SUFFIX)
_EXPECTED = f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
_UTF8_BOM = b"\xef\xbb\xbf"
# A single article larger than this is refused unread: memory stays bounded.
MAX_ARTICLE_BYTES = 64 * 1024 * 1024
_SINGLE_ARTICLE_KINDS = frozenset({"text", "html"})
_STDIN = "-"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")  # http(s) is fetched; other schemes fail
# JSON keys that map onto Article fields; every other key is kept as metadata.
_JSON_FIELDS = frozenset({"id", "title", "published", "url", "source", "text"})
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})  # local names: rss, Atom feed, RSS 1.0 rdf:RDF
# The XML prologue may hold a declaration, processing instructions, comments and a doctype.
_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^>\[]|\[.*?\])*>)", re.S | re.I)
_ROOT_TAG = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")
# Boilerplate that trafilatura's fallback extractors would otherwise take for text.
_HTML_PRUNE = ["//nav", "//footer", "//aside", "//header[not(ancestor::article)]"]
# Metadata markup and the URL only: guessing from body text turns "in 2019" into a date.
_HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
_BLOCK_TAGS = (
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "section", "table", "td",
    "th", "tr", "ul",
)  # fmt: skip
_INVISIBLE_TAGS = ("head", "script", "style", "noscript", "template")
_SAX_POSITION = re.compile(r"^<unknown>:\d+:\d+:\s*")

ArticleOrError = Article | InputError


@dataclass(frozen=True)
class Defaults:
    """Values used where the input lacks them (CLI: --published, --source, --title)."""

    published: dt.date | None = None
    source: str | None = None
    title: str | None = None


_NO_DEFAULTS = Defaults()


def read_articles(
    inputs: Iterable[str | Path],
    defaults: Defaults = _NO_DEFAULTS,
    stdin: TextIO | BinaryIO | None = None,
    skipped: list[str] | None = None,
) -> Iterator[Article | InputError]:
    """Yield every article found in `inputs`, in order; bad inputs are yielded as InputError
    (never raised) so a batch goes on.

    An input is a file, a directory (walked recursively in sorted order, hidden entries and
    unsupported suffixes skipped), "-" for `stdin` (default: ``sys.stdin.buffer``), whose
    format is told from its content, or an http(s) URL of a page or a feed
    (:mod:`kg.websources`). Files of unsupported types found in directories are appended
    to ``skipped`` (a file named as an input is an error instead).
    """
    for item in inputs:
        if str(item) == _STDIN:
            results = _read_stdin(stdin)
        elif _URL.match(str(item)):
            results = _read_url(str(item))
        else:
            results = _read_path(Path(item), skipped)
        for result in results:
            yield _apply_defaults(result, defaults) if isinstance(result, Article) else result


# --- inputs -------------------------------------------------------------------------------


def _read_url(url: str) -> Iterator[ArticleOrError]:
    from kg.sources.webpages import read_url  # pages and feeds on the web, fetched politely

    yield from read_url(url)


def _read_path(path: Path, skipped: list[str] | None = None) -> Iterator[ArticleOrError]:
    if path.is_dir():
        yield from _read_dir(path, skipped)
    elif not path.exists():
        yield InputError(str(path), "no such file or directory")
    elif path.suffix.lower() not in _KIND_BY_SUFFIX:
        yield InputError(str(path), _unsupported_reason(path.suffix))
    else:
        yield from _read_file(path)


def _unsupported_reason(suffix: str) -> str:
    shown = f"'{suffix}'" if suffix else "(no suffix)"
    return f"unsupported file type {shown} ({_EXPECTED})"


def _read_dir(directory: Path, skipped: list[str] | None = None) -> Iterator[ArticleOrError]:
    files = _walk(directory, skipped)
    if not files:
        # A silent nothing would hide a wrong path; say so once.
        yield InputError(str(directory), f"no supported files in directory ({_EXPECTED})")
    for path in files:
        yield from _read_file(path)


def _walk(directory: Path, skipped: list[str] | None = None) -> list[Path]:
    """Supported files under `directory`, sorted, skipping hidden files and directories;
    other files go to `skipped`."""
    found: list[Path] = []
    others: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # prune: never descend into .git
        for name in files:
            if name.startswith("."):
                continue
            supported = Path(name).suffix.lower() in _KIND_BY_SUFFIX
            (found if supported else others).append(Path(root, name))
    if skipped is not None:
        skipped.extend(str(p) for p in sorted(others))
    return sorted(found)


def _read_file(path: Path) -> Iterator[ArticleOrError]:
    origin = str(path)
    kind = _KIND_BY_SUFFIX[path.suffix.lower()]
    try:
        size = path.stat().st_size
        if kind in _SINGLE_ARTICLE_KINDS and size > MAX_ARTICLE_BYTES:
            mib = MAX_ARTICLE_BYTES // (1024 * 1024)
            raise InputError(
                origin, f"too large for one article ({size:,} bytes; at most {mib} MiB)"
            )
        data = _checked_bytes(origin, path.read_bytes())
    except InputError as e:
        yield e
        return
    except OSError as e:
        yield InputError(origin, f"cannot read: {e.strerror or e}")
        return
    yield from _parse(kind, origin, data, path.stem)


def _read_stdin(stdin: TextIO | BinaryIO | None) -> Iterator[ArticleOrError]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        raw = stream.read()
        data = _checked_bytes(_STDIN, raw.encode("utf-8") if isinstance(raw, str) else raw)
    except InputError as e:
        yield e
        return
    except (OSError, UnicodeError) as e:
        yield InputError(_STDIN, f"cannot read: {e}")
        return
    yield from _parse(_sniff_kind(data), _STDIN, data, None)


def _checked_bytes(origin: str, data: bytes) -> bytes:
    """`data` as is (a UTF-8 BOM kept, so byte offsets stay true); raise for empty or binary."""
    if not data.removeprefix(_UTF8_BOM).strip():
        raise InputError(origin, "empty file")
    if b"\x00" in data:
        raise InputError(origin, "binary file, not text")
    return data


def _sniff_kind(data: bytes) -> str:
    """Tell the format of stdin from its first non-space character."""
    head = data.lstrip()
    if head.startswith(b"{"):
        return "json-or-jsonl"
    if head.startswith(b"["):
        return "json-or-text"  # "[Reuters] Ministers met..." is text, not a broken array
    if head.startswith(b"<"):
        return "feed" if _is_feed(data) else "html"
    return "text"


def _parse(kind: str, origin: str, data: bytes, stem: str | None) -> Iterator[ArticleOrError]:
    if kind == "feed":
        yield from _parse_feed(origin, data)
        return
    if kind == "html":
        yield _guarded(_parse_html, origin, data, stem)
        return
    try:
        text = _decode_utf8(origin, data)
    except InputError as e:
        yield e
        return
    if kind == "text":
        yield _text_article(text, stem, origin)
    elif kind == "jsonl" or (kind == "json-or-jsonl" and _looks_like_jsonl(text)):
        yield from _parse_jsonl(origin, text)
    elif kind == "json-or-text" and not _parses_as_json(text):
        yield _text_article(text, stem, origin)
    else:
        yield from _parse_json(origin, text)


def _decode_utf8(origin: str, data: bytes) -> str:
    """Strict UTF-8, BOM stripped; the error names the first bad byte and its file offset."""
    body = data.removeprefix(_UTF8_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        offset = e.start + len(data) - len(body)
        reason = f"not valid UTF-8 text (byte 0x{body[e.start]:02x} at offset {offset})"
        raise InputError(origin, reason) from e


# A line that ends a sentence: final punctuation, then perhaps closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
_MAX_TITLE_CHARS = 200
_MAX_QUESTION_TITLE_WORDS = 15


def _text_article(text: str, stem: str | None, origin: str) -> Article:
    """A plain-text article; a first line that is a headline becomes its title, and the
    text (which offsets point into) starts with the body."""
    text = _normalise_newlines(text)
    title, body_start = _headline(text)
    if title is None:
        return Article(text=text, id=stem, origin=origin)
    return Article(text=text[body_start:], title=title, id=stem, origin=origin)


def _headline(text: str) -> tuple[str | None, int]:
    r"""The first line as a title, and where the body starts, when that line is a
    headline: more text follows, it is short, and it does not end a sentence ("Canada
    drops digital tax"), or it is a short question or exclamation followed by a blank
    line. A first line that ends with a full stop is the first sentence, blank line or
    not.

    >>> _headline("Canada drops digital tax\nOttawa said on Sunday it would drop the tax.")
    ('Canada drops digital tax', 25)
    >>> _headline("Is the truce over?\n\nBeijing said it was not.")
    ('Is the truce over?', 20)
    >>> _headline("Ottawa dropped the tax.\n\nIt said so on Sunday.")
    (None, 0)
    """
    lead = len(text) - len(text.lstrip())
    end = text.find("\n", lead)
    if end < 0:
        return None, 0
    line = text[lead:end].strip()
    rest = text[end + 1 :]
    body_start = len(text) - len(rest.lstrip())
    if not line or body_start >= len(text) or len(line) > _MAX_TITLE_CHARS:
        return None, 0
    blank_follows = rest.split("\n", 1)[0].strip() == ""
    if not _SENTENCE_END.search(line):
        return line, body_start
    short_question = line.rstrip("\"'”’)]").endswith(("?", "!"))
    if short_question and blank_follows and len(line.split()) <= _MAX_QUESTION_TITLE_WORDS:
        return line, body_start
    return None, 0


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n")


def _apply_defaults(article: Article, defaults: Defaults) -> Article:
    """Fill only the fields the input left empty."""
    if article.published is None:
        article.published = defaults.published
    if article.source is None:
        article.source = defaults.source
    if article.title is None:
        article.title = defaults.title
    return article


# --- JSON and JSON lines ------------------------------------------------------------------


def _parse_json(origin: str, text: str) -> Iterator[ArticleOrError]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        yield InputError(origin, f"malformed JSON: {e.msg} (line {e.lineno}, column {e.colno})")
        return
    if not isinstance(value, list):
        yield _guarded(_article_from_object, origin, value)
        return
    if not value:
        yield InputError(origin, "JSON array holds no articles")
    for index, item in enumerate(value):  # 0-based, as jq and Python index arrays
        yield _guarded(_article_from_object, f"{origin}[{index}]", item)


def _parse_jsonl(origin: str, text: str) -> Iterator[ArticleOrError]:
    # split("\n"), not splitlines(): JSON strings may hold U+2028 and other line breaks
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_origin = f"{origin}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(line_origin, f"malformed JSON: {e.msg} (column {e.colno})")
            continue
        yield _guarded(_article_from_object, line_origin, value)


def _parses_as_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _looks_like_jsonl(text: str) -> bool:
    """Several lines, the first an object, that do not parse as one JSON document.

    Only the first line is required to parse, so a bad line later is reported as that
    line's error rather than as one malformed document.
    """
    if _parses_as_json(text):
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except json.JSONDecodeError:
        return False


def _guarded(build: Callable[..., Article], origin: str, *args: Any) -> ArticleOrError:
    """Run one article's builder, turning its InputError into a result."""
    try:
        return build(origin, *args)
    except InputError as e:
        return e


def _article_from_object(origin: str, obj: Any) -> Article:
    if not isinstance(obj, dict):
        raise InputError(origin, "expected a JSON object with a 'text' key")
    return Article(
        text=_json_text(origin, obj),
        id=_json_id(origin, obj.get("id")),
        title=_json_str(origin, obj, "title"),
        published=_json_published(origin, obj.get("published")),
        url=_json_str(origin, obj, "url"),
        source=_json_str(origin, obj, "source"),
        origin=origin,
        metadata={key: value for key, value in obj.items() if key not in _JSON_FIELDS},
    )


def _json_text(origin: str, obj: dict[str, Any]) -> str:
    text = obj.get("text")
    if text is None:
        raise InputError(origin, "missing 'text'")
    if not isinstance(text, str):
        raise InputError(origin, f"'text' must be a string, not {_json_type(text)}")
    if not text.strip():
        raise InputError(origin, "empty 'text'")
    return _normalise_newlines(text)


def _json_id(origin: str, value: Any) -> str | None:
    # bool is an int to Python, but `"id": true` is a mistake, not an id
    if isinstance(value, bool) or not isinstance(value, str | int | float | None):
        raise InputError(origin, f"'id' must be a string or a number, not {_json_type(value)}")
    return str(value) if value not in (None, "") else None


def _json_str(origin: str, obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(origin, f"'{key}' must be a string, not {_json_type(value)}")
    return value.strip() or None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", bool: "a boolean", str: "a string"}
    return names.get(type(value), "a number")


def _json_published(origin: str, value: Any) -> dt.date | dt.datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    parsed = _parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise InputError(origin, f"bad 'published' date {value!r}")
    return parsed


def _parse_date(value: str) -> dt.date | dt.datetime | None:
    """ISO 8601 first (exact and fast), then dateparser for "5 March 2024" and the like."""
    value = value.strip()
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(value)
        except ValueError:
            pass
    return _dateparser_date(value)


def _dateparser_date(value: str) -> dt.date | dt.datetime | None:
    import dateparser  # slow to import; only free-form dates need it

    settings = {
        **_DATEPARSER_SETTINGS,
        # Same input, same date: no "yesterday" (relative to now), no bare epoch numbers
        # (read in the local time zone) and no dates that borrow the current year.
        "PARSERS": ["custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["year"],
    }
    try:
        parsed = dateparser.parse(value, settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None:
        return None
    # dateparser always returns a datetime; a bare midnight means the input named a day only
    return parsed.date() if parsed.time() == dt.time() and parsed.tzinfo is None else parsed


# --- HTML ---------------------------------------------------------------------------------


def _parse_html(origin: str, data: bytes, stem: str | None) -> Article:
    doc, language = _extract_html(origin, data)
    text = (doc.text or "").strip() if doc is not None else ""
    if doc is None or not text:
        raise InputError(origin, "no article text found in HTML")
    metadata = {key: value for key in ("author", "description") if (value := getattr(doc, key))}
    if language := doc.language or language:
        metadata["language"] = language
    return Article(
        text=text,
        id=stem,
        title=doc.title or None,
        published=_iso_date(doc.date),
        url=doc.url or None,
        source=doc.sitename or None,
        origin=origin,
        metadata=metadata,
    )


def _extract_html(origin: str, data: bytes) -> tuple[Document | None, str | None]:
    """trafilatura's Document (or None) and the page's <html lang>, which it does not report."""
    import trafilatura  # slow to import; only HTML needs it

    try:
        page = _html_input(data)
        tree = trafilatura.load_html(page)
        if tree is None:  # it refuses a lone fragment such as "<p>...</p>"; give it a body
            tree = trafilatura.load_html(_wrap_fragment(page))
        if tree is None:
            return None, None
        language = tree.get("lang") or None
        doc = trafilatura.bare_extraction(
            tree,
            url=None,
            with_metadata=True,
            include_comments=False,
            favor_precision=True,
            prune_xpath=_HTML_PRUNE,
            date_extraction_params=_HTML_DATE_PARAMS,
        )
    except Exception as e:  # a third-party parser's failure is this input's problem only
        raise InputError(origin, f"cannot parse HTML: {e}") from e
    return doc, language


def _html_input(data: bytes) -> bytes | str:
    """A BOM settles the encoding; otherwise trafilatura reads <meta charset> from the bytes."""
    if data.startswith(_UTF8_BOM):
        return data.removeprefix(_UTF8_BOM).decode("utf-8", "replace")
    return data


def _wrap_fragment(page: bytes | str) -> bytes | str:
    if isinstance(page, bytes):
        return b"<html><body>" + page + b"</body></html>"
    return f"<html><body>{page}</body></html>"


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- RSS and Atom feeds -------------------------------------------------------------------


def _is_feed(data: bytes) -> bool:
    root = _root_element(data.removeprefix(_UTF8_BOM))
    return root is not None and root.rpartition(":")[2] in _FEED_ROOTS


def _root_element(data: bytes) -> str | None:
    """The name of the first element after the XML prologue, e.g. "rss" or "rdf:RDF"."""
    position = 0
    while match := _PROLOGUE.match(data, position):
        position = match.end()
    match = _ROOT_TAG.match(data, position)
    return match.group(1).decode("ascii", "replace") if match else None


def _parse_feed(origin: str, data: bytes) -> Iterator[ArticleOrError]:
    if not _is_feed(data):
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
        yield InputError(origin, _no_entries_reason(feed))
        return
    source = _detail_text(feed.feed, "title")
    for number, entry in enumerate(feed.entries, start=1):
        yield _guarded(_article_from_entry, f"{origin}#{number}", entry, source)


def _no_entries_reason(feed: FeedParserDict) -> str:
    if not feed.get("bozo"):
        return "feed has no entries"
    # "<unknown>:2:41:" is a position in feedparser's rewritten copy, not in the file
    return f"malformed feed: {_SAX_POSITION.sub('', str(feed.get('bozo_exception')))}"


def _article_from_entry(origin: str, entry: FeedParserDict, source: str | None) -> Article:
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
        title=_detail_text(entry, "title"),
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


def _detail_text(obj: FeedParserDict, key: str) -> str | None:
    """A one-line title, stripped of markup where the feed marked it as HTML."""
    detail = obj.get(f"{key}_detail") or {}
    text = _plain_text(obj.get(key) or "", detail.get("type"))
    return " ".join(text.split()) or None


def _plain_text(value: str, mime: str | None) -> str:
    return value.strip() if mime == "text/plain" else _html_to_text(value)


def _html_to_text(markup: str) -> str:
    """Text of an HTML snippet: one line per paragraph or other block, entities decoded."""
    import lxml.html
    from lxml.etree import ParserError

    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (ParserError, ValueError):
        return ""
    for element in list(root.iter(*_INVISIBLE_TAGS)):
        element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _entry_date(entry: FeedParserDict) -> dt.date | None:
    for key in ("published", "updated"):
        if date := _feed_date(entry.get(key)):
            return date
        if parsed := entry.get(f"{key}_parsed"):
            return dt.date(*parsed[:3])
    return None


def _feed_date(raw: str | None) -> dt.date | None:
    """The date as the publisher wrote it (RFC 822 or ISO 8601), in its own time zone.

    feedparser's *_parsed fields are in UTC, which moves "08:00+09:00" to the day before.
    """
    if not raw:
        return None
    for parse in (email.utils.parsedate_to_datetime, dt.datetime.fromisoformat):
        try:
            return parse(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
    return None
