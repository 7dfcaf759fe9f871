"""The files themselves: PNG and GIF maps, standalone HTML, GeoJSON and CSV, as bytes.

Every file says what it shows: the date asked for, the snapshot used, the figures, the source
and the credit line. Without outlines (neither a store nor the embedded map history, only
`data/control.csv`) the maps shade each oblast by its share and say that the occupied area is
not drawn; the GeoJSON then holds the oblasts alone. Nothing here writes a file: the registry
names and types the bytes.
"""

from __future__ import annotations

import io
import json
import threading
from datetime import date
from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

from frontline.model.boundaries import load_oblasts
from frontline.model.dataset import Dataset, occupied_frame
from frontline.model.figures import (
    DateOutOfRange,
    DayFigures,
    drawn_layers,
    figures_between,
    to_csv_bytes,
)
from frontline.model.provenance import attribution
from frontline.model.steps import DEFAULT_STEP
from frontline.present.export.common import (
    PNG_SIZE,
    POLYGONS_NOT_BUILT,
    ExportBusy,
    ExportError,
    Progress,
    check_order,
    check_within,
    describe_range,
    export_name,
    figures_for,
    step_dates,
    summarise,
)
from frontline.present.geojson import EXPORT_DECIMALS, geojson_feature
from frontline.present.standalone import (
    StandaloneError,
    add_caption,
    external_references,
    inline_page,
)
from frontline.present.war_layers import layer_properties
from frontline.registry import extra_layers

if TYPE_CHECKING:
    from PIL import Image

    from frontline.present.printmap.canvas import MapCanvas

GIF_WIDTH = 960
GIF_FRAME_MS = 700
GIF_HOLD_MS = 2500  # the last frame stays longer, so the end state can be read

# One animation at a time per process: each holds a canvas and its frames' encoder, and the
# dashboard must not multiply that by its number of users.
_GIF_RENDERING = threading.Lock()


def export_png(dataset: Dataset, day: date, *, towns: bool = True) -> bytes:
    """A PNG_SIZE map of `day`: occupied area, towns, figures, legend, scale and source."""
    # matplotlib loads only when a map is drawn, so the CLI's other commands stay quick.
    from frontline.present.export.encoding import encode_png

    return encode_png(draw_day(dataset, day, PNG_SIZE[0], towns=towns)[1])


def draw_day(
    dataset: Dataset, day: date, width_px: int, *, towns: bool = True
) -> tuple[MapCanvas, Image.Image]:
    """The print map of `day`: its canvas (for a look at what it drew) and its image."""
    from frontline.present.printmap.canvas import MapCanvas

    figures = figures_for(dataset, day)
    places = _settlements() if towns else None
    canvas = MapCanvas(
        width_px, places, geometry=dataset.has_geometry, layers=drawn_layers([figures])
    )
    return canvas, canvas.render(_map_frame(dataset, figures, places))


def export_html(dataset: Dataset, day: date, *, towns: bool = True) -> bytes:
    """The interactive map of `day` as one HTML file that opens from disk with no internet."""
    # folium loads only when a map is drawn, so the CLI's other commands stay quick.
    from frontline.present.webmap.folium_map import build_map

    figures = figures_for(dataset, day)
    page = build_map(dataset, figures, settlements=towns).get_root().render()
    return standalone_page(page, figures)


def standalone_page(page: str, figures: DayFigures) -> bytes:
    """A folium page with Leaflet inlined and a caption saying what it shows; no network."""
    title = f"Donetsk and Luhansk oblasts on {figures.resolved.requested.isoformat()}: frontline"
    caption = [
        summarise(figures),
        f"Source: {figures.sources}.",
        f"Map data: {attribution()}. Shares measured in EPSG:3035.",
    ]
    try:
        page = add_caption(inline_page(page), title, caption)
    except StandaloneError as err:
        raise ExportError(f"cannot make a standalone HTML map: {err}") from err
    remote = external_references(page)
    if remote:
        raise ExportError(f"the HTML map would still load {', '.join(remote)}")
    return page.encode()


def export_gif(
    dataset: Dataset,
    start: date,
    end: date,
    step: str = DEFAULT_STEP,
    progress: Progress | None = None,
    *,
    towns: bool = True,
) -> bytes:
    """An animated map from `start` to `end`, one 960 x 720 frame per step (see step_dates).

    Each frame shows the latest snapshot on or before its date, with the date and figures,
    and is encoded as soon as it is drawn. `progress(done, total, date)` is called after each
    frame. Raises ExportBusy when another animation is being rendered in this process.
    """
    from frontline.present.export.encoding import GifWriter
    from frontline.present.printmap.canvas import MapCanvas

    days = step_dates(start, end, step)
    check_within(dataset, start, end)
    if not _GIF_RENDERING.acquire(blocking=False):
        raise ExportBusy(
            "another animation is being rendered on this server; try again when it is done"
        )
    try:
        places = _settlements() if towns else None
        every = [figures_for(dataset, day) for day in days]
        canvas = MapCanvas(
            GIF_WIDTH, places, geometry=dataset.has_geometry, layers=drawn_layers(every)
        )
        out = io.BytesIO()
        writer = GifWriter(out, GIF_FRAME_MS, GIF_HOLD_MS)
        for done, (day, figures) in enumerate(zip(days, every, strict=True), start=1):
            writer.add(canvas.render(_map_frame(dataset, figures, places)))
            if progress is not None:
                progress(done, len(days), day.isoformat())
        writer.close()
        return out.getvalue()
    finally:
        _GIF_RENDERING.release()


def export_csv(dataset: Dataset, start: date, end: date) -> bytes:
    """The figures from `start` to `end` inclusive, as the figures table's CSV."""
    check_order(start, end)
    try:
        rows = figures_between(dataset.figures, start, end)
    except DateOutOfRange as err:
        raise ExportError(f"{err}; {describe_range(dataset)}") from None
    return to_csv_bytes(rows)


def export_geojson(dataset: Dataset, day: date) -> bytes:
    """The oblasts with their figures, and each oblast's occupied area, in EPSG:4326.

    Every feature has `layer` ("oblast", "occupied", and each extra layer the snapshot's source
    has: "pre2022" and "grey" on the weekly maps), `oblast`, `occupied_pct`, `occupied_km2` (as
    in the figures table, measured in EPSG:3035), `date` (the snapshot used), `requested_date`,
    `source`, `source_id` and, for each such layer, `{layer}_pct` and `{layer}_km2`.
    Coordinates are rounded to 1e-5 degrees.
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
    for layer in extra_layers():
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
        "attribution": attribution(),
        "features": features,
    }
    if not pieces:
        collection["note"] = POLYGONS_NOT_BUILT
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


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
        # The source id, and the grey-zone and pre-2022 figures where the source has them.
        **layer_properties(numbers),
    }
    return geojson_feature(geometry, properties, EXPORT_DECIMALS)


def _settlements() -> gpd.GeoDataFrame:
    from frontline.model.settlements import load_settlements

    return load_settlements()


def _map_frame(dataset: Dataset, figures: DayFigures, places: gpd.GeoDataFrame | None):
    """One date's layers; each town is flagged in or out only when the polygons are known."""
    from frontline.model.settlements import inside_occupied
    from frontline.present.printmap.canvas import MapFrame

    pieces = dataset.occupied(figures.resolved.snapshot)
    inside = inside_occupied(places, pieces) if places is not None and pieces else None
    extra = {layer: dataset.layer(figures.resolved.snapshot, layer) for layer in extra_layers()}
    return MapFrame(figures, pieces, inside, extra)
