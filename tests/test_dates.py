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
