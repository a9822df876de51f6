"""JSON inputs: one article object, an array of them, or JSON lines (one a line)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from kg.errors import InputError
from kg.model import Article
from kg.sources.dates import parse_date
from kg.sources.text import ArticleOrError, guarded, normalise_newlines

__all__ = ["looks_like_jsonl", "parse_json", "parse_jsonl", "parses_as_json"]


# JSON keys that map onto Article fields; every other key is kept as metadata.
_JSON_FIELDS = frozenset({"id", "title", "published", "url", "source", "text"})


def parse_json(origin: str, text: str) -> Iterator[ArticleOrError]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        yield InputError(origin, f"malformed JSON: {e.msg} (line {e.lineno}, column {e.colno})")
        return
    if not isinstance(value, list):
        yield guarded(_article_from_object, origin, value)
        return
    if not value:
        yield InputError(origin, "JSON array holds no articles")
    for index, item in enumerate(value):  # 0-based, as jq and Python index arrays
        yield guarded(_article_from_object, f"{origin}[{index}]", item)


def parse_jsonl(origin: str, text: str) -> Iterator[ArticleOrError]:
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
        yield guarded(_article_from_object, line_origin, value)


def parses_as_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def looks_like_jsonl(text: str) -> bool:
    """Several lines, the first an object, that do not parse as one JSON document.

    Only the first line is required to parse, so a bad line later is reported as that
    line's error rather than as one malformed document.
    """
    if parses_as_json(text):
        return False
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except json.JSONDecodeError:
        return False


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
    return normalise_newlines(text)


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
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise InputError(origin, f"bad 'published' date {value!r}")
    return parsed
