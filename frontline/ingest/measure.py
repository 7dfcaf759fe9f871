"""Measure one snapshot against the areas: overlay in lon/lat, take km² in EPSG:3035."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely

from frontline.ingest.geometry import keep_polygons
from frontline.projection import Geometries, to_area

if TYPE_CHECKING:
    from frontline.ingest.front import Front, FrontRegion

# A GeoJSON edge is a straight line in lon/lat (RFC 7946), which is a curve in EPSG:3035.
# Edges are cut to at most this length (about 1 km) before projecting, so that a long straight
# edge encloses what it encloses in lon/lat; short edges, most of them, are left as they are.
DENSIFY_DEG = 0.01
# Polygons wholly farther than this (degrees) from the areas' bounding box are dropped when a
# snapshot is read: they cannot reach any area.
CLIP_MARGIN_DEG = 0.2
# Figures are summed over lon/lat tiles of this size (degrees; about 70 km each way at 48° N):
# day after day the front moves in a few tiles, and a tile whose occupied part is unchanged is
# not overlaid again. Measured on the archive, smaller tiles cost more clips than they save in
# overlays and larger ones the reverse.
TILE_DEG = (1.0, 0.6)


def to_area_crs(geometry: Geometries) -> Geometries:
    """Lon/lat geometry in EPSG:3035, edges densified first so each keeps its GeoJSON meaning."""
    return to_area(shapely.segmentize(geometry, DENSIFY_DEG))


@dataclass(frozen=True)
class Piece:
    """The occupied part of one area (an oblast or the country) on one date, with km² and share.

    The geometry travels as WKB: pieces cross process boundaries and go straight into the
    store, so they are encoded once, where they are measured. A drawn area's WKB holds its
    pieces tile by tile (see `piece_geometry`); the others' an empty geometry.
    """

    oblast: str
    wkb: bytes
    occupied_km2: float
    occupied_pct: float

    @property
    def geometry(self) -> shapely.Geometry:
        return piece_geometry(self.wkb)


_EMPTY = shapely.to_wkb(shapely.MultiPolygon())


def piece_geometry(wkb: bytes) -> shapely.Geometry:
    """A stored piece's geometry in EPSG:3035, joined from its tiles when read.

    A refresh keeps a drawn area's occupied part as it measured it: a GeometryCollection of its
    pieces in each tile, in lon/lat. Joining them and projecting the result cost more than
    everything else a refresh does to a day, and only the days someone looks at need it. Pieces
    stored by earlier versions, a MultiPolygon already joined in EPSG:3035, are read as they are.
    """
    geometry = shapely.from_wkb(wkb)
    if geometry.geom_type != "GeometryCollection":
        return geometry
    return to_area_crs(_joined(list(shapely.get_parts(geometry))))


class Region:
    """The areas to measure against, prepared once and reused for every snapshot.

    `areas_wgs84` are lon/lat polygons by name. Areas in `always` get a piece on every date,
    reached or not; the others only when the snapshot reaches them. Only the areas in `drawn`
    keep their occupied geometry (the others carry their figures with an empty geometry).
    `total` names the area that holds all the others (the country): its figure is the sum of
    theirs plus what lies in it outside them, and it keeps no geometry. Its share is of
    `total_area_m2` when given (the country's land, while its km² also count its waters). With
    `front`, each snapshot's front line is measured too (`measure_front`).

    The overlay runs in lon/lat, where GeoJSON's edges are straight, on tiles: each area (and
    the part of the total outside every area) is cut into TILE_DEG tiles once; a snapshot is
    clipped to each tile, and only the tiles whose clip differs from the last snapshot measured
    are intersected again. Each piece is then densified and projected for its km²; the drawn
    areas keep their pieces tile by tile, joined when read (`piece_geometry`).
    """

    def __init__(
        self,
        areas_wgs84: dict[str, shapely.Geometry],
        always: Iterable[str] = (),
        drawn: Iterable[str] | None = None,
        total: str | None = None,
        front: FrontRegion | None = None,
        total_area_m2: float | None = None,
    ) -> None:
        self.oblasts = dict(areas_wgs84)
        self.front = front
        self.always = tuple(always)
        self.drawn = tuple(self.oblasts) if drawn is None else tuple(drawn)
        self.total = total
        self.total_area_m2 = total_area_m2
        named = {*self.always, *self.drawn, *([total] if total else [])}
        unknown = named - set(self.oblasts)
        if unknown:
            raise ValueError(f"areas not in the region: {', '.join(sorted(unknown))}")
        names = list(self.oblasts)
        measured = shapely.area(to_area_crs(list(self.oblasts.values())))
        self.areas = dict(zip(names, measured.tolist(), strict=True))
        if total is not None and total_area_m2 is not None:
            self.areas[total] = total_area_m2
        digest = hashlib.sha256()
        for name in sorted(self.oblasts):
            digest.update(name.encode() + shapely.to_wkb(self.oblasts[name]))
        # Which areas keep geometry is part of what was measured: a store written for fewer
        # drawn areas lacks the others' outlines and is measured again.
        digest.update("|".join(sorted(self.drawn)).encode())
        if front is not None:
            digest.update(front.rules.encode())
        if total_area_m2 is not None:
            digest.update(repr(total_area_m2).encode())
        # Stored figures are only valid for the boundaries they were measured against.
        self.fingerprint = digest.hexdigest()
        self._names = [n for n in names if n != total]
        parts = [self.oblasts[n] for n in self._names]
        # The last target is the total's rest: what lies in it outside every area.
        rest = (
            shapely.difference(self.oblasts[total], shapely.union_all(parts))
            if total
            else shapely.MultiPolygon()
        )
        targets = np.array([*parts, rest])
        self._drawn_index = [i for i, n in enumerate(self._names) if n in self.drawn]
        self._tiles = _tiles(targets)
        self._target_count = len(targets)
        bounds = np.array([t.bounds for t in self._tiles])
        self._tile_bounds = bounds
        self._columns = [np.flatnonzero(bounds[:, 0] == x) for x in np.unique(bounds[:, 0])]
        self._column_boxes = shapely.box(
            *np.array([(*bounds[c, :2].min(0), *bounds[c, 2:].max(0)) for c in self._columns]).T
        )
        # What was last measured in each series, by tile and by drawn target.
        self._last: dict[str, dict[int, _Measured]] = {}
        self._last_drawn: dict[str, dict[int, tuple[tuple[bytes, ...], bytes]]] = {}
        minx, miny, maxx, maxy = shapely.total_bounds(targets)
        self.clip_box = (
            minx - CLIP_MARGIN_DEG,
            miny - CLIP_MARGIN_DEG,
            maxx + CLIP_MARGIN_DEG,
            maxy + CLIP_MARGIN_DEG,
        )

    def tile_edges(self) -> tuple[np.ndarray, np.ndarray]:
        """The x and the y of every tile edge (degrees), as exactly as the clips put them."""
        bounds = self._tile_bounds
        return np.unique(bounds[:, [0, 2]]), np.unique(bounds[:, [1, 3]])

    def measure(
        self,
        occupied_wgs84: shapely.Geometry | np.ndarray,
        series: str = "",
        *,
        overlapping: bool = False,
        without: np.ndarray | None = None,
    ) -> list[Piece]:
        """The occupied piece of each area reached, for a valid occupied area in WGS84 lon/lat.

        Tiles are compared with the last geometry measured in the same `series`: a source that
        measures several layers of each day (occupied, grey zone, ...) names each its own.

        With `overlapping`, the occupied area may be given as valid parts that overlap, and
        `without` as parts (overlapping too) whose area is left out: the union and the
        difference are then done tile by tile, and only in the tiles whose parts changed since
        the series was last measured, instead of on the whole map every time.
        """
        last = self._last.setdefault(series, {})
        last_drawn = self._last_drawn.setdefault(series, {})
        km2, cuts = self._tiled(
            shapely.get_parts(occupied_wgs84),
            last,
            overlapping=overlapping,
            without=None if without is None else shapely.get_parts(without),
        )
        pieces = []
        for index, name in enumerate(self._names):
            if km2[index] > 0 or name in self.always:
                wkb = _EMPTY if index not in cuts else _drawn_wkb(last_drawn, index, cuts[index])
                pct = 100.0 * km2[index] * 1e6 / self.areas[name]
                pieces.append(Piece(name, wkb, float(km2[index]), pct))
        if self.total is not None:
            total_km2 = float(km2.sum())
            pct = 100.0 * total_km2 * 1e6 / self.areas[self.total]
            pieces.append(Piece(self.total, _EMPTY, total_km2, pct))
        return pieces

    def measure_front(self, occupied_wgs84: shapely.Geometry | np.ndarray) -> Front | None:
        """The front line of a valid occupied area in lon/lat (parts may overlap), when the
        region measures fronts."""
        if self.front is None:
            return None
        return self.front.measure(to_area_crs(shapely.union_all(occupied_wgs84)))

    def _clipped(self, parts: np.ndarray) -> Iterator[tuple[int, shapely.Geometry]]:
        """Each tile the snapshot reaches, with the snapshot clipped to it.

        The snapshot is clipped to each column of tiles first, then the column's clip to its
        tiles: each clip walks every vertex it is given, and a column holds a fraction of them.
        """
        column_index, part_index = shapely.STRtree(parts).query(self._column_boxes)
        for column in np.unique(column_index):
            strip = shapely.clip_by_rect(
                shapely.multipolygons(parts[part_index[column_index == column]]),
                *self._column_boxes[column].bounds,
            )
            numbers = self._columns[column]
            locals_ = [
                shapely.clip_by_rect(strip, *bounds) for bounds in self._tile_bounds[numbers]
            ]
            for number, local in zip(numbers, locals_, strict=True):
                if not local.is_empty:
                    yield int(number), local

    def _tiled(
        self,
        parts: np.ndarray,
        last_of: dict[int, _Measured],
        *,
        overlapping: bool = False,
        without: np.ndarray | None = None,
    ) -> tuple[np.ndarray, dict[int, list[tuple[bytes, shapely.Geometry]]]]:
        """Occupied km² of every target, summed over the tiles the snapshot reaches, and the
        drawn targets' occupied pieces, tile by tile."""
        km2 = np.zeros(self._target_count)
        cuts: dict[int, list[tuple[bytes, shapely.Geometry]]] = {i: [] for i in self._drawn_index}
        clipped = list(self._clipped(parts))
        # One call encodes every tile's clip: per call, shapely's checks cost more than the work.
        encoded = shapely.to_wkb(np.array([local for _, local in clipped], dtype=object))
        left_out = dict(self._clipped(without)) if without is not None else {}
        for (number, local), wkb in zip(clipped, encoded, strict=True):
            tile = self._tiles[number]
            other = left_out.get(number)
            digest = hashlib.blake2b(wkb)
            if other is not None:
                digest.update(shapely.to_wkb(other))
            key = digest.digest()
            last = last_of.get(number)
            if last is None or last.key != key:
                if overlapping:
                    local = _united(local)
                if other is not None:
                    local = shapely.difference(local, _united(other))
                last = tile.overlay(key, local)
                last_of[number] = last
            km2[tile.targets] += last.km2  # a tile names each target once
            for target, cut in zip(tile.targets, last.cuts, strict=True):
                if target in cuts:
                    cuts[target].append((key, cut))
        return km2, cuts


def _drawn_wkb(
    last_of: dict[int, tuple[tuple[bytes, ...], bytes]],
    index: int,
    cuts: list[tuple[bytes, shapely.Geometry]],
) -> bytes:
    """A drawn target's pieces as one GeometryCollection (WKB), encoded again only if a tile
    changed since the last measured in its series."""
    key = tuple(k for k, _ in cuts)
    last = last_of.get(index)
    if last is None or last[0] != key:
        pieces = [p for _, cut in cuts for p in shapely.get_parts(keep_polygons(cut))]
        last = (key, shapely.to_wkb(shapely.GeometryCollection(pieces)))
        last_of[index] = last
    return last[1]


@dataclass(frozen=True)
class _Measured:
    """One tile's clip (by its hash), its pieces in lon/lat, and their km²."""

    key: bytes
    cuts: np.ndarray
    km2: np.ndarray


@dataclass(frozen=True)
class _Tile:
    """One tile of the tiling: its bounds, and the targets' pieces inside it."""

    bounds: tuple[float, float, float, float]
    targets: np.ndarray
    pieces: np.ndarray

    def overlay(self, key: bytes, local: shapely.Geometry) -> _Measured:
        """`local` intersected with each piece; a rectangle clip can leave `local` invalid."""
        try:
            cuts = shapely.intersection(local, self.pieces)
        except shapely.errors.GEOSException:
            cuts = shapely.intersection(shapely.make_valid(local), self.pieces)
        return _Measured(key, cuts, shapely.area(to_area_crs(cuts)) / 1e6)


def _tiles(targets: np.ndarray) -> list[_Tile]:
    """The targets cut into TILE_DEG tiles; tiles no target reaches are left out."""
    minx, miny, maxx, maxy = shapely.total_bounds(targets)
    width, height = TILE_DEG
    tree = shapely.STRtree(targets)
    tiles = []
    for x in np.arange(minx, maxx, width):
        for y in np.arange(miny, maxy, height):
            bounds = (x, y, x + width, y + height)
            square = shapely.box(*bounds)
            hits = tree.query(square, predicate="intersects")
            pieces = shapely.intersection(targets[hits], square)
            keep = shapely.area(pieces) > 0
            if keep.any():
                shapely.prepare(pieces[keep])
                tiles.append(_Tile(bounds, hits[keep], pieces[keep]))
    return tiles


def _united(clip: shapely.Geometry) -> shapely.Geometry:
    """One tile's clip of overlapping parts as one valid geometry."""
    return shapely.union_all(shapely.get_parts(keep_polygons(clip)))


def _joined(cuts: list[shapely.Geometry]) -> shapely.MultiPolygon:
    """One area's occupied pieces from adjacent tiles, joined along the tiles' edges.

    The pieces share their edges exactly (each tile's clip cuts the same segments at the same
    line), so a coverage union joins them without a general overlay. Pieces never overlap, so the
    join's area is their sum; should it not be, a general union does the work instead.
    """
    polygons = [p for cut in cuts for p in shapely.get_parts(keep_polygons(cut))]
    if not polygons:
        return shapely.MultiPolygon()
    joined = shapely.coverage_union_all(polygons)
    if not shapely.is_valid(joined) or not np.isclose(
        joined.area, shapely.area(polygons).sum(), rtol=1e-9, atol=1e-12
    ):
        joined = shapely.union_all(polygons)
    return keep_polygons(joined)
