"""DeepStateMap's own published figures (data/published.csv), beside frontline's for the date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from frontline.config import PUBLISHED_CSV
from frontline.model.boundaries import AREA_NAMES
from frontline.model.figures import (
    read_checked_rows,
    resolve_date,
    row_date,
    row_numbers,
    snapshot_dates,
)

COLUMNS = ["date", "area", "value", "unit", "tolerance", "published", "url"]
# A published value is a share (percent of the area) or an area in km².
FIELD_OF_UNIT = {"%": "occupied_pct", "km²": "occupied_km2"}
# A difference between two shares is in percentage points.
DIFFERENCE_UNIT = {"%": "pp", "km²": "km²"}


class PublishedError(ValueError):
    """A published-figures file that cannot be used; the message names the line and field."""


def read_published(path: Path = PUBLISHED_CSV) -> pd.DataFrame:
    """Read and check `date,area,value,unit,tolerance,published,url`."""
    _, rows = read_checked_rows(path, COLUMNS, _checked, PublishedError, "published figures")
    return pd.DataFrame(rows, columns=COLUMNS)


def _checked(row: dict[str, str], where: str) -> dict[str, object]:
    day = row_date(row, where, PublishedError)
    if row["area"] not in AREA_NAMES:
        raise PublishedError(f"{where}: area {row['area']!r} is not an oblast or Ukraine")
    if row["unit"] not in FIELD_OF_UNIT:
        raise PublishedError(f"{where}: unit {row['unit']!r} is not one of % or km²")
    numbers = row_numbers(row, ("value", "tolerance"), where, PublishedError)
    if numbers["tolerance"] < 0:
        raise PublishedError(f"{where}: tolerance {numbers['tolerance']} is negative")
    if not row["published"].strip():
        raise PublishedError(f"{where}: published (where it was published) is empty")
    return {**row, "date": day, **numbers}


@dataclass(frozen=True)
class Uncompared:
    """Published figures' dates outside the snapshots' span (`first` to `last`)."""

    first: date
    last: date
    before: list[date]
    after: list[date]


def compare_published(published: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Each published figure with frontline's for the same date (the snapshot on or before it).

    Adds `snapshot`, `frontline` (in the published unit), `difference` (frontline minus
    published) and `within` (whether the difference is inside the row's tolerance). An area
    the snapshot does not reach counts as 0. Only figures dated within the snapshots' span are
    compared (`uncompared` gives the others): the figures at hand cannot answer a date before
    the first snapshot (a store holding only the daily archive, for DeepStateMap's 2023
    figures), nor one after the last (a store that ends in 2025, for the figures of 2026),
    which the last snapshot, however old, would otherwise stand for.
    """
    dates = snapshot_dates(figures)
    by_day = figures.set_index(["date", "oblast"])
    out = published[_within_span(published, dates)].reset_index(drop=True)
    snapshots, values = [], []
    for row in out.itertuples():
        snapshot = resolve_date(dates, row.date).snapshot
        key = (snapshot, row.area)
        field = FIELD_OF_UNIT[row.unit]
        snapshots.append(snapshot)
        values.append(float(by_day.loc[key, field]) if key in by_day.index else 0.0)
    out["snapshot"] = snapshots
    out["frontline"] = values
    out["difference"] = out["frontline"] - out["value"]
    out["within"] = out["difference"].abs() <= out["tolerance"]
    return out


def uncompared(published: pd.DataFrame, figures: pd.DataFrame) -> Uncompared:
    """The dates of the published figures `compare_published` leaves out, before and after."""
    dates = snapshot_dates(figures)
    outside = sorted(set(published.loc[~_within_span(published, dates), "date"]))
    return Uncompared(
        first=dates[0],
        last=dates[-1],
        before=[d for d in outside if d < dates[0]],
        after=[d for d in outside if d > dates[-1]],
    )


def _within_span(published: pd.DataFrame, dates: list[date]) -> pd.Series:
    return (published["date"] >= dates[0]) & (published["date"] <= dates[-1])
