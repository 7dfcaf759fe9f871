"""Parsing snapshot files: what real files contain is accepted, what is broken is named."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pyproj
import pytest
import shapely

from frontline.ingest.snapshots import SnapshotError, date_from_name, parse_snapshot
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


def test_empty_collection_is_no_occupied_area() -> None:
    parsed = parse_snapshot(encode(feature_collection([])))
    assert parsed.is_empty


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


def test_date_from_name() -> None:
    assert date_from_name("deepstatemap_data_20260106.geojson") == date(2026, 1, 6)


@pytest.mark.parametrize(
    "name", ["deepstatemap_data_20261345.geojson", "deepstatemap_data_2026016.geojson", "x.geojson"]
)
def test_bad_file_name_is_an_error(name: str) -> None:
    with pytest.raises(SnapshotError, match=name):
        date_from_name(name)


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
