"""The map page: both oblasts on the chosen date, the occupied area and towns, and the figures."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from frontline.model.figures import DayFigures, figures_on
from frontline.model.selection import DateChoice
from frontline.present.day_text import figure_lines, share_cards
from frontline.present.links import compare_href
from frontline.present.notices import unreadable_notice
from frontline.present.templates import render
from pages import app_setup, loaders, map_view, play
from pages.area_panel import area_panel
from pages.cite_panel import cite_panel
from pages.export_panel import export_panel
from pages.notices import events_or_none, no_store_notice, show_date_notice
from pages.place_search import FOCUS_ZOOM, place_search
from pages.sidebar import chosen_date

app_setup.run_through_app()

MAP_HEIGHT = 640


def show_shares(choice: DateChoice, figures: DayFigures) -> None:
    """The header and each oblast's share, drawn together from one date choice.

    They are one element, so the browser always replaces them together: separate elements
    arrive in separate messages, and for a frame or two a new date's header could stand over
    the old date's shares.
    """
    st.title("Donetsk and Luhansk: occupied area")
    st.html(
        render(
            "shares.html",
            requested=choice.resolved.requested.isoformat(),
            snapshot=figures.resolved.snapshot.isoformat(),
            shares=share_cards(figures),
        )
    )
    show_date_notice(choice)
    no_store_notice()


def show_details(figures: DayFigures) -> None:
    """Each oblast's area and changes, with the snapshot and its source."""
    for oblast in figures.oblasts:
        st.markdown(f"**{oblast.oblast}**  \n" + figure_lines(oblast))
    snapshot = figures.resolved.snapshot
    st.caption(f"Snapshot {snapshot.isoformat()}. Source: {figures.sources}.")
    st.markdown(
        f"[Compare with 30 days earlier]({compare_href(snapshot - timedelta(days=30), snapshot)})"
    )


dataset = loaders.dataset()
view = st.container()
# The play control, under the map; while it plays, a timer reruns only the date's view above
# it, and the URL follows each frame.
interval = play.controls()


@st.fragment(run_every=interval)
def date_view() -> None:
    """The header, the map and the figures: what a play-through changes, frame by frame.

    They show one date choice. The map is sent first (on a date not seen before, its layers
    are rendered then, the slow part), and the header and figures are written into their
    places above and beside it straight after, so the three reach the browser together, never
    one date's header over another date's figures.
    """
    play.advance()
    choice = chosen_date()
    figures = figures_on(dataset.figures, choice.shown)
    header = st.container()
    map_column, figures_column = st.columns([3, 1], gap="medium")
    snapshot = figures.resolved.snapshot
    with figures_column:
        # A place found centres the map on it, so it is read before the map is sent.
        found = place_search(snapshot)
    with map_column:
        base = map_view.date_map_base(events_or_none(), dataset.has_geometry)
        date_layers, unreadable = map_view.date_map_layers(
            loaders.data_version(), snapshot, base.key, base
        )
        focus = None if found is None else (found.lat, found.lon)
        map_view.draw_map(base, date_layers, height=MAP_HEIGHT, focus=focus, focus_zoom=FOCUS_ZOOM)
        if unreadable is not None:
            st.warning(unreadable_notice([unreadable]))
        cite_panel(figures)
    with header:
        show_shares(choice, figures)
    with figures_column:
        show_details(figures)


with view:
    date_view()
area_panel()
export_panel(chosen_date(), dataset)
