"""Boundaries: building every oblast along the real border, and loading the copies in geo/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from frontline.config import (
    BASEMAP_GEOJSON,
    COUNTRY,
    COUNTRY_GEOJSON,
    COUNTRY_WATERS_GEOJSON,
    DISPLAY_CRS,
    OBLASTS_GEOJSON,
)
from frontline.ingest.front import FrontRegion
from frontline.ingest.geometry import keep_polygons
from frontline.ingest.measure import Region, to_area_crs

# The dashboard's focus; every other oblast is measured too, and shown in a table.
FOCUS: tuple[str, ...] = ("Donetsk", "Luhansk")
# Areas with a figure on every date, reached or not; other oblasts only where a snapshot reaches.
ALWAYS_MEASURED: tuple[str, ...] = (*FOCUS, COUNTRY)

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
# Every name a figure may carry: the oblasts (with Crimea, Sevastopol, Kyiv City) and the country.
AREA_NAMES: frozenset[str] = frozenset(NE_NAMES.values()) | {COUNTRY}

# Overlays run on a 1e-6° grid (about 0.1 m): snap rounding keeps the two sources' edges from
# losing area to floating-point noise, and the committed files stay small.
GRID_DEG = 1e-6
# Spacing of the border points whose Voronoi cells decide which oblast is nearest (about 2 km).
NEAREST_SPACING_DEG = 0.02
# Voronoi cells are built in lon/lat with longitude scaled by cos(48.5°), Ukraine's middle
# latitude, so that "nearest" is near enough to distance on the ground.
LON_SCALE = float(np.cos(np.radians(48.5)))
# The basemap is context, not measurement: ~1 km tolerance keeps it small.
BASEMAP_TOLERANCE_DEG = 0.01
BASEMAP_DECIMALS = 4
# Islets under about 3 km² add vertices to every page load and nothing a reader would see.
BASEMAP_MIN_PART_DEG2 = 4e-4


class BoundaryError(ValueError):
    """The admin-1 layer or the country outline does not hold what the project needs."""


@dataclass(frozen=True)
class Boundaries:
    """What `make geo` writes: every oblast, the country, and a light basemap (EPSG:4326)."""

    oblasts: gpd.GeoDataFrame
    country: gpd.GeoDataFrame
    basemap: gpd.GeoDataFrame


def build_boundaries(admin1: gpd.GeoDataFrame, outline: shapely.Geometry) -> Boundaries:
    """Natural Earth's oblasts with Ukraine's outer edge replaced by an OpenStreetMap outline.

    `admin1` is Natural Earth's Ukraine admin-1 layer, `outline` the country's land outline in
    lon/lat. Only the outline's outer rings count, so lakes and reservoirs are inside. Each
    oblast is clipped to the outline, and the parts of the outline no oblast covers go to the
    nearest oblast. The country is the outline together with Natural Earth's oblasts, which
    hold the lagoons and estuaries (Syvash, Molochnyi) that a land outline leaves out.
    """
    layer = _named_layer(admin1)
    rings = shapely.get_exterior_ring(shapely.get_parts(outline))
    land = shapely.set_precision(
        shapely.union_all(shapely.make_valid(shapely.polygons(rings))), GRID_DEG
    )
    if land.is_empty:
        raise BoundaryError("the country outline is empty")
    ne = shapely.set_precision(layer.geometry.values, GRID_DEG)
    clipped = shapely.intersection(ne, land, grid_size=GRID_DEG)
    uncovered = shapely.difference(
        land, shapely.union_all(ne, grid_size=GRID_DEG), grid_size=GRID_DEG
    )
    zones = _nearest_zones(clipped)
    filled = [
        shapely.union(
            own, shapely.intersection(uncovered, zone, grid_size=GRID_DEG), grid_size=GRID_DEG
        )
        for own, zone in zip(clipped, zones, strict=True)
    ]
    oblasts = layer.set_geometry(filled).sort_values("name").reset_index(drop=True)
    country = gpd.GeoDataFrame(
        {"name": [COUNTRY]},
        geometry=[
            shapely.union(land, shapely.union_all(ne, grid_size=GRID_DEG), grid_size=GRID_DEG)
        ],
        crs=DISPLAY_CRS,
    )
    basemap = oblasts[["name", "geometry"]].copy()
    simplified = shapely.simplify(basemap.geometry.values, BASEMAP_TOLERANCE_DEG)
    rounded = shapely.set_precision(simplified, 10**-BASEMAP_DECIMALS)
    basemap["geometry"] = [_without_islets(g) for g in rounded]
    return Boundaries(oblasts, country, basemap)


def _without_islets(geometry: shapely.Geometry) -> shapely.Geometry:
    """The geometry without parts smaller than BASEMAP_MIN_PART_DEG2 (the largest part stays)."""
    parts = shapely.get_parts(geometry)
    areas = shapely.area(parts)
    keep = (areas >= BASEMAP_MIN_PART_DEG2) | (areas == areas.max())
    return shapely.multipolygons(parts[keep])


def _named_layer(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The admin-1 layer renamed to today's spellings, repaired, with every oblast present."""
    if admin1.crs is None or not admin1.crs.equals(DISPLAY_CRS):
        raise BoundaryError(f"expected the admin-1 layer in {DISPLAY_CRS}, got {admin1.crs}")
    unknown = sorted(set(admin1["name"]) - set(NE_NAMES))
    if unknown:
        raise BoundaryError(f"admin-1 names not in NE_NAMES: {', '.join(unknown)}")
    missing = sorted(set(FOCUS) - set(admin1["name"].map(NE_NAMES)))
    if missing:
        raise BoundaryError(f"admin-1 layer lacks {', '.join(missing)}")
    return gpd.GeoDataFrame(
        {
            "name": admin1["name"].map(NE_NAMES),
            "ne_name": admin1["name"],
            "geonames_admin1": admin1["gn_a1_code"],
        },
        geometry=shapely.make_valid(admin1.geometry.values),
        crs=DISPLAY_CRS,
    )


def _nearest_zones(oblasts: np.ndarray) -> list[shapely.Geometry]:
    """For each oblast, the part of the plane nearer to its edge than to any other oblast's."""
    points, owners = [], []
    for i, oblast in enumerate(oblasts):
        xy = shapely.get_coordinates(shapely.segmentize(oblast.boundary, NEAREST_SPACING_DEG))
        points.append(xy)
        owners.append(np.full(len(xy), i))
    xy, first = np.unique(np.vstack(points), axis=0, return_index=True)
    owner = np.concatenate(owners)[first]
    scaled = xy * [LON_SCALE, 1.0]
    minx, miny, maxx, maxy = shapely.bounds(shapely.multipoints(scaled))
    frame = shapely.box(minx - 10, miny - 10, maxx + 10, maxy + 10)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(scaled), extend_to=frame, ordered=True)
    )
    return [
        shapely.affinity.scale(
            shapely.union_all(cells[owner == i]), 1 / LON_SCALE, 1.0, origin=(0, 0)
        )
        for i in range(len(oblasts))
    ]


@lru_cache(maxsize=4)
def load_areas(path: Path = OBLASTS_GEOJSON) -> gpd.GeoDataFrame:
    """Every oblast in EPSG:4326 with `name` and `area_km2` (measured in EPSG:3035)."""
    areas = gpd.read_file(path)
    if areas.crs is None or not areas.crs.equals(DISPLAY_CRS):
        raise BoundaryError(f"{path}: expected {DISPLAY_CRS}, got {areas.crs}")
    areas["area_km2"] = shapely.area(to_area_crs(areas.geometry.values)) / 1e6
    return areas


def load_oblasts(path: Path = OBLASTS_GEOJSON) -> gpd.GeoDataFrame:
    """The FOCUS oblasts in EPSG:4326 with `name` and `area_km2` (measured in EPSG:3035)."""
    return load_areas(path).set_index("name").loc[list(FOCUS)].reset_index()


@lru_cache(maxsize=4)
def load_country(path: Path = COUNTRY_GEOJSON) -> shapely.Geometry:
    """The whole country in EPSG:4326, as the national figures measure it."""
    return shapely.union_all(gpd.read_file(path).geometry.values)


@lru_cache(maxsize=4)
def country_area_km2(path: Path = COUNTRY_GEOJSON) -> float:
    """The whole country's area in km², measured in EPSG:3035 as the national figures are."""
    return float(shapely.area(to_area_crs(load_country(path))) / 1e6)


@lru_cache(maxsize=4)
def load_basemap(path: Path = BASEMAP_GEOJSON) -> gpd.GeoDataFrame:
    """Every oblast of Ukraine, simplified, in EPSG:4326: the offline basemap."""
    return gpd.read_file(path)


def measured_areas(
    oblasts: Path = OBLASTS_GEOJSON, country: Path = COUNTRY_WATERS_GEOJSON
) -> dict[str, shapely.Geometry]:
    """Every oblast and the country (as COUNTRY, with its territorial sea) in lon/lat, by name."""
    areas = load_areas(oblasts)
    named = dict(zip(areas["name"], areas.geometry.values, strict=True))
    named[COUNTRY] = load_country(country)
    return named


def measuring_region() -> Region:
    """Every oblast and the country, ready to measure snapshots and their front line; every
    oblast keeps its occupied geometry (the embedded map history draws the whole front), the
    country its figures only.

    The national total is counted as DeepStateMap counts it: its occupied area clipped at the
    state border, coastal waters included (`country_waters.geojson`); its share is of the
    country's land (`country.geojson`), as published shares are.
    """
    areas = measured_areas()
    oblasts = {name: area for name, area in areas.items() if name != COUNTRY}
    return Region(
        areas,
        always=ALWAYS_MEASURED,
        drawn=list(oblasts),
        total=COUNTRY,
        front=front_region(),
        total_area_m2=country_area_km2() * 1e6,
    )


@lru_cache(maxsize=1)
def front_region() -> FrontRegion:
    """Every oblast, ready to find the front line of an occupied area as a refresh finds it;
    prepared once per process (about a second)."""
    areas = measured_areas()
    return FrontRegion({name: a for name, a in areas.items() if name != COUNTRY}, COUNTRY)


def build_country_waters(country: shapely.Geometry, maritime: shapely.Geometry) -> shapely.Geometry:
    """The country with its territorial sea: `country` (lon/lat) together with OpenStreetMap's
    maritime outline of Ukraine (its state border at sea, 12 nautical miles out)."""
    waters = shapely.make_valid(shapely.set_precision(maritime, GRID_DEG))
    sea = shapely.union_all(keep_polygons(waters), grid_size=GRID_DEG)
    return shapely.union(country, sea, grid_size=GRID_DEG)
