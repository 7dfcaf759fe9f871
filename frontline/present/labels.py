"""Where a region's name goes on either map: inside it, as far as it can be from its border and
from whatever else is drawn there (towns, their labels)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely


def label_point(
    polygon: shapely.Geometry, obstacles: Sequence[shapely.Geometry], step: float
) -> shapely.Point:
    """The point of `polygon` farthest from both its border and the `obstacles`.

    Candidates lie on a grid of `step` (in the polygon's units): a few kilometres are fine
    enough for a label.
    """
    west, south, east, north = polygon.bounds
    xs, ys = np.meshgrid(np.arange(west, east, step), np.arange(south, north, step))
    candidates = shapely.points(xs.ravel(), ys.ravel())
    candidates = candidates[shapely.contains(polygon, candidates)]
    room = shapely.distance(candidates, polygon.boundary)
    if len(obstacles):
        nearest = shapely.distance(candidates[:, None], np.array(obstacles)).min(axis=1)
        room = np.minimum(room, nearest)
    return candidates[int(np.argmax(room))]
