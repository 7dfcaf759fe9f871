"""The data every view reads: figures from the store when there is one, else the embedded CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from frontline.config import AREA_CRS, CONTROL_CSV, DISPLAY_CRS, store_dir
from frontline.ingest.store import OCCUPIED, Store, StoreError
from frontline.model.figures import read_figures
from frontline.model.history import all_sources, merge_history, source_of


@dataclass(frozen=True)
class Dataset:
    """Figures per date and oblast, and the store's occupied geometry when a store exists."""

    figures: pd.DataFrame
    origin: str
    store: Store | None

    @property
    def has_geometry(self) -> bool:
        return self.store is not None

    def occupied(self, day: date) -> dict[str, shapely.Geometry]:
        """Each oblast's occupied piece (EPSG:3035) on a snapshot date; empty without a store."""
        return self.layer(day, OCCUPIED)

    def layer(self, day: date, layer: str) -> dict[str, shapely.Geometry]:
        """Each oblast's piece of a layer on a snapshot date, from the source the history uses
        for that date; empty without a store or where the source lacks the layer."""
        if self.store is None:
            return {}
        return self.store.pieces(day, source_of(self.figures, day), layer)


def open_dataset(store: Path | str | None = None, csv: Path = CONTROL_CSV) -> Dataset:
    """The store's figures if it holds any, otherwise the committed `data/control.csv`."""
    folder = store_dir(store)
    try:
        opened = Store(folder)
        figures = merge_history(all_sources(opened))
    except StoreError:
        opened, figures = None, None
    if opened is not None and figures is not None and not figures.empty:
        return Dataset(figures, f"store at {folder}", opened)
    return Dataset(read_figures(csv), f"embedded {csv.name}", None)


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
    frame = gpd.GeoDataFrame({"oblast": names}, geometry=geometries, crs=AREA_CRS)
    return frame.to_crs(DISPLAY_CRS)
