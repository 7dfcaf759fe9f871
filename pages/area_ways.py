"""The ways a reader gives an area: drawn on a map, uploaded as a file, or around a town."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from frontline.model.area_input import (
    MAX_RADIUS_KM,
    MIN_RADIUS_KM,
    AreaInput,
    AreaInputError,
    area_from_drawings,
    area_from_file,
    area_near_town,
    check_file_size,
)
from frontline.present.area_text import UPLOAD_PROMPT
from frontline.present.compare_text import no_town_matches
from frontline.present.webmap.draw_map import area_draw_map, area_group
from pages import area_data, loaders
from pages.town_pick import pick_town

WAY_KEY, DRAW_KEY, UPLOAD_KEY = "area_way", "area_draw", "area_upload"
TOWN_KEY, TOWN_PICK_KEY, RADIUS_KEY = "area_town", "area_town_pick", "area_radius"
WAYS = ("Draw on the map", "Upload a GeoJSON or KML file", "Around a town")
DRAW_HEIGHT = 460


def chosen_way() -> str | None:
    """The way the reader chose; none at first, so the drawing map is sent only on request."""
    return st.radio("Choose an area", WAYS, index=None, horizontal=True, key=WAY_KEY)


def given_area(way: str | None, linked: AreaInput | None) -> AreaInput | None:
    """The area the chosen way gives, None if it gives none yet; AreaInputError if it is bad."""
    if way is None:
        return None
    if way == WAYS[0]:
        return _drawn_area(linked)
    if way == WAYS[1]:
        return _uploaded_area()
    return _town_area()


def _drawn_area(linked: AreaInput | None) -> AreaInput | None:
    version = loaders.data_version()
    drawn = st_folium(
        area_draw_map(
            area_data.latest_outline(version), area_data.occupied_runs(version).dates[-1]
        ),
        key=DRAW_KEY,
        height=DRAW_HEIGHT,
        use_container_width=True,
        returned_objects=["all_drawings"],
        feature_group_to_add=area_group(None if linked is None else linked.geometry),
    )
    drawings = (drawn or {}).get("all_drawings")
    return area_from_drawings(drawings) if drawings else None


def _uploaded_area() -> AreaInput | None:
    upload = st.file_uploader(UPLOAD_PROMPT, type=["geojson", "json", "kml"], key=UPLOAD_KEY)
    if upload is None:
        return None
    check_file_size(upload.size)
    return area_from_file(upload.name, upload.getvalue())


def _town_area() -> AreaInput | None:
    query = st.text_input("Town", key=TOWN_KEY, placeholder="Pokrovsk, Kostiantynivka…")
    radius = st.number_input(
        "Within, km",
        min_value=MIN_RADIUS_KM,
        max_value=MAX_RADIUS_KM,
        value=20.0,
        step=5.0,
        key=RADIUS_KEY,
    )
    if not query.strip():
        return None
    town = pick_town(query, TOWN_PICK_KEY)
    if town is None:
        raise AreaInputError(no_town_matches(query))
    return area_near_town(str(town["name"]), town.geometry.x, town.geometry.y, float(radius))
