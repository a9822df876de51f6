"""Bytes to text for fetched pages: the BOM, the HTTP header, the document's own
declaration, then a guess; Latin single-byte text is read as cp1252, as browsers do."""

from __future__ import annotations

import codecs
import re

__all__ = ["CHUNK", "decode_text", "header_charset"]


CHUNK = 64 * 1024


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# <meta charset="...">, <meta http-equiv content="...; charset=..."> and <?xml encoding="..."?>
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.I,
)


# Labels that browsers (WHATWG Encoding) read as windows-1252, a superset that decodes
# the bytes 0x80-0x9f that pages labelled Latin-1 use for quotes and dashes.
_LATIN_SINGLE_BYTE = frozenset(
    {"cp1250", "cp1252", "cp1254", "cp1257", "latin-1", "mac-roman", "mac-latin2"}
    | {f"iso8859-{n}" for n in (1, 2, 3, 4, 9, 10, 13, 14, 15, 16)}
)


_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii"})


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode a page as a browser would: a BOM first, then the charset the HTTP header
    declares, then one the document declares (``<meta charset>``, ``<?xml encoding>``),
    then UTF-8, then a guess from the bytes. Never fails: bytes the chosen encoding
    cannot read become U+FFFD.

    >>> decode_text(b"<meta charset=windows-1252><p>\\x93Hi\\x94</p>")[-11:]
    '<p>“Hi”</p>'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    candidates = [_codec(declared), _codec(_document_charset(data)), "utf-8"]
    chosen = [c for c in dict.fromkeys(candidates) if c]
    for encoding in chosen:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode(_guess_encoding(data), "replace")


def header_charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _document_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace")


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for an unknown one."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _guess_encoding(data: bytes) -> str:
    """A guess for undeclared bytes that are not UTF-8: a multi-byte or non-Latin
    encoding where the bytes show one, else windows-1252, the web's default (guessers
    cannot tell the Latin single-byte encodings apart on short texts)."""
    import charset_normalizer  # requests' own dependency; only undeclared non-UTF-8 needs it

    best = charset_normalizer.from_bytes(data[:CHUNK]).best()
    guess = _codec(best.encoding) if best is not None else None
    return guess if guess and guess not in _LATIN_SINGLE_BYTE else "cp1252"
