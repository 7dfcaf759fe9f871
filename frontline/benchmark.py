"""Time a full refresh + stats against the plain geopandas loop, and adding one day to a full store.

Usage: python -m frontline.benchmark --source ../shared/deepstate [--limit N] [--json]
       python -m frontline.benchmark --source DAILY_DIR --cli  (refresh, then stats: two processes)
       python -m frontline.benchmark --source DAILY_DIR --layers LAYERED_DIR  (time per MB)
       python -m frontline.benchmark --source DAILY_DIR --feed URL  (a feed's first fill per MB)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd

from frontline.config import AREA_CRS
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource, SnapshotSource
from frontline.ingest.store import Store
from frontline.model.boundaries import load_oblasts, measuring_region
from frontline.model.figures import to_csv_bytes
from frontline.registry import DAILY
from frontline.registry import source as registered


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


def daily_files(source: Path, limit: int | None) -> list[Path]:
    """The first `limit` daily files of `source` (all without it), at least two."""
    naming = registered(DAILY).naming
    files = sorted(p for p in source.iterdir() if naming.lists(p.name))[:limit]
    if len(files) < 2:
        raise SystemExit(f"need at least two snapshots in {source}")
    return files


def _linked(files: list[Path], folder: Path) -> Path:
    """A folder of links to `files`: the source a refresh of only those files reads."""
    folder.mkdir(exist_ok=True)
    for path in files:
        (folder / path.name).symlink_to(path.resolve())
    return folder


def run(source: Path, limit: int | None = None) -> dict[str, float]:
    """Timings in seconds, and the ratio of the pipeline to the plain loop."""
    files = daily_files(source, limit)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = _linked(files[:-1], work / "snapshots")
        # A store holding every day but the last, to time adding one new day.
        frontline_pipeline(folder, work / "all-but-last")
        _linked(files[-1:], folder)

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


# The command line's budget against the plain loop, in CPU seconds: the refresh's worker
# processes count, so that parallelism on a shared machine does not pass for speed.
CLI_LIMIT = 0.3


def run_cli(source: Path, limit: int | None = None) -> dict[str, float]:
    """`frontline refresh` into an empty store, then `frontline stats`, each in its own process
    as a user runs them, against the plain loop: wall and CPU seconds of each, and the ratios."""
    files = daily_files(source, limit)
    result: dict[str, float] = {"files": len(files)}
    started, cpu_before = time.perf_counter(), time.process_time()
    plain_loop(files)
    plain = {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu_before}
    with tempfile.TemporaryDirectory() as tmp:
        folder = _linked(files, Path(tmp) / "snapshots")
        store = ["--store", str(Path(tmp) / "store")]
        commands = {
            "refresh": ["refresh", "--source", str(folder), *store],
            "stats": ["stats", *store, "--out", str(Path(tmp) / "stats.csv")],
        }
        for name, arguments in commands.items():
            for kind, seconds in _time_process(arguments).items():
                result[f"{name}_{kind}_s"] = round(seconds, 3)
    for kind, seconds in plain.items():
        result[f"plain_{kind}_s"] = round(seconds, 3)
        both = result[f"refresh_{kind}_s"] + result[f"stats_{kind}_s"]
        result[f"{kind}_ratio"] = round(both / seconds, 3)
    return result


def _time_process(arguments: list[str]) -> dict[str, float]:
    """Wall and CPU seconds of `python -m frontline ARGUMENTS` (CPU with its own children's)."""
    started, before = time.perf_counter(), _children_cpu_seconds()
    subprocess.run(
        [sys.executable, "-m", "frontline", *arguments], check=True, stderr=subprocess.DEVNULL
    )
    return {"wall": time.perf_counter() - started, "cpu": _children_cpu_seconds() - before}


def _children_cpu_seconds() -> float:
    """User and system CPU of the finished child processes (and theirs, once they waited)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def per_megabyte(daily: Path, layers: Path, rounds: int = 2) -> dict[str, float]:
    """Refresh cost per MB read: every daily file against every layered file.

    Each source is refreshed into an empty store `rounds` times, alternating, and the best
    round counts. Both wall time and CPU time (this process and its worker processes) are
    kept; the verdict uses CPU time, which other work on a shared machine does not inflate.
    """
    sources: dict[str, SnapshotSource] = {
        "daily": FolderSource(daily),
        "layers": LayeredFolderSource(layers),
    }
    region = measuring_region()
    wall = {name: float("inf") for name in sources}
    cpu = {name: float("inf") for name in sources}
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(rounds):
            for name, source in sources.items():
                store = Store(Path(tmp) / f"{name}-{attempt}", create=True)
                cpu_before = _cpu_seconds()
                report = refresh(source, store, region)
                if report.failed:
                    raise SystemExit(f"{name}: {len(report.failed)} files failed")
                cpu[name] = min(cpu[name], _cpu_seconds() - cpu_before)
                wall[name] = min(wall[name], report.seconds)
    result: dict[str, float] = {}
    for name, source in sources.items():
        entries, _ = source.entries()
        megabytes = sum(e.size for e in entries) / 1e6
        result[f"{name}_files"] = len(entries)
        result[f"{name}_mb"] = round(megabytes, 1)
        result[f"{name}_wall_s"] = round(wall[name], 2)
        result[f"{name}_cpu_s"] = round(cpu[name], 2)
        result[f"{name}_cpu_s_per_mb"] = round(cpu[name] / megabytes, 4)
        result[f"{name}_wall_s_per_mb"] = round(wall[name] / megabytes, 4)
    result["ratio"] = round(result["layers_cpu_s_per_mb"] / result["daily_cpu_s_per_mb"], 3)
    return result


def feed_per_megabyte(daily: Path, feed: str, rounds: int = 2) -> dict[str, float]:
    """A first fill from the feed at `feed` (no pause) against the daily folder, per MB.

    The MB are the maps' bytes as received; CPU is this process's (downloads, parsing) and
    its workers', as in `per_megabyte`.
    """
    from frontline.ingest.feed import update_from_feed
    from frontline.registry import LIVE, OCCUPIED

    region = measuring_region()
    cpu = {"daily": float("inf"), "feed": float("inf")}
    sizes = {"daily": 0.0, "feed": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(rounds):
            store = Store(Path(tmp) / f"daily-{attempt}", create=True)
            before = _cpu_seconds()
            refresh(FolderSource(daily), store, region)
            cpu["daily"] = min(cpu["daily"], _cpu_seconds() - before)
            sizes["daily"] = sum(k.fingerprint.size for k in store.stored(DAILY, OCCUPIED).values())
            store = Store(Path(tmp) / f"feed-{attempt}", create=True)
            before = _cpu_seconds()
            report = update_from_feed(feed, store, region, pause_s=0.0)
            if report.failed:
                raise SystemExit(f"feed: {len(report.failed)} updates failed")
            cpu["feed"] = min(cpu["feed"], _cpu_seconds() - before)
            sizes["feed"] = sum(k.fingerprint.size for k in store.stored(LIVE, OCCUPIED).values())
    result: dict[str, float] = {}
    for name in cpu:
        megabytes = sizes[name] / 1e6
        result[f"{name}_mb"] = round(megabytes, 1)
        result[f"{name}_cpu_s"] = round(cpu[name], 2)
        result[f"{name}_cpu_s_per_mb"] = round(cpu[name] / megabytes, 4)
    result["ratio"] = round(result["feed_cpu_s_per_mb"] / result["daily_cpu_s_per_mb"], 3)
    return result


def _cpu_seconds() -> float:
    """User and system CPU of this process and of its finished children (the refresh pool)."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _time(function: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def build_parser() -> argparse.ArgumentParser:
    """The benchmark's options (tests/test_docs.py checks the README names each)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--layers",
        type=Path,
        help="folder of layered maps: compare their refresh time per MB with --source's",
    )
    parser.add_argument(
        "--feed", help="base URL of a feed (a local mirror): its first fill's CPU per MB"
    )
    parser.add_argument(
        "--cli",
        action="store_true",
        help=f"time `frontline refresh` then `frontline stats` as two processes against the "
        f"plain loop (limit {CLI_LIMIT} in CPU)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.feed:
        result = feed_per_megabyte(args.source, args.feed)
        print(json.dumps(result))
        return 0 if result["ratio"] <= 1 else 1
    if args.cli:
        return _report_cli(run_cli(args.source, args.limit), args.json)
    if args.layers:
        return _report_per_megabyte(per_megabyte(args.source, args.layers), args.json)
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


def _report_per_megabyte(result: dict[str, float], as_json: bool) -> int:
    if as_json:
        print(json.dumps(result))
    else:
        for name in ("layers", "daily"):
            print(
                f"{name}: {result[f'{name}_files']:.0f} files, {result[f'{name}_mb']} MB: "
                f"{result[f'{name}_cpu_s']} s CPU ({result[f'{name}_cpu_s_per_mb']} s/MB), "
                f"{result[f'{name}_wall_s']} s wall ({result[f'{name}_wall_s_per_mb']} s/MB)"
            )
        print(f"CPU per MB, layered over daily: {result['ratio']} (limit 1)")
    return 0 if result["ratio"] <= 1 else 1


def _report_cli(result: dict[str, float], as_json: bool) -> int:
    if as_json:
        print(json.dumps(result))
    else:
        print(f"{result['files']:.0f} files, seconds wall / CPU:")
        for name in ("plain", "refresh", "stats"):
            print(f"  {name}: {result[f'{name}_wall_s']:.2f} / {result[f'{name}_cpu_s']:.2f}")
        print(
            f"refresh + stats over the plain loop: {result['wall_ratio']:.2f} wall, "
            f"{result['cpu_ratio']:.2f} CPU (limit {CLI_LIMIT} in CPU)"
        )
    return 0 if result["cpu_ratio"] <= CLI_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
