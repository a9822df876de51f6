"""Dates in inputs: ISO dates first, then free-form text (dateparser), feed dates."""

from __future__ import annotations

import datetime as dt
import email.utils

__all__ = ["feed_date", "iso_date", "parse_date"]


_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}


def parse_date(value: str) -> dt.date | dt.datetime | None:
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


def iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def feed_date(raw: str | None) -> dt.date | None:
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
