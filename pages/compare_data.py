"""Cached loaders for the compare page, and the timeline's derived events and chart.

Each is computed once per data version (and per pair of dates) for every session; the
package does the work, this module only caches it at the UI edge. The towns' shares over the
whole history take seconds to measure when the store's folder does not keep them yet, so they
are measured in the background once the app's first page has run (`start_measuring_towns`),
and a page that needs them before then starts that one job and waits for it.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from frontline.ingest.store import UnreadableDay
from frontline.model import changes, town_table, towns
from frontline.model.dataset import DataVersion
from frontline.model.figures import snapshot_dates
from frontline.model.gazetteer import load_gazetteer
from frontline.present.charts import build_timeline_chart
from frontline.present.compare_map import CompareLayers, changed_towns, compare_layers
from pages import loaders
from pages.notices import LOG

_MEASURER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontline-towns")
MEASURING = "Measuring every town on every snapshot (once after a start or an update)…"


@st.cache_resource(max_entries=2, show_spinner=False)
def _measuring(version: DataVersion) -> Future[pd.DataFrame | None]:
    dataset = loaders.dataset()
    return _MEASURER.submit(town_table.town_shares, dataset, load_gazetteer())


def start_measuring_towns(version: DataVersion) -> None:
    """Start measuring the towns of this data version in the background, once."""
    _measuring(version)


def town_shares(version: DataVersion) -> pd.DataFrame | None:
    """Every town's occupied share on every snapshot; None without the store's polygons."""
    job = _measuring(version)
    if not job.done():
        with st.spinner(MEASURING):
            return job.result()
    return job.result()


def unreadable_days(version: DataVersion) -> list[date]:
    """The snapshots the towns could not be measured on: their stored geometry cannot be read."""
    shares = town_shares(version)
    if shares is None:
        return []
    return sorted(set(snapshot_dates(loaders.dataset().figures)) - set(shares.index))


@dataclass(frozen=True)
class Comparison:
    """What the compare page shows for a pair: figures per area, and the map's layers."""

    figures: pd.DataFrame
    layers: CompareLayers | None
    # A snapshot of the pair whose stored geometry cannot be read: figures only, no map.
    unreadable: date | None = None


@st.cache_data(max_entries=32, show_spinner=False)
def comparison(version: DataVersion, start: date, end: date) -> Comparison:
    dataset = loaders.dataset()
    pair = changes.DatePair(start, end)
    # Pages wait for the job with `town_shares` first: nothing is drawn inside a cached call.
    shares = _measuring(version).result()
    if not dataset.has_geometry or shares is None:
        rows = changes.area_figures(dataset.figures, pair)
        return Comparison(changes.area_figures_frame(rows), None)
    try:
        areas = changes.area_changes(dataset.occupied(start), dataset.occupied(end))
    except UnreadableDay as err:
        LOG.warning("comparison without its map: %s", err)
        rows = changes.area_figures(dataset.figures, pair)
        return Comparison(changes.area_figures_frame(rows), None, err.day)
    rows = changes.area_figures(dataset.figures, pair, areas)
    moved = changed_towns(towns.town_changes(shares, start, end), load_gazetteer())
    return Comparison(changes.area_figures_frame(rows), compare_layers(start, end, areas, moved))


@st.cache_data(max_entries=2, show_spinner=False)
def pace(version: DataVersion) -> tuple[pd.DataFrame, changes.Extrapolation]:
    figures = loaders.dataset().figures
    return changes.weekly_gains(figures), changes.extrapolate(figures)


@st.cache_data(max_entries=2, show_spinner=False)
def derived_events(version: DataVersion) -> pd.DataFrame | None:
    """Every change of a town's state between consecutive snapshots; None without polygons."""
    shares = _measuring(version).result()
    return None if shares is None else towns.derived_events(shares, load_gazetteer())


@st.cache_resource(max_entries=16, show_spinner=False)
def timeline_chart(measured: pd.DataFrame, events: pd.DataFrame, map_date: date) -> alt.LayerChart:
    """The timeline chart of some figures, events and the map's date (see
    `build_timeline_chart`): building one over the whole history takes a second or more, so
    each is built once for every session, which Streamlit then only reads."""
    return build_timeline_chart(measured, events, map_date=map_date)
