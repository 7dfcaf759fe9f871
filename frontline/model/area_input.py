"""A reader's area from a drawing, an uploaded GeoJSON or KML file, or a ring around a town.

Every way in ends in `checked_area`, which accepts only polygons in lon/lat (EPSG:4326) that
reach Ukraine, repairs a polygon that crosses itself (and says so), and refuses everything
else with a message for the reader. Nothing here draws or stores anything.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyproj
import shapely

from frontline.config import DISPLAY_CRS
from frontline.ingest.geometry import POLYGONAL, keep_polygons, repair
from frontline.model.area import land

MAX_FILE_BYTES = 5_000_000
MAX_VERTICES = 100_000
MAX_RADIUS_KM = 100.0
MIN_RADIUS_KM = 1.0
# The GeoJSON "crs" names (GeoJSON 2008) that mean longitude/latitude on WGS 84.
_LON_LAT_NAMES = re.compile(
    r"^(urn:ogc:def:crs:(ogc:1\.3:crs84|ogc::crs84|epsg::4326)|epsg:4326|crs84|ogc:crs84)$",
    re.IGNORECASE,
)
_KML_NS = "{http://www.opengis.net/kml/2.2}"
# Vertices per ring of a circle around a town (a quarter circle is quad_segs segments).
_QUAD_SEGS = 16


class AreaInputError(ValueError):
    """An area that cannot be used; the message says why, in plain words."""


@dataclass(frozen=True)
class AreaInput:
    """A checked area: valid polygons in lon/lat, what to call it, and what was done to it."""

    geometry: shapely.Geometry
    label: str
    notes: tuple[str, ...] = ()


def checked_area(
    geometry: shapely.Geometry | None, label: str, notes: Sequence[str] = ()
) -> AreaInput:
    """`geometry` (lon/lat) as a measurable area, or AreaInputError saying what is wrong."""
    if geometry is None or geometry.is_empty:
        raise AreaInputError("The area is empty: draw or upload a polygon.")
    kinds = {part.geom_type for part in shapely.get_parts(geometry)}
    if not kinds <= POLYGONAL:
        if kinds & {"Point", "MultiPoint"}:
            raise AreaInputError("A point has no area: draw or upload a polygon.")
        if kinds & {"LineString", "MultiLineString", "LinearRing"}:
            raise AreaInputError("A line has no area: draw or upload a polygon.")
        raise AreaInputError(f"Only polygons have an area, not {', '.join(sorted(kinds))}.")
    vertices = int(shapely.get_num_coordinates(geometry))
    if vertices > MAX_VERTICES:
        raise AreaInputError(
            f"The area has {vertices:,} vertices; at most {MAX_VERTICES:,} are accepted. "
            "Simplify it first."
        )
    xy = shapely.get_coordinates(geometry)
    if not np.isfinite(xy).all():
        raise AreaInputError("The area has coordinates that are not numbers.")
    if (np.abs(xy[:, 0]) > 180).any() or (np.abs(xy[:, 1]) > 90).any():
        raise AreaInputError(
            "The coordinates are not longitude and latitude (EPSG:4326): unknown CRS."
        )
    said = list(notes)
    if not shapely.is_valid(geometry):
        geometry = repair(geometry)
        said.append("The outline crossed itself; it was repaired before measuring.")
    polygons = keep_polygons(geometry)
    if polygons.is_empty or polygons.area == 0:
        raise AreaInputError("The area is empty: its outline encloses nothing.")
    if not shapely.intersects(polygons, land()):
        raise AreaInputError("The area lies outside Ukraine: there is nothing to measure.")
    if not shapely.contains(land(), polygons):
        said.append("Part of the area lies outside Ukraine; its share is of the part inside.")
    single = polygons.geoms[0] if len(polygons.geoms) == 1 else polygons
    return AreaInput(single, label, tuple(said))


def area_from_drawings(drawings: Iterable[Mapping[str, Any]] | None) -> AreaInput:
    """The area drawn on the map: the GeoJSON features that folium's Draw plugin returns
    (streamlit-folium's `all_drawings`), joined."""
    features = list(drawings or [])
    if not features:
        raise AreaInputError("Nothing is drawn yet: draw a rectangle or a polygon on the map.")
    geometry = _geometries(_features({"type": "FeatureCollection", "features": features}))
    return checked_area(geometry, "drawn area")


def area_from_file(name: str, data: bytes) -> AreaInput:
    """The area in an uploaded GeoJSON or KML file, checked before anything is parsed deeply."""
    check_file_size(len(data))
    lowered = name.lower()
    if lowered.endswith(".kml"):
        return checked_area(_from_kml(data), name)
    if lowered.endswith((".geojson", ".json")):
        geometry, notes = _from_geojson(data)
        return checked_area(geometry, name, notes)
    raise AreaInputError("Upload a GeoJSON (.geojson, .json) or KML (.kml) file.")


def check_file_size(size: int) -> None:
    """AreaInputError if a file of `size` bytes is too large to be read."""
    if size > MAX_FILE_BYTES:
        raise AreaInputError(
            f"The file is {size / 1e6:.1f} MB; at most {MAX_FILE_BYTES / 1e6:.0f} MB are accepted."
        )


def area_near_town(name: str, lon: float, lat: float, radius_km: float) -> AreaInput:
    """Everything within `radius_km` of a town: a circle drawn in an azimuthal equidistant
    projection centred on the town, so its radius is true in every direction."""
    if not MIN_RADIUS_KM <= radius_km <= MAX_RADIUS_KM:
        raise AreaInputError(
            f"The distance must be between {MIN_RADIUS_KM:g} and {MAX_RADIUS_KM:g} km."
        )
    local = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    back = pyproj.Transformer.from_crs(local, DISPLAY_CRS, always_xy=True)
    circle = shapely.Point(0, 0).buffer(radius_km * 1000, quad_segs=_QUAD_SEGS)
    ring = np.column_stack(back.transform(*shapely.get_coordinates(circle).T))
    return checked_area(shapely.Polygon(ring), f"within {radius_km:g} km of {name}")


def _from_geojson(data: bytes) -> tuple[shapely.Geometry, list[str]]:
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as err:
        raise AreaInputError("The file is not valid GeoJSON (JSON could not be read).") from err
    if not isinstance(document, dict):
        raise AreaInputError("The file is not GeoJSON: it holds no GeoJSON object.")
    geometry = _geometries(_features(document))
    crs = _named_crs(document.get("crs"))
    if crs is None:
        return geometry, []
    to_lon_lat = pyproj.Transformer.from_crs(crs, DISPLAY_CRS, always_xy=True)
    moved = shapely.transform(geometry, lambda xy: np.column_stack(to_lon_lat.transform(*xy.T)))
    return moved, [f"Coordinates converted from {crs.name} to longitude and latitude."]


def _named_crs(member: object) -> pyproj.CRS | None:
    """The file's CRS when it names one other than lon/lat; AreaInputError if unknown."""
    if member is None:
        return None
    properties = member.get("properties") if isinstance(member, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str) or not isinstance(member, dict) or member.get("type") != "name":
        raise AreaInputError("The file's CRS is not given by name: unknown CRS.")
    if _LON_LAT_NAMES.match(name.strip()):
        return None
    try:
        crs = pyproj.CRS.from_user_input(name.strip())
    except pyproj.exceptions.CRSError as err:
        raise AreaInputError(f"The file's CRS {name[:60]!r} is an unknown CRS.") from err
    if crs.is_geographic and crs.equals(DISPLAY_CRS, ignore_axis_order=True):
        return None
    return crs


def _features(document: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The geometry objects of a GeoJSON FeatureCollection, Feature or bare geometry."""
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise AreaInputError("The FeatureCollection has no list of features.")
        for feature in features:
            if isinstance(feature, dict):
                yield from _features(feature)
    elif kind == "Feature":
        geometry = document.get("geometry")
        if isinstance(geometry, dict):
            yield geometry
    elif isinstance(kind, str):
        yield document
    else:
        raise AreaInputError("The file is not GeoJSON: its object has no type.")


def _geometries(objects: Iterable[Mapping[str, Any]]) -> shapely.Geometry:
    try:
        parts = [shapely.from_geojson(json.dumps(item)) for item in objects]
    except (shapely.errors.ShapelyError, ValueError, TypeError) as err:
        raise AreaInputError("The file's geometry could not be read as GeoJSON.") from err
    if not parts:
        raise AreaInputError("The area is empty: the file holds no geometry.")
    return shapely.GeometryCollection(parts) if len(parts) > 1 else parts[0]


def _from_kml(data: bytes) -> shapely.Geometry:
    """The polygons of a KML file (always longitude, latitude on WGS 84). Documents with a
    DOCTYPE are refused: KML needs none, and entities are a way to blow up a parser."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise AreaInputError("The KML file declares a DOCTYPE or entities; they are refused.")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise AreaInputError("The file is not valid KML (XML could not be read).") from err
    namespace = _KML_NS if root.tag.startswith(_KML_NS) else ""
    polygons = [_kml_polygon(polygon, namespace) for polygon in root.iter(f"{namespace}Polygon")]
    others = [
        kind for kind in ("Point", "LineString") if root.find(f".//{namespace}{kind}") is not None
    ]
    if not polygons and others:
        raise AreaInputError(f"A {others[0].lower()} has no area: upload a polygon.")
    if not polygons:
        raise AreaInputError("The area is empty: the KML file holds no polygon.")
    return shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def _kml_polygon(polygon: ET.Element, namespace: str) -> shapely.Polygon:
    def ring(path: str) -> list[np.ndarray]:
        return [
            _kml_coordinates(node.text or "")
            for node in polygon.findall(
                f"{namespace}{path}/{namespace}LinearRing/{namespace}coordinates"
            )
        ]

    outer = ring("outerBoundaryIs")
    if len(outer) != 1:
        raise AreaInputError("A KML polygon needs exactly one outer boundary.")
    try:
        return shapely.Polygon(outer[0], ring("innerBoundaryIs"))
    except (ValueError, shapely.errors.ShapelyError) as err:
        raise AreaInputError("A KML polygon's ring has too few points.") from err


def _kml_coordinates(text: str) -> np.ndarray:
    """`lon,lat[,alt]` tuples separated by white space, as longitude and latitude."""
    try:
        points = [tuple(float(v) for v in item.split(",")[:2]) for item in text.split()]
    except ValueError as err:
        raise AreaInputError("A KML coordinate is not a number.") from err
    if any(len(point) != 2 for point in points):
        raise AreaInputError("A KML coordinate lacks its latitude.")
    return np.array(points, dtype=float).reshape(-1, 2)
