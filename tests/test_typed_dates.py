"""Dates as people type them: one parser for every date box, good input and bad."""

from __future__ import annotations

from datetime import date

import pytest

from frontline.model.typed_dates import canonical, parse_typed_date

JAN_6 = date(2026, 1, 6)


@pytest.mark.parametrize(
    "typed",
    [
        "2026-01-06",
        "2026-1-6",
        "2026/01/06",
        "06.01.2026",
        "6.1.2026",
        "6 January 2026",
        "6 january 2026",
        "6 Jan 2026",
        "6 Jan. 2026",
        "January 6, 2026",
        "Jan 6th 2026",
        "  6   January\t2026 ",
    ],
)
def test_the_common_forms_of_a_day_are_read(typed: str) -> None:
    assert parse_typed_date(typed) == (JAN_6, "day")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-02", (date(2026, 2, 1), "month")),
        ("2026-2", (date(2026, 2, 1), "month")),
        ("February 2026", (date(2026, 2, 1), "month")),
        ("Sept 2025", (date(2025, 9, 1), "month")),
        ("2024", (date(2024, 1, 1), "year")),
    ],
)
def test_a_month_or_a_year_stands_for_its_first_day(typed: str, expected: tuple[date, str]) -> None:
    assert parse_typed_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("2026-02-30", "is not a date on the calendar"),
        ("31.04.2026", "is not a date on the calendar"),
        ("2026-13-01", "is not a date on the calendar"),
        ("2026-13", "is not a date on the calendar"),
        ("6 Smarch 2026", "'Smarch' is not the name of a month"),
        ("next tuesday", "is not a date this page can read"),
        ("", "is not a date this page can read"),
        ("20260106", "is not a date this page can read"),
        ("2026-W02-2", "is not a date this page can read"),
        ("2026-01-06T00:00", "is not a date this page can read"),
        ("06/01/2026", "is not a date this page can read"),  # day or month first? refused
        ("26-01-06", "is not a date this page can read"),
        ("2026-01-0\u0666", "is not a date this page can read"),  # an Arabic-Indic digit
        ("x" * 5000, "is not a date this page can read"),
    ],
)
def test_anything_else_is_refused_with_words_a_reader_can_act_on(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match=words) as caught:
        parse_typed_date(typed)
    assert len(str(caught.value)) < 250


@pytest.mark.parametrize(
    ("precision", "kept"), [("day", "2026-01-06"), ("month", "2026-01"), ("year", "2026")]
)
def test_the_url_keeps_one_form_per_precision(precision: str, kept: str) -> None:
    assert canonical(JAN_6, precision) == kept
    assert parse_typed_date(kept)[1] == precision
