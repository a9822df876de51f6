"""Sources: files, directories, stdin, web pages and feeds become :class:`kg.model.Article`\\ s.

A bad input becomes an :class:`kg.errors.InputError` in the stream, never a crash.
"""

from __future__ import annotations

from kg.sources.read import MAX_ARTICLE_BYTES, SUPPORTED_SUFFIXES, Defaults, read_articles

__all__ = ["MAX_ARTICLE_BYTES", "SUPPORTED_SUFFIXES", "Defaults", "read_articles"]
