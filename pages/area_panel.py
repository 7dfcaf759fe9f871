"""The map page's own-area panel: draw an area, upload one or ring a town, and see its history.

The area travels in the page's address (`?area=`), so a link shows the same area. Nothing the
reader gives is stored: a bad area is refused with a message, and nothing is drawn for it.
"""

from __future__ import annotations

import shapely
import streamlit as st

from frontline.model.area import AreaError
from frontline.model.area_input import AreaInput, AreaInputError, checked_area
from frontline.present.area_link import QUERY_KEY, AreaLinkError, decode_area, encode_area
from frontline.present.escaping import escape_markdown as plain
from pages import area_data, loaders
from pages.area_history import show_history
from pages.area_ways import chosen_way, given_area


def area_panel() -> None:
    """The panel: the ways to give an area, then its history, largest changes and downloads.

    The occupied runs are read only once a reader gives an area (or a link holds one): with a
    store they take seconds to read, which the map page's first view should not wait for.
    """
    st.subheader("Your own area")
    way = chosen_way()
    linked = _linked_area()
    try:
        given = given_area(way, linked)
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
        history = area_data.history_of(shapely.to_wkb(area.geometry), loaders.data_version())
    except AreaError as err:
        st.info(plain(str(err)))
        return
    show_history(area, history)


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


def _put_in_link(area: AreaInput) -> None:
    try:
        st.query_params[QUERY_KEY] = encode_area(area.geometry)
    except AreaLinkError as err:
        st.query_params.pop(QUERY_KEY, None)
        st.caption(plain(str(err)))
    else:
        st.caption("The page's address now holds this area: share it to show the same area.")
