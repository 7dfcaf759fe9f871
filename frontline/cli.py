"""The command line: `python -m frontline refresh|stats|export|assets`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from frontline import __version__
from frontline.atomic import write_atomic
from frontline.config import store_dir
from frontline.ingest.layered import FORMATS, open_folder
from frontline.ingest.measure import Region
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.store import Store, StoreError
from frontline.model.boundaries import oblasts_in_area_crs
from frontline.model.figures import to_csv_bytes
from frontline.model.history import all_sources, merge_history
from frontline.present.export import add_export_parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontline",
        description="Control of Donetsk and Luhansk oblasts, from DeepStateMap snapshots.",
    )
    parser.add_argument("--version", action="version", version=f"frontline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    refresh = commands.add_parser("refresh", help="read new or changed snapshots into the store")
    refresh.add_argument(
        "--source",
        required=True,
        type=Path,
        help="folder of deepstatemap_data_YYYYMMDD.geojson (daily) or UNIXTIME.geojson "
        "(layered) files",
    )
    refresh.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="the files' format (default: told from the content of the first file)",
    )
    _store_option(refresh)
    refresh.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    refresh.add_argument(
        "--wait",
        type=float,
        default=120.0,
        help="seconds to wait for another refresh to finish before giving up (default 120)",
    )
    refresh.set_defaults(run=run_refresh)

    stats = commands.add_parser("stats", help="write the figures as CSV")
    _store_option(stats)
    stats.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")
    stats.add_argument(
        "--history",
        action="store_true",
        help="one row per date and oblast: the weekly layered maps before the daily archive "
        "starts, the daily archive after (what data/control.csv holds)",
    )
    stats.set_defaults(run=run_stats)

    add_export_parser(commands)

    assets = commands.add_parser(
        "assets", help="copy Leaflet and jQuery into static/ for offline maps"
    )
    assets.set_defaults(run=run_assets)
    return parser


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="store folder (default: $FRONTLINE_STORE, else data/store)",
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (StoreError, SnapshotError, FileNotFoundError, ValueError) as err:
        print(f"frontline {args.command}: error: {err}", file=sys.stderr)
        return 1


def run_refresh(args: argparse.Namespace) -> int:
    from frontline.ingest.refresh import refresh

    source = open_folder(args.source, args.format)
    store = Store(store_dir(args.store), create=True)
    region = Region(oblasts_in_area_crs())
    report = refresh(
        source, store, region, workers=args.workers, progress=_progress(), lock_wait_s=args.wait
    )
    for failure in report.failed:
        print(f"skipped {failure}", file=sys.stderr)
    print(f"refresh {source.label} -> {store.path}: {report.summary()}", file=sys.stderr)
    return 0


def _progress():
    """Progress on standard error: a rewritten line on a terminal, a line per 100 otherwise."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int, name: str) -> None:
        if tty:
            end = "\n" if done == total else ""
            print(f"\r[{done}/{total}] {name}", end=end, file=sys.stderr, flush=True)
        elif done % 100 == 0 or done == total:
            print(f"[{done}/{total}] {name}", file=sys.stderr)

    return show


def run_stats(args: argparse.Namespace) -> int:
    figures = all_sources(Store(store_dir(args.store)))
    if args.history:
        figures = merge_history(figures)
    if figures.empty:
        raise StoreError("the store holds no snapshots yet: run `python -m frontline refresh`")
    data = to_csv_bytes(figures)
    if args.out:
        write_atomic(args.out, data)
        print(f"wrote {args.out} ({len(figures)} rows)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def run_assets(args: argparse.Namespace) -> int:
    from frontline.present.assets import install_assets

    for path in install_assets():
        print(f"installed {path}", file=sys.stderr)
    return 0
