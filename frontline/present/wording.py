"""How figures are written for readers: shares, areas and changes, with their dates."""

from __future__ import annotations

import calendar
from datetime import date

from frontline.model.figures import Change


def format_day(day: date) -> str:
    """`6 January 2026`: a date as a reader expects it in a title or a list."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def format_share(pct: float) -> str:
    """`77.6 %`: one decimal, as every page and export shows a share."""
    return f"{pct:.1f} %"


def format_km2(km2: float) -> str:
    """`20,628 km²`: whole square kilometres with thousands separators."""
    return f"{km2:,.0f} km²"


def format_change(change: Change | None, days: int, *, dated: bool = False) -> str:
    """`+0.4 percentage points (+112 km²) in 7 days`, or why there is no change to show.

    `dated` adds the snapshot the change is measured from: `..., since 2025-12-30`.
    """
    if change is None:
        return f"no snapshot {days} days earlier"
    text = f"{format_shift(change.pct_points, change.km2)} in {change.days} days"
    return f"{text}, since {change.since.isoformat()}" if dated else text


NO_CHANGE = "no change"


def format_shift(pct_points: float, km2: float) -> str:
    """The change itself; what rounds to zero is said as such, never as "+0.0" or "-0"."""
    points, area = round(pct_points, 1), round(km2)
    if area == 0:
        return NO_CHANGE
    if points == 0:
        return f"{area:+,d} km² (under 0.1 percentage points)"
    return f"{points:+.1f} percentage points ({area:+,d} km²)"


def format_event_date(day: date, precision: str) -> str:
    """A date as precise as it is known: "6 January 2026", "January 2026" or "2026"."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{calendar.month_name[day.month]} {day.year}"
    return format_day(day)
