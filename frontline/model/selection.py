"""Turn a requested date (from the URL or a widget) into the snapshot to show, and what to say."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from frontline.model.figures import DateOutOfRange, Resolved, resolve_date
from frontline.model.typed_dates import parse_typed_date

# `date.fromisoformat` also takes 20260106 and 2026-W02-2; the URL and the CLI take one form.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> date:
    """A `YYYY-MM-DD` date; anything else, even another ISO form, raises ValueError."""
    problem = f"{text[:100]!r} is not a date in the form YYYY-MM-DD"
    if not ISO_DAY.fullmatch(text):
        raise ValueError(problem)
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise ValueError(f"{problem} ({err})") from None


@dataclass(frozen=True)
class DateChoice:
    """The snapshot to show for a request, and a message when it is not the day asked for."""

    resolved: Resolved
    message: str | None = None
    level: str = "info"  # "info" when a nearby snapshot stands in, "error" for text not a date

    @property
    def shown(self) -> date:
        return self.resolved.snapshot


def choose_date(dates: Sequence[date], requested: str | date | None) -> DateChoice:
    """The snapshot to show: the latest on or before `requested`, the last one if none asked.

    `requested` may name a day (YYYY-MM-DD or a form people type), or a month or year, which stand
    for their first day, as the timeline's links to month-precision events do; the message
    says so. A date outside the snapshots is answered with the nearest end of the range and a
    notice; text that is not a date, with the latest snapshot and an error. Never an exception.
    """
    if not dates:
        raise DateOutOfRange("there are no snapshots")
    first, last = dates[0], dates[-1]
    if requested is None or (isinstance(requested, str) and not requested.strip()):
        return DateChoice(Resolved(last, last))
    notes = []
    if isinstance(requested, str):
        text = requested.strip()
        try:
            requested, period = parse_requested(text)
        except ValueError as err:
            return DateChoice(
                Resolved(last, last),
                f"{err}; showing the latest snapshot, {last.isoformat()}.",
                "error",
            )
        if period != "day":
            notes.append(
                f"{text} names a {period}, not a day: the map shows its first day, "
                f"{requested.isoformat()}."
            )
    try:
        resolved = resolve_date(dates, requested)
    except DateOutOfRange as err:
        edge = first if requested < first else last
        which = "first" if edge == first else "latest"
        notes.append(f"{err}; showing the {which} snapshot, {edge.isoformat()}.")
        return DateChoice(Resolved(edge, edge), " ".join(notes))
    if not resolved.exact:
        notes.append(
            f"No snapshot for {requested.isoformat()}: showing the latest before it, "
            f"{resolved.snapshot.isoformat()}."
        )
    return DateChoice(resolved, " ".join(notes) or None)


def parse_requested(text: str) -> tuple[date, str]:
    """The day a requested date names, and its precision: "day", "month" or "year".

    Takes the forms people type (see `parse_typed_date`); a month or a year stands for its
    first day. Raises ValueError for anything else.
    """
    return parse_typed_date(text)
