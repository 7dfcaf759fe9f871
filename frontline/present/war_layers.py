"""The layers only DeepState's weekly maps have (occupied before 2022, the grey zone): how the
map draws them, how its legend names them, and how the figures split the occupied share.

Kept apart from `maps` so the map, its legend, the figures panel and the exports share one
definition; `maps.day_layers`, `maps.date_groups` and `maps.legend_html` call in here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import folium
import shapely

from frontline.model.dataset import Dataset, occupied_frame
from frontline.model.figures import LAYER_COLUMNS, SOURCE_ID, OblastFigures
from frontline.model.history import EXTRA_LAYERS, GREY, PRE2022
from frontline.present import style
from frontline.present.geojson import DRAW_DECIMALS, geojson_feature
from frontline.present.wording import format_km2, format_share

# How each layer is drawn over the occupied area, on both maps (colours from `style`).
STYLES: dict[str, dict[str, Any]] = {
    PRE2022: {
        "fillColor": style.PRE2022_FILL,
        "fillOpacity": 0.55,
        "color": style.PRE2022_EDGE,
        "weight": 1,
    },
    GREY: {"fillColor": style.GREY_FILL, "fillOpacity": 0.7, "color": style.GREY_EDGE, "weight": 1},
}
NAMES = {
    PRE2022: "Occupied before 24 February 2022 (DeepStateMap)",
    GREY: "Grey zone: status unknown (DeepStateMap)",
}
# Short: the legend sits over the map, which is narrow on a phone.
LEGEND_LABELS = {
    PRE2022: "Occupied before 2022",
    GREY: "Grey zone (unknown)",
}
LEGEND_NOTE = "both on layered maps: the weekly archive, the live feed"


def extra_collections(dataset: Dataset, snapshot: date) -> dict[str, dict]:
    """Each extra layer the snapshot's source has, as a GeoJSON FeatureCollection for drawing.

    Layers the source lacks (every daily snapshot) or that are empty on the day are left out.
    """
    out = {}
    for layer in EXTRA_LAYERS:
        pieces = {k: g for k, g in dataset.layer(snapshot, layer).items() if not g.is_empty}
        if pieces:
            out[layer] = collection(pieces)
    return out


def collection(pieces: Mapping[str, shapely.Geometry]) -> dict:
    """Pieces per oblast (EPSG:3035) as a FeatureCollection in degrees, simplified to draw."""
    frame = occupied_frame(dict(pieces), style.DRAW_TOLERANCE_M)
    return {
        "type": "FeatureCollection",
        "features": [
            geojson_feature(geometry, {"oblast": oblast}, DRAW_DECIMALS)
            for oblast, geometry in zip(frame["oblast"], frame.geometry, strict=True)
        ],
    }


def extra_groups(collections: Mapping[str, dict], snapshot: date) -> list[folium.FeatureGroup]:
    """A feature group per extra layer, named for the layer control, pre-2022 first."""
    groups = []
    for layer in EXTRA_LAYERS:
        if layer not in collections:
            continue
        group = folium.FeatureGroup(name=NAMES[layer])
        drawn = STYLES[layer]
        folium.GeoJson(
            collections[layer],
            name=layer,
            style_function=lambda _, drawn=drawn: drawn,
            tooltip=folium.Tooltip(
                f"{NAMES[layer]} on {snapshot.isoformat()} (weekly snapshot)", sticky=True
            ),
        ).add_to(group)
        groups.append(group)
    return groups


def legend_rows() -> list[tuple[str, str, float]]:
    """The legend's rows for the extra layers (label, fill, opacity); constant, so the map
    never remounts for them."""
    return [
        (LEGEND_LABELS[layer], STYLES[layer]["fillColor"], STYLES[layer]["fillOpacity"])
        for layer in EXTRA_LAYERS
    ]


def split_lines(oblast: OblastFigures) -> list[str]:
    """The occupied share split before and since 24 February 2022, and the grey zone's km²;
    nothing where the snapshot's source lacks those layers."""
    lines = []
    if oblast.pre2022_pct is not None and oblast.since2022_pct is not None:
        lines.append(
            f"Before 24 Feb 2022: {format_share(oblast.pre2022_pct)} "
            f"({format_km2(oblast.pre2022_km2 or 0.0)})"
        )
        lines.append(
            f"Since 24 Feb 2022: {format_share(oblast.since2022_pct)} "
            f"({format_km2(oblast.since2022_km2 or 0.0)})"
        )
    if oblast.grey_km2 is not None:
        lines.append(f"Grey zone: {format_km2(oblast.grey_km2)}")
    return lines


def compact_line(oblast: OblastFigures) -> list[str]:
    """The split and the grey zone in one line, for the PNG's narrow figures panel."""
    parts = []
    if oblast.pre2022_pct is not None and oblast.since2022_pct is not None:
        parts.append(
            f"{format_share(oblast.pre2022_pct)} before 24 Feb 2022, "
            f"{format_share(oblast.since2022_pct)} since"
        )
    if oblast.grey_km2 is not None:
        parts.append(f"grey zone {format_km2(oblast.grey_km2)}")
    return ["; ".join(parts)] if parts else []


def layer_properties(oblast: OblastFigures) -> dict[str, object]:
    """The source id and the extra layers' figures for an export, rounded as `frontline stats`
    rounds them; only those the snapshot's source has."""
    values: dict[str, object] = {}
    if oblast.source_id is not None:
        values[SOURCE_ID] = oblast.source_id
    for name in LAYER_COLUMNS:
        value = getattr(oblast, name)
        if value is not None:
            values[name] = round(value, 4 if name.endswith("_pct") else 3)
    return values
