"""How a comparison is written for readers: a town's periods and the straight-line pace."""

from __future__ import annotations

from collections.abc import Sequence

from frontline.model.changes import Extrapolation, Period
from frontline.present.wording import format_km2


def side(inside: bool) -> str:
    return "inside" if inside else "outside"


def describe_period(period: Period, last: bool) -> str:
    """`inside since 2025-12-02 (the next snapshot after 2025-12-01)`, and when it ended."""
    if period.before is None:
        text = f"{side(period.inside)} from the first snapshot ({period.first})"
    else:
        text = (
            f"{side(period.inside)} since {period.first} "
            f"(the next snapshot after {period.before}, when it was "
            f"{side(not period.inside)})"
        )
    return text if last else f"{text} until {period.last}"


def describe_periods(periods: Sequence[Period]) -> list[str]:
    """One line per period of a town's history, oldest first."""
    return [describe_period(p, i == len(periods) - 1) for i, p in enumerate(periods)]


def describe_extrapolation(line: Extrapolation) -> str:
    """The straight-line date with every input it rests on, labelled as what it is."""
    inputs = (
        f"{line.area} went from {format_km2(line.since_km2)} on {line.since} to "
        f"{format_km2(line.until_km2)} on {line.until} ({line.km2_per_day:+,.1f} km² a day); "
        f"{format_km2(line.remaining_km2)} of its {format_km2(line.area_km2)} remain."
    )
    if line.reaches is None:
        return (
            f"Straight-line extrapolation of the last {line.window_days} days: {inputs} "
            "At that pace the line never reaches the whole oblast."
        )
    return (
        f"Straight-line extrapolation of the last {line.window_days} days, not a forecast: "
        f"{inputs} At that pace the whole of {line.area} oblast would be inside the occupied "
        f"area on **{line.reaches}**."
    )
