"""The layers beside the occupied area that some sources have (occupied before 2022, the grey
zone, ...): how the map draws them, how its legend names them, and how the figures split the
occupied share. Their words come from `frontline.registry.LAYERS`, their colours from
`frontline.present.style.LAYER_STYLES`.

Kept apart from `maps` so the map, its legend, the figures panel and the exports share one
definition; `maps.day_layers`, `maps.date_groups` and `maps.legend_html` call in here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import folium
import shapely

from frontline.model.dataset import Dataset, occupied_frame
from frontline.model.figures import SOURCE_ID, OblastFigures
from frontline.present.geojson import DRAW_DECIMALS, geojson_feature
from frontline.present.style import DRAW_TOLERANCE_M, LAYER_STYLES
from frontline.present.wording import format_km2, format_share
from frontline.registry import LAYERS, SOURCES, extra_layers, name_of


def extra_collections(dataset: Dataset, snapshot: date) -> dict[str, dict]:
    """Each extra layer the snapshot's source has, as a GeoJSON FeatureCollection for drawing.

    Layers the source lacks (every daily snapshot) or that are empty on the day are left out.
    """
    out = {}
    for layer in extra_layers():
        pieces = {k: g for k, g in dataset.layer(snapshot, layer).items() if not g.is_empty}
        if pieces:
            out[layer] = collection(pieces)
    return out


def collection(pieces: Mapping[str, shapely.Geometry]) -> dict:
    """Pieces per oblast (EPSG:3035) as a FeatureCollection in degrees, simplified to draw."""
    frame = occupied_frame(dict(pieces), DRAW_TOLERANCE_M)
    return {
        "type": "FeatureCollection",
        "features": [
            geojson_feature(geometry, {"oblast": oblast}, DRAW_DECIMALS)
            for oblast, geometry in zip(frame["oblast"], frame.geometry, strict=True)
        ],
    }


def extra_groups(collections: Mapping[str, dict], snapshot: date) -> list[folium.FeatureGroup]:
    """A feature group per extra layer, named for the layer control, in the registry's order."""
    groups = []
    for layer in extra_layers():
        if layer not in collections:
            continue
        label = LAYERS[layer].label
        group = folium.FeatureGroup(name=label)
        style = LAYER_STYLES[layer]
        folium.GeoJson(
            collections[layer],
            name=layer,
            style_function=lambda _, style=style: style,
            tooltip=folium.Tooltip(f"{label} on {snapshot.isoformat()}", sticky=True),
        ).add_to(group)
        groups.append(group)
    return groups


def legend_note() -> str:
    """Which sources have the extra layers: `on the weekly layered maps`."""
    having = [s.id for s in SOURCES.values() if s.extra_layers]
    return "on " + " and ".join(f"the {name_of(s)}" for s in having) if having else ""


def legend_rows() -> list[tuple[str, str, str, float]]:
    """The legend's rows for the extra layers (layer, label, fill, opacity): every layer, so
    the base map and its legend are the same on every date and never remount; each date shows
    the rows of the layers it draws (`webmap.legend.LegendLayers`)."""
    return [
        (
            layer,
            LAYERS[layer].legend,
            LAYER_STYLES[layer]["fillColor"],
            LAYER_STYLES[layer]["fillOpacity"],
        )
        for layer in extra_layers()
    ]


def split_lines(oblast: OblastFigures) -> list[str]:
    """Each extra layer's figure: a layer part of the occupied share splits it in two (before
    and since 24 February 2022), any other is given in km²; nothing where the snapshot's
    source lacks the layers."""
    lines = []
    for layer, figures in oblast.layers.items():
        rest = oblast.rest(layer)
        if rest is None:
            lines.append(f"{LAYERS[layer].figure}: {format_km2(figures.km2)}")
            continue
        lines.append(
            f"{LAYERS[layer].figure}: {format_share(figures.pct)} ({format_km2(figures.km2)})"
        )
        lines.append(f"{LAYERS[layer].rest}: {format_share(rest.pct)} ({format_km2(rest.km2)})")
    return lines


def compact_line(oblast: OblastFigures) -> list[str]:
    """The same figures in one line, for the PNG's narrow figures panel."""
    parts = []
    for layer, figures in oblast.layers.items():
        rest, words = oblast.rest(layer), LAYERS[layer]
        if rest is None:
            parts.append(f"{_lower_first(words.figure)} {format_km2(figures.km2)}")
        else:
            parts.append(
                f"{format_share(figures.pct)} {_lower_first(words.figure)}, "
                f"{format_share(rest.pct)} {_lower_first(words.rest)}"
            )
    return ["; ".join(parts)] if parts else []


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def layer_properties(oblast: OblastFigures) -> dict[str, object]:
    """The source id and the extra layers' figures for an export, rounded as `frontline stats`
    rounds them; only those the snapshot's source has."""
    values: dict[str, object] = {}
    if oblast.source_id is not None:
        values[SOURCE_ID] = oblast.source_id
    for layer, figures in oblast.layers.items():
        pct, km2 = LAYERS[layer].columns
        values[pct] = round(figures.pct, 4)
        values[km2] = round(figures.km2, 3)
    return values
