"""Dates in article text, resolved against the publication date.

A date keeps the precision the text gives: "on Thursday" and "June 5" are days
(``2025-06-05``), "in May" and "last month" are months (``2025-05``), "last year"
a year (``2024``); "earlier this week" is too vague and gives nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from dateparser.date import DateDataParser

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
    r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_VAGUE = re.compile(r"\b(week|weekend|recent|earlier|later|soon|ago|decade|quarter)\b", re.I)
# "90 days", "three months", "a 90-day pause": durations, not dates.
_DURATION = re.compile(
    r"\b(hours|days|weeks|months|years|decades)\b|\d-(day|week|month|year)\b", re.I
)
_MONTH_NUMBER = {
    name: i + 1
    for i, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december")
    )
    for name in names.split()
}  # fmt: skip
# The calendar forms news writes most ("June 5", "5 June 2025", "June 5, 2025", "May
# 2024", "May", "2019"), read without dateparser, which costs milliseconds a call.
_CALENDAR = re.compile(
    r"(?:(?P<day1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month1>[a-z]+)\.?"
    r"|(?P<month2>[a-z]+)\.?(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    r"|(?P<year_only>(?:19|20)\d\d)",
    re.IGNORECASE,
)
_RELATIVE_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1}


def resolve(expression: str, published: dt.date | None) -> str | None:
    """The ISO date (or month, or year) that ``expression`` names, or None.

    >>> resolve("on Thursday", dt.date(2025, 6, 6))
    '2025-06-05'
    >>> resolve("in May", dt.date(2025, 6, 6))
    '2025-05'
    >>> resolve("August 1", dt.date(2025, 6, 6))
    '2025-08-01'
    """
    return _resolve(" ".join(expression.split()), published)


@lru_cache(maxsize=4096)
def _resolve(expression: str, published: dt.date | None) -> str | None:
    text = re.sub(r"^(on|in|since|by|from|until|at|during)\s+", "", expression, flags=re.I)
    lowered = text.lower()
    if published is None and not _YEAR.search(text):
        return None  # relative to nothing: guessing from today would not be deterministic
    base = published or dt.date(int(_YEAR.search(text).group(0)), 1, 1)  # type: ignore[union-attr]
    weekday = _weekday(lowered, base) if published else None
    if weekday:
        return weekday.isoformat()
    if _VAGUE.search(lowered) or _DURATION.search(lowered):
        return None
    if lowered in _RELATIVE_DAY and published:
        return (published + dt.timedelta(days=_RELATIVE_DAY[lowered])).isoformat()
    calendar = _calendar(text, base)
    if calendar is not None:
        return calendar or None
    return _dateparsed(text, base)


def _dateparsed(text: str, base: dt.date) -> str | None:
    """What dateparser reads in ``text``, at the precision it gives."""
    data = _parse_relative(text, base)
    if data is None or data.date_obj is None:
        return None
    value = data.date_obj.date()
    if _MONTHS.search(text) and not _YEAR.search(text):
        value = _closest_year(value, base)
    period = data.period or "day"
    if period == "day":
        return value.isoformat()
    if period == "month":
        return value.strftime("%Y-%m")
    if period == "year":
        return f"{value.year:04d}"
    return None


def _calendar(text: str, base: dt.date) -> str | None:
    """A calendar date, month or year written out in full: its ISO form, "" where the
    form is a calendar one but names no real day (February 30), or None for any other
    form (dateparser reads those)."""
    match = _CALENDAR.fullmatch(text.strip())
    if match is None:
        return None
    if match["year_only"]:
        return match["year_only"]
    month = _MONTH_NUMBER.get((match["month1"] or match["month2"]).lower())
    if month is None:
        return None
    day, year = match["day1"] or match["day2"], match["year"]
    try:  # 2000 is a leap year: February 29 passes here, and the year is chosen below
        value = dt.date(int(year) if year else 2000, month, int(day) if day else 1)
        if not year:
            value = _closest_year(value, base)
    except ValueError:
        return ""
    return value.isoformat() if day else value.strftime("%Y-%m")


@lru_cache(maxsize=64)
def _parser(base: dt.date) -> DateDataParser:
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


def _parse_relative(text: str, base: dt.date):
    return _parser(base).get_date_data(text)


def _weekday(text: str, base: dt.date) -> dt.date | None:
    """News says "on Thursday" for the latest Thursday up to the publication day."""
    words = text.replace(",", " ").split()
    if not words or words[-1] not in _WEEKDAYS or len(words) > 2:
        return None
    target = _WEEKDAYS.index(words[-1])
    qualifier = words[0] if len(words) == 2 else ""
    if qualifier not in ("", "last", "this", "next"):
        return None
    delta = (base.weekday() - target) % 7
    if qualifier == "next":
        return base + dt.timedelta(days=(target - base.weekday()) % 7 or 7)
    if qualifier == "last" and delta == 0:
        delta = 7
    return base - dt.timedelta(days=delta)


def _closest_year(value: dt.date, base: dt.date) -> dt.date:
    """ "June 5" with no year means the June 5 nearest the publication date."""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(value.replace(year=year))
        except ValueError:  # February 29
            continue
    if not candidates:
        raise ValueError(f"no {value:%B %d} near {base}")
    return min(candidates, key=lambda d: abs((d - base).days))
