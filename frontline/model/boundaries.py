"""Oblast boundaries: extracting them from Natural Earth, and loading the shipped copies in geo/."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import shapely

from frontline.config import AREA_CRS, BASEMAP_GEOJSON, DISPLAY_CRS, OBLASTS_GEOJSON

OBLASTS: tuple[str, ...] = ("Donetsk", "Luhansk")

# Natural Earth's transliterations, mapped to the spellings Ukraine uses in English today.
NE_NAMES: dict[str, str] = {
    "Cherkasy": "Cherkasy",
    "Chernihiv": "Chernihiv",
    "Chernivtsi": "Chernivtsi",
    "Crimea": "Crimea",
    "Dnipropetrovs'k": "Dnipropetrovsk",
    "Donets'k": "Donetsk",
    "Ivano-Frankivs'k": "Ivano-Frankivsk",
    "Kharkiv": "Kharkiv",
    "Kherson": "Kherson",
    "Khmel'nyts'kyy": "Khmelnytskyi",
    "Kiev": "Kyiv",
    "Kiev City": "Kyiv City",
    "Kirovohrad": "Kirovohrad",
    "L'viv": "Lviv",
    "Luhans'k": "Luhansk",
    "Mykolayiv": "Mykolaiv",
    "Odessa": "Odesa",
    "Poltava": "Poltava",
    "Rivne": "Rivne",
    "Sevastopol": "Sevastopol",
    "Sumy": "Sumy",
    "Ternopil'": "Ternopil",
    "Transcarpathia": "Zakarpattia",
    "Vinnytsya": "Vinnytsia",
    "Volyn": "Volyn",
    "Zaporizhzhya": "Zaporizhzhia",
    "Zhytomyr": "Zhytomyr",
}

# The basemap is context, not measurement: ~1 km tolerance keeps it small.
BASEMAP_TOLERANCE_DEG = 0.01
BASEMAP_DECIMALS = 4


class BoundaryError(ValueError):
    """The admin-1 layer does not hold what the project needs."""


def extract_boundaries(admin1: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Split Natural Earth's Ukraine admin-1 layer into (the two oblasts, a light basemap).

    The oblasts keep full resolution because figures are measured against them; the basemap
    of every oblast is simplified and rounded because it is only drawn.
    """
    if admin1.crs is None or not admin1.crs.equals(DISPLAY_CRS):
        raise BoundaryError(f"expected the admin-1 layer in {DISPLAY_CRS}, got {admin1.crs}")
    unknown = sorted(set(admin1["name"]) - set(NE_NAMES))
    if unknown:
        raise BoundaryError(f"admin-1 names not in NE_NAMES: {', '.join(unknown)}")
    layer = gpd.GeoDataFrame(
        {
            "name": admin1["name"].map(NE_NAMES),
            "ne_name": admin1["name"],
            "geonames_admin1": admin1["gn_a1_code"],
        },
        geometry=shapely.make_valid(admin1.geometry.values),
        crs=DISPLAY_CRS,
    )
    oblasts = layer[layer["name"].isin(OBLASTS)].sort_values("name").reset_index(drop=True)
    missing = set(OBLASTS) - set(oblasts["name"])
    if missing:
        raise BoundaryError(f"admin-1 layer lacks {', '.join(sorted(missing))}")
    basemap = layer[["name", "geometry"]].sort_values("name").reset_index(drop=True)
    simplified = shapely.simplify(basemap.geometry.values, BASEMAP_TOLERANCE_DEG)
    basemap["geometry"] = shapely.set_precision(simplified, 10**-BASEMAP_DECIMALS)
    return oblasts, basemap


@lru_cache(maxsize=4)
def load_oblasts(path: Path = OBLASTS_GEOJSON) -> gpd.GeoDataFrame:
    """The two oblasts in EPSG:4326 with `name` and `area_km2` (measured in EPSG:3035)."""
    oblasts = gpd.read_file(path)
    if oblasts.crs is None or not oblasts.crs.equals(DISPLAY_CRS):
        raise BoundaryError(f"{path}: expected {DISPLAY_CRS}, got {oblasts.crs}")
    oblasts = oblasts.set_index("name").loc[list(OBLASTS)].reset_index()
    oblasts["area_km2"] = oblasts.to_crs(AREA_CRS).area / 1e6
    return oblasts


@lru_cache(maxsize=4)
def load_basemap(path: Path = BASEMAP_GEOJSON) -> gpd.GeoDataFrame:
    """Every oblast of Ukraine, simplified, in EPSG:4326: the offline basemap."""
    return gpd.read_file(path)


def oblasts_in_area_crs(path: Path = OBLASTS_GEOJSON) -> dict[str, shapely.Geometry]:
    """The two oblasts' polygons in EPSG:3035, keyed by name."""
    oblasts = load_oblasts(path).to_crs(AREA_CRS)
    return dict(zip(oblasts["name"], oblasts.geometry.values, strict=True))
