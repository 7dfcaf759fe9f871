"""The map page's own-area panel: draw an area, upload one or ring a town, and see its history.

The area travels in the page's address (`?area=`), so a link shows the same area. Nothing the
reader gives is stored: a bad area is refused with a message, and nothing is drawn for it.
"""

from __future__ import annotations

import folium
import shapely
import streamlit as st
from streamlit_folium import st_folium

from frontline.model.area import (
    AreaError,
    AreaHistory,
    OccupiedRuns,
    area_history,
    geometry_runs,
    history_csv,
    history_geojson,
    largest_changes,
    occupied_outline,
    provenance,
)
from frontline.model.area_input import (
    MAX_FILE_BYTES,
    MAX_RADIUS_KM,
    MIN_RADIUS_KM,
    AreaInput,
    AreaInputError,
    area_from_drawings,
    area_from_file,
    area_near_town,
    check_file_size,
    checked_area,
)
from frontline.model.dataset import DataVersion
from frontline.model.gazetteer import find_towns, load_gazetteer
from frontline.present.area_chart import build_area_chart
from frontline.present.area_link import QUERY_KEY, AreaLinkError, decode_area, encode_area
from frontline.present.compare_text import town_label
from frontline.present.escaping import escape_markdown as plain
from frontline.present.webmap.draw_map import AREA_STYLE, area_draw_map
from frontline.present.webmap.layers import feature
from pages import loaders

WAY_KEY, DRAW_KEY, UPLOAD_KEY = "area_way", "area_draw", "area_upload"
TOWN_KEY, TOWN_PICK_KEY, RADIUS_KEY = "area_town", "area_town_pick", "area_radius"
WAYS = ("Draw on the map", "Upload a GeoJSON or KML file", "Around a town")
DRAW_HEIGHT = 460
# About 500 m: the drawing map shows where the front is, not its detail.
OUTLINE_TOLERANCE_DEG = 0.005


@st.cache_resource(max_entries=2, show_spinner="Reading the occupied area of every date…")
def _runs(version: DataVersion) -> OccupiedRuns:
    return geometry_runs(loaders.dataset())


@st.cache_resource(max_entries=2, show_spinner=False)
def _outline(version: DataVersion) -> shapely.Geometry:
    runs = _runs(version)
    return occupied_outline(runs, runs.dates[-1], OUTLINE_TOLERANCE_DEG)


@st.cache_data(max_entries=32, show_spinner="Measuring the area on every date…")
def _history(wkb: bytes, version: DataVersion) -> AreaHistory:
    return area_history(shapely.from_wkb(wkb), _runs(version))


def area_panel() -> None:
    """The panel: the ways to give an area, then its history, largest changes and downloads.

    The occupied runs are read only once a reader gives an area (or a link holds one): with a
    store they take seconds to read, which the map page's first view should not wait for.
    """
    st.subheader("Your own area")
    # Nothing is chosen at first: the drawing map is sent only to a reader who asks for it.
    way = st.radio("Choose an area", WAYS, index=None, horizontal=True, key=WAY_KEY)
    linked = _linked_area()
    try:
        given = _given_area(way, linked)
    except (AreaInputError, AreaError) as err:
        st.error(plain(str(err)))
        return
    area = given or linked
    if area is None:
        st.caption(
            "Draw a rectangle or polygon, upload a raion, a hromada or a buffer, or pick a town: "
            "its occupied area and share on every date appear here."
        )
        return
    if given is not None:
        _put_in_link(given)
    try:
        history = _history(shapely.to_wkb(area.geometry), loaders.data_version())
    except AreaError as err:
        st.info(plain(str(err)))
        return
    _show_history(area, history)


def _linked_area() -> AreaInput | None:
    """The area the page's address holds, if any; a bad one says why, in plain text."""
    text = st.query_params.get(QUERY_KEY)
    if not text:
        return None
    try:
        return checked_area(decode_area(text), "area from the link")
    except (AreaLinkError, AreaInputError) as err:
        st.error(plain(f"The link's area is not used: {err}"))
        return None


def _given_area(way: str | None, linked: AreaInput | None) -> AreaInput | None:
    """The area the chosen way gives, None if it gives none yet; AreaInputError if it is bad."""
    if way is None:
        return None
    if way == WAYS[0]:
        shown = None if linked is None else linked.geometry
        version = loaders.data_version()
        drawn = st_folium(
            area_draw_map(_outline(version), _runs(version).dates[-1]),
            key=DRAW_KEY,
            height=DRAW_HEIGHT,
            use_container_width=True,
            returned_objects=["all_drawings"],
            feature_group_to_add=_area_group(shown),
        )
        drawings = (drawn or {}).get("all_drawings")
        return area_from_drawings(drawings) if drawings else None
    if way == WAYS[1]:
        upload = st.file_uploader(
            f"A GeoJSON or KML file (at most {MAX_FILE_BYTES / 1e6:.0f} MB), in longitude and "
            "latitude or with its CRS named",
            type=["geojson", "json", "kml"],
            key=UPLOAD_KEY,
        )
        if upload is None:
            return None
        check_file_size(upload.size)
        return area_from_file(upload.name, upload.getvalue())
    return _town_area()


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
    found = find_towns(load_gazetteer(), query)
    if found.empty:
        raise AreaInputError(f"No place of Donetsk or Luhansk oblast matches {query!r}.")
    labels = [town_label(t.name, t.oblast, t.population) for t in found.itertuples()]
    index = st.selectbox(
        "Place", range(len(found)), format_func=labels.__getitem__, key=TOWN_PICK_KEY
    )
    town = found.iloc[index or 0]
    return area_near_town(str(town["name"]), town.geometry.x, town.geometry.y, float(radius))


def _area_group(area: shapely.Geometry | None) -> folium.FeatureGroup:
    """The linked area's outline, sent beside the map so the map itself stays mounted."""
    group = folium.FeatureGroup(name="your area")
    if area is not None:
        folium.GeoJson(feature(area, {}), style_function=lambda _: AREA_STYLE).add_to(group)
    return group


def _put_in_link(area: AreaInput) -> None:
    try:
        st.query_params[QUERY_KEY] = encode_area(area.geometry)
    except AreaLinkError as err:
        st.query_params.pop(QUERY_KEY, None)
        st.caption(plain(str(err)))
    else:
        st.caption("The page's address now holds this area: share it to show the same area.")


def _show_history(area: AreaInput, history: AreaHistory) -> None:
    for note in area.notes:
        st.info(plain(note))
    latest = history.table.iloc[-1]
    first, last = history.first.isoformat(), history.last.isoformat()
    st.markdown(
        plain(
            f"{area.label}: {history.area_km2:,.1f} km², of which {history.ukraine_km2:,.1f} km² "
            f"in Ukraine. On {last}, {latest.occupied_km2:,.1f} km² occupied "
            f"({latest.occupied_pct:.2f} %)."
        )
    )
    st.altair_chart(build_area_chart(history.table), width="stretch")
    changes = largest_changes(history)
    st.markdown("**The dates it changed most** (since the snapshot before)")
    if changes.empty:
        st.caption("The occupied part of this area never changed.")
    else:
        st.dataframe(
            changes,
            hide_index=True,
            column_config={
                "date": "Date",
                "since": "Since",
                "change_km2": st.column_config.NumberColumn("Change, km²", format="%+.1f"),
                "change_pct_points": st.column_config.NumberColumn(
                    "Change, points", format="%+.2f"
                ),
                "occupied_km2": st.column_config.NumberColumn("Occupied, km²", format="%.1f"),
            },
        )
    with st.expander("Every date"):
        st.dataframe(history.table, hide_index=True)
    st.caption(plain(provenance(history)))
    stem = f"area-deepstatemap-{first}-{last}"
    columns = st.columns(2)
    columns[0].download_button(
        f"CSV: DeepStateMap, {first} to {last}",
        data=history_csv(history),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="area_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    rows = changes.assign(date=changes["date"].astype(str), since=changes["since"].astype(str))
    columns[1].download_button(
        f"GeoJSON: DeepStateMap, {first} to {last}",
        data=history_geojson(history, rows.to_dict("records")),
        file_name=f"{stem}.geojson",
        mime="application/geo+json",
        key="area_geojson",
        on_click="ignore",
        icon=":material/download:",
    )
