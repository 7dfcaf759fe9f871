"""Boundaries: Natural Earth's oblasts along OpenStreetMap's border, and the copies in geo/."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from frontline.model.boundaries import (
    COUNTRY,
    NE_NAMES,
    BoundaryError,
    build_boundaries,
    country_area_km2,
    load_areas,
    load_basemap,
    load_country,
    load_oblasts,
)

LAKE = shapely.box(30.4, 48.4, 30.6, 48.6)
# The outline: 0.05° further south than the oblasts, 0.1° short of their north edge, with a lake.
OUTLINE = shapely.Polygon(
    shapely.box(29.9, 47.95, 33.1, 48.9).exterior.coords, [LAKE.exterior.coords]
)


def admin1(names: list[str], crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    """A stand-in for Natural Earth's layer: one wiggly square per name, side by side."""
    squares = [shapely.box(30 + i, 48, 31 + i, 49).segmentize(0.001) for i in range(len(names))]
    return gpd.GeoDataFrame(
        {"name": names, "gn_a1_code": [f"UA.{i:02d}" for i in range(len(names))]},
        geometry=squares,
        crs=crs,
    )


@pytest.fixture(scope="module")
def built():
    return build_boundaries(admin1(["Donets'k", "Luhans'k", "Kiev"]), OUTLINE)


def test_oblasts_are_renamed_and_cover_the_outline_with_its_lakes(built) -> None:
    oblasts = built.oblasts.set_index("name")
    assert sorted(oblasts.index) == ["Donetsk", "Kyiv", "Luhansk"]
    assert oblasts.loc["Donetsk", "ne_name"] == "Donets'k"
    whole = shapely.Polygon(OUTLINE.exterior)
    assert shapely.union_all(oblasts.geometry.values).area == pytest.approx(whole.area, rel=1e-9)
    assert sum(g.area for g in oblasts.geometry) == pytest.approx(whole.area, rel=1e-9)
    assert oblasts.geometry["Donetsk"].contains(LAKE.centroid)


def test_each_oblast_stops_at_the_outline(built) -> None:
    for geometry in built.oblasts.geometry:
        assert geometry.bounds[3] == pytest.approx(48.9)


def test_outline_no_oblast_covers_goes_to_the_nearest_oblast(built) -> None:
    oblasts = built.oblasts.set_index("name").geometry
    assert oblasts["Donetsk"].contains(shapely.Point(29.95, 47.97))
    assert oblasts["Luhansk"].contains(shapely.Point(31.5, 47.97))
    assert oblasts["Kyiv"].contains(shapely.Point(33.05, 48.5))


def test_country_keeps_what_natural_earth_adds_to_the_outline(built) -> None:
    (country,) = built.country.geometry
    assert built.country["name"].tolist() == [COUNTRY]
    assert country.contains(shapely.Point(31.5, 48.95))
    assert country.contains(shapely.Point(29.95, 47.97))


def test_basemap_is_lighter_than_the_oblasts(built) -> None:
    assert sorted(built.basemap["name"]) == ["Donetsk", "Kyiv", "Luhansk"]
    heavy = shapely.get_num_coordinates(built.oblasts.geometry.values).sum()
    assert shapely.get_num_coordinates(built.basemap.geometry.values).sum() < heavy / 10


def test_build_refuses_another_crs() -> None:
    with pytest.raises(BoundaryError, match="expected the admin-1 layer in EPSG:4326"):
        build_boundaries(admin1(["Donets'k", "Luhans'k"]).to_crs("EPSG:3035"), OUTLINE)


def test_build_refuses_unknown_names() -> None:
    with pytest.raises(BoundaryError, match="not in NE_NAMES: Atlantis"):
        build_boundaries(admin1(["Donets'k", "Luhans'k", "Atlantis"]), OUTLINE)


def test_build_refuses_a_layer_without_a_focus_oblast() -> None:
    with pytest.raises(BoundaryError, match="lacks Luhansk"):
        build_boundaries(admin1(["Donets'k", "Kiev"]), OUTLINE)


def test_build_refuses_an_empty_outline() -> None:
    with pytest.raises(BoundaryError, match="outline is empty"):
        build_boundaries(admin1(["Donets'k", "Luhans'k"]), shapely.MultiPolygon())


def test_shipped_oblasts_are_every_region_valid_and_in_wgs84() -> None:
    areas = load_areas()
    assert areas.crs.equals("EPSG:4326")
    assert sorted(areas["name"]) == sorted(NE_NAMES.values())
    assert areas.geometry.is_valid.all()
    assert load_oblasts()["name"].tolist() == ["Donetsk", "Luhansk"]


def test_shipped_oblasts_do_not_overlap_and_lie_in_the_country() -> None:
    areas = load_areas()
    union = shapely.union_all(areas.geometry.values)
    # Degrees² are no area, but overlaps would show in them as in km².
    assert union.area == pytest.approx(shapely.area(areas.geometry.values).sum(), rel=1e-6)
    assert shapely.difference(union, load_country()).area < 1e-6


def test_shipped_focus_oblasts_are_within_half_a_percent_of_their_official_areas() -> None:
    # Official areas (State Statistics Service of Ukraine): an independent check.
    areas = load_oblasts().set_index("name")["area_km2"]
    assert areas["Donetsk"] == pytest.approx(26_517, rel=0.005)
    assert areas["Luhansk"] == pytest.approx(26_684, rel=0.005)
    assert country_area_km2() == pytest.approx(603_628, rel=0.005)


def test_shipped_basemap_covers_every_region_of_ukraine() -> None:
    basemap = load_basemap()
    assert len(basemap) == len(NE_NAMES) == 27
    assert basemap.geometry.is_valid.all()
    assert basemap.total_bounds == pytest.approx([22.1, 44.4, 40.2, 52.4], abs=0.2)
