"""Parsing snapshot files: what real files contain is accepted, what is broken is named."""

from __future__ import annotations

import json
import pickle
from datetime import date

import numpy as np
import pyproj
import pytest
import shapely

from frontline.ingest.snapshots import SnapshotError, date_from_name, parse_snapshot, read_snapshot
from tests.synthetic import bow_tie, feature_collection

SQUARE = shapely.box(37.0, 47.0, 38.0, 48.0)


def encode(doc: object) -> bytes:
    return json.dumps(doc).encode()


def test_multipolygon_file_parses_to_its_area() -> None:
    parsed = parse_snapshot(encode(feature_collection([SQUARE])))
    assert parsed.is_valid
    assert parsed.area == pytest.approx(1.0)


def test_bow_tie_keeps_both_lobes() -> None:
    # buffer(0) would keep one triangle (area 0.25); make_valid keeps both (0.5).
    parsed = parse_snapshot(encode(feature_collection([bow_tie(37.0, 47.0, 1.0)])))
    assert parsed.is_valid
    assert parsed.area == pytest.approx(0.5)
    assert len(shapely.get_parts(parsed)) == 2


def test_overlapping_features_count_once() -> None:
    left = shapely.box(37.0, 47.0, 38.0, 48.0)
    overlapping = shapely.box(37.5, 47.0, 38.5, 48.0)
    parsed = parse_snapshot(encode(feature_collection([left, overlapping, left])))
    assert parsed.area == pytest.approx(1.5)


def test_overlapping_parts_of_one_multipolygon_count_once() -> None:
    multi = shapely.MultiPolygon([SQUARE, shapely.box(37.5, 47.5, 38.5, 48.5)])
    assert parse_snapshot(encode(feature_collection([multi]))).area == pytest.approx(1.75)


@pytest.mark.parametrize(
    "geometries",
    [
        [],
        [{"type": "Point", "coordinates": [37.5, 47.5]}],
        [{"type": "MultiPolygon", "coordinates": []}],
    ],
    ids=["empty collection", "points only", "empty multipolygon"],
)
def test_a_file_without_polygons_is_no_occupied_area_and_says_so(geometries: list) -> None:
    snapshot = read_snapshot(encode(feature_collection(geometries)))
    assert snapshot.occupied.is_empty and not snapshot.has_polygons


def test_a_file_with_polygons_says_so() -> None:
    assert read_snapshot(encode(feature_collection([SQUARE]))).has_polygons


def test_other_crs_is_reprojected_to_wgs84() -> None:
    to_mercator = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    mercator = shapely.transform(
        SQUARE.segmentize(0.01), lambda xy: np.column_stack(to_mercator.transform(*xy.T))
    )
    parsed = parse_snapshot(encode(feature_collection([mercator], crs="EPSG:3857")))
    assert parsed.area == pytest.approx(1.0, rel=1e-6)
    assert parsed.bounds == pytest.approx(SQUARE.bounds, abs=1e-6)


def test_third_coordinate_is_ignored() -> None:
    ring = [[37, 47, 0], [38, 47, 0], [38, 48, 0], [37, 48, 0], [37, 47, 0]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    assert parse_snapshot(encode(feature_collection([geometry]))).area == pytest.approx(1.0)


def test_points_and_lines_carry_no_area() -> None:
    point = {"type": "Point", "coordinates": [37.5, 47.5]}
    assert parse_snapshot(encode(feature_collection([point, SQUARE]))).area == pytest.approx(1.0)


def test_ring_too_short_to_enclose_area_is_dropped() -> None:
    sliver = {"type": "Polygon", "coordinates": [[[37, 47], [38, 48], [37, 47]]]}
    assert parse_snapshot(encode(feature_collection([sliver, SQUARE]))).area == pytest.approx(1.0)


def ring_of(position: object) -> dict:
    """A square ring around (37, 47) whose second position is replaced by `position`."""
    ring = [[37, 47], position, [38, 48], [37, 48], [37, 47]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.mark.parametrize(
    ("geometry", "problem"),
    [
        ({"type": "Polygon", "coordinates": "37,47,38,48"}, "must be an array"),
        ({"type": "MultiPolygon", "coordinates": ["abc"]}, "must be an array"),
        ({"type": "Polygon", "coordinates": [["ab", "cd", "ef", "ab"]]}, "not an array of numbers"),
        (ring_of(["38", "47"]), "not an array of numbers"),
        (ring_of([True, False]), "not an array of numbers"),
        (ring_of([38, None]), "not an array of numbers"),
        (ring_of([38]), "not an array of numbers"),
        (ring_of({"x": 38, "y": 47}), "not an array of numbers"),
        ({"type": "GeometryCollection", "geometries": "x"}, "must be an array"),
    ],
    ids=[
        "string",
        "string polygons",
        "string positions",
        "numbers as strings",
        "booleans",
        "null",
        "one number",
        "object",
        "string members",
    ],
)
def test_coordinates_that_are_not_arrays_of_numbers_are_rejected(
    geometry: dict, problem: str
) -> None:
    with pytest.raises(SnapshotError, match=problem):
        parse_snapshot(encode(feature_collection([geometry])), "deepstatemap_data_20250101.geojson")


@pytest.mark.parametrize(
    "feature",
    [
        {"type": "Feature", "properties": {}, "geometry": None},
        {"type": "Feature", "properties": {}},
        {"type": "Feature", "properties": {}, "geometry": "MultiPolygon"},
    ],
)
def test_a_feature_without_a_geometry_is_rejected_not_zero(feature: dict) -> None:
    for doc in ({"type": "FeatureCollection", "features": [feature]}, feature):
        with pytest.raises(SnapshotError, match="has no geometry"):
            parse_snapshot(encode(doc))


@pytest.mark.parametrize("crs_name", [{"proj": "longlat"}, 4326, None, ["EPSG:4326"]])
def test_a_crs_name_that_is_not_a_string_is_rejected(crs_name: object) -> None:
    doc = feature_collection([SQUARE])
    doc["crs"] = {"type": "name", "properties": {"name": crs_name}}
    with pytest.raises(SnapshotError, match="is not a string"):
        parse_snapshot(encode(doc))


def test_a_bad_crs_is_rejected_even_in_a_file_without_polygons() -> None:
    with pytest.raises(SnapshotError, match="unknown CRS"):
        parse_snapshot(encode(feature_collection([], crs="EPSG:999999")))


def test_snapshot_error_crosses_a_process_boundary_intact() -> None:
    error = pickle.loads(pickle.dumps(SnapshotError("deepstatemap_data_20250101.geojson", "bad")))
    assert (error.name, error.problem) == ("deepstatemap_data_20250101.geojson", "bad")
    assert str(error) == "deepstatemap_data_20250101.geojson: bad"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a GeoJSON object"),
        (encode({"type": "Topology"}), "expected a FeatureCollection"),
        (encode({"type": "FeatureCollection"}), "without a `features` list"),
        (encode({"type": "FeatureCollection", "features": [1]}), "feature 0 is not"),
        (
            encode(feature_collection([{"type": "Polygon", "coordinates": [[["a", "b"]] * 4]}])),
            "malformed Polygon",
        ),
        (encode(feature_collection([{"type": "Circle", "coordinates": []}])), "unknown geometry"),
        (encode(feature_collection([SQUARE], crs="EPSG:999999")), "unknown CRS"),
        (
            encode(feature_collection([shapely.box(4e6, 6e6, 4.1e6, 6.1e6)], crs=None)),
            "outside longitude/latitude",
        ),
    ],
)
def test_broken_file_names_file_and_problem(data: bytes, problem: str) -> None:
    with pytest.raises(SnapshotError) as caught:
        parse_snapshot(data, "deepstatemap_data_20250101.geojson")
    assert str(caught.value).startswith("deepstatemap_data_20250101.geojson: ")
    assert problem in str(caught.value)


def test_a_huge_coordinate_is_named_in_a_few_characters_not_309_digits() -> None:
    ring = [[30.0, 48.0], [1e308, 48.0], [31.0, 49.0], [30.0, 48.0]]
    data = encode(feature_collection([{"type": "Polygon", "coordinates": [ring]}]))
    with pytest.raises(SnapshotError, match="outside longitude/latitude") as caught:
        parse_snapshot(data, "deepstatemap_data_20250101.geojson")
    assert "1e+308" in str(caught.value) and len(str(caught.value)) < 200


def test_date_from_name() -> None:
    assert date_from_name("deepstatemap_data_20260106.geojson") == date(2026, 1, 6)


@pytest.mark.parametrize(
    "name", ["deepstatemap_data_20261345.geojson", "deepstatemap_data_2026016.geojson", "x.geojson"]
)
def test_bad_file_name_is_an_error(name: str) -> None:
    with pytest.raises(SnapshotError, match=name):
        date_from_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "deepstatemap_data_202601\u0660\u0666.geojson",  # Arabic-Indic digits
        "deepstatemap_data_\uff12\uff10\uff12\uff16\uff10\uff11\uff10\uff16.geojson",  # full width
        "deepstatemap_data_20260106.geojson\n",
        "deepstatemap_data_20260106.geojson ",
        " deepstatemap_data_20260106.geojson",
    ],
)
def test_only_ascii_digits_and_the_exact_name_make_a_snapshot_date(name: str) -> None:
    with pytest.raises(SnapshotError, match=r"not a deepstatemap_data_YYYYMMDD\.geojson"):
        date_from_name(name)


def test_a_name_with_a_newline_is_shown_quoted() -> None:
    assert str(SnapshotError("a\nb", "bad")) == "'a\\nb': bad"


def test_polygons_far_from_the_box_are_dropped_before_repair() -> None:
    far_and_broken = bow_tie(24.0, 48.0, 1.0)
    doc = feature_collection(
        [
            {
                "type": "MultiPolygon",
                "coordinates": [
                    far_and_broken["coordinates"],
                    shapely.geometry.mapping(SQUARE)["coordinates"],
                ],
            }
        ]
    )
    parsed = parse_snapshot(encode(doc), within=(36.5, 46.5, 40.5, 50.5))
    assert parsed.area == pytest.approx(1.0)


def test_a_polygon_reaching_into_the_box_is_kept_whole() -> None:
    wide = shapely.box(30.0, 47.0, 38.0, 48.0)
    parsed = parse_snapshot(encode(feature_collection([wide])), within=(36.5, 46.5, 40.5, 50.5))
    assert parsed.area == pytest.approx(8.0)
