"""The pages' maps: their bases and date layers, rendered once and kept, and drawing them.

The page scripts run afresh on every rerun: a cached function defined in one would be
wrapped again, and its code hashed, each time (about 60 ms a run), so they live here.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from frontline.ingest.store import UnreadableDay
from frontline.model.dataset import DataVersion
from frontline.model.figures import figures_on
from frontline.present import war_layers
from frontline.present.compare_map import compare_base_map
from frontline.present.webmap import folium_map, layers
from pages import loaders
from pages.map_component import BaseMap, MapLayers, render_base, render_layers
from pages.map_component import draw_map as draw_component
from pages.notices import LOG


@st.cache_resource(max_entries=4, show_spinner=False)
def date_map_base(events: pd.DataFrame | None, polygons: bool) -> BaseMap:
    """The map page's base, rendered once per process for each events table and kind of data."""
    return render_base(folium_map.base_map(events, polygons=polygons), key="map")


@st.cache_resource(max_entries=64, show_spinner=False)
def date_map_layers(
    version: DataVersion, snapshot: date, base_key: str, _base: BaseMap
) -> tuple[MapLayers, date | None]:
    """The date's layers over `_base` (whose `key` is `base_key`), made once per snapshot,
    data version and base for every session; and the snapshot, if its stored geometry cannot
    be read (the layers then hold its figures without the occupied area)."""
    data = loaders.dataset()
    unreadable = None
    try:
        occupied = data.occupied(snapshot)
        extra = war_layers.extra_collections(data, snapshot)
    except UnreadableDay as err:
        LOG.warning("map drawn without its occupied area: %s", err)
        occupied, extra, unreadable = {}, {}, err.day
    day = layers.day_layers(figures_on(data.figures, snapshot), occupied, extra=extra)
    return render_layers(_base, folium_map.date_groups(day)), unreadable


@st.cache_resource(show_spinner=False)
def compare_map_base() -> BaseMap:
    """The compare page's base, rendered once per process."""
    return render_base(compare_base_map(), key="compare_map")


def draw_map(
    base: BaseMap,
    map_layers: MapLayers,
    *,
    height: int,
    focus: tuple[float, float] | None = None,
    focus_zoom: int = layers.FRAMING_ZOOM,
) -> None:
    """A map that stays mounted: its fixed base, and the layers that change with the dates.

    The view (both oblasts framed, or `focus` (lat, lon) at `focus_zoom`) is set again once
    the frame has its final size: a view fitted while Streamlit is still sizing the frame
    comes out shifted.
    """
    if focus is None:
        center, zoom = folium_map.map_centre(), layers.FRAMING_ZOOM
    else:
        center, zoom = list(focus), focus_zoom
    draw_component(base, map_layers, height=height, zoom=zoom, center=center)
