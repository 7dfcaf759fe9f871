"""The map page's place search: type a town, the map centres on it and its history opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from frontline.model.towns import format_state, state_of, town_periods
from frontline.present.compare_text import TOWN_METHOD_CAPTION, no_town_matches, town_history
from frontline.present.escaping import escape_markdown as plain
from pages import compare_data, loaders
from pages.town_pick import pick_town

SEARCH_KEY, PICK_KEY = "map_place", "map_place_pick"
# Close enough to see the town's circle against the line (about 150 m a pixel).
FOCUS_ZOOM = 11


@dataclass(frozen=True)
class Focus:
    """The place the map centres on."""

    name: str
    lat: float
    lon: float


def place_search(snapshot: date) -> Focus | None:
    """The search box and, for the place found, its state on `snapshot` and its history."""
    query = st.text_input(
        "Find a place", key=SEARCH_KEY, placeholder="Bakhmut, Vuhledar, Покровськ…"
    )
    if not query.strip():
        return None
    town = pick_town(query, PICK_KEY)
    if town is None:
        st.info(plain(no_town_matches(query)))
        return None
    shares = compare_data.town_shares(loaders.data_version())
    if shares is not None and snapshot in shares.index:
        share = float(shares.at[snapshot, int(town["id"])])
        st.markdown(plain(f"On {snapshot}: {format_state(str(state_of(share)), share)}."))
        with st.expander("Its history", expanded=True):
            periods = town_periods(shares, int(town["id"]))
            st.markdown(town_history(town["name"], town["oblast"], town["population"], periods))
            st.caption(TOWN_METHOD_CAPTION)
    return Focus(str(town["name"]), float(town.geometry.y), float(town.geometry.x))
