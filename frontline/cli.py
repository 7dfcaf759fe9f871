"""The command line: `python -m frontline refresh|stats|export|changes|assets`."""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import pandas as pd

from frontline import __version__
from frontline.atomic import write_atomic
from frontline.config import ARCHIVE_URL, ARCHIVE_URL_ENV, archive_url, store_dir
from frontline.ingest.layered import FORMATS as SNAPSHOT_FORMATS
from frontline.ingest.layered import open_folder
from frontline.ingest.measure import Region
from frontline.ingest.remote import NetworkError, is_url
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.store import Store, StoreError
from frontline.model.boundaries import oblasts_in_area_crs
from frontline.model.dataset import Dataset, open_dataset
from frontline.model.figures import snapshot_dates, to_csv_bytes
from frontline.model.history import all_sources, merge_history
from frontline.present.export import (
    FORMATS,
    NO_POLYGONS,
    ExportError,
    Request,
    formats_for,
    make_export,
)
from frontline.present.export.common import PREFIX

DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
STEP = re.compile(r"([1-9]\d*)([dw])", re.ASCII)


class _Parser(argparse.ArgumentParser):
    """Usage mistakes end like every other failure: `frontline COMMAND: error: ...`, status 1."""

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

    _add_export_parser(commands)

    # compare branch: what changed between two dates
    changes = commands.add_parser(
        "changes", help="ground gained and lost, and towns that changed side, between two dates"
    )
    changes.add_argument("--start", required=True, help="the earlier date, YYYY-MM-DD")
    changes.add_argument("--end", required=True, help="the later date, YYYY-MM-DD")
    changes.add_argument(
        "--format",
        choices=("csv", "geojson"),
        default="csv",
        help="csv: figures per area and the towns; geojson: the areas (default csv)",
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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (StoreError, SnapshotError, FileNotFoundError, ValueError, NetworkError) as err:
        print(f"frontline {args.command}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            f"frontline {args.command}: error: interrupted; the store keeps what was finished",
            file=sys.stderr,
        )
        return 130


def run_refresh(args: argparse.Namespace) -> int:
    from frontline.ingest.refresh import refresh

    location = args.source or archive_url()
    if is_url(location):
        return _refresh_over_http(location, args)
    source = open_folder(location, args.format)
    store = Store(store_dir(args.store), create=True)
    region = Region(oblasts_in_area_crs())
    report = refresh(
        source, store, region, workers=args.workers, progress=_progress(), lock_wait_s=args.wait
    )
    for failure in report.failed:
        print(f"skipped {failure}", file=sys.stderr)
    print(f"refresh {source.label} -> {store.path}: {report.summary()}", file=sys.stderr)
    return 0


def _refresh_over_http(url: str, args: argparse.Namespace) -> int:
    """issue 14: fetch the days the store lacks from an archive URL; exit 1 if any day failed."""
    from frontline.ingest.update import update

    store = Store(store_dir(args.store), create=True)
    bars = {stage: _progress(stage) for stage in ("download", "measure")}
    report = update(
        url,
        store,
        Region(oblasts_in_area_crs()),
        workers=args.workers,
        progress=lambda stage, *step: bars[stage](*step),
        lock_wait_s=args.wait,
    )
    for day, why in sorted(report.failed.items()):
        print(f"failed {day}: {why} (asked again on the next refresh)", file=sys.stderr)
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
        if not DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ExportError(f"{option} {text!r} is not a date in the form YYYY-MM-DD") from None


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
    """The default store falls back to the embedded CSV; a store named explicitly must exist."""
    if store is not None:
        Store(store)  # raises StoreError, naming the folder, when there is no store there
    return open_dataset(store)


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
    from frontline.model.dataset import Dataset
    from frontline.present.compare_export import (
        changes_csv,
        changes_geojson,
        changes_name,
    )

    start, end = parse_day(args.start, "--start"), parse_day(args.end, "--end")
    store = Store(store_dir(args.store))
    figures = store.figures()
    if figures.empty:
        raise StoreError("the store holds no snapshots yet: run `python -m frontline refresh`")
    pair = choose_pair(store.dates(), start, end)
    for message in pair.messages:
        print(message, file=sys.stderr)
    dataset = Dataset(figures, f"store at {store.directory}", store)
    data = (changes_csv if args.format == "csv" else changes_geojson)(dataset, pair)
    out = args.out or Path(changes_name(pair, args.format))
    write_atomic(out, data)
    print(f"wrote {out} ({pair.start} to {pair.end}, {len(data):,} bytes)", file=sys.stderr)
    return 0
