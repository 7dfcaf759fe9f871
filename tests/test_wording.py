"""How changes are worded: rounding noise reads as "no change", never "+0.0" or "-0"."""

from datetime import date

import pytest

from frontline.model.figures import Change
from frontline.present.wording import format_change


def _change(pct_points: float, km2: float) -> Change:
    return Change(days=7, since=date(2025, 12, 30), pct_points=pct_points, km2=km2)


@pytest.mark.parametrize(("pct_points", "km2"), [(0.0, 0.0), (-0.004, -0.3), (0.01, 0.4)])
def test_a_change_that_rounds_to_nothing_reads_no_change(pct_points: float, km2: float) -> None:
    text = format_change(_change(pct_points, km2), 7)
    assert text == "no change in 7 days"
    assert "0.0" not in text and "-0" not in text


def test_a_small_change_in_area_keeps_its_km2_and_says_the_share_barely_moved() -> None:
    assert format_change(_change(0.02, 6.4), 7) == "+6 km² (under 0.1 percentage points) in 7 days"


def test_a_real_change_keeps_its_signs_and_its_date() -> None:
    text = format_change(_change(-0.42, -112.2), 7, dated=True)
    assert text == "-0.4 percentage points (-112 km²) in 7 days, since 2025-12-30"
