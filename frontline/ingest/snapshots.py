"""One day's snapshot: parse a DeepStateMap GeoJSON file into a valid occupied-area geometry.

Parsing is the hot path of a refresh (hundreds of files), so coordinates go straight from
orjson's lists into shapely's array constructors instead of through `shapely.geometry.shape`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import orjson
import pyproj
import shapely

from frontline.ingest.geometry import (
    POLYGONAL,
    keep_polygons,
    outside_share,
    repair,
    split_by_box,
    valid_parts,
)
from frontline.registry import DAILY, source

# JSON numbers as orjson gives them; `bool` is a subclass of `int` but never a coordinate.
_NUMBER_TYPES = frozenset({int, float})

# Names a GeoJSON `crs` member may use for plain longitude/latitude WGS84.
WGS84_NAMES = frozenset(
    {
        "urn:ogc:def:crs:OGC:1.3:CRS84",
        "urn:ogc:def:crs:OGC::CRS84",
        "OGC:CRS84",
        "CRS84",
        "EPSG:4326",
        "urn:ogc:def:crs:EPSG::4326",
        "urn:ogc:def:crs:EPSG:4326",
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    }
)


class SnapshotError(ValueError):
    """A snapshot file that cannot be read; the message names the file and the problem."""

    def __init__(self, name: str, problem: str) -> None:
        # A name with a newline or other control character is shown quoted, so it stays visible.
        self.label = name if name.isprintable() else repr(name)
        super().__init__(f"{self.label}: {problem}")
        self.name = name
        self.problem = problem

    def __reduce__(self) -> tuple[type[SnapshotError], tuple[str, str]]:
        # Errors travel back from worker processes; the default would call __init__ with the
        # formatted message alone and fail there.
        return (SnapshotError, (self.name, self.problem))


@dataclass(frozen=True)
class Snapshot:
    """A parsed snapshot: its occupied area, and whether the file held any polygon at all."""

    occupied: shapely.Geometry
    has_polygons: bool
    # The share of its area outside the box it was read within (see `plausibility`).
    outside_share: float = 0.0


def date_from_name(name: str, source_id: str = DAILY) -> date:
    """The snapshot date in a file name, as the source (by default the daily archive) names its
    files; SnapshotError names a file it does not."""
    try:
        return source(source_id).naming.date_of(name)
    except ValueError as err:
        raise SnapshotError(name, str(err)) from None


def parse_snapshot(
    data: bytes,
    name: str = "<snapshot>",
    within: tuple[float, float, float, float] | None = None,
) -> shapely.Geometry:
    """The occupied area in a GeoJSON snapshot, in WGS84 longitude/latitude, made valid."""
    return read_snapshot(data, name, within).occupied


def read_snapshot(
    data: bytes,
    name: str = "<snapshot>",
    within: tuple[float, float, float, float] | None = None,
) -> Snapshot:
    """The occupied area in a GeoJSON snapshot, in WGS84 longitude/latitude, made valid.

    Accepts a FeatureCollection, a Feature or a bare geometry. Overlapping features are unioned
    so no area counts twice; invalid rings are repaired with `shapely.make_valid` (never
    `buffer(0)`, which drops one lobe of a bow-tie); a `crs` member other than WGS84 is
    reprojected. A file with no polygons (an empty collection, points only) gives an empty
    geometry and says so in `has_polygons`. Anything else unreadable, including a feature
    without a geometry and coordinates that are not arrays of numbers, raises `SnapshotError`
    naming the file and the problem: bad input must never become a figure of 0 %.

    With `within` (a lon/lat box), polygons wholly outside the box are dropped before repair:
    they cannot reach the region, and repairing the whole country costs most of the time; the
    share of the area they and the rest hold outside the box is kept in `outside_share`.
    """
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as err:
        raise SnapshotError(name, f"not valid JSON ({err})") from err
    if not isinstance(doc, dict):
        raise SnapshotError(name, "not a GeoJSON object")
    crs = crs_of(doc, name)
    booleans = may_hold_booleans(data)
    geometries = [polygonal(g, name, booleans) for g in _geometries(doc, name)]
    parts = [g for g in geometries if not g.is_empty]
    if not parts:
        return Snapshot(shapely.MultiPolygon(), has_polygons=False)
    merged = parts[0] if len(parts) == 1 else shapely.union_all(valid_parts(np.array(parts)))
    if crs is not None:
        merged = to_wgs84(merged, crs, name)
    check_lonlat(merged, name)
    far = np.array([], dtype=object)
    if within is not None:
        near, far = split_by_box(shapely.get_parts(merged), within)
        merged = shapely.multipolygons(near)
    if not shapely.is_valid(merged):
        merged = repair(merged)
    if merged.geom_type not in POLYGONAL:
        # Repair can leave lines beside polygons; the union keeps the polygons valid together.
        merged = shapely.union_all(keep_polygons(merged))
    outside = 0.0 if within is None else outside_share(shapely.get_parts(merged), far, within)
    return Snapshot(merged, has_polygons=True, outside_share=outside)


def may_hold_booleans(data: bytes) -> bool:
    """Whether a JSON text holds `true` or `false` anywhere.

    numpy reads true as 1.0 among numbers; without any boolean in the file its dtype alone
    shows whether positions are numbers, and the slow check per position can be skipped.
    """
    return b"true" in data or b"false" in data


def _geometries(doc: dict[str, Any], name: str) -> list[dict[str, Any]]:
    kind = doc.get("type")
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise SnapshotError(name, "FeatureCollection without a `features` list")
        return [_geometry_of(feature, f"feature {i}", name) for i, feature in enumerate(features)]
    if kind == "Feature":
        return [_geometry_of(doc, "the feature", name)]
    if kind in {"Polygon", "MultiPolygon", "GeometryCollection"}:
        return [doc]
    raise SnapshotError(name, f"expected a FeatureCollection, found type {kind!r}")


def _geometry_of(feature: Any, which: str, name: str) -> dict[str, Any]:
    """A feature's geometry; a daily snapshot has no use for a feature without one."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise SnapshotError(name, f"{which} is not a GeoJSON Feature")
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        raise SnapshotError(name, f"{which} has no geometry (found {geometry!r:.40})")
    return geometry


def polygonal(geometry: dict[str, Any], name: str, booleans: bool = True) -> shapely.Geometry:
    """Polygons from one GeoJSON geometry; points and lines carry no area and are dropped."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    try:
        if kind == "Polygon":
            return _multipolygon([geometry["coordinates"]], booleans)
        if kind == "MultiPolygon":
            return _multipolygon(geometry["coordinates"], booleans)
        if kind == "GeometryCollection":
            members = [
                polygonal(g, name, booleans) for g in _array(geometry.get("geometries"), "members")
            ]
            return shapely.union_all(repair([m for m in members if not m.is_empty]))
        if kind in {"Point", "MultiPoint", "LineString", "MultiLineString"}:
            return shapely.MultiPolygon()
    except (KeyError, TypeError, ValueError, IndexError, shapely.errors.GEOSException) as err:
        raise SnapshotError(name, f"malformed {kind} coordinates ({err})") from err
    raise SnapshotError(name, f"unknown geometry type {kind!r}")


def _multipolygon(polygons: list[Any], booleans: bool = True) -> shapely.Geometry:
    """A MultiPolygon from GeoJSON polygon coordinates, built with one array per file."""
    coords: list[Any] = []
    ring_index: list[int] = []
    polygon_index: list[int] = []
    ring = 0
    for p, rings in enumerate(_array(polygons, "polygons")):
        for r, points in enumerate(_array(rings, "rings")):
            if not isinstance(points, list) or _degenerate(points):
                _check_positions(points)  # a dropped ring must still be made of positions
                if r == 0:
                    break  # no shell, no polygon: its holes must not become shells
                continue
            coords.extend(points)
            ring_index.extend([ring] * len(points))
            polygon_index.append(p)
            ring += 1
    if not coords:
        return shapely.MultiPolygon()
    array = _xy_array(coords, booleans)
    if not np.isfinite(array).all():
        raise ValueError("coordinates that are not finite numbers")
    rings = shapely.linearrings(array, indices=ring_index)
    return shapely.multipolygons(shapely.polygons(rings, indices=polygon_index))


def _array(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{what} must be an array, found {value!r:.40}")
    return value


def _check_positions(points: Any) -> None:
    """Every position an array of two or three numbers: never a string, a boolean or null.

    numpy would quietly turn "37.5" into 37.5 and true into 1.0.
    """
    for position in _array(points, "a ring"):
        if (
            type(position) is not list
            or not 2 <= len(position) <= 3
            or not all(type(v) in _NUMBER_TYPES for v in position)
        ):
            raise ValueError(f"position {position!r:.40} is not an array of numbers")


def _xy_array(coords: list[Any], booleans: bool) -> np.ndarray:
    """An (n, 2) array of x, y; a third (z) value, present in some files, is dropped.

    Positions are checked one by one only when numpy's dtype cannot vouch for them: a string or
    null among numbers gives a string or object array, but a boolean would pass as a number.
    """
    try:
        array = np.array(coords)
    except ValueError:  # a mix of 2D and 3D positions
        array = None
    if (
        booleans
        or array is None
        or array.dtype.kind not in "iuf"
        or array.ndim != 2
        or not 2 <= array.shape[1] <= 3
    ):
        _check_positions(coords)
        array = np.array([c[:2] for c in coords], dtype=float)
    return array[:, :2].astype(float, copy=False)


def _degenerate(points: list[Any]) -> bool:
    """A ring needs three distinct corners to enclose any area; fewer is noise, not a polygon."""
    closed = bool(points) and points[0] == points[-1]
    return len(points) < 3 + closed


def crs_of(doc: dict[str, Any], name: str) -> pyproj.CRS | None:
    """The CRS named by a legacy `crs` member, or None for WGS84 (GeoJSON's default)."""
    member = doc.get("crs")
    if member is None:
        return None
    try:
        crs_name = member["properties"]["name"]
    except (KeyError, TypeError) as err:
        raise SnapshotError(name, f"unreadable `crs` member {member!r:.80}") from err
    if not isinstance(crs_name, str):
        # pyproj would read a dict or a number as a CRS definition of its own.
        raise SnapshotError(name, f"the CRS name {crs_name!r:.40} is not a string")
    if crs_name in WGS84_NAMES:
        return None
    try:
        return pyproj.CRS.from_user_input(crs_name)
    except pyproj.exceptions.CRSError as err:
        raise SnapshotError(name, f"unknown CRS {crs_name!r}") from err


def to_wgs84(geometry: shapely.Geometry, crs: pyproj.CRS, name: str) -> shapely.Geometry:
    transformer = pyproj.Transformer.from_crs(crs, "OGC:CRS84", always_xy=True)

    def reproject(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(transformer.transform(xy[:, 0], xy[:, 1], errcheck=True))

    try:
        return shapely.transform(geometry, reproject)
    except pyproj.exceptions.ProjError as err:
        raise SnapshotError(name, f"cannot reproject from {crs.name} ({err})") from err


def check_lonlat(geometry: shapely.Geometry, name: str) -> None:
    minx, miny, maxx, maxy = geometry.bounds
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise SnapshotError(
            name,
            f"coordinates outside longitude/latitude range (bounds {_short(minx)}, {_short(miny)}, "
            f"{_short(maxx)}, {_short(maxy)}): a projected CRS without a `crs` member?",
        )


def _short(value: float) -> str:
    """A coordinate for a message: one decimal, or an exponent when it is huge (1e+308)."""
    return f"{value:.1f}" if abs(value) < 1e7 else f"{value:.3g}"
