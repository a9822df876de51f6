"""Read news articles from files, directories and stdin into :class:`~kg.model.Article`.

Formats: plain text, JSON (one object or an array), JSON lines, HTML pages and RSS/Atom
feeds. A bad input never stops a batch: it is yielded as an :class:`~kg.errors.InputError`
in its place, so a caller can report it and go on with the rest.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from kg.errors import InputError
from kg.model import Article
from kg.sources.feeds import is_feed, parse_feed
from kg.sources.html import parse_html
from kg.sources.jsonfile import looks_like_jsonl, parse_json, parse_jsonl, parses_as_json
from kg.sources.text import UTF8_BOM, ArticleOrError, decode_utf8, guarded, text_article

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
# A single article larger than this is refused unread: memory stays bounded.
MAX_ARTICLE_BYTES = 64 * 1024 * 1024
_SINGLE_ARTICLE_KINDS = frozenset({"text", "html"})
_STDIN = "-"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")  # http(s) is fetched; other schemes fail


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
    (:mod:`kg.sources.webpages`). Files of unsupported types found in directories are appended
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
    if not data.removeprefix(UTF8_BOM).strip():
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
        return "feed" if is_feed(data) else "html"
    return "text"


def _parse(kind: str, origin: str, data: bytes, stem: str | None) -> Iterator[ArticleOrError]:
    if kind == "feed":
        yield from parse_feed(origin, data)
        return
    if kind == "html":
        yield guarded(parse_html, origin, data, stem)
        return
    try:
        text = decode_utf8(origin, data)
    except InputError as e:
        yield e
        return
    if kind == "text":
        yield text_article(text, stem, origin)
    elif kind == "jsonl" or (kind == "json-or-jsonl" and looks_like_jsonl(text)):
        yield from parse_jsonl(origin, text)
    elif kind == "json-or-text" and not parses_as_json(text):
        yield text_article(text, stem, origin)
    else:
        yield from parse_json(origin, text)


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


# --- HTML ---------------------------------------------------------------------------------


# --- RSS and Atom feeds -------------------------------------------------------------------
