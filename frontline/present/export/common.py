"""What every export shares: the file it makes, its name, its errors and the dates it covers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from frontline.model.dataset import Dataset
from frontline.model.figures import DateOutOfRange, DayFigures, figures_on, snapshot_dates
from frontline.present.wording import format_km2, format_share

EXPORT_PREFIX = "frontline-donbas"
# The PNG exports (a day, or two dates compared) in pixels, 4:3 as the print map's page.
PNG_SIZE = (1600, 1200)
MAX_GIF_FRAMES = 400
# Words for whoever opens the file, so no command: the command line adds how to build them.
POLYGONS_NOT_BUILT = (
    "occupied-area outlines are not in this copy of the data: figures only, from the "
    "embedded control.csv"
)

Progress = Callable[[int, int, str], None]


class ExportError(ValueError):
    """An export that cannot be made: a date or range without data, or a bad request."""


class ExportBusy(ExportError):
    """Another animation is being rendered in this process; only one at a time fits in memory."""


@dataclass(frozen=True)
class Export:
    """One exported file: its conventional name, its bytes and its MIME type."""

    name: str
    data: bytes
    mime: str


def export_name(fmt: str, start: date, end: date | None = None) -> str:
    """`frontline-donbas-2026-01-06.png`, or `..._2026-01-06.gif` for a range; a format named
    `what-ext` gives `frontline-donbas-2026-01-06-what.ext`."""
    days = start.isoformat() if end is None else f"{start.isoformat()}_{end.isoformat()}"
    what, _, extension = fmt.rpartition("-")
    return f"{EXPORT_PREFIX}-{days}{f'-{what}' if what else ''}.{extension}"


def describe_range(dataset: Dataset) -> str:
    """`snapshots run from A to B`: said in every error about a date without data."""
    dates = snapshot_dates(dataset.figures)
    if not dates:
        return "there are no snapshots"
    return f"snapshots run from {dates[0].isoformat()} to {dates[-1].isoformat()}"


def figures_for(dataset: Dataset, day: date) -> DayFigures:
    """The figures of `day` (the latest snapshot on or before it), or an ExportError."""
    try:
        return figures_on(dataset.figures, day)
    except DateOutOfRange as err:
        raise ExportError(
            f"no data for {day.isoformat()}: {err}; {describe_range(dataset)}"
        ) from None


def summarise(figures: DayFigures) -> str:
    """One line a reader can quote: the date, the snapshot, each oblast's share and km²."""
    resolved = figures.resolved
    shares = ", ".join(
        f"{o.oblast} {format_share(o.occupied_pct)} ({format_km2(o.occupied_km2)})"
        for o in figures.oblasts
    )
    snapshot = f"DeepStateMap snapshot of {resolved.snapshot.isoformat()}"
    if not resolved.exact:
        snapshot += f", the latest on or before {resolved.requested.isoformat()}"
    return f"Occupied on {resolved.requested.isoformat()} ({snapshot}): {shares}."


def check_order(start: date, end: date) -> None:
    """Refuse a range that starts after it ends."""
    if start > end:
        raise ExportError(
            f"the range starts after it ends: {start.isoformat()} > {end.isoformat()}"
        )


def check_within(dataset: Dataset, start: date, end: date) -> None:
    """Refuse a range whose frames would fall before the first or after the last snapshot."""
    dates = snapshot_dates(dataset.figures)
    span = f"the range {start.isoformat()} to {end.isoformat()}"
    if not dates or start < dates[0]:
        raise ExportError(f"{span} starts before the first snapshot; {describe_range(dataset)}")
    if end > dates[-1]:
        raise ExportError(f"{span} ends after the last snapshot; {describe_range(dataset)}")


def step_dates(start: date, end: date, step_days: int) -> list[date]:
    """`start`, `start + step`, ... up to `end`, and `end` itself as the last frame."""
    check_order(start, end)
    if step_days < 1:
        raise ExportError(f"the step must be at least one day, not {step_days}")
    days = [start + timedelta(days=i) for i in range(0, (end - start).days + 1, step_days)]
    if days[-1] != end:
        days.append(end)
    if len(days) > MAX_GIF_FRAMES:
        raise ExportError(
            f"{len(days)} frames from {start.isoformat()} to {end.isoformat()} every "
            f"{step_days} days: at most {MAX_GIF_FRAMES}, choose a longer step"
        )
    return days
