"""Turn a requested date (from the URL or a widget) into the snapshot to show, and what to say."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from frontline.model.figures import DateOutOfRange, Resolved, resolve_date

# `date.fromisoformat` also takes 20260106 and 2026-W02-2; the URL and the CLI take one form.
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> date:
    """A `YYYY-MM-DD` date; anything else, even another ISO form, raises ValueError."""
    problem = f"{text[:40]!r} is not a date in the form YYYY-MM-DD"
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
    level: str = "info"  # "info" when a nearby snapshot stands in, "error" for a bad request

    @property
    def shown(self) -> date:
        return self.resolved.snapshot


def choose_date(dates: Sequence[date], requested: str | date | None) -> DateChoice:
    """The snapshot to show: the latest on or before `requested`, the last one if none asked.

    A request that is not a date, or falls outside the snapshots, is answered with the nearest
    end of the range and an error message that says so, never an exception.
    """
    if not dates:
        raise DateOutOfRange("there are no snapshots")
    first, last = dates[0], dates[-1]
    if requested is None or requested == "":
        return DateChoice(Resolved(last, last))
    if isinstance(requested, str):
        try:
            requested = parse_day(requested.strip())
        except ValueError as err:
            return DateChoice(
                Resolved(last, last),
                f"{err}; showing the latest snapshot, {last.isoformat()}.",
                "error",
            )
    try:
        resolved = resolve_date(dates, requested)
    except DateOutOfRange as err:
        edge = first if requested < first else last
        which = "first" if edge == first else "latest"
        return DateChoice(
            Resolved(edge, edge),
            f"{err}; showing the {which} snapshot, {edge.isoformat()}.",
            "error",
        )
    if resolved.exact:
        return DateChoice(resolved)
    return DateChoice(
        resolved,
        f"No snapshot for {requested.isoformat()}: showing the latest before it, "
        f"{resolved.snapshot.isoformat()}.",
    )
