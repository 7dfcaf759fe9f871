"""The map page: both oblasts on the chosen date, the occupied area and towns, and the figures."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from frontline.model.figures import CHANGE_WINDOWS, DayFigures, OblastFigures, figures_on
from frontline.model.selection import DateChoice
from frontline.present import war_layers
from frontline.present.templates import render
from frontline.present.webmap import layers
from frontline.present.wording import format_change, format_km2, format_share
from pages import common, play
from pages.export_panel import export_panel

common.run_through_app()

MAP_HEIGHT = 640


def show_shares(choice: DateChoice, figures: DayFigures) -> None:
    """The header and each oblast's share, drawn together from one date choice.

    They are one element, so the browser always replaces them together: separate elements
    arrive in separate messages, and for a frame or two a new date's header could stand over
    the old date's shares.
    """
    st.title("Donetsk and Luhansk: occupied area")
    shares = []
    for oblast in figures.oblasts:
        week = oblast.change(CHANGE_WINDOWS[0])
        shares.append(
            {
                "label": f"{oblast.oblast} oblast occupied",
                "value": format_share(oblast.occupied_pct),
                "delta": "" if week is None else format_change(week, week.days),
            }
        )
    st.html(
        render(
            "shares.html",
            requested=choice.resolved.requested.isoformat(),
            snapshot=figures.resolved.snapshot.isoformat(),
            shares=shares,
        )
    )
    common.show_date_notice(choice)
    common.no_store_notice()


def show_details(figures: DayFigures) -> None:
    """Each oblast's area and changes, with the snapshot and its source."""
    for oblast in figures.oblasts:
        st.markdown(f"**{oblast.oblast}**  \n" + _figure_lines(oblast))
    st.caption(f"Snapshot {figures.resolved.snapshot.isoformat()}. Source: {figures.sources}.")
    snapshot = figures.resolved.snapshot
    month_ago = snapshot - timedelta(days=30)
    st.markdown(f"[Compare with 30 days earlier](compare?from={month_ago}&to={snapshot})")


def _figure_lines(oblast: OblastFigures) -> str:
    lines = [
        f"**{format_km2(oblast.occupied_km2)}** of {format_km2(layers.oblasts_area(oblast.oblast))}"
    ]
    lines += war_layers.split_lines(oblast)  # issue 12
    lines += [format_change(oblast.change(days), days, dated=True) for days in CHANGE_WINDOWS]
    return "  \n".join(lines)


dataset = common.dataset()
view = st.container()
# issue 12: the play control, under the map; while it plays, a timer reruns only the date's
# view above it, and the URL follows each frame.
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
    choice = common.chosen_date()
    figures = figures_on(dataset.figures, choice.shown)
    header = st.container()
    map_column, figures_column = st.columns([3, 1], gap="medium")
    with map_column:
        base = common.date_map_base(common.events_or_none(), dataset.has_geometry)
        snapshot = figures.resolved.snapshot
        date_layers = common.date_map_layers(common.data_version(), snapshot, base.key, base)
        common.draw_map(base, date_layers, height=MAP_HEIGHT)
    with header:
        show_shares(choice, figures)
    with figures_column:
        show_details(figures)


with view:
    date_view()
export_panel(common.chosen_date(), dataset)
