"""The feeds to watch and how often: interval texts (``15m``) and feed lists (one URL a
line, or OPML)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InputError, KgError
from kg.sources.web import is_http_url

__all__ = ["parse_interval", "read_feed_list"]


_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.I)


_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


_COMMENT = re.compile(r"(?:^|\s)#")


_OPML_FEED = re.compile(rb"""\bxmlUrl\s*=\s*["']([^"']+)["']""", re.I)


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
