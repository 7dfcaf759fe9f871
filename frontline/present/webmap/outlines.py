"""The oblasts as the web map draws them: simplified outlines, and where each name goes."""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely

from frontline.config import AREA_CRS, DISPLAY_CRS
from frontline.model.boundaries import load_oblasts
from frontline.model.settlements import load_settlements
from frontline.present.labels import label_point
from frontline.present.style import DRAW_TOLERANCE_M

LABEL_GRID_DEG = 0.05  # about 5 km


@lru_cache(maxsize=1)
def display_oblasts() -> gpd.GeoDataFrame:
    """The two oblasts simplified for drawing, in EPSG:4326 (figures come from the full ones)."""
    oblasts = load_oblasts()
    simplified = oblasts.to_crs(AREA_CRS).simplify(DRAW_TOLERANCE_M, preserve_topology=True)
    return gpd.GeoDataFrame(
        {"name": oblasts["name"]}, geometry=simplified.to_crs(DISPLAY_CRS), crs=DISPLAY_CRS
    )


@lru_cache(maxsize=4)
def oblast_label_points(
    also_clear_of: tuple[tuple[float, float], ...] = (),
) -> tuple[tuple[str, shapely.Point], ...]:
    """Where each oblast's name goes (degrees), clear of the towns and of the (lon, lat)
    points `also_clear_of` (event markers); a grid search, so cached per set of points."""
    oblasts = display_oblasts()
    obstacles = [*load_settlements().geometry, *shapely.points(np.reshape(also_clear_of, (-1, 2)))]
    return tuple(
        (name, label_point(geometry, obstacles, LABEL_GRID_DEG))
        for name, geometry in zip(oblasts["name"], oblasts.geometry, strict=True)
    )
