"""GeoJSON features from shapely geometry, with coordinates rounded to what is worth sending."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import shapely


def geojson_feature(
    geometry: shapely.Geometry, properties: Mapping[str, object], decimals: int
) -> dict:
    """A GeoJSON Feature of `geometry` (degrees) rounded to `decimals` places.

    Rounding keeps maps and exports small: 1e-4 degrees is about 10 m, 1e-5 about 1 m.
    """
    rounded = shapely.transform(geometry, lambda xy: np.round(xy, decimals))
    return {
        "type": "Feature",
        "properties": dict(properties),
        "geometry": shapely.geometry.mapping(rounded),
    }
