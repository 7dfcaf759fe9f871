"""What changed between dates: areas gained and lost, and the pace (towns: `towns`).

Pure queries over what the store holds: the figures table (date, oblast, km², share) and the
occupied pieces per area in EPSG:3035. Every area the store measures is handled the same way,
so the two oblasts today and every oblast plus `Ukraine` later need no change here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import shapely

from frontline.model.boundaries import COUNTRY, FOCUS
from frontline.model.figures import change_between, snapshot_dates
from frontline.model.selection import choose_date

DEFAULT_SPAN_DAYS = 30
PACE_WINDOW_DAYS = 90
ROLLING_WEEKS = 4
# A "week" spanning more than this bridges a gap in the snapshots: not a week's gain.
MAX_WEEK_SPAN_DAYS = 14
EXTRAPOLATED_AREA = "Donetsk"


class ComparisonError(ValueError):
    """Two dates that cannot be compared (reversed, or the same snapshot); says which."""


def area_order(names: Sequence[str]) -> list[str]:
    """Donetsk and Luhansk first, then the other areas by name, the whole country last."""
    rest = sorted(n for n in names if n not in FOCUS and n != COUNTRY)
    return [n for n in FOCUS if n in names] + rest + ([COUNTRY] if COUNTRY in names else [])


@dataclass(frozen=True)
class DatePair:
    """The two snapshots compared, and what to tell the reader about the dates asked for."""

    start: date
    end: date
    messages: tuple[str, ...] = ()


def default_pair(dates: Sequence[date]) -> tuple[date, date]:
    """The latest snapshot and the snapshot 30 days before it (or the first one)."""
    end = dates[-1]
    return choose_date(dates, end - timedelta(days=DEFAULT_SPAN_DAYS)).shown, end


def choose_pair(
    dates: Sequence[date], start: str | date | None, end: str | date | None
) -> DatePair:
    """The snapshots answering a requested pair of dates (missing ones take the defaults).

    Each date resolves as on the map (the latest snapshot on or before it). A pair that is
    reversed, that resolves to one snapshot, or that is not a date raises ComparisonError with
    the reason.
    """
    default_start, default_end = default_pair(dates)
    first = choose_date(dates, start) if start else None
    second = choose_date(dates, end) if end else None
    for asked, choice in ((start, first), (end, second)):
        if choice is not None and choice.level == "error":
            # Falling back to the latest snapshot would compare a date nobody asked for.
            raise ComparisonError(f"{str(asked).strip()!r} is not a date (YYYY-MM-DD)")
    start_day = first.shown if first else default_start
    end_day = second.shown if second else default_end
    messages = tuple(c.message for c in (first, second) if c is not None and c.message)
    if start_day > end_day:
        raise ComparisonError(
            f"the first date ({start_day.isoformat()}) is after the second "
            f"({end_day.isoformat()}): swap them to see what changed"
        )
    if start_day == end_day:
        asked = " and ".join(sorted({str(d) for d in (start, end) if d}))
        raise ComparisonError(
            f"both dates{f' ({asked})' if asked else ''} come down to the same snapshot, "
            f"{start_day.isoformat()}: pick dates at least one snapshot apart"
        )
    return DatePair(start_day, end_day, messages)


@dataclass(frozen=True)
class AreaChange:
    """One area's occupied ground on both dates, newly occupied, and no longer occupied.

    Geometries in EPSG:3035; km² are measured on them.
    """

    area: str
    kept: shapely.Geometry
    gained: shapely.Geometry
    lost: shapely.Geometry

    @property
    def gained_km2(self) -> float:
        return self.gained.area / 1e6

    @property
    def lost_km2(self) -> float:
        return self.lost.area / 1e6


def area_changes(
    before: Mapping[str, shapely.Geometry], after: Mapping[str, shapely.Geometry]
) -> list[AreaChange]:
    """Kept, gained and lost ground of every area in either mapping, in area_order."""
    empty = shapely.MultiPolygon()
    changes = []
    for name in area_order(sorted(set(before) | set(after))):
        old, new = before.get(name, empty), after.get(name, empty)
        changes.append(
            AreaChange(
                name,
                kept=_polygonal(shapely.intersection(old, new)),
                gained=_polygonal(shapely.difference(new, old)),
                lost=_polygonal(shapely.difference(old, new)),
            )
        )
    return changes


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Overlays leave slivers as lines and points; only polygons carry area."""
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon"]
    for multi in (p for p in shapely.get_parts(geometry) if p.geom_type == "MultiPolygon"):
        parts.extend(shapely.get_parts(multi))
    return shapely.MultiPolygon(parts)


@dataclass(frozen=True)
class AreaFigures:
    """One area's figures on both dates; gained and lost km² are None without geometry."""

    area: str
    start_km2: float
    end_km2: float
    start_pct: float
    end_pct: float
    net_km2: float
    net_pp: float
    gained_km2: float | None
    lost_km2: float | None


def area_figures(
    figures: pd.DataFrame, pair: DatePair, changes: Sequence[AreaChange] = ()
) -> list[AreaFigures]:
    """Per area: the share and km² on both dates, the net change, and gained and lost km²."""
    by_day = figures.set_index(["date", "oblast"])
    geometry = {c.area: c for c in changes}
    names = set(figures.loc[figures["date"] == pair.end, "oblast"])
    names &= set(figures.loc[figures["date"] == pair.start, "oblast"])
    rows = []
    for name in area_order(sorted(names)):
        net = change_between(by_day, name, pair.start, pair.end)
        # The figures on both dates: start_km2, end_km2, start_pct, end_pct.
        both = {
            f"{when}_{unit}": float(by_day.loc[(day, name), f"occupied_{unit}"])
            for unit in ("km2", "pct")
            for when, day in (("start", pair.start), ("end", pair.end))
        }
        change = geometry.get(name)
        gained, lost = (None, None) if change is None else (change.gained_km2, change.lost_km2)
        rows.append(
            AreaFigures(
                area=name,
                **both,
                net_km2=net.km2,
                net_pp=net.pct_points,
                gained_km2=gained,
                lost_km2=lost,
            )
        )
    return rows


def area_figures_frame(rows: Sequence[AreaFigures]) -> pd.DataFrame:
    """The per-area figures as a table, one row per area, in the order given."""
    return pd.DataFrame([vars(r) for r in rows])


# --- Pace ------------------------------------------------------------------------------------


def weekly_gains(figures: pd.DataFrame) -> pd.DataFrame:
    """Net occupied km² gained per week in each area, with a rolling 4-week mean.

    A week runs Monday to Sunday and is measured from the last snapshot of the week before to
    the last snapshot of the week (losses subtract). Columns: `area`, `week` (the Sunday),
    `since`, `until`, `gained_km2`, `mean_4w_km2` (NaN until four weeks are in). Weeks that
    bridge a gap of more than MAX_WEEK_SPAN_DAYS in the snapshots are left out.
    """
    by_day = figures.set_index(["date", "oblast"])
    days = pd.Series(snapshot_dates(figures))
    sundays = days.map(lambda d: d + timedelta(days=6 - d.weekday()))
    week_ends = days.groupby(sundays).max()
    rows = []
    for name in area_order(sorted(set(figures["oblast"]))):
        gains = [
            {
                "area": name,
                "week": week,
                "since": since,
                "until": until,
                "gained_km2": change_between(by_day, name, since, until).km2,
            }
            for (week, until), since in zip(
                week_ends.iloc[1:].items(), week_ends.iloc[:-1], strict=True
            )
            if (until - since).days <= MAX_WEEK_SPAN_DAYS
        ]
        frame = pd.DataFrame(gains, columns=["area", "week", "since", "until", "gained_km2"])
        frame["mean_4w_km2"] = frame["gained_km2"].rolling(ROLLING_WEEKS).mean()
        rows.append(frame)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


@dataclass(frozen=True)
class Extrapolation:
    """When an area would be wholly occupied at its recent pace: a straight line, no forecast.

    `reaches` is None when the recent pace is zero or negative (the line never gets there).
    """

    area: str
    window_days: int
    since: date
    until: date
    since_km2: float
    until_km2: float
    area_km2: float
    km2_per_day: float
    remaining_km2: float
    reaches: date | None


def extrapolate(
    figures: pd.DataFrame, area: str = EXTRAPOLATED_AREA, window_days: int = PACE_WINDOW_DAYS
) -> Extrapolation:
    """Extend the last `window_days` of net change in `area` in a straight line to 100 %."""
    dates = snapshot_dates(figures)
    until = dates[-1]
    since = choose_date(dates, until - timedelta(days=window_days)).shown
    by_day = figures.set_index(["date", "oblast"])
    now = by_day.loc[(until, area)]
    change = change_between(by_day, area, since, until)
    # The store keeps km² and share, not the area itself: their ratio is the area measured.
    whole = float(now["occupied_km2"] / now["occupied_pct"] * 100) if now["occupied_pct"] else 0.0
    span = max((until - since).days, 1)
    rate = change.km2 / span
    remaining = max(whole - float(now["occupied_km2"]), 0.0)
    reaches = until + timedelta(days=int(np.ceil(remaining / rate))) if rate > 0 else None
    return Extrapolation(
        area=area,
        window_days=window_days,
        since=since,
        until=until,
        since_km2=float(now["occupied_km2"]) - change.km2,
        until_km2=float(now["occupied_km2"]),
        area_km2=whole,
        km2_per_day=rate,
        remaining_km2=remaining,
        reaches=reaches,
    )
