"""The front line: where the occupied area meets the rest of Ukraine, and its length in km.

The occupied area's outline is more than the front: it also runs along the state border and the
coast, and around small pockets. What is left out, and why:

- occupied parts under MIN_PART_KM2 (slivers a generalised drawing leaves behind);
- the edge against free territory that is cut off from the rest of free Ukraine and smaller than
  MIN_FREE_KM2: DeepState's coast and border are drawn more coarsely than the OpenStreetMap
  outline, which leaves thin strips of "free" land between its edge and the sea or Russia (on
  2026-01-06 they add about 1,100 km of outline); small encircled pockets go with them;
- the edge that runs along the state border or the coast, within BORDER_GAP_M of it, for more
  than ALONG_BORDER_M: where a front line meets the border at an angle, the stretch within the
  gap is short and is kept, so a square against a straight border has the length of its other
  three sides.

Geometry is handled in EPSG:3035, densified as the areas are; lengths are geodesic (on the WGS84
ellipsoid, which is what any equidistant projection approximates), taken in lon/lat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyproj
import shapely

from frontline.ingest.geometry import keep_polygons
from frontline.ingest.measure import to_area_crs
from frontline.projection import to_display

MIN_PART_KM2 = 1.0
MIN_FREE_KM2 = 100.0
BORDER_GAP_M = 500.0
ALONG_BORDER_M = 3 * BORDER_GAP_M
# Two outlines that came out of one overlay meet within floating-point noise, not exactly.
_TOUCH_M = 10.0
_MARGIN_M = 5_000.0
_GEOD = pyproj.Geod(ellps="WGS84")


# The stored line is simplified to about 10 m and rounded to 1e-5° (about 1 m): a drawing of
# it, not a measure (lengths are taken before).
LINE_TOLERANCE_DEG = 1e-4
LINE_GRID_DEG = 1e-5


@dataclass(frozen=True)
class Front:
    """One date's front line: its km per area (areas it does not reach are absent) and overall,
    and the line in lon/lat at drawing precision."""

    total: str
    km: dict[str, float]
    total_km: float
    line_wgs84: shapely.Geometry

    def rows(self) -> list[tuple[str, float, bytes | None]]:
        """(area, km, line WKB) to store: the total first, which alone carries the line."""
        total = (self.total, self.total_km, shapely.to_wkb(self.line_wgs84))
        return [total, *((area, km, None) for area, km in sorted(self.km.items()))]


def length_km(line_wgs84: shapely.Geometry) -> float:
    """The geodesic length of a lon/lat line, in km."""
    if shapely.is_empty(line_wgs84):
        return 0.0
    return float(_GEOD.geometry_length(line_wgs84)) / 1000.0


class FrontRegion:
    """The country's areas (the country named `total`), prepared once, to find the front line of
    any occupied area."""

    def __init__(self, areas_wgs84: dict[str, shapely.Geometry], total: str) -> None:
        self.total = total
        self.rules = (
            f"front: parts>={MIN_PART_KM2} km2, free>={MIN_FREE_KM2} km2, "
            f"border gap {BORDER_GAP_M} m for >{ALONG_BORDER_M} m"
        )
        # The land the areas cover, without the lagoons the national figure counts: a lagoon
        # DeepState leaves undrawn (Syvash, on the 2022 maps) is water, not free ground.
        self.country = to_area_crs(
            shapely.union_all([shapely.make_valid(a) for a in areas_wgs84.values()])
        )
        self.outline = shapely.boundary(self.country)
        self._on_outline = shapely.buffer(self.outline, _TOUCH_M, quad_segs=2)
        # The edges lie inside the country, so only the inner side of the outline is near it;
        # a negative buffer finds it with a third of the memory of buffering the outline.
        self._near_outline = shapely.difference(
            self.country, shapely.buffer(self.country, -BORDER_GAP_M, quad_segs=2)
        )
        self._names = list(areas_wgs84)
        self._areas = to_area_crs(np.array([shapely.make_valid(a) for a in areas_wgs84.values()]))
        shapely.prepare(self.country)
        shapely.prepare(self._on_outline)
        shapely.prepare(self._near_outline)
        shapely.prepare(self._areas)

    def line(self, occupied: shapely.Geometry) -> shapely.Geometry:
        """The front line (EPSG:3035) of an occupied area given in EPSG:3035, densified."""
        occupied = shapely.make_valid(occupied)
        if shapely.is_empty(occupied):
            return shapely.MultiLineString()
        # Everything below happens near the occupied area: the country is cut to its bounds
        # (with a margin), and a free piece reaching the cut is not cut off from the rest.
        minx, miny, maxx, maxy = shapely.bounds(occupied)
        box = (minx - _MARGIN_M, miny - _MARGIN_M, maxx + _MARGIN_M, maxy + _MARGIN_M)
        near = shapely.clip_by_rect(self.country, *box)
        occupied = shapely.intersection(occupied, near)
        parts = [p for p in _polygon_parts(occupied) if shapely.area(p) >= MIN_PART_KM2 * 1e6]
        if not parts:
            return shapely.MultiLineString()
        # The parts of one valid polygon do not overlap: no union is needed to join them.
        occupied = shapely.multipolygons(parts)
        free = shapely.difference(near, occupied)
        box_edge = shapely.boundary(shapely.box(*box))
        cut_off = [
            p
            for p in _polygon_parts(free)
            if shapely.area(p) < MIN_FREE_KM2 * 1e6 and not shapely.intersects(p, box_edge)
        ]
        edge = shapely.difference(
            shapely.boundary(occupied), shapely.clip_by_rect(self._on_outline, *box)
        )
        if cut_off:
            beside = shapely.buffer(shapely.multipolygons(cut_off), _TOUCH_M, quad_segs=2)
            edge = shapely.difference(edge, beside)
        return shapely.line_merge(shapely.difference(edge, self._along_border(edge, box)))

    def _along_border(
        self, edge: shapely.Geometry, box: tuple[float, float, float, float]
    ) -> shapely.Geometry:
        """The stretches of `edge` that follow the border or coast (near it for long enough)."""
        band = shapely.clip_by_rect(self._near_outline, *box)
        near = shapely.line_merge(shapely.intersection(edge, band))
        along = [p for p in shapely.get_parts(near) if shapely.length(p) > ALONG_BORDER_M]
        if not along:
            return shapely.GeometryCollection()
        return shapely.buffer(shapely.multilinestrings(along), _TOUCH_M, quad_segs=2)

    def measure(self, occupied: shapely.Geometry) -> Front:
        """The front of an occupied area (EPSG:3035): km per area reached, overall, and the line."""
        line = self.line(occupied)
        if shapely.is_empty(line):
            return Front(self.total, {}, 0.0, shapely.MultiLineString())
        km = {}
        for name, area in zip(self._names, self._areas, strict=True):
            if shapely.intersects(area, line):
                inside = length_km(to_display(shapely.intersection(line, area)))
                if inside > 0:
                    km[name] = inside
        line_wgs84 = to_display(line)
        return Front(self.total, km, length_km(line_wgs84), _drawing(line_wgs84))

    def drawn_line(self, occupied: shapely.Geometry) -> shapely.Geometry:
        """The front line of an occupied area (EPSG:3035) in lon/lat at drawing precision, as
        `measure` gives it, without measuring it."""
        return _drawing(to_display(self.line(occupied)))


def _drawing(line_wgs84: shapely.Geometry) -> shapely.Geometry:
    """A lon/lat line simplified and rounded for drawing (LINE_TOLERANCE_DEG, LINE_GRID_DEG)."""
    return shapely.set_precision(shapely.simplify(line_wgs84, LINE_TOLERANCE_DEG), LINE_GRID_DEG)


def _polygon_parts(geometry: shapely.Geometry) -> np.ndarray:
    """The polygons of a geometry, one by one, whatever collection holds them."""
    return shapely.get_parts(keep_polygons(geometry))
