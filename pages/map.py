"""The map page: both oblasts on the chosen date, the occupied area and towns, and the figures."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from frontline.model.figures import CHANGE_WINDOWS, DayFigures, OblastFigures, figures_on
from frontline.model.selection import DateChoice
from frontline.present import maps
from frontline.present.escaping import escape_html
from frontline.present.wording import format_change, format_km2, format_share
from pages import common
from pages.export_panel import export_panel

common.run_through_app()

MAP_HEIGHT = 640


# The header line and the two shares are one element, so the browser always replaces them
# together: separate elements arrive in separate messages, and for a frame or two a new
# date's header could stand over the old date's shares.
SHARES_CSS = """
.frontline-shares .showing {margin: 0 0 0.6rem 0;}
.frontline-shares .row {display: flex; flex-wrap: wrap; gap: 0.5rem 3rem;}
.frontline-shares .label {font-size: 0.875rem;}
.frontline-shares .value {font-size: 2.25rem; line-height: 1.3;}
.frontline-shares .delta {font-size: 0.875rem; color: #5c5f66;}
"""


def show_shares(choice: DateChoice, figures: DayFigures) -> None:
    """The header and each oblast's share, drawn together from one date choice."""
    st.title("Donetsk and Luhansk: occupied area")
    shares = "".join(_share_html(oblast) for oblast in figures.oblasts)
    st.html(
        f"<style>{SHARES_CSS}</style>"
        '<div class="frontline-shares"><p class="showing">'
        f"Showing <b>{choice.resolved.requested.isoformat()}</b> · DeepStateMap snapshot of "
        f"<b>{figures.resolved.snapshot.isoformat()}</b></p>"
        f'<div class="row">{shares}</div></div>'
    )
    common.show_date_notice(choice)
    common.no_store_notice()


def _share_html(oblast: OblastFigures) -> str:
    week = oblast.change(CHANGE_WINDOWS[0])
    delta = "" if week is None else f"{week.pct_points:+.1f} pp in {week.days} days"
    return (
        '<div class="share">'
        f'<div class="label">{escape_html(oblast.oblast)} oblast occupied</div>'
        f'<div class="value">{format_share(oblast.occupied_pct)}</div>'
        f'<div class="delta">{delta}</div></div>'
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
