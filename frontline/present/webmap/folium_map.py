"""The folium map: a static offline base, and the date's layers as feature groups.

The base (outline map, oblast borders and labels, legend, events, optional tile layers) is the
same for every date, so streamlit-folium keeps the map mounted when only the date changes; the
date's layers (oblasts shaded by share, occupied area, towns) travel as feature groups. Every
text that comes from data goes through the escaping templates: folium inserts it as raw HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import folium
import pandas as pd
from branca.element import MacroElement

from frontline.model.boundaries import load_basemap
from frontline.model.dataset import Dataset
from frontline.model.events import events_near, is_region
from frontline.model.figures import DayFigures
from frontline.model.settlements import SOURCE as TOWNS_SOURCE
from frontline.model.settlements import load_settlements
from frontline.model.towns import format_state
from frontline.present import style
from frontline.present.assets import JQUERY_JS, LEAFLET_CSS, LEAFLET_IMAGES, LEAFLET_JS
from frontline.present.templates import render, template
from frontline.present.war_layers import extra_collections, extra_groups
from frontline.present.webmap.layers import (
    FRAMING_ZOOM,
    LABEL_ZOOMS,
    DayLayers,
    Obstacle,
    Town,
    as_towns,
    day_layers,
    feature,
    town_label_zooms,
)
from frontline.present.webmap.legend import Legend, LegendLayers, legend_html
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
    "share": "Oblasts: share occupied",
    "occupied": "Occupied area (DeepStateMap)",
    "towns": "Towns over 15,000 (GeoNames)",
    "town_names": "Town names",
    "events": "Timeline events",
}


OUTLINE_PANE = "frontline-outline"
OBLAST_LABEL_CHAR_PX = 7.8  # mean advance of a 13 px semibold system-ui glyph


def _asset(relative: str) -> str:
    return STATIC_URL + relative


class IconPath(MacroElement):
    """Tells Leaflet where its marker images are, before any marker is made.

    Every folium marker starts with Leaflet's default icon; Leaflet guesses the images' folder
    from its stylesheet, which has not arrived yet, and asks the component's own folder (two
    404s). A `<script>` in the header never runs under streamlit-folium, so this is a macro.
    """

    _template = template("webmap/icon_path.js")

    def __init__(self) -> None:
        super().__init__()
        self._name = "IconPath"
        self.path = _asset(LEAFLET_IMAGES)


class ZoomLabels(MacroElement):
    """Shows each town name from its own zoom on: the map's container carries the zoom as a
    class, and a stylesheet shows the labels whose `data-minzoom` is at or below it.

    CSS rather than a loop over markers, so that labels re-added with a date's layers follow
    without being looked for. Half zooms (zoom_snap 0.5) count as the zoom below.
    """

    _template = template("webmap/zoom_labels.js")

    def __init__(self) -> None:
        super().__init__()
        self._name = "ZoomLabels"
        self.zooms = list(LABEL_ZOOMS)


class LayerMemory(MacroElement):
    """Keeps the overlays the user turned off turned off when a date's layers are re-added.

    streamlit-folium removes the date's feature groups and the layer control on every date
    change and adds new ones, all shown. The user's clicks in a layer control (never the
    component's own removals) are remembered by layer name in sessionStorage, and every layer
    control, once on the map, hides the overlays so remembered.
    """

    _template = template("webmap/layer_memory.js")

    def __init__(self) -> None:
        super().__init__()
        self._name = "LayerMemory"


class TileNotice(MacroElement):
    """Says so when an online basemap's tiles fail to load; the offline outline stays under."""

    _template = template("webmap/tile_notice.js")

    def __init__(self) -> None:
        super().__init__()
        self._name = "TileNotice"
        self.text = (
            "The online map could not load (no network?): the offline outline map is shown instead."
        )


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
    town_names: bool = True,
) -> folium.Map:
    """The part of the map that no date changes: deterministic, so it is never remounted.

    `polygons` says whether the occupied area will be drawn (a store exists); the legend shows
    only the symbols the map draws; a map of other symbols passes its own `legend`. Town
    names are drawn here, each from the zoom at which it fits: where a name fits depends on
    the towns, the oblast names and the events, never on the date.

    Leaflet and jQuery come from the app's own static files (set on this instance: the class
    list would change every map in the process); no other script or stylesheet is asked for.
    """
    oblasts = display_oblasts()
    fmap = folium.Map(
        location=map_centre(),
        zoom_start=FRAMING_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=LABEL_ZOOMS[0],
        max_zoom=LABEL_ZOOMS[-1],
        zoom_snap=0.5,
    )
    fmap.default_js = [("leaflet", _asset(LEAFLET_JS)), ("jquery", _asset(JQUERY_JS))]
    fmap.default_css = [("leaflet_css", _asset(LEAFLET_CSS))]
    IconPath().add_to(fmap)
    LayerMemory().add_to(fmap)
    _add_basemap(fmap)
    if online_tiles:
        _add_online_tiles(fmap)
        TileNotice().add_to(fmap)
    shown = events_near(events, tuple(oblasts.total_bounds)) if events is not None else None
    regional = [] if shown is None else [is_region(p) for p in shown["place"]]
    markers = () if shown is None else tuple(zip(shown["lon"], shown["lat"], strict=True))
    obstacles = _add_oblast_labels(fmap, markers)
    if regional:
        obstacles += _add_events(fmap, shown)
    if town_names:
        _add_town_names(fmap, obstacles)
        ZoomLabels().add_to(fmap)
    if legend is None:
        legend = Legend(
            legend_html(polygons, events=not all(regional), region_events=any(regional))
        )
    legend.add_to(fmap)
    return fmap


def _add_basemap(fmap: folium.Map) -> None:
    """The offline outline in a pane of its own under any tiles, always on; chosen as the
    base layer, it is the whole map, and under online tiles that fail it is still there."""
    folium.map.CustomPane(OUTLINE_PANE, z_index=150, pointer_events=False).add_to(fmap)
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
        control=False,
        pane=OUTLINE_PANE,
    ).add_to(fmap)
    folium.FeatureGroup(name=LAYER_NAMES["basemap"], overlay=False, control=True).add_to(fmap)


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


def _add_oblast_labels(
    fmap: folium.Map, markers: tuple[tuple[float, float], ...]
) -> list[Obstacle]:
    """The oblast names, clear of the event `markers` (lon, lat) and of the towns; answers
    the boxes their text covers (13 px semibold, centred)."""
    obstacles = []
    for name, point in oblast_label_points(markers):
        folium.Marker(
            [point.y, point.x],
            icon=_label(render("oblast_label.html", name=name), (140, 20), (70, 10)),
            interactive=False,
        ).add_to(fmap)
        half = OBLAST_LABEL_CHAR_PX * len(f"{name} oblast") / 2 + 2
        obstacles.append(Obstacle(point.y, point.x, (-half, -10, half, 10)))
    return obstacles


def _add_events(fmap: folium.Map, events: pd.DataFrame) -> list[Obstacle]:
    """One marker per place, its tooltip listing the events there, oldest first.

    An event about a whole region is pinned at the region's centre: its marker is ringed
    and its tooltip says that the point stands for the region. Answers the markers' boxes.
    """
    group = folium.FeatureGroup(name=LAYER_NAMES["events"], show=True)
    obstacles = []
    for (lat, lon), at_place in events.groupby(["lat", "lon"], sort=True):
        listed = [
            {"when": format_event_date(row["date"], row["date_precision"]), "title": row["title"]}
            for row in at_place.to_dict("records")
        ]
        place = at_place["place"].iloc[0]
        region = is_region(place)
        tooltip = render("events_tooltip.html", place=place, events=listed, region=region)
        size = 22 if region else 14
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(
                html=render("event_marker.html", region=region),
                icon_size=(size, size),
                icon_anchor=(size // 2, size // 2),
                class_name="frontline-event-icon",
            ),
            tooltip=folium.Tooltip(tooltip, sticky=True),
        ).add_to(group)
        half = size / 2 + 1
        obstacles.append(Obstacle(float(lat), float(lon), (-half, -half, half, half)))
    group.add_to(fmap)
    return obstacles


def _add_town_names(fmap: folium.Map, obstacles: Sequence[Obstacle]) -> None:
    """Each town's name, shown from the zoom at which it fits (see `ZoomLabels`)."""
    group = folium.FeatureGroup(name=LAYER_NAMES["town_names"])
    towns = as_towns(load_settlements())
    for town, zoom in town_label_zooms(towns, tuple(obstacles)).items():
        folium.Marker(
            [town.lat, town.lon],
            icon=_label(render("town_label.html", name=town.name, zoom=zoom), (160, 16), (-6, 8)),
            interactive=False,
        ).add_to(group)
    group.add_to(fmap)


def date_groups(layers: DayLayers) -> list[folium.FeatureGroup]:
    """The date's layers as feature groups: shading, occupied area (when known) and towns;
    the first also shows the legend's rows of the extra layers the date draws."""
    share = _share_group(layers.oblasts, shaded=layers.occupied is None)
    LegendLayers(layers.drawn).add_to(share)
    groups = [share]
    if layers.occupied is not None:
        groups.append(_occupied_group(layers.occupied, layers.snapshot))
        groups += extra_groups(layers.extra, layers.snapshot)
    groups.append(_towns_group(layers.towns, layers.snapshot))
    return groups


def _share_group(oblasts: dict, *, shaded: bool) -> folium.FeatureGroup:
    """The oblasts with their figures; shaded by share only where the area is not drawn.

    One convention with the print map: where the occupied area is drawn it says where,
    and a shade over the whole oblast on top of it would only blur it.
    """
    group = folium.FeatureGroup(name=LAYER_NAMES["share"])
    folium.GeoJson(
        oblasts,
        name="oblast shares",
        style_function=lambda feature: {
            "fillColor": style.OCCUPIED_FILL if shaded else style.WHITE,
            "fillOpacity": feature["properties"]["opacity"] if shaded else 0,
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
        style_function=lambda _: style.OCCUPIED_STYLE,
        tooltip=folium.Tooltip(
            render("occupied_tooltip.html", day=snapshot.isoformat()), sticky=True
        ),
    ).add_to(group)
    return group


def _towns_group(towns: Sequence[Town], snapshot: date) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYER_NAMES["towns"])
    for town in towns:
        folium.CircleMarker(
            [town.lat, town.lon],
            radius=style.town_marker_radius_px(town.population),
            color=style.INK,
            weight=1.5,
            fill=True,
            fill_color=style.TOWN_FILLS[None]
            if town.state is None
            else style.STATE_FILLS[town.state],
            fill_opacity=1,
            tooltip=folium.Tooltip(_town_tooltip(town, snapshot), sticky=True),
        ).add_to(group)
    return group


def _town_tooltip(town: Town, snapshot: date) -> str:
    if town.state is None or town.share is None:
        status = "occupied area not loaded (figures only)"
    else:
        status = (
            f"{format_state(town.state, town.share)} on {snapshot.isoformat()}: the share of a "
            "circle sized by its population"
        )
    return render(
        "town_tooltip.html",
        name=town.name,
        oblast=town.oblast,
        geonames_name=town.geonames_name if town.geonames_name != town.name else "",
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
    fmap = base_map(
        events, online_tiles=online_tiles, polygons=dataset.has_geometry, town_names=settlements
    )
    return with_groups(fmap, date_groups(layers))


def with_groups(fmap: folium.Map, groups: list[folium.FeatureGroup]) -> folium.Map:
    """`fmap` with `groups` drawn on it, a layer control, and the two oblasts framed: a whole map
    in one piece, as exports save it and tests read it (the pages send the groups apart)."""
    for group in groups:
        group.add_to(fmap)
    layer_control().add_to(fmap)
    west, south, east, north = display_oblasts().total_bounds
    fmap.fit_bounds([[south, west], [north, east]], padding=(10, 10))
    return fmap
