"""The map page: both oblasts on the chosen date, the occupied area and towns, and the figures."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from frontline.model.figures import CHANGE_WINDOWS, DayFigures, OblastFigures, figures_on
from frontline.model.selection import DateChoice
from frontline.present import maps
from frontline.present.wording import format_change, format_km2, format_share
from pages import common
from pages.export_panel import export_panel

common.run_through_app()

MAP_HEIGHT = 640


def show_shares(choice: DateChoice, figures: DayFigures) -> None:
    """The header and each oblast's share, drawn together from one date choice."""
    st.title("Donetsk and Luhansk: occupied area")
    st.markdown(
        f"Showing **{choice.resolved.requested.isoformat()}** · DeepStateMap snapshot of "
        f"**{figures.resolved.snapshot.isoformat()}**"
    )
    common.show_date_notice(choice)
    common.no_store_notice()
    for column, oblast in zip(st.columns(len(figures.oblasts)), figures.oblasts, strict=True):
        week = oblast.change(CHANGE_WINDOWS[0])
        column.metric(
            f"{oblast.oblast} oblast occupied",
            format_share(oblast.occupied_pct),
            delta=None if week is None else f"{week.pct_points:+.1f} pp in {week.days} days",
            delta_color="off",
        )


def show_details(figures: DayFigures) -> None:
    """Each oblast's area and changes, with the snapshot and its source."""
    for oblast in figures.oblasts:
        st.markdown(f"**{oblast.oblast}**  \n" + _figure_lines(oblast))
    st.caption(f"Snapshot {figures.resolved.snapshot.isoformat()}. Source: {figures.sources}.")


def _figure_lines(oblast: OblastFigures) -> str:
    lines = [
        f"**{format_km2(oblast.occupied_km2)}** of {format_km2(maps.oblasts_area(oblast.oblast))}"
    ]
    lines += [f"{days} days: {format_change(oblast.change(days), days)}" for days in CHANGE_WINDOWS]
    return "  \n".join(lines)


# The header, the figures and the map show one date choice. The map is serialised first,
# the slow part, and the header and figures are written into their places above and beside
# it straight after, so the three reach the browser together, never one date's header over
# another date's figures.
choice = common.chosen_date()
dataset = common.dataset()
figures = figures_on(dataset.figures, choice.shown)
header = st.container()
map_column, figures_column = st.columns([3, 1], gap="medium")
with map_column:
    st_folium(
        maps.base_map(common.events_or_none(), polygons=dataset.has_geometry),
        feature_group_to_add=maps.date_groups(
            common.day_layers(common.data_version(), figures.resolved.snapshot)
        ),
        layer_control=maps.layer_control(),
        # The view is set again once the frame has its final size: a view fitted while
        # Streamlit is still sizing the frame comes out shifted.
        center=maps.map_centre(),
        zoom=maps.FRAMING_ZOOM,
        returned_objects=[],
        use_container_width=True,
        height=MAP_HEIGHT,
        key="map",
    )
with header:
    show_shares(choice, figures)
with figures_column:
    show_details(figures)

export_panel(choice, dataset)
