"""The interactive map: a static offline base, and the layers that change with the date.

The base (outline map, oblast borders and labels, legend, events, optional tile layers) is the
same for every date, so streamlit-folium keeps the map mounted when only the date changes; the
date's layers (oblasts shaded by share, occupied area, towns) travel as feature groups. Every
text that comes from data is escaped here, because folium inserts text as raw HTML.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from frontline.config import AREA_CRS, DISPLAY_CRS
from frontline.model.boundaries import load_basemap, load_oblasts
from frontline.model.dataset import Dataset, occupied_frame
from frontline.model.events import events_near
from frontline.model.figures import DayFigures
from frontline.model.settlements import SOURCE as TOWNS_SOURCE
from frontline.model.settlements import inside_occupied, load_settlements
from frontline.present.assets import JQUERY_JS, LEAFLET_CSS, LEAFLET_JS
from frontline.present.escaping import escape_html
from frontline.present.geojson import geojson_feature
from frontline.present.war_layers import extra_collections, extra_groups, legend_rows
from frontline.present.wording import format_event_date, format_km2, format_share

# Relative to streamlit-folium's iframe (/component/streamlit_folium.st_folium/index.html),
# this is the app's /app/static/, and it stays right under --server.baseUrlPath.
STATIC_URL = "../../app/static/"
# Simplifying before drawing: at the zoom that frames both oblasts a pixel is about 800 m,
# and 100 m still looks exact three zoom levels closer. Areas are never measured on it.
DRAW_TOLERANCE_M = 100.0
COORD_DECIMALS = 4  # 1e-4 degrees is about 10 m
LABELLED_TOWNS = 12
TOWN_LABEL_CHAR_PX = 6.2  # mean advance of an 11 px system-ui glyph
# Both oblasts (3.3 degrees of latitude) fit a map 600 px high at zoom 7, with room around.
FRAMING_ZOOM = 7

# ColorBrewer "Blues": sequential, readable with every common colour-vision deficiency, and
# apart from the vermillion (Okabe-Ito) of the occupied area drawn on top of it.
SHARE_BREAKS = (0, 20, 40, 60, 80, 100)
SHARE_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
OCCUPIED = "#D55E00"
OCCUPIED_EDGE = "#8C3D00"
INK = "#1F1F1F"
BASEMAP_FILL = "#F4F4EF"
BASEMAP_EDGE = "#A8A8A8"
EVENT_COLOUR = "#6A3D9A"
# A town's fill: inside the occupied area, outside it, or not known (no polygons loaded).
TOWN_FILLS = {True: INK, False: "#FFFFFF", None: "#9A9A9A"}
SHARE_OPACITY = 0.5
OCCUPIED_OPACITY = 0.6

ATTRIBUTION = "DeepStateMap · Natural Earth · GeoNames (CC BY 4.0)"
CARTO_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
CARTO_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
    '&copy; <a href="https://carto.com/attributions">CARTO</a>'
)
LAYER_NAMES = {
    "basemap": "Outline map (offline)",
    "osm": "OpenStreetMap (online)",
    "carto": "CARTO light (online)",
    "share": "Oblasts shaded by occupied share",
    "occupied": "Occupied area (DeepStateMap)",
    "towns": "Towns over 15,000 (GeoNames)",
    "events": "Timeline events",
}


def share_colour(share_pct: float) -> str:
    """The fill for an oblast whose occupied share is `share_pct` (0-100)."""
    index = int(np.searchsorted(SHARE_BREAKS[1:-1], share_pct, side="right"))
    return SHARE_COLOURS[min(index, len(SHARE_COLOURS) - 1)]


@dataclass(frozen=True)
class Town:
    """A town as the map draws it; `inside` is None when the occupied area is not known."""

    name: str
    oblast: str
    population: int
    lat: float
    lon: float
    inside: bool | None


@dataclass(frozen=True)
class DayLayers:
    """What the map draws for one date, as plain data that is cheap to cache and to draw."""

    snapshot: date
    oblasts: dict
    occupied: dict | None
    towns: tuple[Town, ...]
    # issue 12: pre-2022 and grey-zone collections, where the snapshot's source has them.
    extra: dict[str, dict] = field(default_factory=dict)


def day_layers(
    figures: DayFigures,
    pieces: Mapping[str, shapely.Geometry],
    towns: gpd.GeoDataFrame | None = None,
    extra: dict[str, dict] | None = None,
) -> DayLayers:
    """The date's layers: oblasts with their figures, the occupied area and the towns.

    `pieces` are the occupied pieces per oblast in EPSG:3035 ({} without a store: the
    occupied area and the towns' status are then unknown, and say so).
    """
    known = bool(pieces)
    occupied = (
        _feature_collection(occupied_frame(dict(pieces), DRAW_TOLERANCE_M)) if known else None
    )
    if towns is None:
        towns = load_settlements()
    inside = inside_occupied(towns, pieces) if known else [None] * len(towns)
    drawn = tuple(
        Town(name, oblast, int(population), point.y, point.x, None if flag is None else bool(flag))
        for name, oblast, population, point, flag in zip(
            towns["name"], towns["oblast"], towns["population"], towns.geometry, inside, strict=True
        )
    )
    return DayLayers(
        snapshot=figures.resolved.snapshot,
        oblasts=_oblast_collection(figures),
        occupied=occupied,
        towns=drawn,
        extra=extra or {},
    )


def _oblast_collection(figures: DayFigures) -> dict:
    """The two oblasts, with escaped tooltip text and fill colour as properties."""
    oblasts = display_oblasts()
    features = []
    for name, geometry in zip(oblasts["name"], oblasts.geometry, strict=True):
        numbers = figures[name]
        properties = {
            "oblast": escape_html(f"{name} oblast"),
            "share": format_share(numbers.occupied_pct),
            "area": f"{format_km2(numbers.occupied_km2)} of {format_km2(oblasts_area(name))}",
            "snapshot": figures.resolved.snapshot.isoformat(),
            "source": escape_html(numbers.source),
            "fill": share_colour(numbers.occupied_pct),
        }
        features.append(_feature(geometry, properties))
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=1)
def display_oblasts() -> gpd.GeoDataFrame:
    """The two oblasts simplified for drawing, in EPSG:4326 (figures come from the full ones)."""
    oblasts = load_oblasts()
    simplified = oblasts.to_crs(AREA_CRS).simplify(DRAW_TOLERANCE_M, preserve_topology=True)
    return gpd.GeoDataFrame(
        {"name": oblasts["name"]}, geometry=simplified.to_crs(DISPLAY_CRS), crs=DISPLAY_CRS
    )


@lru_cache(maxsize=2)
def oblasts_area(name: str) -> float:
    """An oblast's whole area in km² (EPSG:3035)."""
    oblasts = load_oblasts()
    return float(oblasts.loc[oblasts["name"] == name, "area_km2"].iloc[0])


def _feature_collection(frame: gpd.GeoDataFrame) -> dict:
    features = [
        _feature(geometry, {"oblast": escape_html(name)})
        for name, geometry in zip(frame["oblast"], frame.geometry, strict=True)
        if geometry is not None and not geometry.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}


def _feature(geometry: shapely.Geometry, properties: dict) -> dict:
    return geojson_feature(geometry, properties, COORD_DECIMALS)


def _asset(relative: str) -> str:
    return STATIC_URL + relative


def map_centre() -> list[float]:
    """The centre of the two oblasts' bounding box, [lat, lon]."""
    west, south, east, north = display_oblasts().total_bounds
    return [(south + north) / 2, (west + east) / 2]


def base_map(
    events: pd.DataFrame | None = None, *, online_tiles: bool = True, polygons: bool = True
) -> folium.Map:
    """The part of the map that no date changes: deterministic, so it is never remounted.

    `polygons` says whether the occupied area will be drawn (a store exists); without it the
    legend shows the towns' grey "not known" symbol instead of the area and in/out symbols.

    Leaflet and jQuery come from the app's own static files (set on this instance: the class
    list would change every map in the process); no other script or stylesheet is asked for.
    """
    oblasts = display_oblasts()
    fmap = folium.Map(
        location=map_centre(),
        zoom_start=FRAMING_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=5,
        max_zoom=13,
        zoom_snap=0.5,
    )
    fmap.default_js = [("leaflet", _asset(LEAFLET_JS)), ("jquery", _asset(JQUERY_JS))]
    fmap.default_css = [("leaflet_css", _asset(LEAFLET_CSS))]
    _add_basemap(fmap)
    if online_tiles:
        _add_online_tiles(fmap)
    _add_oblast_labels(fmap)
    if events is not None:
        _add_events(fmap, events_near(events, tuple(oblasts.total_bounds)))
    Legend(polygons).add_to(fmap)
    return fmap


def _add_basemap(fmap: folium.Map) -> None:
    group = folium.FeatureGroup(name=LAYER_NAMES["basemap"], overlay=False, control=True)
    basemap = load_basemap()
    folium.GeoJson(
        {
            "type": "FeatureCollection",
            "features": [_feature(g, {}) for g in basemap.geometry],
        },
        name="oblasts of Ukraine",
        style_function=lambda _: {
            "fillColor": BASEMAP_FILL,
            "fillOpacity": 1,
            "color": BASEMAP_EDGE,
            "weight": 0.8,
        },
        interactive=False,
    ).add_to(group)
    group.add_to(fmap)


def _add_online_tiles(fmap: folium.Map) -> None:
    """OpenStreetMap and CARTO as other base layers: off until chosen, never needed."""
    folium.TileLayer("OpenStreetMap", name=LAYER_NAMES["osm"], overlay=False, show=False).add_to(
        fmap
    )
    folium.TileLayer(
        CARTO_URL, attr=CARTO_ATTRIBUTION, name=LAYER_NAMES["carto"], overlay=False, show=False
    ).add_to(fmap)


def label_point(polygon: shapely.Geometry, towns: Sequence[shapely.Point]) -> shapely.Point:
    """The point of `polygon` farthest from both its border and the given towns, in degrees.

    An oblast's name placed there collides with no town's marker or label; a 0.05 degree grid
    (about 5 km) is fine enough for a label.
    """
    west, south, east, north = polygon.bounds
    xs, ys = np.meshgrid(np.arange(west, east, 0.05), np.arange(south, north, 0.05))
    candidates = shapely.points(xs.ravel(), ys.ravel())
    candidates = candidates[shapely.contains(polygon, candidates)]
    room = shapely.distance(candidates, polygon.boundary)
    if towns:
        room = np.minimum(room, shapely.distance(candidates[:, None], np.array(towns)).min(axis=1))
    return candidates[int(np.argmax(room))]


@lru_cache(maxsize=1)
def oblast_label_points() -> tuple[tuple[str, shapely.Point], ...]:
    """Where each oblast's name goes; a grid search, so worked out once, not on every rerun."""
    oblasts = display_oblasts()
    towns = list(load_settlements().geometry)
    return tuple(
        (name, label_point(geometry, towns))
        for name, geometry in zip(oblasts["name"], oblasts.geometry, strict=True)
    )


def _add_oblast_labels(fmap: folium.Map) -> None:
    for name, point in oblast_label_points():
        folium.Marker(
            [point.y, point.x],
            icon=folium.DivIcon(
                html=f'<div class="frontline-oblast-label">{escape_html(name)} oblast</div>',
                icon_size=(140, 20),
                icon_anchor=(70, 10),
                class_name="frontline-label",
            ),
            interactive=False,
        ).add_to(fmap)


def _add_events(fmap: folium.Map, events: pd.DataFrame) -> None:
    """One marker per place, its tooltip listing the events there, oldest first."""
    group = folium.FeatureGroup(name=LAYER_NAMES["events"], show=True)
    for (lat, lon), at_place in events.groupby(["lat", "lon"], sort=True):
        lines = [
            f"<b>{escape_html(format_event_date(row['date'], row['date_precision']))}</b>: "
            f"{escape_html(row['title'])}"
            for row in at_place.to_dict("records")
        ]
        place = escape_html(at_place["place"].iloc[0])
        tooltip = f"<b>{place}</b><br>{'<br>'.join(lines)}<br><i>Details on the Timeline page</i>"
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html='<div class="frontline-event"></div>',
                icon_size=(14, 14),
                icon_anchor=(7, 7),
                class_name="frontline-event-icon",
            ),
            tooltip=folium.Tooltip(tooltip, sticky=True),
        ).add_to(group)
    group.add_to(fmap)


def date_groups(layers: DayLayers) -> list[folium.FeatureGroup]:
    """The date's layers as feature groups: shading, occupied area (when known) and towns."""
    known = layers.occupied is not None
    groups = [_share_group(layers.oblasts)]
    if known:
        groups.append(_occupied_group(layers.occupied, layers.snapshot))
        groups += extra_groups(layers.extra, layers.snapshot)  # issue 12
    groups.append(_towns_group(layers.towns, layers.snapshot))
    return groups


def _share_group(oblasts: dict) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYER_NAMES["share"])
    folium.GeoJson(
        oblasts,
        name="oblast shares",
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "fillOpacity": SHARE_OPACITY,
            "color": INK,
            "weight": 2,
        },
        highlight_function=lambda _: {"weight": 3.5},
        tooltip=folium.GeoJsonTooltip(
            fields=["oblast", "share", "area", "snapshot", "source"],
            aliases=["Oblast", "Occupied share", "Occupied area", "Snapshot", "Source"],
            sticky=True,
        ),
    ).add_to(group)
    return group


def _occupied_group(occupied: dict, snapshot: date) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYER_NAMES["occupied"])
    folium.GeoJson(
        occupied,
        name="occupied area",
        style_function=lambda _: {
            "fillColor": OCCUPIED,
            "fillOpacity": OCCUPIED_OPACITY,
            "color": OCCUPIED_EDGE,
            "weight": 1,
        },
        tooltip=folium.Tooltip(
            f"Occupied area on {snapshot.isoformat()} (DeepStateMap snapshot)", sticky=True
        ),
    ).add_to(group)
    return group


def _pixels(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at `zoom` (256 px tiles)."""
    scale = 256 * 2**zoom
    sin_lat = np.sin(np.radians(lat))
    y = (0.5 - np.log((1 + sin_lat) / (1 - sin_lat)) / (4 * np.pi)) * scale
    return (lon + 180) / 360 * scale, float(y)


def labelled_towns(towns: Sequence[Town], zoom: int = FRAMING_ZOOM) -> list[Town]:
    """The towns to name, largest first, each label clear of those before it at `zoom`.

    At the framing zoom a label spans tens of kilometres, so twin cities (Sievierodonetsk
    and Lysychansk, Donetsk and Makiivka) would print over each other; the smaller one keeps
    its marker and tooltip but loses its label. The box mirrors the label's CSS (11 px text,
    drawn 6 px right of the point).
    """
    boxes: list[tuple[float, float, float, float]] = []
    chosen: list[Town] = []
    for town in sorted(towns, key=lambda t: -t.population):
        x, y = _pixels(town.lat, town.lon, zoom)
        box = (x + 4, y - 8, x + 8 + TOWN_LABEL_CHAR_PX * len(town.name), y + 8)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        chosen.append(town)
        if len(chosen) == LABELLED_TOWNS:
            break
    return chosen


def _towns_group(towns: Sequence[Town], snapshot: date) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYER_NAMES["towns"])
    largest = labelled_towns(towns)
    for town in towns:
        name = escape_html(town.name)
        folium.CircleMarker(
            [town.lat, town.lon],
            radius=3 + 6 * (town.population / 1_000_000) ** 0.5,
            color=INK,
            weight=1.5,
            fill=True,
            fill_color=TOWN_FILLS[town.inside],
            fill_opacity=1,
            tooltip=folium.Tooltip(_town_tooltip(town, name, snapshot), sticky=True),
        ).add_to(group)
        if town in largest:
            folium.Marker(
                [town.lat, town.lon],
                icon=folium.DivIcon(
                    html=f'<div class="frontline-town-label">{name}</div>',
                    icon_size=(120, 16),
                    icon_anchor=(-6, 8),
                    class_name="frontline-label",
                ),
                interactive=False,
            ).add_to(group)
    return group


def _town_tooltip(town: Town, name: str, snapshot: date) -> str:
    status = {
        True: f"inside the occupied area on {snapshot.isoformat()}",
        False: f"outside the occupied area on {snapshot.isoformat()}",
        None: "occupied area not loaded (figures only)",
    }[town.inside]
    return (
        f"<b>{name}</b>, {escape_html(town.oblast)} oblast<br>"
        f"{town.population:,} people ({escape_html(TOWNS_SOURCE)})<br>{status}"
    )


LEGEND_CSS = """
.frontline-legend {width: 175px; background: rgba(255,255,255,0.92); padding: 6px 9px;
  font: 12px/1.35 system-ui, sans-serif; color: #1F1F1F; border-radius: 4px;
  box-shadow: 0 0 4px #888;}
.frontline-legend .row {display: flex; align-items: center; gap: 5px; margin: 2px 0;}
.frontline-legend .scale {display: flex; margin-top: 3px; border: 1px solid #1F1F1F;}
.frontline-legend .step {flex: 1; height: 12px;}
.frontline-legend .ticks {display: flex; justify-content: space-between; font-size: 10px;
  margin: 0 -3px 3px -3px;}
.frontline-legend .box {width: 18px; height: 12px; border: 1px solid #1F1F1F;}
.frontline-legend .dot {width: 10px; height: 10px; border-radius: 50%;
  border: 1.5px solid #1F1F1F; box-sizing: border-box;}
.frontline-oblast-label {font: 600 13px system-ui, sans-serif; color: #1F1F1F; text-align:
  center; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap;}
.frontline-town-label {font: 11px system-ui, sans-serif; color: #1F1F1F; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 2px #fff;}
.frontline-label {background: none; border: none;}
.leaflet-container .leaflet-control-attribution {font: 11px/1.4 system-ui, sans-serif;}
.frontline-event {display: inline-block; width: 10px; height: 10px; margin: 2px;
  transform: rotate(45deg); background: #6A3D9A; border: 1.5px solid #fff;
  box-shadow: 0 0 2px #1F1F1F;}
.frontline-event-icon {background: none; border: none;}
"""


def legend_html(polygons: bool = True) -> str:
    """The legend: the share scale, the occupied area, the towns' symbols and the events."""
    swatches = "".join(
        f'<span class="step" style="background:{colour};opacity:{SHARE_OPACITY}"></span>'
        for colour in SHARE_COLOURS
    )
    ticks = "".join(f"<span>{b}</span>" for b in SHARE_BREAKS)
    if polygons:
        symbols = (
            f'<div class="row"><span class="box" style="background:{OCCUPIED};'
            f'opacity:{OCCUPIED_OPACITY}"></span>Occupied area</div>'
            f'<div class="row"><span class="dot" style="background:{TOWN_FILLS[True]}"></span>'
            f'Town in it<span class="dot" style="background:{TOWN_FILLS[False]};'
            'margin-left:8px"></span>outside it</div>'
        ) + legend_rows()  # issue 12
    else:
        symbols = (
            f'<div class="row"><span class="dot" style="background:{TOWN_FILLS[None]}"></span>'
            "Town (in or out needs the polygons)</div>"
        )
    symbols += (
        '<div class="row"><span class="frontline-event" style="margin:1px 4px 1px 3px"></span>'
        "Timeline event</div>"
    )
    return (
        f"<style>{LEGEND_CSS}</style><b>Share of oblast occupied, %</b>"
        f'<div class="scale">{swatches}</div><div class="ticks">{ticks}</div>{symbols}'
    )


class Legend(MacroElement):
    """The legend as a Leaflet control drawn from constant HTML (no branca colour map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "frontline-legend");
                div.innerHTML = {{ this.html }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, polygons: bool = True) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = _script_string(legend_html(polygons))
        self.attribution = _script_string(ATTRIBUTION)


def _script_string(text: str) -> str:
    """`text` as a JavaScript string literal that cannot close the surrounding <script>."""
    return json.dumps(text).replace("</", "<\\/")


def layer_control() -> folium.LayerControl:
    """The layer control, folded into its button so that it hides none of the map."""
    return folium.LayerControl(collapsed=True, position="topright")


def build_map(
    dataset: Dataset,
    figures: DayFigures,
    *,
    events: pd.DataFrame | None = None,
    settlements: bool = True,
    online_tiles: bool = True,
) -> folium.Map:
    """The whole map of a date in one folium Map: what exports save, and what tests inspect."""
    towns = load_settlements() if settlements else load_settlements().iloc[0:0]
    snapshot = figures.resolved.snapshot
    layers = day_layers(
        figures, dataset.occupied(snapshot), towns, extra_collections(dataset, snapshot)
    )
    fmap = base_map(events, online_tiles=online_tiles, polygons=dataset.has_geometry)
    for group in date_groups(layers):
        group.add_to(fmap)
    layer_control().add_to(fmap)
    west, south, east, north = display_oblasts().total_bounds
    fmap.fit_bounds([[south, west], [north, east]], padding=(10, 10))
    return fmap
