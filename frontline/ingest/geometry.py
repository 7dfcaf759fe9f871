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


Box = tuple[float, float, float, float]


def split_by_box(parts: np.ndarray, box: Box) -> tuple[np.ndarray, np.ndarray]:
    """The parts whose bounding boxes reach `box` (lon/lat), and the others, wholly outside it."""
    bounds = shapely.bounds(parts)
    near = (
        (bounds[:, 0] <= box[2])
        & (bounds[:, 2] >= box[0])
        & (bounds[:, 1] <= box[3])
        & (bounds[:, 3] >= box[1])
    )
    return parts[near], parts[~near]


def outside_share(near: np.ndarray, far: np.ndarray, box: Box) -> float:
    """The share of the parts' area outside `box`, in square degrees: a plausibility sign, not a
    figure. `near` are valid parts reaching the box, `far` parts wholly outside it (as drawn)."""
    far_area = float(shapely.area(far).sum())
    near_area = float(shapely.area(near).sum())
    total = far_area + near_area
    if total <= 0:
        return 0.0
    inside = float(shapely.area(shapely.clip_by_rect(near, *box)).sum())
    return max(total - inside, 0.0) / total
