"""Plain-text articles, and what every format shares: the result type, the UTF-8
decoding and the guard that turns a bad record into an :class:`~kg.errors.InputError`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kg.errors import InputError
from kg.model import Article

__all__ = [
    "UTF8_BOM",
    "ArticleOrError",
    "decode_utf8",
    "guarded",
    "normalise_newlines",
    "text_article",
]


UTF8_BOM = b"\xef\xbb\xbf"


ArticleOrError = Article | InputError


def decode_utf8(origin: str, data: bytes) -> str:
    """Strict UTF-8, BOM stripped; the error names the first bad byte and its file offset."""
    body = data.removeprefix(UTF8_BOM)
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


def text_article(text: str, stem: str | None, origin: str) -> Article:
    """A plain-text article; a first line that is a headline becomes its title, and the
    text (which offsets point into) starts with the body."""
    text = normalise_newlines(text)
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


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n")


def guarded(build: Callable[..., Article], origin: str, *args: Any) -> ArticleOrError:
    """Run one article's builder, turning its InputError into a result."""
    try:
        return build(origin, *args)
    except InputError as e:
        return e
