"""GeoJSON features: coordinates rounded onto a grid, and always from a valid geometry."""

from __future__ import annotations

import pytest
import shapely

from frontline.present.geojson import geojson_feature


def test_rings_that_cross_are_repaired_before_rounding() -> None:
    # A shell and a hole whose edges cross by 1e-4° (about 10 m): what a difference computed in
    # EPSG:3035 can become once projected back to lon/lat. Rounded as it is, GEOS raises.
    shell = [(36.0, 48.0), (37.0, 48.0), (37.0, 49.0), (36.0, 49.0)]
    hole = [(36.2, 48.2), (37.0 + 1e-4, 48.5), (36.2, 48.8)]
    crossing = shapely.Polygon(shell, [hole])
    assert not crossing.is_valid

    feature = geojson_feature(crossing, {"kind": "gained"}, 5)

    rounded = shapely.geometry.shape(feature["geometry"])
    assert rounded.is_valid
    assert rounded.area == pytest.approx(shapely.make_valid(crossing).area, rel=1e-5)
    assert feature["properties"] == {"kind": "gained"}


def test_coordinates_are_rounded_to_the_given_decimals() -> None:
    square = shapely.box(36.123456789, 48.0, 36.5, 48.987654321)

    feature = geojson_feature(square, {}, 4)

    xs, ys = zip(*feature["geometry"]["coordinates"][0], strict=True)
    assert set(xs) == {36.1235, 36.5} and set(ys) == {48.0, 48.9877}
