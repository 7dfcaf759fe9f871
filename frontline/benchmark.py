"""Time a full refresh + stats against the plain geopandas loop, and adding one day to a full store.

Usage: python -m frontline.benchmark --source ../shared/deepstate [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd

from frontline.config import AREA_CRS
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import load_oblasts, measuring_region
from frontline.model.figures import to_csv_bytes


def plain_loop(files: list[Path]) -> list[tuple[str, str, float]]:
    """The baseline: read each file with geopandas, reproject, union, intersect, measure."""
    oblasts = load_oblasts().to_crs(AREA_CRS)
    rows = []
    for path in files:
        occupied = gpd.read_file(path).to_crs(AREA_CRS).union_all()
        for name, geometry in zip(oblasts["name"], oblasts.geometry, strict=True):
            share = 100 * occupied.intersection(geometry).area / geometry.area
            rows.append((path.name, name, share))
    return rows


def frontline_pipeline(folder: Path, store_dir: Path) -> bytes:
    """refresh into an empty store, then stats: what `make data` does."""
    store = Store(store_dir, create=True)
    refresh(FolderSource(folder), store, measuring_region())
    return to_csv_bytes(store.figures())


def run(source: Path, limit: int | None = None) -> dict[str, float]:
    """Timings in seconds, and the ratio of the pipeline to the plain loop."""
    files = sorted(source.glob("deepstatemap_data_*.geojson"))[:limit]
    if len(files) < 2:
        raise SystemExit(f"need at least two snapshots in {source}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "snapshots"
        folder.mkdir()
        for path in files[:-1]:
            (folder / path.name).symlink_to(path.resolve())
        # A store holding every day but the last, to time adding one new day.
        frontline_pipeline(folder, work / "all-but-last")
        (folder / files[-1].name).symlink_to(files[-1].resolve())

        plain = _time(plain_loop, files)
        full = _time(frontline_pipeline, folder, work / "empty")
        one_day = _time(frontline_pipeline, folder, work / "all-but-last")
    return {
        "files": len(files),
        "plain_s": round(plain, 3),
        "frontline_s": round(full, 3),
        "ratio": round(full / plain, 3),
        "one_new_day_s": round(one_day, 3),
    }


def _time(function: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    result = run(args.source, args.limit)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['files']} files: plain geopandas loop {result['plain_s']:.2f} s, "
            f"frontline refresh + stats {result['frontline_s']:.2f} s "
            f"(ratio {result['ratio']:.2f}, limit 0.25); "
            f"adding one day to a full store {result['one_new_day_s']:.3f} s (limit 1 s)"
        )
    return 0 if result["ratio"] <= 0.25 and result["one_new_day_s"] < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
