"""Measure one snapshot against the areas: densify, project to EPSG:3035, intersect, take km²."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pyproj
import shapely

from frontline.config import AREA_CRS

# A GeoJSON edge is a straight line in lon/lat (RFC 7946), which is a curve in EPSG:3035.
# Edges are cut to at most this length (about 1 km) before projecting, so that a long straight
# edge encloses what it encloses in lon/lat; short edges, most of them, are left as they are.
DENSIFY_DEG = 0.01
# Clip the snapshot to the areas' bounding box (plus this margin, in degrees) before
# reprojecting: whatever lies beyond it cannot fall in any area.
CLIP_MARGIN_DEG = 0.2

# One geometry, or an array of them.
Geometries = TypeVar("Geometries", shapely.Geometry, np.ndarray)

_TO_AREA = pyproj.Transformer.from_crs("OGC:CRS84", AREA_CRS, always_xy=True)
_TO_WGS84 = pyproj.Transformer.from_crs(AREA_CRS, "OGC:CRS84", always_xy=True)


def to_area_crs(geometry: Geometries) -> Geometries:
    """Lon/lat geometry in EPSG:3035, edges densified first so each keeps its GeoJSON meaning."""
    return shapely.transform(shapely.segmentize(geometry, DENSIFY_DEG), _with(_TO_AREA))


@dataclass(frozen=True)
class Piece:
    """The occupied part of one area (an oblast or the country) on one date, with km² and share.

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


@dataclass(frozen=True)
class RegionSpec:
    """What a Region is made from, in a form that crosses process boundaries.

    `areas` are WKB in EPSG:3035. Areas in `always` get a piece on every date, reached or not;
    the others only when the snapshot reaches them. Only the areas in `drawn` keep their
    occupied geometry (the others carry their figures with an empty geometry). `total` names
    the area that holds all the others (the country): its figure is the sum of theirs plus
    what lies in it outside them, and it keeps no geometry.
    """

    areas: dict[str, bytes]
    always: tuple[str, ...] = ()
    drawn: tuple[str, ...] | None = None
    total: str | None = None


_EMPTY = shapely.to_wkb(shapely.MultiPolygon())


class Region:
    """The areas to measure against, prepared once and reused for every snapshot."""

    def __init__(
        self,
        areas_3035: dict[str, shapely.Geometry],
        always: Iterable[str] = (),
        drawn: Iterable[str] | None = None,
        total: str | None = None,
    ) -> None:
        self.oblasts = dict(areas_3035)
        self.always = tuple(always)
        self.drawn = None if drawn is None else tuple(drawn)
        self.total = total
        named = {*self.always, *(self.drawn or ()), *([total] if total else [])}
        unknown = named - set(self.oblasts)
        if unknown:
            raise ValueError(f"areas not in the region: {', '.join(sorted(unknown))}")
        self.areas = {name: g.area for name, g in self.oblasts.items()}
        digest = hashlib.sha256()
        for name in sorted(self.oblasts):
            digest.update(name.encode() + shapely.to_wkb(self.oblasts[name]))
        # Stored figures are only valid for the boundaries they were measured against.
        self.fingerprint = digest.hexdigest()
        self._names = [n for n in self.oblasts if n != total]
        self._parts = np.array([self.oblasts[n] for n in self._names])
        self._rests = self._rest_of_total()
        # Candidates are chosen by the bounding box of an area and its share of the rest.
        self._bounds = shapely.bounds(shapely.union(self._parts, self._rests))
        self._boxes = shapely.box(*self._bounds.T)
        shapely.prepare(self._parts)
        shapely.prepare(self._rests)
        # The last input and result per area: consecutive days mostly leave an area unchanged.
        self._last: dict[str, tuple[bytes, Piece, float]] = {}
        minx, miny, maxx, maxy = shapely.total_bounds(
            shapely.transform(shapely.box(*shapely.total_bounds(self._boxes)), _with(_TO_WGS84))
        )
        self.clip_box = (
            minx - CLIP_MARGIN_DEG,
            miny - CLIP_MARGIN_DEG,
            maxx + CLIP_MARGIN_DEG,
            maxy + CLIP_MARGIN_DEG,
        )

    def _rest_of_total(self) -> np.ndarray:
        """For each area, the parts of the total outside every area that lie nearest to it."""
        rests = np.array([shapely.MultiPolygon()] * len(self._names))
        if self.total is None:
            return rests
        outside = shapely.difference(self.oblasts[self.total], shapely.union_all(self._parts))
        pieces = shapely.get_parts(outside)
        pieces = pieces[shapely.area(pieces) > 0]
        # Nearest by a point inside each piece: as good as the piece itself, and much faster.
        points = shapely.point_on_surface(pieces)
        found, nearest = shapely.STRtree(self._parts).query_nearest(points, all_matches=False)
        for index in range(len(self._names)):
            rests[index] = shapely.multipolygons(pieces[found[nearest == index]])
        return rests

    @property
    def spec(self) -> RegionSpec:
        wkb = {n: shapely.to_wkb(g) for n, g in self.oblasts.items()}
        return RegionSpec(wkb, self.always, self.drawn, self.total)

    @classmethod
    def from_spec(cls, spec: RegionSpec) -> Region:
        areas = {name: shapely.from_wkb(b) for name, b in spec.areas.items()}
        return cls(areas, spec.always, spec.drawn, spec.total)

    def measure(self, occupied_wgs84: shapely.Geometry) -> list[Piece]:
        """The occupied piece of each area reached, for a valid occupied area in WGS84 lon/lat."""
        near = shapely.clip_by_rect(occupied_wgs84, *self.clip_box)
        parts = shapely.get_parts(to_area_crs(near))
        # Only the parts whose bounding box meets an area's are overlaid with it.
        area_index, part_index = shapely.STRtree(parts).query(self._boxes)
        pieces = []
        total_km2 = 0.0
        for index, name in enumerate(self._names):
            candidates = parts[part_index[area_index == index]]
            if not len(candidates) and name not in self.always:
                continue
            piece, rest_km2 = self._measure_one(index, candidates)
            total_km2 += piece.occupied_km2 + rest_km2
            if piece.occupied_km2 > 0 or name in self.always:
                pieces.append(piece)
        if self.total is not None:
            pct = 100.0 * total_km2 * 1e6 / self.areas[self.total]
            pieces.append(Piece(self.total, _EMPTY, total_km2, pct))
        return pieces

    def _measure_one(self, index: int, candidates: np.ndarray) -> tuple[Piece, float]:
        """One area's piece, and the km² of the total's rest near it, reusing the last result."""
        name = self._names[index]
        local = shapely.clip_by_rect(shapely.multipolygons(candidates), *self._bounds[index])
        key = hashlib.blake2b(shapely.to_wkb(local)).digest()
        last = self._last.get(name)
        if last is not None and last[0] == key:
            return last[1], last[2]
        inside = _inside(candidates, self._parts[index])
        rest = self._rests[index]
        rest_km2 = 0.0 if rest.is_empty else shapely.intersection(local, rest).area / 1e6
        keep = self.drawn is None or name in self.drawn
        piece = Piece(
            oblast=name,
            wkb=shapely.to_wkb(inside) if keep else _EMPTY,
            occupied_km2=inside.area / 1e6,
            occupied_pct=100.0 * inside.area / self.areas[name],
        )
        self._last[name] = (key, piece, rest_km2)
        return piece, rest_km2


def _inside(parts: np.ndarray, area: shapely.Geometry) -> shapely.Geometry:
    """The parts of a valid multipolygon that lie in a prepared area, as one MultiPolygon."""
    within = shapely.contains_properly(area, parts)
    rest = parts[~within]
    if len(rest):
        # A rectangle clip first makes the overlay work on fewer vertices.
        local = shapely.clip_by_rect(shapely.multipolygons(rest), *area.bounds)
        cut = _polygons(shapely.intersection(local, area))
    else:
        cut = shapely.MultiPolygon()
    # Parts of a valid multipolygon never overlap, so the kept parts and the cut ones add up.
    return shapely.MultiPolygon([*parts[within], *shapely.get_parts(cut)])


def _with(transformer: pyproj.Transformer):
    def apply(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return apply


def _polygons(geometry: shapely.Geometry) -> shapely.Geometry:
    """Overlay can return slivers as lines or points; only polygons carry area."""
    if geometry.geom_type == "MultiPolygon":
        return geometry
    if geometry.geom_type == "Polygon":
        return shapely.MultiPolygon([geometry])
    polygonal = [
        p for p in shapely.get_parts(geometry) if p.geom_type in {"Polygon", "MultiPolygon"}
    ]
    return shapely.MultiPolygon(list(shapely.get_parts(polygonal)))
