"""The folium map: a static offline base, and the date's layers as feature groups.

The base (outline map, oblast borders and labels, legend, events, optional tile layers) is the
same for every date, so streamlit-folium keeps the map mounted when only the date changes; the
date's layers (oblasts shaded by share, occupied area, towns) travel as feature groups. Every
text that comes from data goes through the escaping templates: folium inserts it as raw HTML.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from frontline.model.boundaries import load_basemap
from frontline.model.dataset import Dataset
from frontline.model.events import events_near
from frontline.model.figures import DayFigures
from frontline.model.settlements import SOURCE as TOWNS_SOURCE
from frontline.model.settlements import load_settlements
from frontline.present import style
from frontline.present.assets import JQUERY_JS, LEAFLET_CSS, LEAFLET_IMAGES, LEAFLET_JS
from frontline.present.templates import render
from frontline.present.war_layers import extra_collections, extra_groups
from frontline.present.webmap.layers import (
    FRAMING_ZOOM,
    DayLayers,
    Town,
    day_layers,
    feature,
    labelled_towns,
)
from frontline.present.webmap.legend import Legend
from frontline.present.webmap.outlines import display_oblasts, oblast_label_points
from frontline.present.wording import format_event_date

# Relative to streamlit-folium's iframe (/component/streamlit_folium.st_folium/index.html),
# this is the app's /app/static/, and it stays right under --server.baseUrlPath.
STATIC_URL = "../../app/static/"
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


def _asset(relative: str) -> str:
    return STATIC_URL + relative


class IconPath(MacroElement):
    """Tells Leaflet where its marker images are, before any marker is made.

    Every folium marker starts with Leaflet's default icon; Leaflet guesses the images' folder
    from its stylesheet, which has not arrived yet, and asks the component's own folder (two
    404s). A `<script>` in the header never runs under streamlit-folium, so this is a macro.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = {{ this.path }};{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "IconPath"
        self.path = json.dumps(_asset(LEAFLET_IMAGES))


def map_centre() -> list[float]:
    """The centre of the two oblasts' bounding box, [lat, lon]."""
    west, south, east, north = display_oblasts().total_bounds
    return [(south + north) / 2, (west + east) / 2]


def base_map(
    events: pd.DataFrame | None = None,
    *,
    online_tiles: bool = True,
    polygons: bool = True,
    legend: Legend | None = None,
) -> folium.Map:
    """The part of the map that no date changes: deterministic, so it is never remounted.

    `polygons` says whether the occupied area will be drawn (a store exists); the legend shows
    only the symbols the map draws; a map of other symbols passes its own `legend`.

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
    IconPath().add_to(fmap)
    _add_basemap(fmap)
    if online_tiles:
        _add_online_tiles(fmap)
    _add_oblast_labels(fmap)
    if events is not None:
        _add_events(fmap, events_near(events, tuple(oblasts.total_bounds)))
    (legend or Legend(polygons)).add_to(fmap)
    return fmap


def _add_basemap(fmap: folium.Map) -> None:
    group = folium.FeatureGroup(name=LAYER_NAMES["basemap"], overlay=False, control=True)
    basemap = load_basemap()
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [feature(g, {}) for g in basemap.geometry]},
        name="oblasts of Ukraine",
        style_function=lambda _: {
            "fillColor": style.BASEMAP_FILL,
            "fillOpacity": 1,
            "color": style.BORDER,
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


def _label(html: str, size: tuple[int, int], anchor: tuple[int, int]) -> folium.DivIcon:
    return folium.DivIcon(
        html=html, icon_size=size, icon_anchor=anchor, class_name="frontline-label"
    )


def _add_oblast_labels(fmap: folium.Map) -> None:
    for name, point in oblast_label_points():
        folium.Marker(
            [point.y, point.x],
            icon=_label(render("oblast_label.html", name=name), (140, 20), (70, 10)),
            interactive=False,
        ).add_to(fmap)


def _add_events(fmap: folium.Map, events: pd.DataFrame) -> None:
    """One marker per place, its tooltip listing the events there, oldest first."""
    group = folium.FeatureGroup(name=LAYER_NAMES["events"], show=True)
    for (lat, lon), at_place in events.groupby(["lat", "lon"], sort=True):
        listed = [
            {"when": format_event_date(row["date"], row["date_precision"]), "title": row["title"]}
            for row in at_place.to_dict("records")
        ]
        tooltip = render("events_tooltip.html", place=at_place["place"].iloc[0], events=listed)
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
    groups = [_share_group(layers.oblasts)]
    if layers.occupied is not None:
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
            "fillOpacity": style.SHARE_OPACITY,
            "color": style.INK,
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
            "fillColor": style.OCCUPIED,
            "fillOpacity": style.OCCUPIED_OPACITY,
            "color": style.OCCUPIED_EDGE,
            "weight": 1,
        },
        tooltip=folium.Tooltip(
            render("occupied_tooltip.html", day=snapshot.isoformat()), sticky=True
        ),
    ).add_to(group)
    return group


def _towns_group(towns: Sequence[Town], snapshot: date) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYER_NAMES["towns"])
    largest = labelled_towns(towns)
    for town in towns:
        folium.CircleMarker(
            [town.lat, town.lon],
            radius=style.town_marker_radius_px(town.population),
            color=style.INK,
            weight=1.5,
            fill=True,
            fill_color=style.TOWN_FILLS[town.inside],
            fill_opacity=1,
            tooltip=folium.Tooltip(_town_tooltip(town, snapshot), sticky=True),
        ).add_to(group)
        if town in largest:
            folium.Marker(
                [town.lat, town.lon],
                icon=_label(render("town_label.html", name=town.name), (120, 16), (-6, 8)),
                interactive=False,
            ).add_to(group)
    return group


def _town_tooltip(town: Town, snapshot: date) -> str:
    status = {
        True: f"inside the occupied area on {snapshot.isoformat()}",
        False: f"outside the occupied area on {snapshot.isoformat()}",
        None: "occupied area not loaded (figures only)",
    }[town.inside]
    return render(
        "town_tooltip.html",
        name=town.name,
        oblast=town.oblast,
        population=f"{town.population:,}",
        source=TOWNS_SOURCE,
        status=status,
    )


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
