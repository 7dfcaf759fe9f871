"""Every export format in one table: how to make it, its MIME type, what it covers, towns or not.

The command line and the dashboard's export panels read these tables, so a new format is one
entry here: `FORMATS` for a day or a range of days, `CHANGE_FORMATS` for two dates compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from frontline.model.changes import DatePair
from frontline.model.dataset import Dataset
from frontline.model.steps import DEFAULT_STEP
from frontline.present.export.changes import changes_csv, changes_geojson, changes_name, changes_png
from frontline.present.export.common import PNG_SIZE, Export, Progress, export_name
from frontline.present.export.formats import (
    export_csv,
    export_geojson,
    export_gif,
    export_html,
    export_png,
)
from frontline.present.export.front_line import export_front_geojson, export_front_kml


@dataclass(frozen=True)
class Request:
    """What to export: a day (`start` alone), a range or a pair of snapshots, and the options."""

    start: date
    end: date | None = None
    step: str = DEFAULT_STEP
    towns: bool = True
    progress: Progress | None = None


@dataclass(frozen=True)
class Format:
    """One export format: `span` says whether it shows a day, a range of days or two compared."""

    label: str
    hint: str
    mime: str
    span: Literal["day", "range", "pair"]
    towns: bool  # whether the file can leave the towns off
    polygons: bool  # whether the file shows the occupied area (else figures alone)
    make: Callable[[Dataset, Request], bytes]
    # Whether this copy of the data can make the file for a snapshot date (the panel offers it).
    available: Callable[[Dataset, date], bool] = lambda data, day: True


def _end(request: Request) -> date:
    if request.end is None:
        raise ValueError("a range export needs an end date")
    return request.end


FORMATS: dict[str, Format] = {
    "png": Format(
        "PNG map",
        f"A {PNG_SIZE[0]} x {PNG_SIZE[1]} image with figures, legend and source",
        "image/png",
        "day",
        True,
        True,
        lambda data, r: export_png(data, r.start, towns=r.towns),
    ),
    "html": Format(
        "HTML map",
        "The interactive map in one file that opens offline",
        "text/html",
        "day",
        True,
        True,
        lambda data, r: export_html(data, r.start, towns=r.towns),
    ),
    "geojson": Format(
        "GeoJSON",
        "The oblasts with their figures, and the occupied area",
        "application/geo+json",
        "day",
        False,
        True,
        lambda data, r: export_geojson(data, r.start),
    ),
    "front-geojson": Format(
        "Front line (GeoJSON)",
        "The front line of the date shown, with its length in km per oblast and source",
        "application/geo+json",
        "day",
        False,
        True,
        lambda data, r: export_front_geojson(data, r.start),
        Dataset.has_front_line,
    ),
    "front-kml": Format(
        "Front line (KML)",
        "The front line of the date shown, for Google Earth and other GIS tools",
        "application/vnd.google-earth.kml+xml",
        "day",
        False,
        True,
        lambda data, r: export_front_kml(data, r.start),
        Dataset.has_front_line,
    ),
    "csv": Format(
        "CSV figures",
        "The figures of every snapshot in the range",
        "text/csv",
        "range",
        False,
        False,
        lambda data, r: export_csv(data, r.start, _end(r)),
    ),
    "gif": Format(
        "GIF animation",
        "The map at each step of the range, one frame a step",
        "image/gif",
        "range",
        True,
        True,
        lambda data, r: export_gif(data, r.start, _end(r), r.step, r.progress, towns=r.towns),
    ),
}


def _pair(request: Request) -> DatePair:
    return DatePair(request.start, _end(request))


# Two snapshots compared (`choose_pair` resolves and checks the dates first).
CHANGE_FORMATS: dict[str, Format] = {
    "png": Format(
        "PNG map",
        f"A {PNG_SIZE[0]} x {PNG_SIZE[1]} image of the ground kept, gained and lost, with figures "
        "and source",
        "image/png",
        "pair",
        False,
        True,
        lambda data, r: changes_png(data, _pair(r)),
    ),
    "geojson": Format(
        "GeoJSON",
        "The ground kept, gained and lost in each oblast, with km²",
        "application/geo+json",
        "pair",
        False,
        True,
        lambda data, r: changes_geojson(data, _pair(r)),
    ),
    "csv": Format(
        "CSV figures",
        "Each oblast's figures on both dates, and the towns that changed side",
        "text/csv",
        "pair",
        False,
        False,
        lambda data, r: changes_csv(data, _pair(r)),
    ),
}


def formats_for(span: Literal["day", "range"]) -> list[str]:
    """The formats that show a single day, or a range of days."""
    return [name for name, spec in FORMATS.items() if spec.span == span]


def make_export(fmt: str, dataset: Dataset, request: Request) -> Export:
    """The file `fmt` for `request`, with its conventional name and MIME type."""
    spec = FORMATS[fmt]
    end = _end(request) if spec.span == "range" else None
    return Export(export_name(fmt, request.start, end), spec.make(dataset, request), spec.mime)


def make_comparison(fmt: str, dataset: Dataset, pair: DatePair) -> Export:
    """The file `fmt` comparing the two snapshots of `pair`, named with both dates."""
    spec = CHANGE_FORMATS[fmt]
    request = Request(pair.start, pair.end)
    return Export(changes_name(pair, fmt), spec.make(dataset, request), spec.mime)
