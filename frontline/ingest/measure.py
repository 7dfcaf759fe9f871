"""Measure one snapshot against the oblasts: clip, project to EPSG:3035, intersect, take areas."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pyproj
import shapely

from frontline.config import AREA_CRS
from frontline.ingest.geometry import keep_polygons

# Clip the country-wide snapshot to the region's bounding box (plus this margin, in degrees)
# before reprojecting: it drops most vertices, and nothing inside the oblasts is affected.
CLIP_MARGIN_DEG = 0.2


@dataclass(frozen=True)
class Piece:
    """The occupied part of one oblast on one date, with its area and share.

    The geometry travels as WKB in EPSG:3035: pieces cross process boundaries and go straight
    into the store, so they are encoded once, where they are measured.
    """

    oblast: str
    wkb: bytes
    occupied_km2: float
    occupied_pct: float

    @property
    def geometry(self) -> shapely.Geometry:
        return shapely.from_wkb(self.wkb)


class Region:
    """The oblasts to measure against, prepared once and reused for every snapshot."""

    def __init__(self, oblasts_3035: dict[str, shapely.Geometry]) -> None:
        self.oblasts = dict(oblasts_3035)
        for geometry in self.oblasts.values():
            shapely.prepare(geometry)
        self.areas = {name: g.area for name, g in self.oblasts.items()}
        digest = hashlib.sha256()
        for name in sorted(self.oblasts):
            digest.update(name.encode() + shapely.to_wkb(self.oblasts[name]))
        # Stored figures are only valid for the boundaries they were measured against.
        self.fingerprint = digest.hexdigest()
        self._to_area = pyproj.Transformer.from_crs("OGC:CRS84", AREA_CRS, always_xy=True)
        to_wgs84 = pyproj.Transformer.from_crs(AREA_CRS, "OGC:CRS84", always_xy=True)
        region = shapely.union_all(list(self.oblasts.values()))
        minx, miny, maxx, maxy = shapely.bounds(shapely.transform(region, _with(to_wgs84)))
        self.clip_box = (
            minx - CLIP_MARGIN_DEG,
            miny - CLIP_MARGIN_DEG,
            maxx + CLIP_MARGIN_DEG,
            maxy + CLIP_MARGIN_DEG,
        )

    def measure(self, occupied_wgs84: shapely.Geometry) -> list[Piece]:
        """The occupied piece of each oblast, for a valid occupied area in WGS84 lon/lat."""
        near = shapely.clip_by_rect(occupied_wgs84, *self.clip_box)
        projected = shapely.transform(near, _with(self._to_area))
        pieces = []
        for name, oblast in self.oblasts.items():
            # A second, tighter rectangle clip makes the overlay below work on fewer vertices.
            local = shapely.clip_by_rect(projected, *oblast.bounds)
            inside = keep_polygons(shapely.intersection(local, oblast))
            pieces.append(
                Piece(
                    oblast=name,
                    wkb=shapely.to_wkb(inside),
                    occupied_km2=inside.area / 1e6,
                    occupied_pct=100.0 * inside.area / self.areas[name],
                )
            )
        return pieces


def _with(transformer: pyproj.Transformer):
    def apply(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return apply
