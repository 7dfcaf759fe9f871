"""An area of the reader's own: its occupied km² and share on every date of the history.

The occupied geometry is a table of runs (`frontline.model.map_history`'s columns): each row one
polygon of an oblast's tile piece, in lon/lat, valid on every snapshot date of its source from
`first` to `last`. A piece the front did not touch stays one row for months, so an area's
history costs one intersection per distinct piece near it, not one per date. The pieces are
intersected with the area in lon/lat and measured in EPSG:3035 after densifying, as the store
measures the oblasts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline.ingest.geometry import keep_polygons
from frontline.ingest.measure import to_area_crs
from frontline.model.boundaries import load_areas, measuring_region
from frontline.model.dataset import Dataset
from frontline.model.figures import SOURCE_ID
from frontline.model.map_history import MAP_HISTORY, MapHistoryError, build_map_history, read_runs
from frontline.registry import DAILY, OCCUPIED

# Where the occupied geometry came from, as readers are told it.
FULL_PRECISION = "the local store's geometry, at full precision"
DISPLAY_PRECISION = (
    "the embedded map history's outlines (data/map_history.parquet), at display precision "
    "(within about 0.5 % of the full-precision figures)"
)
AREA_COLUMNS = ["date", "occupied_km2", "occupied_pct", "source"]
# How many of the largest day-to-day changes `largest_changes` lists by default.
CHANGES_SHOWN = 10


class AreaError(ValueError):
    """An area that cannot be measured; the message is for the reader."""


@dataclass(frozen=True)
class OccupiedRuns:
    """The occupied pieces of the history's dates, ready to be intersected with any area.

    `dates` are the history's snapshot dates, oldest first, `sources` the figures' source
    (label and file) of each; each piece covers the dates at `covers[i]` (indices into `dates`).
    Built once per data version; never mutated.
    """

    dates: tuple[date, ...]
    sources: tuple[str, ...]
    parts: np.ndarray
    part_km2: np.ndarray
    starts: np.ndarray  # each piece covers dates[order[starts[i]:stops[i]]]
    stops: np.ndarray
    order: np.ndarray
    tree: shapely.STRtree
    precision: str


def geometry_runs(dataset: Dataset) -> OccupiedRuns:
    """The history's occupied runs: the store's at full precision when it keeps the whole
    front, else the embedded map history's, saying why; AreaError when neither exists."""
    reason = ""
    if dataset.store is not None:
        try:
            frame = build_map_history(dataset.store, measuring_region(), full_precision=True)
        except MapHistoryError as err:
            reason = f" The local store could not be used ({err})."
        else:
            return occupied_runs(frame, dataset.figures, FULL_PRECISION)
    try:
        frame = read_runs(MAP_HISTORY)
    except MapHistoryError as err:
        raise AreaError(f"No occupied geometry to measure an area on: {err}") from err
    if frame is None:
        raise AreaError(
            "No occupied geometry to measure an area on: this copy has neither a store nor "
            "the embedded map history."
        )
    return occupied_runs(frame, dataset.figures, DISPLAY_PRECISION + reason)


def occupied_runs(runs: gpd.GeoDataFrame, figures: pd.DataFrame, precision: str) -> OccupiedRuns:
    """The occupied runs (`source, layer, first, last, geometry`, lon/lat) of the source that
    the figures' history uses on each of its dates (`figures`: `date`, `source`, `source_id`)."""
    dates = sorted(set(figures["date"]))
    first_rows = figures.drop_duplicates("date").set_index("date")
    sources = tuple(str(first_rows.at[day, "source"]) for day in dates)
    ids = np.array(
        [str(first_rows.at[day, SOURCE_ID]) if SOURCE_ID in first_rows else DAILY for day in dates],
        dtype=object,
    )
    # The history's dates grouped by source, each group by date: a run of one source covers
    # a contiguous stretch of its own group.
    order = np.array(sorted(range(len(dates)), key=lambda i: (ids[i], dates[i])), dtype=np.int64)
    occupied = runs[runs["layer"] == OCCUPIED]
    first = pd.to_datetime(occupied["first"]).dt.date.to_numpy()
    last = pd.to_datetime(occupied["last"]).dt.date.to_numpy()
    starts = np.zeros(len(occupied), dtype=np.int64)
    stops = np.zeros(len(occupied), dtype=np.int64)
    for source in np.unique(ids):
        group = np.flatnonzero(ids[order] == source)
        group_dates = np.array([dates[i] for i in order[group]], dtype=object)
        rows = (occupied["source"] == source).to_numpy()
        if not rows.any() or not len(group):
            continue
        offset = int(group[0])
        starts[rows] = offset + np.searchsorted(group_dates, first[rows], side="left")
        stops[rows] = offset + np.searchsorted(group_dates, last[rows], side="right")
    keep = stops > starts
    parts = np.asarray(occupied.geometry.values, dtype=object)[keep]
    return OccupiedRuns(
        dates=tuple(dates),
        sources=sources,
        parts=parts,
        part_km2=shapely.area(to_area_crs(parts)) / 1e6,
        starts=starts[keep],
        stops=stops[keep],
        order=order,
        tree=shapely.STRtree(parts),
        precision=precision,
    )


@dataclass(frozen=True)
class AreaHistory:
    """An area's occupied km² and share on every date: `table` has AREA_COLUMNS.

    `area_km2` is the whole area's size, `ukraine_km2` its part inside Ukraine, which the share
    is of. `precision` says which geometry the figures were measured on.
    """

    area: shapely.Geometry
    area_km2: float
    ukraine_km2: float
    table: pd.DataFrame
    precision: str

    @property
    def first(self) -> date:
        return self.table["date"].iloc[0]

    @property
    def last(self) -> date:
        return self.table["date"].iloc[-1]


@lru_cache(maxsize=1)
def land() -> shapely.Geometry:
    """Every oblast, joined and prepared: the land whose occupied part the pieces hold."""
    land = shapely.union_all(load_areas().geometry.values)
    shapely.prepare(land)
    return land


def area_size(area: shapely.Geometry) -> tuple[float, float]:
    """The area's km² and the km² of its part inside Ukraine's oblasts (EPSG:3035 after
    densifying). Water inside the country's outline but in no oblast (the Azov coast's
    shallows, the reservoirs' edges) is left out, as it holds no oblast's occupied piece."""
    inside = keep_polygons(shapely.intersection(area, land()))
    return _km2(area), _km2(inside)


def area_history(area: shapely.Geometry, runs: OccupiedRuns) -> AreaHistory:
    """The occupied km² and share of `area` (lon/lat polygons) on every date of `runs`.

    Only the pieces whose bounding box meets the area's are looked at; a piece wholly inside
    counts whole (its km² measured once, when the runs were built), the others are cut.
    """
    area_km2, ukraine_km2 = area_size(area)
    if ukraine_km2 <= 0:
        raise AreaError("The area lies wholly outside Ukraine: there is nothing to measure.")
    near = runs.tree.query(area, predicate="intersects")
    shapely.prepare(area)
    inside = shapely.contains_properly(area, runs.parts[near])
    km2 = np.zeros(len(near))
    km2[inside] = runs.part_km2[near[inside]]
    cut = near[~inside]
    if len(cut):
        km2[~inside] = shapely.area(to_area_crs(shapely.intersection(runs.parts[cut], area))) / 1e6
    # Each piece adds its km² to a stretch of the dates in `order`: a difference array.
    steps = np.zeros(len(runs.dates) + 1)
    np.add.at(steps, runs.starts[near], km2)
    np.subtract.at(steps, runs.stops[near], km2)
    occupied = np.zeros(len(runs.dates))
    occupied[runs.order] = np.cumsum(steps[:-1])
    # Sums of many pieces leave float dust around zero.
    occupied = np.clip(occupied, 0.0, ukraine_km2)
    table = pd.DataFrame(
        {
            "date": list(runs.dates),
            "occupied_km2": occupied,
            "occupied_pct": 100.0 * occupied / ukraine_km2,
            "source": list(runs.sources),
        },
        columns=AREA_COLUMNS,
    )
    return AreaHistory(area, area_km2, ukraine_km2, table, runs.precision)


def _km2(geometry: shapely.Geometry) -> float:
    return float(shapely.area(to_area_crs(geometry)) / 1e6)


def largest_changes(history: AreaHistory, count: int = CHANGES_SHOWN) -> pd.DataFrame:
    """The dates whose occupied km² changed most since the snapshot before, largest first:
    `date, since, change_km2, change_pct_points, occupied_km2`; changes of zero are left out."""
    table = history.table
    change = table["occupied_km2"].diff()
    frame = pd.DataFrame(
        {
            "date": table["date"],
            "since": table["date"].shift(),
            "change_km2": change,
            "change_pct_points": table["occupied_pct"].diff(),
            "occupied_km2": table["occupied_km2"],
        }
    ).iloc[1:]
    # A thousandth of a km² is the figures' rounding: below it nothing changed.
    frame = frame[change.iloc[1:].abs() >= 0.001]
    return (
        frame.reindex(frame["change_km2"].abs().sort_values(ascending=False).index)
        .head(count)
        .reset_index(drop=True)
    )


def provenance(history: AreaHistory) -> str:
    """One line naming the geometry, the source and the dates the figures cover."""
    return (
        f"Occupied area: DeepStateMap, {history.first.isoformat()} to "
        f"{history.last.isoformat()}, measured on {history.precision}; areas in EPSG:3035."
    )


def history_csv(history: AreaHistory) -> bytes:
    """The history as CSV, rounded as the figures are, each row with its source and the area
    (its km², its km² in Ukraine, and its outline as WKT) so the file stands alone."""
    out = history.table.copy()
    out["date"] = [d.isoformat() for d in out["date"]]
    out["occupied_km2"] = out["occupied_km2"].round(3)
    out["occupied_pct"] = out["occupied_pct"].round(4)
    out["area_km2"] = round(history.area_km2, 3)
    out["area_in_ukraine_km2"] = round(history.ukraine_km2, 3)
    out["geometry_from"] = history.precision
    out["area_wkt"] = shapely.to_wkt(history.area, rounding_precision=6)
    return out.to_csv(index=False, lineterminator="\n").encode()


def history_geojson(history: AreaHistory, changes: Sequence[dict[str, object]] = ()) -> bytes:
    """The area as a GeoJSON Feature whose properties carry its history and provenance."""
    rows = [
        {
            "date": row.date.isoformat(),
            "occupied_km2": round(float(row.occupied_km2), 3),
            "occupied_pct": round(float(row.occupied_pct), 4),
            "source": row.source,
        }
        for row in history.table.itertuples()
    ]
    feature = {
        "type": "Feature",
        "geometry": json.loads(shapely.to_geojson(history.area)),
        "properties": {
            "area_km2": round(history.area_km2, 3),
            "area_in_ukraine_km2": round(history.ukraine_km2, 3),
            "first": history.first.isoformat(),
            "last": history.last.isoformat(),
            "provenance": provenance(history),
            "geometry_from": history.precision,
            "largest_changes": list(changes),
            "history": rows,
        },
    }
    return json.dumps(feature, ensure_ascii=False).encode()


def occupied_outline(runs: OccupiedRuns, day: date, tolerance_deg: float) -> shapely.Geometry:
    """The occupied area on one of the runs' dates, joined and simplified for drawing (lon/lat);
    never measured."""
    position = int(np.flatnonzero(runs.order == runs.dates.index(day))[0])
    covering = (runs.starts <= position) & (position < runs.stops)
    joined = shapely.union_all(shapely.simplify(runs.parts[covering], tolerance_deg))
    return keep_polygons(shapely.make_valid(joined))
