"""Cached loaders for the compare page and the timeline's derived events.

Each is computed once per data version (and per pair of dates) for every session; the
package does the work, this module only caches it at the UI edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from frontline.model import changes
from frontline.model.dataset import DataVersion
from frontline.model.gazetteer import load_gazetteer
from frontline.present.compare_map import CompareLayers, changed_towns, compare_layers
from pages import loaders


@st.cache_data(max_entries=2, show_spinner=False)
def town_status(version: DataVersion) -> pd.DataFrame | None:
    """Every town's side on every snapshot; None without the store's polygons."""
    dataset = loaders.dataset()
    if dataset.store is None:
        return None
    return changes.town_status(load_gazetteer(), dataset.store.dates(), dataset.occupied)


@dataclass(frozen=True)
class Comparison:
    """What the compare page shows for a pair: figures per area, and the map's layers."""

    figures: pd.DataFrame
    layers: CompareLayers | None


@st.cache_data(max_entries=32, show_spinner=False)
def comparison(version: DataVersion, start: date, end: date) -> Comparison:
    dataset = loaders.dataset()
    pair = changes.DatePair(start, end)
    if dataset.store is None:
        rows = changes.area_figures(dataset.figures, pair)
        return Comparison(changes.area_figures_frame(rows), None)
    areas = changes.area_changes(dataset.occupied(start), dataset.occupied(end))
    rows = changes.area_figures(dataset.figures, pair, areas)
    status = town_status(version)
    towns = changed_towns(changes.town_changes(status, start, end), load_gazetteer())
    return Comparison(changes.area_figures_frame(rows), compare_layers(start, end, areas, towns))


@st.cache_data(max_entries=2, show_spinner=False)
def pace(version: DataVersion) -> tuple[pd.DataFrame, changes.Extrapolation]:
    figures = loaders.dataset().figures
    return changes.weekly_gains(figures), changes.extrapolate(figures)


@st.cache_data(max_entries=2, show_spinner=False)
def derived_events(version: DataVersion) -> pd.DataFrame | None:
    """Every change of a town's side between consecutive snapshots; None without polygons."""
    status = town_status(version)
    return None if status is None else changes.derived_events(status, load_gazetteer())
