"""The own-area panel's cached data: the occupied runs, their latest outline, an area's history."""

from __future__ import annotations

import shapely
import streamlit as st

from frontline.model.area import (
    AreaHistory,
    OccupiedRuns,
    area_history,
    geometry_runs,
    occupied_outline,
)
from frontline.model.dataset import DataVersion
from frontline.present.webmap.draw_map import OUTLINE_TOLERANCE_DEG
from pages import loaders


@st.cache_resource(max_entries=2, show_spinner="Reading the occupied area of every date…")
def occupied_runs(version: DataVersion) -> OccupiedRuns:
    """Every date's occupied area as runs of unchanged parts; shared, never mutated."""
    return geometry_runs(loaders.dataset())


@st.cache_resource(max_entries=2, show_spinner=False)
def latest_outline(version: DataVersion) -> shapely.Geometry:
    """The latest date's occupied area, simplified for the drawing map."""
    runs = occupied_runs(version)
    return occupied_outline(runs, runs.dates[-1], OUTLINE_TOLERANCE_DEG)


@st.cache_data(max_entries=32, show_spinner="Measuring the area on every date…")
def history_of(wkb: bytes, version: DataVersion) -> AreaHistory:
    """The occupied part of the area (`wkb`, lon/lat) on every date."""
    return area_history(shapely.from_wkb(wkb), occupied_runs(version))
