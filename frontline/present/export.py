"""Exports for an article or an archive: PNG and GIF maps, standalone HTML, GeoJSON and CSV.

Each export function returns an `Export` (file name, bytes, MIME type) and writes nothing: the
page hands the bytes to a download button, the CLI writes them atomically. Every export says
what it shows: the date asked for, the snapshot used, the figures, the source and attribution.
Without a store (only `data/control.csv`) the maps shade each oblast by its share and say that
the occupied-area polygons need `make data`; the GeoJSON then holds the oblasts alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import shapely

from frontline.atomic import write_atomic
from frontline.ingest.store import Store
from frontline.model.boundaries import load_oblasts
from frontline.model.dataset import Dataset, occupied_frame, open_dataset
from frontline.model.figures import (
    DateOutOfRange,
    DayFigures,
    figures_between,
    figures_on,
    snapshot_dates,
    to_csv_bytes,
)
from frontline.model.history import EXTRA_LAYERS
from frontline.present.geojson import geojson_feature
from frontline.present.standalone import (
    StandaloneError,
    add_caption,
    external_references,
    inline_page,
)
from frontline.present.war_layers import layer_properties
from frontline.present.wording import format_km2, format_share

PREFIX = "frontline-donbas"
MIME_TYPES = {
    "png": "image/png",
    "html": "text/html",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "gif": "image/gif",
}
RANGE_FORMATS = ("csv", "gif")
PNG_WIDTH = 1600
GIF_WIDTH = 960
GIF_FRAME_MS = 700
GIF_HOLD_MS = 2500  # the last frame stays longer, so the end state can be read
MAX_GIF_FRAMES = 400
GEOJSON_DECIMALS = 5  # 1e-5 degrees is about 1 m: finer than the source's own precision
ATTRIBUTION = "DeepStateMap; Natural Earth; GeoNames CC BY 4.0"
NO_POLYGONS = (
    "occupied-area polygons are not in this copy of the data (figures only, from "
    "data/control.csv): run `make data` to build the store"
)

Progress = Callable[[int, int, str], None]


class ExportError(ValueError):
    """An export that cannot be made: a date or range without data, or a bad request."""


@dataclass(frozen=True)
class Export:
    """One exported file: its conventional name, its bytes and its MIME type."""

    name: str
    data: bytes
    mime: str


def export_name(fmt: str, start: date, end: date | None = None) -> str:
    """`frontline-donbas-2026-01-06.png`, or `..._2026-01-06.gif` for a range."""
    days = start.isoformat() if end is None else f"{start.isoformat()}_{end.isoformat()}"
    return f"{PREFIX}-{days}.{fmt}"


def describe_range(dataset: Dataset) -> str:
    """`snapshots run from A to B`: said in every error about a date without data."""
    dates = snapshot_dates(dataset.figures)
    if not dates:
        return "there are no snapshots"
    return f"snapshots run from {dates[0].isoformat()} to {dates[-1].isoformat()}"


def figures_for(dataset: Dataset, day: date) -> DayFigures:
    """The figures of `day` (the latest snapshot on or before it), or an ExportError."""
    try:
        return figures_on(dataset.figures, day)
    except DateOutOfRange as err:
        raise ExportError(
            f"no data for {day.isoformat()}: {err}; {describe_range(dataset)}"
        ) from None


def summarise(figures: DayFigures) -> str:
    """One line a reader can quote: the date, the snapshot, each oblast's share and km²."""
    resolved = figures.resolved
    shares = ", ".join(
        f"{o.oblast} {format_share(o.occupied_pct)} ({format_km2(o.occupied_km2)})"
        for o in figures.oblasts
    )
    snapshot = f"DeepStateMap snapshot of {resolved.snapshot.isoformat()}"
    if not resolved.exact:
        snapshot += f", the latest on or before {resolved.requested.isoformat()}"
    return f"Occupied on {resolved.requested.isoformat()} ({snapshot}): {shares}."


def export_png(dataset: Dataset, day: date, *, towns: bool = True) -> Export:
    """A 1600 x 1200 px map of `day`: occupied area, towns, figures, legend, scale and source."""
    # matplotlib loads only when a map is drawn, so the CLI's other commands stay quick.
    from frontline.present.render import MapCanvas, encode_png

    figures = figures_for(dataset, day)
    places = _settlements() if towns else None
    canvas = MapCanvas(PNG_WIDTH, places, geometry=dataset.has_geometry)
    image = canvas.render(_map_frame(dataset, figures, places))
    return Export(export_name("png", day), encode_png(image), MIME_TYPES["png"])


def _check_order(start: date, end: date) -> None:
    if start > end:
        raise ExportError(
            f"the range starts after it ends: {start.isoformat()} > {end.isoformat()}"
        )


def export_html(dataset: Dataset, day: date, *, towns: bool = True) -> Export:
    """The interactive map of `day` as one HTML file that opens from disk with no internet."""
    # folium loads only when a map is drawn, so the CLI's other commands stay quick.
    from frontline.present.maps import build_map

    figures = figures_for(dataset, day)
    page = build_map(dataset, figures, settlements=towns).get_root().render()
    return Export(export_name("html", day), standalone_page(page, figures), MIME_TYPES["html"])


def standalone_page(page: str, figures: DayFigures) -> bytes:
    """A folium page with Leaflet inlined and a caption saying what it shows; no network."""
    title = f"Donetsk and Luhansk oblasts on {figures.resolved.requested.isoformat()}: frontline"
    caption = [
        summarise(figures),
        f"Source: {figures.sources}.",
        f"Map data: {ATTRIBUTION}. Shares measured in EPSG:3035.",
    ]
    try:
        page = add_caption(inline_page(page), title, caption)
    except StandaloneError as err:
        raise ExportError(f"cannot make a standalone HTML map: {err}") from err
    remote = external_references(page)
    if remote:
        raise ExportError(f"the HTML map would still load {', '.join(remote)}")
    return page.encode()


def step_dates(start: date, end: date, step_days: int) -> list[date]:
    """`start`, `start + step`, ... up to `end`, and `end` itself as the last frame."""
    _check_order(start, end)
    if step_days < 1:
        raise ExportError(f"the step must be at least one day, not {step_days}")
    days = [start + timedelta(days=i) for i in range(0, (end - start).days + 1, step_days)]
    if days[-1] != end:
        days.append(end)
    if len(days) > MAX_GIF_FRAMES:
        raise ExportError(
            f"{len(days)} frames from {start.isoformat()} to {end.isoformat()} every "
            f"{step_days} days: at most {MAX_GIF_FRAMES}, choose a longer step"
        )
    return days


def export_gif(
    dataset: Dataset,
    start: date,
    end: date,
    step_days: int = 7,
    progress: Progress | None = None,
    *,
    towns: bool = True,
) -> Export:
    """An animated map from `start` to `end`, one 960 x 720 frame per step (see step_dates).

    Each frame shows the latest snapshot on or before its date, with the date and figures.
    `progress(done, total, date)` is called after each frame.
    """
    from frontline.present.render import MapCanvas, encode_gif

    days = step_dates(start, end, step_days)
    _check_within(dataset, start, end)
    figures = [figures_for(dataset, day) for day in days]
    places = _settlements() if towns else None
    canvas = MapCanvas(GIF_WIDTH, places, geometry=dataset.has_geometry)
    frames = []
    for done, day_figures in enumerate(figures, start=1):
        frames.append(canvas.render(_map_frame(dataset, day_figures, places)))
        if progress is not None:
            progress(done, len(figures), day_figures.resolved.requested.isoformat())
    data = encode_gif(frames, GIF_FRAME_MS, GIF_HOLD_MS)
    return Export(export_name("gif", start, end), data, MIME_TYPES["gif"])


def _check_within(dataset: Dataset, start: date, end: date) -> None:
    """Refuse a range whose frames would fall before the first or after the last snapshot."""
    dates = snapshot_dates(dataset.figures)
    span = f"the range {start.isoformat()} to {end.isoformat()}"
    if not dates or start < dates[0]:
        raise ExportError(f"{span} starts before the first snapshot; {describe_range(dataset)}")
    if end > dates[-1]:
        raise ExportError(f"{span} ends after the last snapshot; {describe_range(dataset)}")


def export_csv(dataset: Dataset, start: date, end: date) -> Export:
    """The figures from `start` to `end` inclusive, as the figures table's CSV."""
    _check_order(start, end)
    try:
        rows = figures_between(dataset.figures, start, end)
    except DateOutOfRange as err:
        raise ExportError(f"{err}; {describe_range(dataset)}") from None
    return Export(export_name("csv", start, end), to_csv_bytes(rows), MIME_TYPES["csv"])


def export_geojson(dataset: Dataset, day: date) -> Export:
    """The oblasts with their figures, and each oblast's occupied area, in EPSG:4326.

    Every feature has `layer` ("oblast", "occupied", and on weekly snapshots "pre2022" and
    "grey"), `oblast`, `occupied_pct`, `occupied_km2` (as in the figures table, measured in
    EPSG:3035), `date` (the snapshot used), `requested_date`, `source`, `source_id` and, on
    weekly snapshots, `pre2022_pct`, `pre2022_km2`, `grey_pct` and `grey_km2`. Coordinates
    are rounded to 1e-5 degrees.
    """
    figures = figures_for(dataset, day)
    oblasts = load_oblasts()
    features = [
        _feature(geometry, "oblast", figures, name)
        for name, geometry in zip(oblasts["name"], oblasts.geometry, strict=True)
    ]
    pieces = dataset.occupied(figures.resolved.snapshot)
    occupied = occupied_frame(pieces)
    features += [
        _feature(geometry, "occupied", figures, name)
        for name, geometry in zip(occupied["oblast"], occupied.geometry, strict=True)
    ]
    for layer in EXTRA_LAYERS:  # issue 12: pre-2022 and grey zone, where the source has them
        extra = occupied_frame(dataset.layer(figures.resolved.snapshot, layer))
        features += [
            _feature(geometry, layer, figures, name)
            for name, geometry in zip(extra["oblast"], extra.geometry, strict=True)
            if not geometry.is_empty
        ]
    collection = {
        "type": "FeatureCollection",
        "name": export_name("geojson", day).removesuffix(".geojson"),
        "description": summarise(figures),
        "attribution": ATTRIBUTION,
        "features": features,
    }
    if not pieces:
        collection["note"] = NO_POLYGONS
    data = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    return Export(export_name("geojson", day), data, MIME_TYPES["geojson"])


def _feature(
    geometry: shapely.Geometry, layer: str, figures: DayFigures, oblast: str
) -> dict[str, object]:
    numbers = figures[oblast]
    properties = {
        "layer": layer,
        "oblast": oblast,
        # The figures table's own rounding (`frontline stats`), so the two always agree.
        "occupied_pct": round(numbers.occupied_pct, 4),
        "occupied_km2": round(numbers.occupied_km2, 3),
        "date": figures.resolved.snapshot.isoformat(),
        "requested_date": figures.resolved.requested.isoformat(),
        "source": numbers.source,
        **layer_properties(numbers),  # issue 12
    }
    return geojson_feature(geometry, properties, GEOJSON_DECIMALS)


def _settlements() -> gpd.GeoDataFrame:
    from frontline.model.settlements import load_settlements

    return load_settlements()


def _map_frame(dataset: Dataset, figures: DayFigures, places: gpd.GeoDataFrame | None):
    """One date's layers; each town is flagged in or out only when the polygons are known."""
    from frontline.model.settlements import inside_occupied
    from frontline.present.render import MapFrame

    pieces = dataset.occupied(figures.resolved.snapshot)
    inside = inside_occupied(places, pieces) if places is not None and pieces else None
    extra = {layer: dataset.layer(figures.resolved.snapshot, layer) for layer in EXTRA_LAYERS}
    return MapFrame(figures, pieces, inside, extra)


def parse_day(text: str, option: str) -> date:
    """A YYYY-MM-DD command-line value, or an ExportError naming the option."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ExportError(f"{option} {text!r} is not a date in the form YYYY-MM-DD") from None


def parse_step(text: str) -> int:
    """Days in a step written `7`, `7d` or `2w`."""
    value = text.strip().lower()
    unit = 7 if value.endswith("w") else 1
    try:
        days = int(value.rstrip("dw")) * unit
    except ValueError:
        raise ExportError(f"--step {text!r} is not a number of days such as 7d or 2w") from None
    if days < 1:
        raise ExportError(f"--step {text!r} must be at least one day")
    return days


def add_export_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `frontline export` on the CLI's subcommands."""
    parser = subparsers.add_parser(
        "export",
        help="write a map or the figures to a file (png, html, geojson, csv, gif)",
        description=(
            "Export a date as a PNG map, a standalone HTML map or GeoJSON, or a date range as "
            "CSV figures or an animated GIF. File names default to "
            f"{PREFIX}-DATE.FORMAT (or {PREFIX}-START_END.FORMAT) in the current folder."
        ),
    )
    parser.add_argument("--format", required=True, choices=sorted(MIME_TYPES))
    parser.add_argument("--date", help="YYYY-MM-DD for png, html, geojson (default: latest)")
    parser.add_argument("--start", help="first day of the range, YYYY-MM-DD (csv, gif)")
    parser.add_argument("--end", help="last day of the range, YYYY-MM-DD (csv, gif)")
    parser.add_argument("--step", default="7d", help="days between GIF frames: 7d, 30d, 2w")
    parser.add_argument("--out", type=Path, help="file to write (default: the conventional name)")
    parser.add_argument(
        "--no-towns", action="store_true", help="leave the towns off png, html and gif maps"
    )
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="store folder (default: $FRONTLINE_STORE, else data/store, else data/control.csv)",
    )
    parser.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Make the export the arguments ask for and write it atomically."""
    dataset = _open(args.store)
    if not dataset.has_geometry and args.format != "csv":
        print(f"note: {NO_POLYGONS}", file=sys.stderr)
    if args.format in RANGE_FORMATS:
        if not (args.start and args.end):
            raise ExportError(f"--format {args.format} needs --start and --end (YYYY-MM-DD)")
        start, end = parse_day(args.start, "--start"), parse_day(args.end, "--end")
        if args.format == "csv":
            export = export_csv(dataset, start, end)
        else:
            step = parse_step(args.step)
            export = export_gif(dataset, start, end, step, _print_progress, towns=not args.no_towns)
    else:
        day = parse_day(args.date, "--date") if args.date else snapshot_dates(dataset.figures)[-1]
        if args.format == "geojson":
            export = export_geojson(dataset, day)
        else:
            make = export_png if args.format == "png" else export_html
            export = make(dataset, day, towns=not args.no_towns)
    out = args.out or Path(export.name)
    write_atomic(out, export.data)
    print(f"wrote {out} ({len(export.data):,} bytes)", file=sys.stderr)
    return 0


def _open(store: Path | None) -> Dataset:
    """The default store falls back to the embedded CSV; a store named explicitly must exist."""
    if store is not None:
        Store(store)  # raises StoreError, naming the folder, when there is no store there
    return open_dataset(store)


def _print_progress(done: int, total: int, label: str) -> None:
    print(f"[{done}/{total}] {label}", file=sys.stderr)
