"""The command line: `python -m frontline refresh|stats|check|export|changes|assets`."""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import pandas as pd
import shapely

from frontline import __version__
from frontline.atomic import check_writable_target, write_atomic
from frontline.config import ARCHIVE_URL, ARCHIVE_URL_ENV, archive_url, store_dir
from frontline.ingest.layered import FORMATS as SNAPSHOT_FORMATS
from frontline.ingest.layered import open_folder
from frontline.ingest.remote import NetworkError, is_url
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.store import Store, StoreError
from frontline.ingest.verify import check_store
from frontline.model import selection
from frontline.model.boundaries import COUNTRY, measuring_region
from frontline.model.dataset import Dataset, open_dataset
from frontline.model.figures import select_areas, snapshot_dates, to_csv_bytes
from frontline.model.history import all_sources, merge_history
from frontline.present.export import (
    CHANGE_FORMATS,
    FORMATS,
    NO_POLYGONS,
    ExportError,
    Request,
    formats_for,
    make_comparison,
    make_export,
)
from frontline.present.export.common import PREFIX
from frontline.present.update_words import failure_lines

STEP = re.compile(r"([1-9]\d*)([dw])", re.ASCII)


# What a command can fail with, other than a bug: each ends as one line on standard error.
FAILURES = (
    StoreError,
    SnapshotError,
    OSError,
    ValueError,
    sqlite3.Error,
    shapely.errors.ShapelyError,
    NetworkError,
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
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    refresh = commands.add_parser("refresh", help="read new or changed snapshots into the store")
    refresh.add_argument(
        "--source",
        default=None,
        help="folder or http(s) base URL of deepstatemap_data_YYYYMMDD.geojson files, or a "
        "folder of DeepState's layered maps (UNIXTIME.geojson) "
        f"(default: ${ARCHIVE_URL_ENV}, else {ARCHIVE_URL})",
    )
    refresh.add_argument(
        "--format",
        choices=SNAPSHOT_FORMATS,
        default=None,
        help="a folder's format: daily or layered (default: told from its first file's content)",
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
    stats.add_argument(
        "--oblast",
        action="append",
        metavar="NAME",
        help=f"only this oblast, or {COUNTRY} for the whole country (repeatable; default: all)",
    )
    stats.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")
    stats.add_argument(
        "--history",
        action="store_true",
        help="one row per date and oblast: the weekly layered maps before the daily archive "
        "starts, the daily archive after (what data/control.csv holds)",
    )
    stats.add_argument(
        "--map-history",
        type=Path,
        metavar="FILE",
        help="also write every stored day's outlines at display precision as GeoParquet "
        "(what data/map_history.parquet holds)",
    )
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

    _add_export_parser(commands)

    # compare branch: what changed between two dates
    changes = commands.add_parser(
        "changes", help="ground gained and lost, and towns that changed side, between two dates"
    )
    changes.add_argument("--start", required=True, help="the earlier date, YYYY-MM-DD")
    changes.add_argument("--end", required=True, help="the later date, YYYY-MM-DD")
    changes.add_argument(
        "--format",
        choices=sorted(CHANGE_FORMATS),
        default="csv",
        help="csv: figures per area and the towns; geojson: the areas; png: the map (default csv)",
    )
    changes.add_argument("--out", type=Path, help="file to write (default: the conventional name)")
    _store_option(changes)
    changes.set_defaults(run=run_changes)

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
        status = args.run(args)
        if args.command == "refresh":
            # After a failure the error stays the last line; the table is kept all the same.
            _keep_town_table(args.store, quiet=status != 0)
        return status
    except FAILURES as err:
        print(f"frontline {args.command}: error: {_reason(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            f"frontline {args.command}: error: interrupted; the store keeps what was finished",
            file=sys.stderr,
        )
        return 130


def _reason(err: BaseException) -> str:
    """The error in words, with the file an OSError concerns."""
    if isinstance(err, OSError) and err.strerror:
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror}"
    return str(err) or type(err).__name__


def run_refresh(args: argparse.Namespace) -> int:
    from frontline.ingest.refresh import refresh

    location = args.source or archive_url()
    if is_url(location):
        return _refresh_over_http(location, args)
    source = open_folder(location, args.format)
    store = Store(store_dir(args.store), create=True)
    region = measuring_region()
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


def _keep_town_table(store: Path | None, *, quiet: bool) -> None:
    """Measure the towns on the snapshots the store lacks them for, so pages need not."""
    from frontline.model.town_table import table_path, town_shares

    dataset = _open_dataset(store)
    shares = town_shares(dataset)
    if shares is not None and not quiet:
        print(
            f"towns: {shares.shape[1]} towns on {shares.shape[0]} snapshots -> "
            f"{table_path(dataset)}",
            file=sys.stderr,
        )


def _refresh_over_http(url: str, args: argparse.Namespace) -> int:
    """Fetch the days the store lacks from an archive URL; exit 1 if any day failed."""
    from frontline.ingest.update import update

    store = Store(store_dir(args.store), create=True)
    bars = {stage: _progress(stage) for stage in ("download", "measure")}
    report = update(
        url,
        store,
        measuring_region(),
        workers=args.workers,
        progress=lambda stage, *step: bars[stage](*step),
        lock_wait_s=args.wait,
    )
    for line in failure_lines(report.failed):
        print(f"failed {line}", file=sys.stderr)
    if 0 < len(report.missing) <= 10:
        days = ", ".join(d.isoformat() for d in report.missing)
        print(f"not in the archive: {days}", file=sys.stderr)
    print(f"refresh {url} -> {store.path}: {report.summary()}", file=sys.stderr)
    return 1 if report.failed else 0


def _progress(stage: str = ""):
    """Progress on standard error: a redrawn bar on a terminal, a line per 100 otherwise."""
    tty = sys.stderr.isatty()
    label = f"{stage} " if stage else ""

    def show(done: int, total: int, name: str) -> None:
        if tty:
            filled = 30 * done // max(total, 1)
            bar = "#" * filled + "." * (30 - filled)
            end = "\n" if done == total else ""
            line = f"\r{label}[{bar}] {done}/{total} {name}"
            print(line, end=end, file=sys.stderr, flush=True)
        elif done % 100 == 0 or done == total:
            print(f"{label}[{done}/{total}] {name}", file=sys.stderr)

    return show


def run_stats(args: argparse.Namespace) -> int:
    for target in (args.out, args.map_history):
        if target:
            check_writable_target(target)
    store = Store(store_dir(args.store), readonly=True)
    figures = all_sources(store, in_source_only=args.only_in_source)
    if args.history:
        figures = merge_history(figures)
    if figures.empty:
        raise StoreError("the store holds no snapshots yet: run `python -m frontline refresh`")
    if args.oblast:
        figures = select_areas(figures, args.oblast)
    data = to_csv_bytes(figures)
    if args.out:
        write_atomic(args.out, data)
        print(f"wrote {args.out} ({len(figures)} rows)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    if args.map_history:
        _write_map_history(store, args.map_history)
    return 0


def _write_map_history(store: Store, out: Path) -> None:
    from frontline.model.map_history import build_map_history, write_map_history

    frame = build_map_history(store, measuring_region())
    size = write_map_history(frame, out)
    print(f"wrote {out} ({len(frame)} rows, {size:,} bytes)", file=sys.stderr)


def run_check(args: argparse.Namespace) -> int:
    store = Store(store_dir(args.store), readonly=True)
    problems = check_store(store, measuring_region())
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


def _add_export_parser(commands: argparse._SubParsersAction) -> None:
    days, ranges = ", ".join(formats_for("day")), ", ".join(formats_for("range"))
    maps = ", ".join(name for name, spec in FORMATS.items() if spec.towns)
    parser = commands.add_parser(
        "export",
        help=f"write a map or the figures to a file ({', '.join(FORMATS)})",
        description=(
            f"Export a date ({days}) or a date range ({ranges}). File names default to "
            f"{PREFIX}-DATE.FORMAT (or {PREFIX}-START_END.FORMAT) in the current folder."
        ),
    )
    parser.add_argument("--format", required=True, choices=sorted(FORMATS))
    parser.add_argument("--date", help=f"YYYY-MM-DD for {days} (default: the latest snapshot)")
    parser.add_argument("--start", help=f"first day of the range, YYYY-MM-DD ({ranges})")
    parser.add_argument("--end", help=f"last day of the range, YYYY-MM-DD ({ranges})")
    parser.add_argument("--step", default="7d", help="time between GIF frames: Nd or Nw (7d, 2w)")
    parser.add_argument("--out", type=Path, help="file to write (default: the conventional name)")
    parser.add_argument("--no-towns", action="store_true", help=f"leave the towns off {maps}")
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="store folder (default: $FRONTLINE_STORE, else data/store, else data/control.csv)",
    )
    parser.set_defaults(run=run_export)


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD command-line value (nothing else), or an ExportError naming the option."""
    try:
        return selection.parse_day(text)
    except ValueError as err:
        raise ExportError(f"{option} {err}") from None


def parse_step(text: str) -> int:
    """Days in a step written `7d` or `2w`: a whole number of days or weeks, at least one."""
    match = STEP.fullmatch(text)
    if match is None:
        raise ExportError(
            f"--step {text!r} is not a whole number of days or weeks such as 7d or 2w"
        )
    number, unit = match.groups()
    return int(number) * (7 if unit == "w" else 1)


def run_export(args: argparse.Namespace) -> int:
    """Make the export the arguments ask for and write it atomically."""
    spec = FORMATS[args.format]
    if args.out:
        try:
            check_writable_target(args.out)
        except OSError as err:
            raise ExportError(f"cannot write {args.out}: {err.strerror}") from None
    step = parse_step(args.step)
    if spec.span == "range":
        if args.start is None or args.end is None:
            raise ExportError(f"--format {args.format} needs --start and --end (YYYY-MM-DD)")
        start: date | None = parse_day(args.start, "--start")
        end: date | None = parse_day(args.end, "--end")
    else:
        start = None if args.date is None else parse_day(args.date, "--date")
        end = None
    try:
        dataset = _open_dataset(args.store)
        if not dataset.has_geometry and spec.polygons:
            print(f"note: {NO_POLYGONS}", file=sys.stderr)
        if start is None:
            start = _latest(dataset)
        request = Request(start, end, step, not args.no_towns, _print_progress)
        export = make_export(args.format, dataset, request)
    except (sqlite3.Error, pd.errors.DatabaseError) as err:
        # pandas wraps SQLite's own reason in a message that quotes the whole query.
        reason = err.__cause__ if isinstance(err.__cause__, sqlite3.Error) else err
        raise ExportError(f"cannot read the store in {store_dir(args.store)}: {reason}") from None
    out = args.out or Path(export.name)
    try:
        write_atomic(out, export.data)
    except OSError as err:
        raise ExportError(f"cannot write {out}: {err.strerror or err}") from None
    print(f"wrote {out} ({len(export.data):,} bytes)", file=sys.stderr)
    return 0


def _open_dataset(store: Path | None) -> Dataset:
    """The store, read-only; only a fresh clone with none asked for uses the embedded CSV."""
    return open_dataset(store, strict=True)


def _latest(dataset: Dataset) -> date:
    dates = snapshot_dates(dataset.figures)
    if not dates:
        raise ExportError(f"there is nothing to export: {dataset.origin} holds no snapshots")
    return dates[-1]


def _print_progress(done: int, total: int, label: str) -> None:
    print(f"[{done}/{total}] {label}", file=sys.stderr)


def run_changes(args: argparse.Namespace) -> int:
    """Write the comparison of two dates; dates resolve to snapshots as on the map."""
    from frontline.model.changes import choose_pair

    start, end = parse_day(args.start, "--start"), parse_day(args.end, "--end")
    if args.out:
        check_writable_target(args.out)
    dataset = open_dataset(args.store, strict=True)
    if not dataset.has_geometry:
        raise StoreError("comparing dates needs the polygons: run `python -m frontline refresh`")
    pair = choose_pair(snapshot_dates(dataset.figures), start, end)
    for message in pair.messages:
        print(message, file=sys.stderr)
    export = make_comparison(args.format, dataset, pair)
    out = args.out or Path(export.name)
    write_atomic(out, export.data)
    print(f"wrote {out} ({pair.start} to {pair.end}, {len(export.data):,} bytes)", file=sys.stderr)
    return 0
