"""The map page: both oblasts on the chosen date, the occupied area and towns, and the figures."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from frontline.config import EVENTS_CSV
from frontline.model.events import EventsError, load_events
from frontline.model.figures import CHANGE_WINDOWS, DayFigures, OblastFigures, figures_on
from frontline.present import war_layers
from frontline.present.webmap import folium_map, layers
from frontline.present.wording import format_change, format_km2, format_share
from pages import common, play
from pages.export_panel import export_panel

common.run_through_app()

MAP_HEIGHT = 640


@st.cache_data(max_entries=64, show_spinner=False)
def day_layers(version: common.DataVersion, snapshot: date) -> layers.DayLayers:
    """The date's layers, computed once per snapshot and data version for every session."""
    dataset = common.dataset()
    return layers.day_layers(
        figures_on(dataset.figures, snapshot),
        dataset.occupied(snapshot),
        extra=war_layers.extra_collections(dataset, snapshot),
    )


@st.cache_data(max_entries=2, show_spinner=False)
def timeline_events(modified: float) -> pd.DataFrame:
    """The timeline's events, read again only when the file changes."""
    return load_events(EVENTS_CSV)


def events_or_none() -> pd.DataFrame | None:
    """The events for the map; a broken events file costs the events layer, not the page."""
    try:
        return timeline_events(EVENTS_CSV.stat().st_mtime)
    except (OSError, EventsError) as err:
        st.warning(f"Timeline events are not shown on the map: {err}")
        return None


def show_figures(figures: DayFigures) -> None:
    """Each oblast's share, area and changes, with the snapshot and its source."""
    for oblast in figures.oblasts:
        week = oblast.change(CHANGE_WINDOWS[0])
        st.metric(
            f"{oblast.oblast} oblast occupied",
            format_share(oblast.occupied_pct),
            delta=None if week is None else format_change(week, week.days),
            delta_color="off",
        )
        st.markdown(_figure_lines(oblast))
    st.caption(f"Snapshot {figures.resolved.snapshot.isoformat()}. Source: {figures.sources}.")


def _figure_lines(oblast: OblastFigures) -> str:
    lines = [
        f"**{format_km2(oblast.occupied_km2)}** of {format_km2(layers.oblasts_area(oblast.oblast))}"
    ]
    lines += war_layers.split_lines(oblast)  # issue 12
    lines += [format_change(oblast.change(days), days, dated=True) for days in CHANGE_WINDOWS]
    return "  \n".join(lines)


dataset = common.dataset()
st.title("Donetsk and Luhansk: occupied area")
common.no_store_notice()
# issue 12: the play control; while it plays, a timer reruns only the date's view below.
interval = play.controls()


@st.fragment(run_every=interval)
def date_view() -> None:
    """The date line, the map and the figures: what a play-through changes, frame by frame."""
    play.advance()
    choice = common.chosen_date()
    figures = figures_on(dataset.figures, choice.shown)
    snapshot = figures.resolved.snapshot
    st.markdown(
        f"Showing **{choice.resolved.requested.isoformat()}** · DeepStateMap snapshot of "
        f"**{snapshot.isoformat()}**"
    )
    if choice.message:
        (st.error if choice.level == "error" else st.info)(choice.message)
    map_column, figures_column = st.columns([3, 1], gap="medium")
    with map_column:
        st_folium(
            folium_map.base_map(events_or_none(), polygons=dataset.has_geometry),
            feature_group_to_add=folium_map.date_groups(
                day_layers(common.data_version(), snapshot)
            ),
            layer_control=folium_map.layer_control(),
            # The view is set again once the frame has its final size: a view fitted while
            # Streamlit is still sizing the frame comes out shifted.
            center=folium_map.map_centre(),
            zoom=layers.FRAMING_ZOOM,
            returned_objects=[],
            use_container_width=True,
            height=MAP_HEIGHT,
            key="map",
        )
    with figures_column:
        show_figures(figures)
        # compare branch: one click compares the shown date with 30 days earlier
        month_ago = snapshot - timedelta(days=30)
        st.markdown(f"[Compare with 30 days earlier](compare?from={month_ago}&to={snapshot})")


date_view()
export_panel(common.chosen_date(), dataset)
