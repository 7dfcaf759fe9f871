"""The data every view reads: figures from the store when there is one, else the embedded CSV.

Without a store the map's outlines come from the embedded map history (`data/map_history.parquet`,
display precision); the figures always come from full-precision measurement. Falling back is
never silent: when a store was asked for (a path, or $FRONTLINE_STORE) or exists but cannot be
used, the dataset says why in `problem`, and `strict` turns that into an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline import config, settings
from frontline.config import CONTROL_CSV, DISPLAY_CRS, store_dir
from frontline.ingest.store import DB_NAME, Store, StoreError
from frontline.model.boundaries import FOCUS, front_region
from frontline.model.figures import FRONT_KM, focus_rows, read_figures
from frontline.model.history import all_sources, day_sources, merge_history, source_of
from frontline.model.map_history import MapHistory, MapHistoryError, read_map_history
from frontline.projection import to_display
from frontline.registry import OCCUPIED

LOG = logging.getLogger("frontline")
# (store folder, the store file's mtime, the embedded CSV's and map history's): changes with data.
DataVersion = tuple[str, float, float, float]


def data_version(
    store: Path | str | None = None, csv: Path = CONTROL_CSV, history: Path | None = None
) -> DataVersion:
    """A key that changes when the store (or its folder) or an embedded file changes."""
    folder = store_dir(store)
    # The store keeps a rollback journal: every committed batch changes the file itself.
    outlines = _mtime(history or config.MAP_HISTORY)
    return (str(folder), _mtime(folder / DB_NAME), csv.stat().st_mtime, outlines)


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


@dataclass(frozen=True)
class Dataset:
    """Figures per date and oblast, and the occupied geometry: the store's when a store exists,
    else the embedded map history's (`history`, display precision), if the clone has it.

    `figures` holds the FOCUS oblasts, which the map, the chart and the exports show;
    `every_area` holds every oblast measured and the country (the FOCUS rows when not given).
    """

    figures: pd.DataFrame
    origin: str
    store: Store | None
    areas: pd.DataFrame | None = None
    # Why the store is not used, when one was asked for or found and the embedded CSV stands in.
    problem: str | None = None
    history: MapHistory | None = None
    # Every source the store has for each date, best first (the history shows the first).
    sources: dict[date, tuple[str, ...]] = field(default_factory=dict)

    @property
    def has_geometry(self) -> bool:
        return self.store is not None or self.history is not None

    @property
    def display_outlines(self) -> bool:
        """Whether the map is drawn from the embedded history's display-precision outlines."""
        return self.store is None and self.history is not None

    @property
    def every_area(self) -> pd.DataFrame:
        return self.figures if self.areas is None else self.areas

    def occupied(self, day: date) -> dict[str, shapely.Geometry]:
        """Each FOCUS oblast's occupied piece (EPSG:3035) on a snapshot date; {} without a store."""
        return self.layer(day, OCCUPIED)

    def layer(self, day: date, layer: str) -> dict[str, shapely.Geometry]:
        """Each FOCUS oblast's piece of a layer on a snapshot date, from the source the history
        uses for that date; {} without geometry or where the source lacks the layer."""
        source = source_of(self.figures, day)
        if self.store is not None:
            return self.store.pieces(day, FOCUS, source, layer)
        if self.history is not None:
            return self.history.pieces(day, FOCUS, source, layer)
        return {}

    def front_line(self, day: date) -> shapely.Geometry | None:
        """The front line (lon/lat, drawing precision) on a snapshot date, from the source the
        history uses for that date: the store's, or traced on the embedded history's outlines
        (display precision); None without geometry or where its length was not measured."""
        source = source_of(self.figures, day)
        if self.store is not None:
            return self.store.front_line(day, source)
        if self.history is None or not self._front_measured(day):
            return None
        pieces = self.history.pieces(day, self.history.oblasts, source, OCCUPIED)
        if not pieces:
            return None
        return front_region().drawn_line(shapely.union_all(list(pieces.values())))

    def has_front_line(self, day: date) -> bool:
        """Whether `front_line` has a line for a snapshot date, without tracing one."""
        if self.store is not None:
            return self.front_line(day) is not None
        return self.history is not None and self._front_measured(day)

    def _front_measured(self, day: date) -> bool:
        """Whether the figures hold the front line's length on a snapshot date."""
        rows = self.every_area
        if FRONT_KM not in rows:
            return False
        return bool(rows.loc[rows["date"] == day, FRONT_KM].notna().any())


# What readers are told the data comes from: the store's path is the server's business (logs, CLI).
LOCAL_STORE = "local store"


def open_dataset(
    store: Path | str | None = None,
    csv: Path = CONTROL_CSV,
    *,
    strict: bool = False,
    history: Path | None = None,
) -> Dataset:
    """The store's figures if it holds any, otherwise the committed `data/control.csv` with the
    outlines of the committed map history (`history`, by default `config.MAP_HISTORY`).

    The store is opened read-only, so a store without write access still serves. Without a store
    asked for and none at the default place (a fresh clone) the CSV is the data, as documented;
    any other reason to fall back is kept in `problem`, or raised as `StoreError` when `strict`.
    """
    folder = store_dir(store)
    asked = bool(store) or bool(settings.STORE.get())
    problem = None
    if asked or folder.exists():
        try:
            opened = Store(folder, readonly=True)
            every = all_sources(opened)
            figures = merge_history(every)
        except StoreError as err:
            problem = str(err)
        else:
            if not figures.empty:
                sources = day_sources(every)
                return Dataset(focus_rows(figures), LOCAL_STORE, opened, figures, sources=sources)
            problem = f"the store at {folder} holds no snapshots yet"
    if problem and strict:
        raise StoreError(problem)
    table = read_figures(csv)
    outlines = _embedded_outlines(history or config.MAP_HISTORY)
    return Dataset(focus_rows(table), f"embedded {csv.name}", None, table, problem, outlines)


def _embedded_outlines(path: Path) -> MapHistory | None:
    """The embedded map history; a broken one costs the outlines (logged), never the page."""
    try:
        return read_map_history(path)
    except MapHistoryError as err:
        LOG.warning("embedded map history not used: %s", err)
        return None


def occupied_frame(
    pieces: dict[str, shapely.Geometry], tolerance_m: float = 0.0
) -> gpd.GeoDataFrame:
    """Occupied pieces (EPSG:3035) as a GeoDataFrame in EPSG:4326 with an `oblast` column.

    `tolerance_m` simplifies in metres before reprojecting, for drawing; areas are never
    measured on the result.
    """
    names = sorted(pieces)
    geometries = [pieces[n] for n in names]
    if tolerance_m > 0:
        geometries = list(shapely.simplify(geometries, tolerance_m, preserve_topology=True))
    return gpd.GeoDataFrame(
        {"oblast": names}, geometry=to_display(np.asarray(geometries)), crs=DISPLAY_CRS
    )
