"""The timeline's events: load and check data/events.csv, filter them, and link them to the map."""

from __future__ import annotations

import calendar
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from frontline.config import EVENTS_CSV

REQUIRED = (
    "date",
    "date_precision",
    "title",
    "summary",
    "category",
    "place",
    "lat",
    "lon",
    "source",
)
OPTIONAL = ("source_detail",)
COLUMNS = (*REQUIRED, "date_end", *OPTIONAL)
PRECISIONS = ("day", "month", "year")
REPORT_CATEGORIES = ("diplomacy", "security", "military", "territory", "energy", "international")
# compare branch: `derived` events come from the snapshots (a town changing side), never from
# the events file, so the file may not use it.
DERIVED = "derived"
CATEGORIES = (*REPORT_CATEGORIES, DERIVED)

REPORT_TITLE = "Diplomatic Talks in Paris Aim for Security Guarantees for Ukraine"
# The weeks the report covers: every event but the 2022 invasion falls in them.
REPORT_PERIOD = (date(2025, 12, 1), date(2026, 1, 31))
# The report is written during the summit; its date comes from wider reporting.
SUMMIT_DAY = date(2026, 1, 6)

# How a date is written for each precision: 2026-01-06, 2026-01, 2026.
_DATE_FORMS = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}


class EventsError(ValueError):
    """An events file that does not hold what it should; the message names the line and field."""


# Builds the error for one field of the row being checked.
Fail = Callable[[str, str], EventsError]


@dataclass(frozen=True)
class ReportedShare:
    """A share of an oblast as the report words it, placed at the date the report describes."""

    oblast: str
    occupied_pct: float
    wording: str
    day: date
    source: str


REPORTED_SHARES = (
    ReportedShare("Donetsk", 75.0, "about 75 %", SUMMIT_DAY, REPORT_TITLE),
    ReportedShare(
        "Luhansk",
        99.0,
        "nearly all (99 % in late-December 2025 reporting)",
        SUMMIT_DAY,
        f"{REPORT_TITLE}; the 99 % from wider reporting of late December 2025",
    ),
)


def load_events(path: Path | str | io.IOBase = EVENTS_CSV) -> pd.DataFrame:
    """Read and check an events CSV; the events sorted by date (CSV order within a date).

    `date` is a `datetime.date`: the day itself, or the first day of the month or year for
    coarser precision; `date_end` is the last day of that period. `lat`/`lon` are WGS84
    degrees, NaN when the event has no place on the map.
    """
    name = Path(path).name if isinstance(path, str | Path) else "events CSV"
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise EventsError(f"{name}: cannot read events ({err})") from err
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise EventsError(f"{name}, line 1 (header): missing column(s) {', '.join(missing)}")
    raw = raw.fillna("")
    rows = [
        _checked_row(row, f"{name}, line {i}")
        for i, row in enumerate(raw.to_dict("records"), start=2)  # line 1 is the header
    ]
    events = pd.DataFrame(rows, columns=list(COLUMNS))
    events[["lat", "lon"]] = events[["lat", "lon"]].astype(float)
    return events.sort_values("date", kind="stable").reset_index(drop=True)


def _checked_row(row: dict[str, str], where: str) -> dict[str, object]:
    def fail(field: str, problem: str) -> EventsError:
        return EventsError(f"{where}, field {field}: {problem}")

    text = {k: str(v).strip() for k, v in row.items()}
    precision = text["date_precision"]
    if precision not in PRECISIONS:
        raise fail("date_precision", f"{precision!r} is not one of {', '.join(PRECISIONS)}")
    start, end = _period(text["date"], precision, fail)
    if text["category"] not in REPORT_CATEGORIES:
        raise fail("category", f"{text['category']!r} is not one of {', '.join(REPORT_CATEGORIES)}")
    for field in ("title", "summary", "source"):
        if not text[field]:
            raise fail(field, "is empty")
    lat, lon = _coordinates(text["lat"], text["lon"], fail)
    if not math.isnan(lat) and not text["place"]:
        raise fail("place", "is empty but lat/lon are given")
    return {
        **{c: text[c] for c in ("title", "summary", "category", "place", "source")},
        "date": start,
        "date_end": end,
        "date_precision": precision,
        "lat": lat,
        "lon": lon,
        "source_detail": text.get("source_detail", ""),
    }


def _period(value: str, precision: str, fail: Fail) -> tuple[date, date]:
    """The first and last day of the period a date string names at its precision."""
    form = next((p for p, pattern in _DATE_FORMS.items() if pattern.fullmatch(value)), None)
    if form is None:
        raise fail("date", f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    if form != precision:
        raise fail("date", f"{value!r} is written at {form} precision, not {precision}")
    parts = [int(p) for p in value.split("-")]
    parts += [1] * (3 - len(parts))
    try:
        start = date(*parts)
    except ValueError:
        raise fail("date", f"{value!r} is not a real date") from None
    if precision == "year":
        return start, date(start.year, 12, 31)
    if precision == "month":
        last = calendar.monthrange(start.year, start.month)[1]
        return start, date(start.year, start.month, last)
    return start, start


def _coordinates(lat_text: str, lon_text: str, fail: Fail) -> tuple[float, float]:
    """Latitude and longitude in degrees, both NaN when neither is given."""
    if not lat_text and not lon_text:
        return math.nan, math.nan
    if not lat_text or not lon_text:
        given, absent = ("lat", "lon") if lat_text else ("lon", "lat")
        raise fail(absent, f"is empty but {given} is given (give both or neither)")
    values = {}
    for field, value, limit in (("lat", lat_text, 90), ("lon", lon_text, 180)):
        try:
            number = float(value)
        except ValueError:
            raise fail(field, f"{value!r} is not a number") from None
        if not -limit <= number <= limit:
            raise fail(field, f"{number} is outside -{limit} to {limit} degrees")
        values[field] = number
    return values["lat"], values["lon"]


def filter_events(
    events: pd.DataFrame,
    start: date | None = None,
    end: date | None = None,
    categories: Iterable[str] | None = None,
    text: str = "",
) -> pd.DataFrame:
    """The events whose period overlaps `start`..`end`, in `categories`, matching `text`.

    A month- or year-precision event counts as inside the range when any day of its period
    is: "January 2026" matches a range from 2026-01-05. `categories=None` keeps every
    category; an empty list keeps none. `text` matches case-insensitively when every word of
    it appears in the title, summary or place.
    """
    keep = pd.Series(True, index=events.index)
    if start is not None:
        keep &= events["date_end"] >= start
    if end is not None:
        keep &= events["date"] <= end
    if categories is not None:
        keep &= events["category"].isin(list(categories))
    words = text.casefold().split()
    if words:
        haystack = (
            events["title"] + " " + events["summary"] + " " + events["place"]
        ).str.casefold()
        for word in words:
            keep &= haystack.str.contains(word, regex=False)
    return events[keep]


def events_near(
    events: pd.DataFrame, bounds: tuple[float, float, float, float], margin_deg: float = 1.0
) -> pd.DataFrame:
    """The events with a place inside `bounds` grown by `margin_deg` on every side.

    `bounds` is (min_lon, min_lat, max_lon, max_lat) in WGS84 degrees, as
    `GeoDataFrame.total_bounds` gives it; events without coordinates are left out.
    """
    west, south, east, north = bounds
    inside = events["lon"].between(west - margin_deg, east + margin_deg) & events["lat"].between(
        south - margin_deg, north + margin_deg
    )
    return events[inside]


# A place that names a whole region (an oblast, the Donbas, a country by its centre) rather
# than a site: the event's point only stands for that region.
_REGION_PLACE = re.compile(r"\boblasts?\b|\bDonbas\b|\bcentroid\b|geographic centre", re.I)


def is_region(place: object) -> bool:
    """Whether an event's place is a whole region whose point only stands for it."""
    return isinstance(place, str) and bool(_REGION_PLACE.search(place))


def write_at_precision(day: date, precision: str) -> str:
    """A date written as precisely as it is known: 2026-01-06, 2026-01 or 2026."""
    return day.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]


def link_date(event: Mapping[str, object]) -> str:
    """The date the map opens at for an event, written at the event's precision.

    A month or a year is not passed off as a day: the map shows the period's first day (the
    one claim it can support without running ahead of it, and the `date` the timeline sorts
    by) and says that the date names a month or a year.
    """
    return write_at_precision(event["date"], str(event["date_precision"]))  # type: ignore[arg-type]


def with_derived(report: pd.DataFrame, derived: pd.DataFrame | None) -> pd.DataFrame:
    """The report's events and the derived ones (towns changing side) in one date order."""
    if derived is None or derived.empty:
        return report
    return pd.concat([report, derived], ignore_index=True).sort_values("date", kind="stable")


def chart_period(start: date, end: date, around_summit: bool) -> tuple[date, date]:
    """The chart's dates: `start`..`end`, cut to the report's period when `around_summit`
    and the two overlap (otherwise the whole range, rather than an empty chart)."""
    if around_summit:
        first, last = max(start, REPORT_PERIOD[0]), min(end, REPORT_PERIOD[1])
        if first <= last:
            return first, last
    return start, end
