"""Geometry helpers shared by parsing and measuring."""

from __future__ import annotations

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
