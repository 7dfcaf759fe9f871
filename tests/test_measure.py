"""Measuring against the real oblast boundaries: known answers from geometry made here."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from frontline.config import AREA_CRS
from frontline.ingest.measure import Region
from frontline.model.boundaries import load_oblasts

EVERYTHING = shapely.box(20.0, 40.0, 45.0, 55.0)
KYIV_ONLY = shapely.box(30.0, 50.0, 31.0, 51.0)


def plain_share(occupied_wgs84: shapely.Geometry, oblast: str) -> float:
    """The share computed the plain geopandas way, independently of frontline.ingest.measure."""
    oblasts = load_oblasts().to_crs(AREA_CRS).set_index("name")
    occupied = gpd.GeoSeries([occupied_wgs84], crs="EPSG:4326").to_crs(AREA_CRS).iloc[0]
    target = oblasts.geometry[oblast]
    return 100 * occupied.intersection(target).area / target.area


def shares(region: Region, occupied: shapely.Geometry) -> dict[str, float]:
    return {p.oblast: p.occupied_pct for p in region.measure(occupied)}


def test_whole_region_occupied_is_100_percent(region: Region) -> None:
    assert shares(region, EVERYTHING) == pytest.approx({"Donetsk": 100.0, "Luhansk": 100.0})


def test_nothing_in_region_is_0_percent(region: Region) -> None:
    assert shares(region, KYIV_ONLY) == {"Donetsk": 0.0, "Luhansk": 0.0}


def test_empty_geometry_is_0_percent(region: Region) -> None:
    assert shares(region, shapely.MultiPolygon()) == {"Donetsk": 0.0, "Luhansk": 0.0}


@pytest.mark.parametrize("meridian", [37.2, 37.8, 38.4])
def test_oblast_cut_by_a_meridian_matches_plain_geopandas(region: Region, meridian: float) -> None:
    west = shapely.box(30.0, 44.0, meridian, 53.0).segmentize(0.05)
    measured = shares(region, west)
    for oblast in ("Donetsk", "Luhansk"):
        assert measured[oblast] == pytest.approx(plain_share(west, oblast), rel=1e-9, abs=1e-9)


def test_west_and_east_halves_add_up_to_the_whole(region: Region) -> None:
    west = shapely.box(30.0, 44.0, 37.8, 53.0)
    east = shapely.box(37.8, 44.0, 45.0, 53.0)
    total = {p.oblast: p.occupied_km2 for p in region.measure(west)}
    for piece in region.measure(east):
        total[piece.oblast] += piece.occupied_km2
    areas = load_oblasts().set_index("name")["area_km2"]
    assert total["Donetsk"] == pytest.approx(areas["Donetsk"], rel=1e-9)
    assert total["Luhansk"] == pytest.approx(areas["Luhansk"], rel=1e-9)


def test_pieces_are_polygons_in_the_area_crs(region: Region) -> None:
    for piece in region.measure(EVERYTHING):
        assert piece.geometry.geom_type == "MultiPolygon"
        assert piece.geometry.area / 1e6 == pytest.approx(piece.occupied_km2)
        # EPSG:3035 coordinates are metres in the millions, not degrees.
        assert piece.geometry.bounds[0] > 1e6


def test_boundary_areas_match_natural_earth_in_equal_area() -> None:
    areas = load_oblasts().set_index("name")["area_km2"]
    assert areas["Donetsk"] == pytest.approx(26_599, abs=1)
    assert areas["Luhansk"] == pytest.approx(26_310, abs=1)


def test_region_fingerprint_changes_with_boundaries(region: Region) -> None:
    moved = {name: shapely.affinity.translate(g, 10.0) for name, g in region.oblasts.items()}
    assert Region(moved).fingerprint != region.fingerprint
    assert Region(dict(region.oblasts)).fingerprint == region.fingerprint
