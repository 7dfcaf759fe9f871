"""The steps between frames: days, weeks and true calendar months, for play and the GIF."""

from __future__ import annotations

from datetime import date

import pytest

from frontline.model.steps import STEPS, check_step, nth_step
from frontline.present.export.common import ExportError, step_dates


def test_a_month_step_is_a_calendar_month_that_never_drifts() -> None:
    start = date(2026, 1, 31)
    assert [nth_step(start, "1m", n) for n in range(4)] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert nth_step(date(2023, 12, 15), "1m", 1) == date(2024, 1, 15)
    assert nth_step(date(2024, 1, 31), "1m", 1) == date(2024, 2, 29)


def test_the_gif_steps_by_month_and_ends_on_the_range_end() -> None:
    assert step_dates(date(2025, 10, 8), date(2026, 1, 20), "1m") == [
        date(2025, 10, 8),
        date(2025, 11, 8),
        date(2025, 12, 8),
        date(2026, 1, 8),
        date(2026, 1, 20),
    ]


def test_days_and_weeks_step_as_before() -> None:
    assert nth_step(date(2026, 1, 1), "1w", 2) == date(2026, 1, 15)
    assert nth_step(date(2026, 1, 1), "3d", 1) == date(2026, 1, 4)


def test_every_offered_step_is_one_the_parser_reads() -> None:
    assert all(check_step(step) for step in STEPS)


@pytest.mark.parametrize("step", ["0m", "1y", "m", "", "1 m", "-1m", "99999d"])
def test_a_bad_step_is_refused(step: str) -> None:
    with pytest.raises(ValueError, match="is not a whole number"):
        nth_step(date(2026, 1, 1), step, 1)
    with pytest.raises(ExportError, match="the step"):
        step_dates(date(2026, 1, 1), date(2026, 2, 1), step)


def test_a_step_past_the_calendar_end_ends_the_frames() -> None:
    assert step_dates(date(2026, 1, 1), date(2026, 2, 1), "9999m") == [
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
