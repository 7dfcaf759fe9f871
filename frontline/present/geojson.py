"""GeoJSON features from shapely geometry, with coordinates rounded to what is worth sending."""

from __future__ import annotations

from collections.abc import Mapping

import shapely

from frontline.ingest.geometry import repair
from frontline.model.boundaries import BASEMAP_DECIMALS

# Maps in the browser: 1e-4 degrees (about 10 m), as the basemap under them.
DRAW_DECIMALS = BASEMAP_DECIMALS
# Exported files: 1e-5 degrees (about 1 m), finer than the source's own precision; the files
# are for analysis, not only drawing.
EXPORT_DECIMALS = 5


def geojson_feature(
    geometry: shapely.Geometry, properties: Mapping[str, object], decimals: int
) -> dict:
    """A GeoJSON Feature of `geometry` (degrees) rounded to `decimals` places.

    Rounding keeps maps and exports small: 1e-4 degrees is about 10 m, 1e-5 about 1 m.
    `set_precision` rounds onto the grid and keeps the result valid: a sliver of a few m²
    collapses and is dropped instead of becoming a ring of fewer than four points.
    """
    if not shapely.is_valid(geometry):
        # Projected back from EPSG:3035, two rings that nearly touch can cross by a hair, and
        # rounding onto the grid cannot start from an invalid geometry.
        geometry = repair(geometry)
    rounded = shapely.set_precision(geometry, 10.0**-decimals)
    return {
        "type": "Feature",
        "properties": dict(properties),
        "geometry": shapely.geometry.mapping(rounded),
    }
