"""Relative dates resolved against the publication date, at the precision the text gives."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.dates import resolve

FRIDAY = dt.date(2025, 6, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Thursday", "2025-06-05"),
        ("Friday", "2025-06-06"),  # the publication day itself
        ("last Friday", "2025-05-30"),
        ("next Monday", "2025-06-09"),
        ("yesterday", "2025-06-05"),
        ("today", "2025-06-06"),
        ("June 5", "2025-06-05"),
        ("August 1", "2025-08-01"),  # the nearest August 1, ahead
        ("May 12, 2024", "2024-05-12"),
        ("2025-04-02", "2025-04-02"),
        ("in May", "2025-05"),
        ("last month", "2025-05"),
        ("last year", "2024"),
        ("in 2023", "2023"),
        ("earlier this week", None),
        ("last week", None),
        ("90 days", None),
    ],
)
def test_resolve(text: str, expected: str | None) -> None:
    assert resolve(text, FRIDAY) == expected


def test_year_boundary() -> None:
    assert resolve("December 20", dt.date(2025, 1, 5)) == "2024-12-20"


def test_without_publication_date_only_absolute_dates() -> None:
    assert resolve("Thursday", None) is None
    assert resolve("May 3, 2024", None) == "2024-05-03"


CALENDAR_FORMS = [
    "June 5", "5 June", "June 5, 2025", "5 June 2025", "June 5th", "5th June 2024",
    "Sept. 5", "Dec 31", "May", "December", "January", "May 2024", "March 2019",
    "February 29", "February 29, 2024", "February 30", "2011", "2025",
]  # fmt: skip
BASES = [dt.date(2025, 6, 6), dt.date(2025, 1, 5), dt.date(2024, 12, 28), dt.date(2023, 3, 1)]


@pytest.mark.parametrize("text", CALENDAR_FORMS)
def test_calendar_forms_read_as_dateparser_reads_them(text: str) -> None:
    """The fast path for dates written out in full gives what dateparser gives."""
    from kg.extract import dates

    for base in BASES:
        fast = dates._calendar(text, base)
        assert fast is not None, f"{text!r} is a calendar form"
        assert (fast or None) == dates._dateparsed(text, base), (text, base)


@pytest.mark.parametrize("text", ["the 5th of June", "mid-June", "Brexit 2019", "Mayday"])
def test_other_forms_go_to_dateparser(text: str) -> None:
    from kg.extract import dates

    assert dates._calendar(text, FRIDAY) is None


def test_a_90_day_pause_is_a_duration() -> None:
    assert resolve("90-day", FRIDAY) is None
