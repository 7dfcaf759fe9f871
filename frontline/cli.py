"""The command line: `python -m frontline COMMAND` (refresh, stats, check, export, changes, ...)."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from collections.abc import Container
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from frontline import __version__
from frontline.atomic import check_writable_target, write_atomic
from frontline.config import (
    ARCHIVE_URL_ENV,
    COUNTRY,
    FEED_URL_ENV,
    ISW_URL_ENV,
    LAYERS_ENV,
    archive_url,
    isw_url,
    layers_folder,
    store_dir,
)
from frontline.registry import DAILY, ISW, LIVE, NATIONAL_SOURCES, WEEKLY
from frontline.registry import FORMATS as SNAPSHOT_FORMATS
from frontline.registry import source as registered
from frontline.serve import add_serve_parser

# The pipeline (pandas, shapely, geopandas, matplotlib) is imported by the command that needs
# it, so that `frontline --help`, `frontline sources` and a mistyped option answer at once.
if TYPE_CHECKING:
    from frontline.ingest.refresh import RefreshReport
    from frontline.ingest.store import Store
    from frontline.model.dataset import Dataset

# The commands whose options come from the export registry (and the map makers behind it).
EXPORT_HELP = "write a map or the figures to a file"
CHANGES_HELP = "ground gained and lost, and towns that changed side, between two dates"


def failures() -> tuple[type[BaseException], ...]:
    """What a command can fail with, other than a bug: each ends as one line on standard error."""
    import shapely

    from frontline.ingest.remote import NetworkError
    from frontline.ingest.snapshots import SnapshotError
    from frontline.ingest.store import StoreError

    return (
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


def build_parser(in_full: Container[str] = ("export", "changes")) -> argparse.ArgumentParser:
    """The parser. Export and changes get their options only when `in_full` names them: their
    options are read from the export registry, which imports every map maker."""
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
        help=f"{_cli_name(DAILY)} (the daily archive, ${ARCHIVE_URL_ENV}), {_cli_name(WEEKLY)} "
        f"(the weekly layered maps, ${LAYERS_ENV}), {NATIONAL_SOURCES[ISW].cli_name} "
        f"(ISW's national km² a day, ${ISW_URL_ENV}), an http(s) URL (DeepStateMap's feed: its "
        f"site or anything under /api/history/; else an archive of {_naming(DAILY)} files), or "
        f"a folder of daily or layered ({_naming(WEEKLY)}) files (default: the live feed, "
        f"${FEED_URL_ENV}, else {registered(LIVE).base_url}); `frontline sources` lists them",
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
        "--pause",
        type=_seconds,
        default=1.0,
        help="seconds between one download thread's requests to the feed (default 1)",
    )
    refresh.add_argument(
        "--deadline",
        type=_seconds,
        default=3600.0,
        help="seconds a refresh over HTTP may take; what is left is reported as not tried and "
        "fetched by the next refresh (default 3600)",
    )
    refresh.add_argument(
        "--wait",
        type=_seconds,
        default=120.0,
        help="seconds to wait for another refresh to finish before giving up (default 120)",
    )
    refresh.add_argument(
        "--accept-implausible",
        action="append",
        type=_day,
        default=[],
        metavar="DAY",
        help="store DAY (YYYY-MM-DD) although it fails the plausibility checks, once you have "
        "looked at it and found it right (repeatable)",
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
        "--updates",
        action="store_true",
        help="one row per update, layer and oblast: every update of the live feed at its own "
        "time (UTC), with the day it belongs to",
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
    stats.add_argument(
        "--area",
        type=Path,
        metavar="FILE",
        help="instead of the oblasts: the occupied km² and share of your own area (a GeoJSON or "
        "KML polygon) on every date of the history, as the map page gives it",
    )
    stats.set_defaults(run=run_stats)

    check = commands.add_parser(
        "check", help="verify the store: SQLite's integrity, and every figure against its geometry"
    )
    _store_option(check)
    check.set_defaults(run=run_check)

    if "export" in in_full:
        _add_export_parser(commands)
    else:
        commands.add_parser("export", help=EXPORT_HELP)
    changes = commands.add_parser("changes", help=CHANGES_HELP)
    if "changes" in in_full:
        _add_changes_options(changes)

    sources = commands.add_parser(
        "sources", help="list the sources of snapshots, their layers and where they come from"
    )
    sources.set_defaults(run=run_sources)

    assets = commands.add_parser(
        "assets", help="copy Leaflet and jQuery into static/ for offline maps"
    )
    assets.set_defaults(run=run_assets)
    add_serve_parser(commands)
    return parser


def _add_changes_options(changes: argparse.ArgumentParser) -> None:
    from frontline.present.export import CHANGE_FORMATS

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


def _naming(source_id: str) -> str:
    return registered(source_id).naming.shown


def _cli_name(source_id: str) -> str:
    return registered(source_id).cli_name


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


def _day(text: str) -> date:
    """A YYYY-MM-DD option value."""
    from frontline.model import selection

    try:
        return selection.parse_day(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


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
    given = sys.argv[1:] if argv is None else argv
    # The command is the first word that is not an option (the program's own are -h, --version).
    command = next((word for word in given if not word.startswith("-")), None)
    parser = build_parser((command,) if command else ())
    args, extra = parser.parse_known_args(given)
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
    except Exception as err:
        if not isinstance(err, failures()):
            raise
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
    from frontline.ingest.feed import feed_url, is_feed_url
    from frontline.ingest.layered import open_folder
    from frontline.ingest.refresh import refresh
    from frontline.ingest.remote import is_url
    from frontline.ingest.store import Store
    from frontline.model.boundaries import measuring_region
    from frontline.present.update_words import grouped_lines

    if args.source == NATIONAL_SOURCES[ISW].cli_name:
        return _refresh_national(args)
    named = {_cli_name(DAILY): archive_url, _cli_name(WEEKLY): lambda: str(layers_folder())}
    location = named[args.source]() if args.source in named else args.source or feed_url()
    if is_url(location):
        if is_feed_url(location):
            return _refresh_from_feed(location, args)
        return _refresh_over_http(location, args)
    weekly = args.source == _cli_name(WEEKLY)
    source = open_folder(location, args.format, WEEKLY if weekly else None)
    store = Store(store_dir(args.store), create=True)
    region = measuring_region()
    report = refresh(
        source,
        store,
        region,
        workers=args.workers,
        progress=_progress(),
        lock_wait_s=args.wait,
        accept_implausible=set(args.accept_implausible),
    )
    _print_notes(report)
    for line in grouped_lines(((f.label, f.problem) for f in report.failed), "file"):
        print(f"skipped {line}", file=sys.stderr)
    print(f"refresh {source.label} -> {store.path}: {report.summary()}", file=sys.stderr)
    return _failed(len(report.failed), "file(s) could not be read or measured")


def _print_notes(report: RefreshReport) -> None:
    """Days stored without occupied area, or although implausible: an analyst should know."""
    for note in report.empty:
        print(f"note: {note}", file=sys.stderr)
    for note in report.accepted:
        print(f"note: stored {note}", file=sys.stderr)


def _failed(count: int, what: str) -> int:
    """The refresh's exit status; with failures, the closing error line every failure ends in."""
    if not count:
        return 0
    print(
        f"frontline refresh: error: {count} {what} (named above); every other day is stored",
        file=sys.stderr,
    )
    return 1


def _keep_town_table(store: Path | None, *, quiet: bool) -> None:
    """Measure the towns on the snapshots the store lacks them for, so pages need not."""
    from frontline.ingest.store import Store
    from frontline.model.town_table import table_path, town_shares

    if not Store(store_dir(store), readonly=True).series():
        return  # every day failed: the refresh's own error is the last word, not a second one
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
    from frontline.ingest.fetch import Deadline
    from frontline.ingest.remote import archive_base
    from frontline.ingest.store import Store
    from frontline.ingest.update import update
    from frontline.model.boundaries import measuring_region
    from frontline.present.update_words import failure_lines

    url = archive_base(url)  # a URL without a host or with a bad port fails here, once
    store = Store(store_dir(args.store), create=True)
    bars = {stage: _progress(stage) for stage in ("download", "measure")}
    report = update(
        url,
        store,
        measuring_region(),
        workers=args.workers,
        progress=lambda stage, *step: bars[stage](*step),
        deadline=Deadline(args.deadline),
        lock_wait_s=args.wait,
        accept_implausible=set(args.accept_implausible),
    )
    _print_notes(report.refresh)
    for line in failure_lines(report.failed):
        print(f"failed {line}", file=sys.stderr)
    if 0 < len(report.missing) <= 10:
        days = ", ".join(d.isoformat() for d in report.missing)
        print(f"not in the archive: {days}", file=sys.stderr)
    print(f"refresh {url} -> {store.path}: {report.summary()}", file=sys.stderr)
    return _failed(len(report.failed), "day(s) could not be fetched or measured")


def _refresh_national(args: argparse.Namespace) -> int:
    """Read ISW's whole national series again; a bad table stores nothing and exits 1."""
    from frontline.ingest.fetch import Deadline
    from frontline.ingest.isw import refresh_national
    from frontline.ingest.store import Store

    url = isw_url()
    store = Store(store_dir(args.store), create=True)
    report = refresh_national(store, NATIONAL_SOURCES[ISW], url, Deadline(args.deadline), args.wait)
    print(f"refresh {url} -> {store.path}: {report.summary()}", file=sys.stderr)
    return 0


def _refresh_from_feed(url: str, args: argparse.Namespace) -> int:
    """Fetch the days whose last update the store lacks from the feed; exit 1 if any failed."""
    from frontline.ingest.feed import feed_base, update_from_feed
    from frontline.ingest.fetch import Deadline
    from frontline.ingest.store import Store
    from frontline.model.boundaries import measuring_region
    from frontline.present.update_words import grouped_lines

    feed_base(url)  # a URL without a host or with a bad port fails here, before the store
    store = Store(store_dir(args.store), create=True)
    report = update_from_feed(
        url,
        store,
        measuring_region(),
        pause_s=args.pause,
        deadline=Deadline(args.deadline),
        workers=args.workers,
        progress=_progress("update"),
        announce=lambda words: print(words, file=sys.stderr),
        lock_wait_s=args.wait,
        accept_implausible=set(args.accept_implausible),
    )
    _print_notes(report.refresh)
    for line in grouped_lines(report.failed.items(), "update"):
        print(f"failed {line} (asked again on the next refresh)", file=sys.stderr)
    print(f"refresh {url} -> {store.path}: {report.summary()}", file=sys.stderr)
    return _failed(len(report.failed), "update(s) failed")


def _progress(stage: str = ""):
    """Progress on standard error: a redrawn bar on a terminal, a line per 100 otherwise."""
    tty = sys.stderr.isatty()
    label = f"{stage} " if stage else ""
    started = time.monotonic()

    def show(done: int, total: int, name: str) -> None:
        if tty:
            filled = 30 * done // max(total, 1)
            bar = "#" * filled + "." * (30 - filled)
            end = "\n" if done == total else ""
            left = (time.monotonic() - started) / max(done, 1) * (total - done)
            eta = f", about {left / 60:.0f} min left" if left >= 60 else ""
            line = f"\r{label}[{bar}] {done}/{total} {name}{eta}   "
            print(line, end=end, file=sys.stderr, flush=True)
        elif done % 100 == 0 or done == total:
            print(f"{label}[{done}/{total}] {name}", file=sys.stderr)

    return show


def run_stats(args: argparse.Namespace) -> int:
    from frontline.ingest.store import Store, StoreError
    from frontline.model.figures import select_areas, to_csv_bytes, updates_csv_bytes
    from frontline.model.history import all_sources, merge_history

    for target in (args.out, args.map_history):
        if target:
            check_writable_target(target)
    if args.area:
        return _run_area_stats(args)
    store = Store(store_dir(args.store), readonly=True)
    if args.updates:
        figures = store.update_figures()
        if figures.empty:
            raise StoreError("the store holds no updates: run `python -m frontline refresh`")
    else:
        figures = all_sources(store, in_source_only=args.only_in_source)
        if args.history:
            figures = merge_history(figures)
        if figures.empty:
            raise StoreError("the store holds no snapshots yet: run `python -m frontline refresh`")
    if args.oblast:
        figures = select_areas(figures, args.oblast)
    data = updates_csv_bytes(figures) if args.updates else to_csv_bytes(figures)
    _write_csv(data, args.out, len(figures))
    if args.map_history:
        _write_map_history(store, args.map_history)
    return 0


def _write_map_history(store: Store, out: Path) -> None:
    from frontline.model.boundaries import measuring_region
    from frontline.model.map_history import build_map_history, write_map_history

    frame = build_map_history(store, measuring_region())
    size = write_map_history(frame, out)
    print(f"wrote {out} ({len(frame)} rows, {size:,} bytes)", file=sys.stderr)


def _run_area_stats(args: argparse.Namespace) -> int:
    """`stats --area FILE`: the area's history as CSV, with the same functions as the page."""
    from frontline.model.area import area_history, geometry_runs, history_csv, provenance
    from frontline.model.area_input import MAX_FILE_BYTES, area_from_file
    from frontline.model.dataset import open_dataset

    if args.oblast or args.only_in_source:
        raise ValueError("--area measures your own area: it takes no --oblast or --only-in-source")
    with args.area.open("rb") as file:  # no more than a byte over the limit is ever read
        area = area_from_file(args.area.name, file.read(MAX_FILE_BYTES + 1))
    for note in area.notes:
        print(f"note: {note}", file=sys.stderr)
    history = area_history(area.geometry, geometry_runs(open_dataset(args.store, strict=True)))
    print(provenance(history), file=sys.stderr)
    _write_csv(history_csv(history), args.out, len(history.table))
    return 0


def _write_csv(data: bytes, out: Path | None, rows: int) -> None:
    """A command's CSV to the file it names (written whole or not at all), or to stdout."""
    if out:
        write_atomic(out, data)
        print(f"wrote {out} ({rows} rows)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)


def run_check(args: argparse.Namespace) -> int:
    from frontline.ingest.store import Store, StoreError
    from frontline.ingest.verify import check_store
    from frontline.model.boundaries import measuring_region

    store = Store(store_dir(args.store), readonly=True)
    if store.rolled_back:
        print(
            f"note: {store.journal}: a write that did not finish (a refresh stopped, for example "
            "on a full disk) was rolled back; the store is as that refresh's last finished batch "
            "left it",
            file=sys.stderr,
        )
    problems = check_store(store, measuring_region())
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise StoreError(f"{store.path} failed {len(problems)} check(s) (listed above)")
    print(f"{store.path}: integrity ok, every figure agrees with its geometry", file=sys.stderr)
    return 0


def run_sources(args: argparse.Namespace) -> int:
    from frontline.present.source_list import sources_text

    sys.stdout.write(sources_text())
    return 0


def run_assets(args: argparse.Namespace) -> int:
    from frontline.present.assets import install_assets

    for path in install_assets():
        print(f"installed {path}", file=sys.stderr)
    return 0


def _add_export_parser(commands: argparse._SubParsersAction) -> None:
    from frontline.present.export import FORMATS, formats_for
    from frontline.present.export.common import EXPORT_PREFIX

    days, ranges = ", ".join(formats_for("day")), ", ".join(formats_for("range"))
    maps = ", ".join(name for name, spec in FORMATS.items() if spec.towns)
    parser = commands.add_parser(
        "export",
        help=f"{EXPORT_HELP} ({', '.join(FORMATS)})",
        description=(
            f"Export a date ({days}) or a date range ({ranges}). File names default to "
            f"{EXPORT_PREFIX}-DATE.FORMAT (or {EXPORT_PREFIX}-START_END.FORMAT) in the current "
            "folder."
        ),
    )
    parser.add_argument("--format", required=True, choices=sorted(FORMATS))
    parser.add_argument("--date", help=f"YYYY-MM-DD for {days} (default: the latest snapshot)")
    parser.add_argument("--start", help=f"first day of the range, YYYY-MM-DD ({ranges})")
    parser.add_argument("--end", help=f"last day of the range, YYYY-MM-DD ({ranges})")
    parser.add_argument(
        "--step",
        default="7d",
        help="time between GIF frames: Nd, Nw or Nm (days, weeks, months: 7d, 2w, 1m)",
    )
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
    from frontline.model import selection
    from frontline.present.export import ExportError

    try:
        return selection.parse_day(text)
    except ValueError as err:
        raise ExportError(f"{option} {err}") from None


def parse_step(text: str) -> str:
    """A step written `7d`, `2w` or `1m` (days, weeks, calendar months), or an ExportError."""
    from frontline.model.steps import check_step
    from frontline.present.export import ExportError

    try:
        check_step(text)
    except ValueError as err:
        raise ExportError(f"--step {err}") from None
    return text


def run_export(args: argparse.Namespace) -> int:
    """Make the export the arguments ask for and write it atomically."""
    import pandas as pd

    from frontline.present.export import (
        FORMATS,
        POLYGONS_NOT_BUILT,
        ExportError,
        Request,
        make_export,
    )

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
            note = f"{POLYGONS_NOT_BUILT}; run `make data` to build the store"
            print(f"note: {note}", file=sys.stderr)
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
    from frontline.model.dataset import open_dataset

    return open_dataset(store, strict=True)


def _latest(dataset: Dataset) -> date:
    from frontline.model.figures import snapshot_dates
    from frontline.present.export import ExportError

    dates = snapshot_dates(dataset.figures)
    if not dates:
        raise ExportError(f"there is nothing to export: {dataset.origin} holds no snapshots")
    return dates[-1]


def _print_progress(done: int, total: int, label: str) -> None:
    print(f"[{done}/{total}] {label}", file=sys.stderr)


def run_changes(args: argparse.Namespace) -> int:
    """Write the comparison of two dates; dates resolve to snapshots as on the map."""
    from frontline.ingest.store import StoreError
    from frontline.model.changes import choose_pair
    from frontline.model.dataset import open_dataset
    from frontline.model.figures import snapshot_dates
    from frontline.present.export import make_comparison

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
