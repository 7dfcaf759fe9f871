"""The oblasts as the web map draws them: simplified outlines, and where each name goes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely

from frontline.config import AREA_CRS, DISPLAY_CRS
from frontline.model.boundaries import load_oblasts
from frontline.model.settlements import load_settlements
from frontline.present.style import DRAW_TOLERANCE_M


@lru_cache(maxsize=1)
def display_oblasts() -> gpd.GeoDataFrame:
    """The two oblasts simplified for drawing, in EPSG:4326 (figures come from the full ones)."""
    oblasts = load_oblasts()
    simplified = oblasts.to_crs(AREA_CRS).simplify(DRAW_TOLERANCE_M, preserve_topology=True)
    return gpd.GeoDataFrame(
        {"name": oblasts["name"]}, geometry=simplified.to_crs(DISPLAY_CRS), crs=DISPLAY_CRS
    )


def label_point(polygon: shapely.Geometry, towns: Sequence[shapely.Point]) -> shapely.Point:
    """The point of `polygon` farthest from both its border and the given towns, in degrees.

    An oblast's name placed there collides with no town's marker or label; a 0.05 degree grid
    (about 5 km) is fine enough for a label.
    """
    west, south, east, north = polygon.bounds
    xs, ys = np.meshgrid(np.arange(west, east, 0.05), np.arange(south, north, 0.05))
    candidates = shapely.points(xs.ravel(), ys.ravel())
    candidates = candidates[shapely.contains(polygon, candidates)]
    room = shapely.distance(candidates, polygon.boundary)
    if towns:
        room = np.minimum(room, shapely.distance(candidates[:, None], np.array(towns)).min(axis=1))
    return candidates[int(np.argmax(room))]


@lru_cache(maxsize=1)
def oblast_label_points() -> tuple[tuple[str, shapely.Point], ...]:
    """Where each oblast's name goes (degrees); a grid search, so worked out once per process."""
    oblasts = display_oblasts()
    towns = list(load_settlements().geometry)
    return tuple(
        (name, label_point(geometry, towns))
        for name, geometry in zip(oblasts["name"], oblasts.geometry, strict=True)
    )
