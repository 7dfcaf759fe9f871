"""A reader's area: drawings, GeoJSON and KML files and town rings, and every bad input."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
import shapely

from frontline.model.area import area_size
from frontline.model.area_input import (
    MAX_FILE_BYTES,
    MAX_VERTICES,
    AreaInputError,
    area_from_drawings,
    area_from_file,
    area_near_town,
    checked_area,
)
from tests.synthetic import bow_tie, feature_collection

# Around Pokrovsk, wholly inside Donetsk oblast.
POKROVSK = shapely.box(37.0, 48.2, 37.3, 48.4)


def drawn(geometry: shapely.Geometry | dict[str, Any]) -> dict[str, Any]:
    """A feature as folium's Draw plugin returns it through streamlit-folium."""
    shape = geometry if isinstance(geometry, dict) else shapely.geometry.mapping(geometry)
    return {"type": "Feature", "properties": {}, "geometry": json.loads(json.dumps(shape))}


def geojson_bytes(geometry: shapely.Geometry, crs: str | None = None) -> bytes:
    return json.dumps(feature_collection([geometry], crs)).encode()


def test_a_drawn_rectangle_is_the_area_as_drawn() -> None:
    area = area_from_drawings([drawn(POKROVSK)])
    assert area.geometry.equals(POKROVSK)
    assert area.notes == ()
    assert area.label == "drawn area"


def test_two_drawings_make_one_area() -> None:
    other = shapely.box(38.0, 48.0, 38.1, 48.1)
    area = area_from_drawings([drawn(POKROVSK), drawn(other)])
    assert area.geometry.area == pytest.approx(POKROVSK.area + other.area)


def test_a_self_intersecting_drawing_is_repaired_and_says_so() -> None:
    area = area_from_drawings([drawn(bow_tie(37.0, 48.0, 0.2))])
    assert area.geometry.is_valid
    # Both lobes of the bow tie are kept: half the square.
    assert area.geometry.area == pytest.approx(0.02)
    assert any("repaired" in note for note in area.notes)


@pytest.mark.parametrize(
    ("drawings", "words"),
    [
        (None, "Nothing is drawn"),
        ([], "Nothing is drawn"),
        ([drawn(shapely.Point(37.5, 48.0))], "A point has no area"),
        ([drawn(shapely.LineString([(37, 48), (37.5, 48.2)]))], "A line has no area"),
        ([drawn(shapely.box(10.0, 50.0, 11.0, 51.0))], "outside Ukraine"),
        (
            [drawn({"type": "Polygon", "coordinates": "x"})],
            "could not be read",
        ),
        (
            [
                drawn(
                    {
                        "type": "Polygon",
                        "coordinates": [[[37, 48], [37.1, 48], [37.2, 48], [37, 48]]],
                    }
                )
            ],
            "encloses nothing",
        ),
    ],
)
def test_a_bad_drawing_says_what_is_wrong(drawings: Any, words: str) -> None:
    with pytest.raises(AreaInputError, match=words):
        area_from_drawings(drawings)


def test_an_area_partly_outside_ukraine_measures_the_part_inside() -> None:
    across = shapely.box(39.5, 48.0, 40.5, 48.5)  # Luhansk oblast and Russia
    area = checked_area(across, "across the border")
    assert any("outside Ukraine" in note for note in area.notes)
    whole, inside = area_size(area.geometry)
    assert 0 < inside < whole


def test_a_geojson_file_in_crs84_or_without_crs_is_read_as_it_is() -> None:
    for crs in (None, "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326"):
        area = area_from_file("raion.geojson", geojson_bytes(POKROVSK, crs))
        assert area.geometry.equals(POKROVSK)
        assert area.label == "raion.geojson"


def test_a_geojson_file_in_a_named_projected_crs_is_converted() -> None:
    import pyproj

    to_3857 = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    projected = shapely.transform(
        POKROVSK,
        lambda xy: shapely.get_coordinates(shapely.points(*to_3857.transform(xy[:, 0], xy[:, 1]))),
    )
    area = area_from_file("buffer.json", geojson_bytes(projected, "urn:ogc:def:crs:EPSG::3857"))
    assert shapely.equals_exact(area.geometry, POKROVSK, tolerance=1e-9)
    assert any("converted" in note for note in area.notes)


def test_a_bare_geometry_and_a_single_feature_are_read() -> None:
    geometry = shapely.geometry.mapping(POKROVSK)
    for document in (geometry, {"type": "Feature", "properties": {}, "geometry": geometry}):
        area = area_from_file("a.geojson", json.dumps(document).encode())
        assert area.geometry.equals(POKROVSK)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a.geojson", b"{not json", "not valid GeoJSON"),
        ("a.geojson", b"[1, 2]", "not GeoJSON"),
        ("a.geojson", b"[" * 100_000 + b"]" * 100_000, "not valid GeoJSON"),
        ("a.geojson", b'{"type": "FeatureCollection", "features": []}', "empty"),
        ("a.geojson", geojson_bytes(shapely.Point(37.5, 48.0)), "A point has no area"),
        ("a.geojson", geojson_bytes(shapely.LineString([(37, 48), (38, 48)])), "A line has no"),
        ("a.geojson", geojson_bytes(POKROVSK, "EPSG:999999"), "unknown CRS"),
        ("a.geojson", geojson_bytes(POKROVSK, "not a crs at all"), "unknown CRS"),
        (
            "a.geojson",
            json.dumps({**feature_collection([POKROVSK]), "crs": {"type": "link"}}).encode(),
            "unknown CRS",
        ),
        ("a.geojson", geojson_bytes(shapely.box(4e6, 2.8e6, 4.1e6, 2.9e6)), "unknown CRS"),
        ("a.geojson", geojson_bytes(shapely.box(-70.0, 40.0, -69.0, 41.0)), "outside Ukraine"),
        ("a.shp", b"anything", "Upload a GeoJSON"),
        ("a.geojson", b" " * (MAX_FILE_BYTES + 1), "at most 5 MB"),
    ],
)
def test_a_bad_file_says_what_is_wrong(name: str, data: bytes, words: str) -> None:
    with pytest.raises(AreaInputError, match=words):
        area_from_file(name, data)


def test_a_file_with_too_many_vertices_is_refused() -> None:
    angles = np.linspace(0, 2 * np.pi, MAX_VERTICES + 10)
    coordinates = [
        [round(37.5 + 0.3 * np.cos(a), 5), round(48.0 + 0.3 * np.sin(a), 5)] for a in angles
    ]
    coordinates[-1] = coordinates[0]
    assert len(coordinates) > MAX_VERTICES
    data = json.dumps({"type": "Polygon", "coordinates": [coordinates]}).encode()
    assert len(data) <= MAX_FILE_BYTES
    with pytest.raises(AreaInputError, match="at most 100,000 are accepted"):
        area_from_file("ring.geojson", data)


KML = """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Pokrovsk</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
37.0,48.2,0 37.3,48.2,0 37.3,48.4,0 37.0,48.4,0 37.0,48.2,0
</coordinates></LinearRing></outerBoundaryIs>{inner}</Polygon></Placemark></Document></kml>"""

HOLE = """<innerBoundaryIs><LinearRing><coordinates>
37.1,48.25 37.2,48.25 37.2,48.35 37.1,48.35 37.1,48.25</coordinates></LinearRing>
</innerBoundaryIs>"""


def test_a_kml_polygon_is_read_with_its_holes() -> None:
    assert area_from_file("p.kml", KML.format(inner="").encode()).geometry.equals(POKROVSK)
    holed = area_from_file("p.kml", KML.format(inner=HOLE).encode()).geometry
    assert len(holed.interiors) == 1
    assert holed.area == pytest.approx(POKROVSK.area - 0.01)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<kml><Document>", "not valid KML"),
        (b"<kml></kml>", "empty"),
        (
            b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Point>'
            b"<coordinates>37.5,48.0</coordinates></Point></Placemark></kml>",
            "A point has no area",
        ),
        (
            b"<kml><Placemark><LineString><coordinates>37,48 38,48</coordinates>"
            b"</LineString></Placemark></kml>",
            "A linestring has no area",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml>&a;</kml>',
            "DOCTYPE",
        ),
        (
            b"<kml><Polygon><outerBoundaryIs><LinearRing><coordinates>37,x 38,48 37,49"
            b"</coordinates></LinearRing></outerBoundaryIs></Polygon></kml>",
            "not a number",
        ),
        (
            b"<kml><Polygon><outerBoundaryIs><LinearRing><coordinates>37,48 38,48"
            b"</coordinates></LinearRing></outerBoundaryIs></Polygon></kml>",
            "too few points",
        ),
    ],
)
def test_a_bad_kml_file_says_what_is_wrong(data: bytes, words: str) -> None:
    with pytest.raises(AreaInputError, match=words):
        area_from_file("bad.kml", data)


def test_a_ring_around_a_town_has_its_radius_in_every_direction() -> None:
    area = area_near_town("Pokrovsk", 37.18, 48.28, 20.0)
    assert area.label == "within 20 km of Pokrovsk"
    whole, inside = area_size(area.geometry)
    # A 64-gon inscribed in a 20 km circle: pi r^2 less about 0.16 %.
    assert whole == pytest.approx(3.14159 * 400, rel=0.003)
    assert inside == pytest.approx(whole)


@pytest.mark.parametrize("radius", [0.0, 0.5, 101.0, float("nan")])
def test_a_ring_of_a_wrong_size_is_refused(radius: float) -> None:
    with pytest.raises(AreaInputError, match="between 1 and 100 km"):
        area_near_town("Pokrovsk", 37.18, 48.28, radius)
