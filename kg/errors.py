"""Errors kg reports to a user: ``str(error)`` is one line naming the input and the reason."""

from __future__ import annotations

__all__ = ["InputError", "KgError", "QueryError", "StoreError", "one_line"]


class KgError(Exception):
    """Base of every error kg reports to a user."""


class InputError(KgError):
    """A bad input article or file."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{origin}: {self.reason}")


class StoreError(KgError):
    """The store cannot be opened or used."""


class QueryError(KgError):
    """Bad SPARQL, an unknown canned query or a bad parameter."""


def one_line(error: BaseException) -> str:
    """An exception's message on one line (a library's may span several), else its type.

    >>> one_line(OSError("disk   full"))
    'disk full'
    """
    return " ".join(str(error).split()) or type(error).__name__
