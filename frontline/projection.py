"""Projections between lon/lat and EPSG:3035 that a new thread can use without set-up.

pyproj gives each thread its own copy of a transformer. A copy of one made from CRS codes
searches PROJ's database again (about 25 ms); a copy of one made from a PROJ pipeline only
parses the pipeline (under 1 ms). Streamlit runs every script run in a new thread, so each
run of the dashboard that projected anything paid the search, twice for a date's map. These
transformers are made once from the pipeline that the search chooses, and transform exactly
as `GeoSeries.to_crs` does.
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pyproj
import shapely

from frontline.config import AREA_CRS, DISPLAY_CRS

Geometries = TypeVar("Geometries", shapely.Geometry, np.ndarray)


def _chosen(source: str, target: str) -> pyproj.Transformer:
    """The operation PROJ ranks first from `source` to `target` (x = longitude or easting)."""
    best = pyproj.transformer.TransformerGroup(source, target, always_xy=True).transformers[0]
    return pyproj.Transformer.from_pipeline(best.definition)


_TO_AREA = _chosen(DISPLAY_CRS, AREA_CRS)
_TO_DISPLAY = _chosen(AREA_CRS, DISPLAY_CRS)


def to_area(geometries: Geometries) -> Geometries:
    """Lon/lat (EPSG:4326) geometries in EPSG:3035, vertex by vertex (points, or edges short
    enough that the projection keeps them straight)."""
    return shapely.transform(geometries, _with(_TO_AREA))


def to_display(geometries: Geometries) -> Geometries:
    """EPSG:3035 geometries in lon/lat (EPSG:4326), vertex by vertex."""
    return shapely.transform(geometries, _with(_TO_DISPLAY))


def _with(transformer: pyproj.Transformer):
    def apply(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return apply
