"""Geometry helpers shared by parsing and measuring."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

POLYGONAL = frozenset({"Polygon", "MultiPolygon"})


def keep_polygons(geometry: shapely.Geometry) -> shapely.MultiPolygon:
    """The polygons of `geometry` as one MultiPolygon.

    Repair and overlay can leave lines or points beside polygons; only polygons carry area.
    """
    if geometry.geom_type == "MultiPolygon":
        return geometry
    if geometry.geom_type == "Polygon":
        return shapely.MultiPolygon([geometry])
    polygonal = [p for p in shapely.get_parts(geometry) if p.geom_type in POLYGONAL]
    return shapely.MultiPolygon(list(shapely.get_parts(polygonal)))


def repair(geometry: Any) -> Any:
    """Make polygons valid the way a map reader sees them: overlapping parts are unioned.

    The "structure" method keeps both lobes of a bow-tie and unions overlapping parts of a
    MultiPolygon; the default "linework" method would cut overlaps out as holes.
    """
    return shapely.make_valid(geometry, method="structure", keep_collapsed=False)


def valid_parts(parts: np.ndarray) -> np.ndarray:
    """The parts with the invalid ones repaired: repair rebuilds even a valid polygon, at three
    times the cost of the check, and nearly all of DeepState's polygons are valid."""
    invalid = ~shapely.is_valid(parts)
    if not invalid.any():
        return parts
    repaired = parts.copy()
    repaired[invalid] = repair(parts[invalid])
    return repaired
