"""The command line: `python -m frontline refresh|stats|export|assets`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from frontline import __version__
from frontline.atomic import write_atomic
from frontline.config import ARCHIVE_URL, ARCHIVE_URL_ENV, archive_url, store_dir
from frontline.ingest.measure import Region
from frontline.ingest.remote import NetworkError, is_url
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store, StoreError
from frontline.model.boundaries import oblasts_in_area_crs
from frontline.model.figures import to_csv_bytes
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
        default=None,
        help="folder or http(s) base URL of deepstatemap_data_YYYYMMDD.geojson files "
        f"(default: ${ARCHIVE_URL_ENV}, else {ARCHIVE_URL})",
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
    source = FolderSource(location)
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
    figures = Store(store_dir(args.store)).figures()
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
