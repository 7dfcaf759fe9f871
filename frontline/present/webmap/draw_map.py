"""The map a reader draws an area on: the offline base, the latest front, and Leaflet.draw.

folium's `Draw` plugin asks a CDN for Leaflet.draw; here it gets the app's own copy. Only a
rectangle and a polygon can be drawn: a line, a marker or a circle would have no area to give
(a circle would come back as a point and a radius).
"""

from __future__ import annotations

from datetime import date

import folium
import shapely
from folium.plugins import Draw

from frontline.present import style
from frontline.present.assets import LEAFLET_DRAW_CSS, LEAFLET_DRAW_JS
from frontline.present.templates import render
from frontline.present.webmap.folium_map import STATIC_URL, base_map
from frontline.present.webmap.layers import feature
from frontline.present.webmap.legend import Legend

AREA_STYLE = {"color": style.INK, "weight": 2, "fillOpacity": 0.05}
# About 500 m: the drawing map shows where the front is, not its detail.
OUTLINE_TOLERANCE_DEG = 0.005


def area_draw_map(occupied: shapely.Geometry | None, snapshot: date) -> folium.Map:
    """The base map with the occupied area of `snapshot` (lon/lat, or None) and the drawing
    toolbar; the same arguments give the same map, so the component stays mounted."""
    fmap = base_map(
        None,
        polygons=occupied is not None,
        legend=Legend(render("area_legend.html", day=snapshot.isoformat())),
    )
    if occupied is not None:
        folium.GeoJson(
            feature(occupied, {}),
            name="occupied area",
            style_function=lambda _: style.OCCUPIED_STYLE,
            interactive=False,
            control=False,
        ).add_to(fmap)
    draw = Draw(
        draw_options={
            "polyline": False,
            "circle": False,
            "marker": False,
            "circlemarker": False,
            "rectangle": {"shapeOptions": AREA_STYLE},
            "polygon": {"shapeOptions": AREA_STYLE},
        },
        edit_options={"edit": False},
        show_geometry_on_click=False,
    )
    draw.default_js = [("leaflet_draw_js", STATIC_URL + LEAFLET_DRAW_JS)]
    draw.default_css = [("leaflet_draw_css", STATIC_URL + LEAFLET_DRAW_CSS)]
    draw.add_to(fmap)
    return fmap


def area_group(area: shapely.Geometry | None) -> folium.FeatureGroup:
    """The reader's area (lon/lat, or None for none), outlined in a group sent beside the
    drawing map, so the map itself stays mounted when the area changes."""
    group = folium.FeatureGroup(name="your area")
    if area is not None:
        folium.GeoJson(feature(area, {}), style_function=lambda _: AREA_STYLE).add_to(group)
    return group
