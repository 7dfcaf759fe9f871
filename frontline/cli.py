"""The command line: `python -m frontline refresh|stats|check|export|assets`."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path
from typing import NoReturn

import shapely

from frontline import __version__
from frontline.atomic import write_atomic
from frontline.config import store_dir
from frontline.ingest.measure import Region
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store, StoreError
from frontline.ingest.verify import check_store
from frontline.model.boundaries import oblasts_in_area_crs
from frontline.model.figures import to_csv_bytes
from frontline.present.export import add_export_parser

# What a command can fail with, other than a bug: each ends as one line on standard error.
FAILURES = (
    StoreError,
    SnapshotError,
    OSError,
    ValueError,
    sqlite3.Error,
    shapely.errors.ShapelyError,
)


class _Parser(argparse.ArgumentParser):
    """argparse, with misuse ending in status 1 like every other failure."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
        help="folder of deepstatemap_data_YYYYMMDD.geojson files",
    )
    _store_option(refresh)
    refresh.add_argument(
        "--workers",
        type=_workers,
        default=None,
        help=f"processes, 1 to {_cores()} (default: up to 4)",
    )
    refresh.add_argument(
        "--wait",
        type=_seconds,
        default=120.0,
        help="seconds to wait for another refresh to finish before giving up (default 120)",
    )
    refresh.set_defaults(run=run_refresh)

    stats = commands.add_parser("stats", help="write the figures as CSV")
    _store_option(stats)
    stats.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")
    stats.add_argument(
        "--only-in-source",
        action="store_true",
        help="leave out the days whose file the source no longer offers",
    )
    stats.set_defaults(run=run_stats)

    check = commands.add_parser(
        "check", help="verify the store: SQLite's integrity, and every figure against its geometry"
    )
    _store_option(check)
    check.set_defaults(run=run_check)

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


def _cores() -> int:
    return os.cpu_count() or 1


def _workers(text: str) -> int:
    """A worker count between 1 and the machine's cores."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= count <= _cores():
        raise argparse.ArgumentTypeError(f"{count} is not between 1 and {_cores()} (the cores)")
    return count


def _seconds(text: str) -> float:
    """A finite, non-negative number of seconds (filelock reads a negative one as for ever)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and infinity")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # named by the command they were given to, like every other error
        parser.print_usage(sys.stderr)
        parser.exit(
            1, f"frontline {args.command}: error: unrecognized arguments: {' '.join(extra)}\n"
        )
    try:
        return args.run(args)
    except FAILURES as err:
        print(f"frontline {args.command}: error: {_reason(err)}", file=sys.stderr)
        return 1


def _reason(err: BaseException) -> str:
    """The error in words, with the file an OSError concerns."""
    if isinstance(err, OSError) and err.strerror:
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror}"
    return str(err) or type(err).__name__


def run_refresh(args: argparse.Namespace) -> int:
    from frontline.ingest.refresh import refresh

    source = FolderSource(args.source)
    store = Store(store_dir(args.store), create=True)
    region = Region(oblasts_in_area_crs())
    report = refresh(
        source, store, region, workers=args.workers, progress=_progress(), lock_wait_s=args.wait
    )
    for note in report.empty:
        print(f"note: {note}", file=sys.stderr)
    for failure in report.failed:
        print(f"skipped {failure}", file=sys.stderr)
    print(f"refresh {source.label} -> {store.path}: {report.summary()}", file=sys.stderr)
    if report.failed:
        print(
            f"frontline refresh: error: {len(report.failed)} file(s) could not be read or "
            "measured (named above); every other day is stored",
            file=sys.stderr,
        )
        return 1
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
    store = Store(store_dir(args.store), readonly=True)
    figures = store.figures(in_source_only=args.only_in_source)
    if figures.empty:
        raise StoreError("the store holds no snapshots yet: run `python -m frontline refresh`")
    data = to_csv_bytes(figures)
    if args.out:
        write_atomic(args.out, data)
        print(f"wrote {args.out} ({len(figures)} rows)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def run_check(args: argparse.Namespace) -> int:
    store = Store(store_dir(args.store), readonly=True)
    problems = check_store(store, Region(oblasts_in_area_crs()))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise StoreError(f"{store.path} failed {len(problems)} check(s) (listed above)")
    print(f"{store.path}: integrity ok, every figure agrees with its geometry", file=sys.stderr)
    return 0


def run_assets(args: argparse.Namespace) -> int:
    from frontline.present.assets import install_assets

    for path in install_assets():
        print(f"installed {path}", file=sys.stderr)
    return 0
