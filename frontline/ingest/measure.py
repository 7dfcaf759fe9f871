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
from frontline.ingest.geometry import keep_polygons

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
# Figures are summed over square tiles of this side (metres in EPSG:3035): day after day the
# front moves in a few tiles, and a tile whose occupied part is unchanged is not overlaid again.
TILE_M = 70_000.0


class Region:
    """The areas to measure against, prepared once and reused for every snapshot.

    km² come from tiles: each area (and the part of the total outside every area) is cut into
    TILE_M squares once; a snapshot is clipped to each square, and only the squares whose clip
    differs from the last snapshot measured are intersected again. The drawn areas' geometry is
    one intersection each.
    """

    def __init__(
        self,
        areas_3035: dict[str, shapely.Geometry],
        always: Iterable[str] = (),
        drawn: Iterable[str] | None = None,
        total: str | None = None,
    ) -> None:
        self.oblasts = dict(areas_3035)
        self.always = tuple(always)
        self.drawn = tuple(self.oblasts) if drawn is None else tuple(drawn)
        self.total = total
        named = {*self.always, *self.drawn, *([total] if total else [])}
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
        parts = [self.oblasts[n] for n in self._names]
        # The last target is the total's rest: what lies in it outside every area.
        rest = (
            shapely.difference(self.oblasts[total], shapely.union_all(parts))
            if total
            else shapely.MultiPolygon()
        )
        self._targets = np.array([*parts, rest])
        shapely.prepare(self._targets)
        self._tiles = _tiles(self._targets)
        self._tile_boxes = shapely.box(*np.array([t.bounds for t in self._tiles]).T)
        self._last: dict[int, tuple[bytes, np.ndarray]] = {}
        minx, miny, maxx, maxy = shapely.total_bounds(
            shapely.transform(shapely.box(*shapely.total_bounds(self._targets)), _with(_TO_WGS84))
        )
        self.clip_box = (
            minx - CLIP_MARGIN_DEG,
            miny - CLIP_MARGIN_DEG,
            maxx + CLIP_MARGIN_DEG,
            maxy + CLIP_MARGIN_DEG,
        )

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
        tree = shapely.STRtree(parts)
        km2 = self._tiled_km2(parts, tree)
        pieces = []
        for index, name in enumerate(self._names):
            if name in self.drawn:
                candidates = parts[tree.query(self._targets[index])]
                inside = _inside(candidates, self._targets[index])
                wkb, area_km2 = shapely.to_wkb(inside), inside.area / 1e6
            else:
                wkb, area_km2 = _EMPTY, float(km2[index])
            if area_km2 > 0 or name in self.always:
                pct = 100.0 * area_km2 * 1e6 / self.areas[name]
                pieces.append(Piece(name, wkb, area_km2, pct))
        if self.total is not None:
            total_km2 = float(km2.sum())
            pct = 100.0 * total_km2 * 1e6 / self.areas[self.total]
            pieces.append(Piece(self.total, _EMPTY, total_km2, pct))
        return pieces

    def _tiled_km2(self, parts: np.ndarray, tree: shapely.STRtree) -> np.ndarray:
        """Occupied km² of every target, summed over the tiles the snapshot reaches."""
        km2 = np.zeros(len(self._targets))
        tile_index, part_index = tree.query(self._tile_boxes)
        for number in np.unique(tile_index):
            tile = self._tiles[number]
            local = shapely.clip_by_rect(
                shapely.multipolygons(parts[part_index[tile_index == number]]), *tile.bounds
            )
            key = hashlib.blake2b(shapely.to_wkb(local)).digest()
            last = self._last.get(number)
            if last is None or last[0] != key:
                last = (key, shapely.area(_overlay(local, tile.pieces)) / 1e6)
                self._last[number] = last
            np.add.at(km2, tile.targets, last[1])
        return km2


@dataclass(frozen=True)
class _Tile:
    """One square of the tiling: its bounds, and the targets' pieces inside it."""

    bounds: tuple[float, float, float, float]
    targets: np.ndarray
    pieces: np.ndarray


def _tiles(targets: np.ndarray) -> list[_Tile]:
    """The targets cut into TILE_M squares; squares no target reaches are left out."""
    minx, miny, maxx, maxy = shapely.total_bounds(targets)
    tree = shapely.STRtree(targets)
    tiles = []
    for x in np.arange(minx, maxx, TILE_M):
        for y in np.arange(miny, maxy, TILE_M):
            square = shapely.box(x, y, x + TILE_M, y + TILE_M)
            hits = tree.query(square, predicate="intersects")
            pieces = shapely.intersection(targets[hits], square)
            keep = shapely.area(pieces) > 0
            if keep.any():
                shapely.prepare(pieces[keep])
                tiles.append(_Tile((x, y, x + TILE_M, y + TILE_M), hits[keep], pieces[keep]))
    return tiles


def _overlay(local: shapely.Geometry, pieces: np.ndarray) -> np.ndarray:
    """`local` intersected with each piece; a rectangle clip can leave `local` invalid."""
    try:
        return shapely.intersection(local, pieces)
    except shapely.errors.GEOSException:
        return shapely.intersection(shapely.make_valid(local), pieces)


def _inside(parts: np.ndarray, area: shapely.Geometry) -> shapely.Geometry:
    """The parts of a valid multipolygon that lie in a prepared area, as one MultiPolygon."""
    within = shapely.contains_properly(area, parts)
    rest = parts[~within]
    if len(rest):
        # A rectangle clip first makes the overlay work on fewer vertices.
        local = shapely.clip_by_rect(shapely.multipolygons(rest), *area.bounds)
        cut = keep_polygons(shapely.intersection(local, area))
    else:
        cut = shapely.MultiPolygon()
    # Parts of a valid multipolygon never overlap, so the kept parts and the cut ones add up.
    return shapely.MultiPolygon([*parts[within], *shapely.get_parts(cut)])


def _with(transformer: pyproj.Transformer):
    def apply(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    return apply
