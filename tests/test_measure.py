"""Measuring against the real boundaries: known answers from geometry made here."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from frontline.config import AREA_CRS, COUNTRY_WATERS_GEOJSON
from frontline.ingest import measure as measure_module
from frontline.ingest.measure import DENSIFY_DEG, Region, piece_geometry, to_area_crs
from frontline.model.boundaries import COUNTRY, country_area_km2, load_areas, load_oblasts

EVERYTHING = shapely.box(20.0, 40.0, 45.0, 55.0)
KYIV_ONLY = shapely.box(30.0, 50.0, 31.0, 51.0)


def plain_share(occupied_wgs84: shapely.Geometry, oblast: str) -> float:
    """The share computed the plain geopandas way, edges densified in lon/lat first."""
    oblasts = load_oblasts().set_index("name")
    target = gpd.GeoSeries([oblasts.geometry[oblast]], crs="EPSG:4326")
    target = target.segmentize(DENSIFY_DEG).to_crs(AREA_CRS).iloc[0]
    occupied = gpd.GeoSeries([occupied_wgs84], crs="EPSG:4326")
    occupied = occupied.segmentize(DENSIFY_DEG).to_crs(AREA_CRS).iloc[0]
    return 100 * occupied.intersection(target).area / target.area


def shares(region: Region, occupied: shapely.Geometry) -> dict[str, float]:
    return {p.oblast: p.occupied_pct for p in region.measure(occupied)}


def test_whole_country_occupied_is_100_percent_of_each_oblast(region: Region) -> None:
    measured = shares(region, EVERYTHING)
    assert set(measured) == set(load_areas()["name"]) | {COUNTRY}
    oblasts = {name: pct for name, pct in measured.items() if name != COUNTRY}
    assert oblasts == pytest.approx(dict.fromkeys(oblasts, 100.0))
    # The national total counts the territorial sea too, its share is of the land: as
    # DeepStateMap counts it, the whole country with its waters is more than 100 % of its land.
    waters = country_area_km2(COUNTRY_WATERS_GEOJSON)
    assert measured[COUNTRY] == pytest.approx(100 * waters / country_area_km2(), rel=1e-9)
    assert measured[COUNTRY] > 100.0


def test_an_area_far_from_the_focus_gives_the_focus_0_and_the_rest_nothing(
    region: Region,
) -> None:
    measured = shares(region, KYIV_ONLY)
    assert measured["Donetsk"] == measured["Luhansk"] == 0.0
    assert measured["Kyiv"] > 0 and measured[COUNTRY] > 0
    assert "Kharkiv" not in measured


def test_empty_geometry_is_0_percent(region: Region) -> None:
    assert shares(region, shapely.MultiPolygon()) == {"Donetsk": 0.0, "Luhansk": 0.0, COUNTRY: 0.0}


@pytest.mark.parametrize("meridian", [37.2, 37.8, 38.4])
def test_oblast_cut_by_a_meridian_matches_plain_geopandas(region: Region, meridian: float) -> None:
    west = shapely.box(30.0, 44.0, meridian, 53.0).segmentize(0.05)
    measured = shares(region, west)
    for oblast in ("Donetsk", "Luhansk"):
        # The plain way overlays densified chords in EPSG:3035, frontline the straight edges in
        # lon/lat: where edges cross, the two differ by a chord's bow, well under a square metre.
        assert measured[oblast] == pytest.approx(plain_share(west, oblast), rel=1e-8, abs=1e-9)


def test_a_long_straight_edge_encloses_what_it_encloses_in_lon_lat(region: Region) -> None:
    # One edge along the parallel 48.2° N across Donetsk oblast: projected as a chord, it would
    # bow away from the parallel by kilometres; densified first, it follows it.
    south = shapely.Polygon([(36.0, 46.0), (40.0, 46.0), (40.0, 48.2), (36.0, 48.2)])
    assert shares(region, south)["Donetsk"] == pytest.approx(
        plain_share(south, "Donetsk"), rel=1e-9
    )
    chord = gpd.GeoSeries([south], crs="EPSG:4326").to_crs(AREA_CRS).iloc[0]
    oblast = gpd.GeoSeries([load_oblasts().geometry[0]], crs="EPSG:4326").to_crs(AREA_CRS)
    undensified = 100 * chord.intersection(oblast.iloc[0]).area / oblast.iloc[0].area
    assert abs(shares(region, south)["Donetsk"] - undensified) > 0.5


def test_west_and_east_halves_add_up_to_the_whole(region: Region) -> None:
    west = shapely.box(20.0, 40.0, 37.8, 55.0)
    east = shapely.box(37.8, 40.0, 45.0, 55.0)
    total = {p.oblast: p.occupied_km2 for p in region.measure(west)}
    for piece in region.measure(east):
        total[piece.oblast] = total.get(piece.oblast, 0.0) + piece.occupied_km2
    areas = load_oblasts().set_index("name")["area_km2"]
    assert total["Donetsk"] == pytest.approx(areas["Donetsk"], rel=1e-9)
    assert total["Luhansk"] == pytest.approx(areas["Luhansk"], rel=1e-9)
    assert total[COUNTRY] == pytest.approx(country_area_km2(COUNTRY_WATERS_GEOJSON), rel=1e-9)


def test_the_country_is_its_oblasts_plus_what_lies_between_them_and_its_border(
    region: Region,
) -> None:
    pieces = {p.oblast: p.occupied_km2 for p in region.measure(EVERYTHING)}
    oblasts = sum(km2 for name, km2 in pieces.items() if name != COUNTRY)
    assert pieces[COUNTRY] == pytest.approx(country_area_km2(COUNTRY_WATERS_GEOJSON), rel=1e-9)
    assert pieces[COUNTRY] > oblasts


def test_every_oblast_keeps_its_geometry_and_the_country_its_figures(region: Region) -> None:
    """The embedded map history draws the whole front: every oblast's piece keeps its outline."""
    for piece in region.measure(EVERYTHING):
        if piece.oblast == COUNTRY:
            assert piece.geometry.is_empty and piece.occupied_km2 > 0
        else:
            assert piece.geometry.geom_type in ("Polygon", "MultiPolygon")
            assert piece.geometry.area / 1e6 == pytest.approx(piece.occupied_km2)
            # EPSG:3035 coordinates are metres in the millions, not degrees.
            assert piece.geometry.bounds[0] > 1e6


def test_focus_geometry_joined_from_tiles_is_the_plain_intersection(region: Region) -> None:
    # A jagged area across both focus oblasts, their shared edge and the border: it crosses
    # many tiles, so the stored geometry is joined from many tile pieces.
    jagged = shapely.Polygon(
        [(36.3, 47.1), (40.2, 47.6), (39.1, 48.3), (40.6, 49.9), (38.4, 49.2), (37.1, 48.6)]
    )
    occupied = to_area_crs(jagged)
    for piece in region.measure(jagged):
        if piece.oblast in ("Donetsk", "Luhansk"):
            plain = shapely.intersection(occupied, to_area_crs(region.oblasts[piece.oblast]))
            assert piece.geometry.is_valid
            assert piece.geometry.area / 1e6 == pytest.approx(piece.occupied_km2, rel=1e-12)
            # Overlaid in lon/lat and densified after, its long edges are cut into other chords
            # than the plain way's: the two outlines lie within centimetres of each other.
            assert shapely.hausdorff_distance(piece.geometry, plain) < 0.5
            assert piece.geometry.area == pytest.approx(plain.area, rel=1e-8)


def test_a_day_measured_after_another_gives_what_it_gives_alone(region: Region) -> None:
    first = shapely.box(30.0, 44.0, 37.8, 53.0)
    second = shapely.box(30.0, 44.0, 38.0, 53.0)
    region.measure(first)
    after = region.measure(second)
    alone = fresh(region).measure(second)
    assert after == alone


def test_region_fingerprint_changes_with_boundaries(region: Region) -> None:
    moved = {name: shapely.affinity.translate(g, 10.0) for name, g in region.oblasts.items()}
    assert Region(moved).fingerprint != region.fingerprint
    assert fresh(region).fingerprint == region.fingerprint


def fresh(region: Region) -> Region:
    """A region built again from the same areas, with nothing measured yet."""
    return Region(
        region.oblasts,
        region.always,
        region.drawn,
        region.total,
        region.front,
        region.total_area_m2,
    )


def test_a_drawn_piece_is_stored_by_tile_and_read_back_joined(region: Region) -> None:
    jagged = shapely.Polygon([(36.3, 47.1), (40.2, 47.6), (39.1, 48.3), (37.1, 48.6)])
    donetsk = next(p for p in region.measure(jagged) if p.oblast == "Donetsk")

    stored = shapely.from_wkb(donetsk.wkb)
    assert stored.geom_type == "GeometryCollection"
    assert len(stored.geoms) > 1  # one piece or more per tile the area crosses
    assert stored.bounds[0] < 180  # lon/lat, as measured
    joined = piece_geometry(donetsk.wkb)
    assert joined.geom_type == "Polygon" or len(joined.geoms) < len(stored.geoms)
    assert joined.is_valid and joined.bounds[0] > 1e6  # EPSG:3035 metres


def test_a_piece_stored_joined_by_an_earlier_version_is_read_as_it_is() -> None:
    joined_3035 = shapely.MultiPolygon([shapely.box(6.3e6, 2.8e6, 6.4e6, 2.9e6)])
    assert piece_geometry(shapely.to_wkb(joined_3035)).equals(joined_3035)


def test_each_series_is_compared_with_its_own_last_geometry(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    occupied = shapely.box(36.0, 47.0, 38.5, 48.5)
    grey = shapely.box(38.5, 47.0, 38.6, 48.5)
    region = fresh(region)
    region.measure(occupied, series="occupied")
    region.measure(grey, series="grey")
    overlays = []
    original = measure_module._Tile.overlay
    monkeypatch.setattr(
        measure_module._Tile,
        "overlay",
        lambda tile, key, local: overlays.append(tile) or original(tile, key, local),
    )

    again = region.measure(occupied, series="occupied")

    assert overlays == []  # every tile as last measured in its series: nothing overlaid again
    assert again == fresh(region).measure(occupied, series="occupied")


def km2_of(pieces: list) -> dict[str, float]:
    return {p.oblast: p.occupied_km2 for p in pieces}


def test_overlapping_parts_measure_as_their_union(region: Region) -> None:
    parts = np.array([shapely.box(36.0, 47.0, 38.0, 48.5), shapely.box(37.5, 47.5, 39.5, 49.0)])
    measured = fresh(region).measure(parts, "layer", overlapping=True)
    union = fresh(region).measure(shapely.union_all(parts))
    assert km2_of(measured) == pytest.approx(km2_of(union), rel=1e-9)
    donetsk = next(p for p in measured if p.oblast == "Donetsk")
    assert donetsk.geometry.is_valid


def test_parts_left_out_are_subtracted_and_a_change_in_them_is_seen(region: Region) -> None:
    grey = np.array([shapely.box(37.0, 47.0, 38.5, 48.5), shapely.box(38.0, 47.2, 39.0, 48.0)])
    first = np.array([shapely.box(36.0, 47.0, 37.8, 49.0)])
    second = np.array([shapely.box(36.0, 47.0, 38.2, 49.0)])
    region = fresh(region)
    region.measure(grey, "grey", overlapping=True, without=first)

    # Only what is left out changed: the grey zone's tiles must be measured again all the same.
    again = region.measure(grey, "grey", overlapping=True, without=second)

    expected = shapely.difference(shapely.union_all(grey), shapely.union_all(second))
    assert km2_of(again) == pytest.approx(km2_of(fresh(region).measure(expected)), rel=1e-9)
