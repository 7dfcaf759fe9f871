"""The data every view reads: figures from the store when there is one, else the embedded CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from frontline.config import AREA_CRS, CONTROL_CSV, DISPLAY_CRS, store_dir
from frontline.ingest.store import Store, StoreError
from frontline.model.boundaries import FOCUS
from frontline.model.figures import focus_rows, read_figures


@dataclass(frozen=True)
class Dataset:
    """Figures per date and oblast, and the store's occupied geometry when a store exists.

    `figures` holds the FOCUS oblasts, which the map, the chart and the exports show;
    `every_area` holds every oblast measured and the country (the FOCUS rows when not given).
    """

    figures: pd.DataFrame
    origin: str
    store: Store | None
    areas: pd.DataFrame | None = None

    @property
    def has_geometry(self) -> bool:
        return self.store is not None

    @property
    def every_area(self) -> pd.DataFrame:
        return self.figures if self.areas is None else self.areas

    def occupied(self, day: date) -> dict[str, shapely.Geometry]:
        """Each FOCUS oblast's occupied piece (EPSG:3035) on a snapshot date; {} without a store."""
        return self.store.pieces(day, FOCUS) if self.store else {}


def open_dataset(store: Path | str | None = None, csv: Path = CONTROL_CSV) -> Dataset:
    """The store's figures if it holds any, otherwise the committed `data/control.csv`."""
    folder = store_dir(store)
    try:
        opened = Store(folder)
        figures = opened.figures()
    except StoreError:
        opened, figures = None, None
    if opened is not None and figures is not None and not figures.empty:
        return Dataset(focus_rows(figures), f"store at {folder}", opened, figures)
    table = read_figures(csv)
    return Dataset(focus_rows(table), f"embedded {csv.name}", None, table)


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
