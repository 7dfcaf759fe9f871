"""DeepStateMap's national occupied km² beside a national source's (ISW's), and the gap between.

DeepStateMap's figure is frontline's own measure of the whole country (the figures' `Ukraine`
rows, from whichever DeepStateMap source the history uses on a date); the other is the
source's own table, as stored by `frontline.ingest.isw`. The gap is taken on the dates both
have, the other source minus DeepStateMap: nothing is interpolated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from frontline.config import COUNTRY
from frontline.ingest.store import NationalDay
from frontline.model.figures import SOURCE_ID
from frontline.registry import DEFAULT_SOURCE, SOURCES, NationalSource

SERIES_COLUMNS = ["date", "series", "km2", "cited"]
GAP_COLUMNS = ["date", "gap_km2", "deepstate_km2", "other_km2"]


@dataclass(frozen=True)
class Comparison:
    """Both national series (`series`: one row per date and series) and their gap per date."""

    series: pd.DataFrame
    gap: pd.DataFrame
    deepstate: str  # the series' labels, as charts and captions name them
    other: str

    @property
    def has_other(self) -> bool:
        return bool((self.series["series"] == self.other).any())


def deepstate_label(areas: pd.DataFrame) -> str:
    """How the DeepStateMap series is named: the credit its sources share (every DeepStateMap
    archive is credited alike), else the default source's."""
    ids = set(areas[SOURCE_ID]) if SOURCE_ID in areas else set()
    credits = {SOURCES[i].credit for i in ids if i in SOURCES}
    return credits.pop() if len(credits) == 1 else SOURCES[DEFAULT_SOURCE].credit


def compare_national(
    areas: pd.DataFrame,
    other: Sequence[NationalDay],
    source: NationalSource,
    start: date | None = None,
    end: date | None = None,
) -> Comparison:
    """Both series between `start` and `end` (inclusive; all when None), and the gap.

    `areas` has the figures' columns (`date, oblast, occupied_km2, source`, ...); its
    `Ukraine` rows are DeepStateMap's series. `other` is the national source's stored days.
    """
    mine = areas[areas["oblast"] == COUNTRY]
    label = deepstate_label(mine)
    deepstate = pd.DataFrame(
        {
            "date": list(mine["date"]),
            "series": label,
            "km2": mine["occupied_km2"].astype(float).to_numpy(),
            "cited": list(mine["source"]),
        }
    )
    theirs = pd.DataFrame(
        {
            "date": [d.date for d in other],
            "series": source.credit,
            "km2": [d.km2 for d in other],
            "cited": [f"{source.citation}, {d.file_name}" for d in other],
        },
        columns=SERIES_COLUMNS,
    )
    series = pd.concat([deepstate, theirs], ignore_index=True)
    if start is not None:
        series = series[series["date"] >= start]
    if end is not None:
        series = series[series["date"] <= end]
    series = series.sort_values(["date", "series"]).reset_index(drop=True)
    paired = series[series["series"] == label].merge(
        series[series["series"] == source.credit], on="date", suffixes=("_ds", "_other")
    )
    gap = pd.DataFrame(
        {
            "date": paired["date"],
            "gap_km2": paired["km2_other"] - paired["km2_ds"],
            "deepstate_km2": paired["km2_ds"],
            "other_km2": paired["km2_other"],
        },
        columns=GAP_COLUMNS,
    )
    return Comparison(series[SERIES_COLUMNS], gap.reset_index(drop=True), label, source.credit)
