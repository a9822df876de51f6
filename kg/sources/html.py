"""HTML pages: main text and metadata by trafilatura, boilerplate pruned."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.model import Article
from kg.sources.dates import iso_date
from kg.sources.text import UTF8_BOM

if TYPE_CHECKING:  # trafilatura itself is imported lazily, where it is needed
    from trafilatura.settings import Document

__all__ = ["html_to_text", "parse_html"]


# Boilerplate that trafilatura's fallback extractors would otherwise take for text.
_HTML_PRUNE = ["//nav", "//footer", "//aside", "//header[not(ancestor::article)]"]


# Metadata markup and the URL only: guessing from body text turns "in 2019" into a date.
_HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}


_BLOCK_TAGS = (
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "section", "table", "td",
    "th", "tr", "ul",
)  # fmt: skip


_INVISIBLE_TAGS = ("head", "script", "style", "noscript", "template")


def parse_html(origin: str, data: bytes, stem: str | None) -> Article:
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
        published=iso_date(doc.date),
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
    if data.startswith(UTF8_BOM):
        return data.removeprefix(UTF8_BOM).decode("utf-8", "replace")
    return data


def _wrap_fragment(page: bytes | str) -> bytes | str:
    if isinstance(page, bytes):
        return b"<html><body>" + page + b"</body></html>"
    return f"<html><body>{page}</body></html>"


def html_to_text(markup: str) -> str:
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
