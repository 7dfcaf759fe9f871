"""The sidebar every page shares: links that carry the date, and the date filter in `?date=`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from frontline.model.history import snapshot_note, sparse_help
from frontline.model.selection import DateChoice, choose_date
from frontline.present.links import carried_query
from frontline.present.notices import snapshot_span
from pages import loaders
from pages.date_box import date_box
from pages.notices import show_date_notice
from pages.update_panel import update_panel

DATE_KEY = "date"  # the query parameter
BOX_KEY = "date_box"
SLIDER_KEY = "date_slider"
CHOICE_KEY = "date_choice"
FRAME_KEY = "date_frame"  # the play control's frame, which the URL takes when the play stops


def chosen_date() -> DateChoice:
    """The date the sidebar chose this run, with any message about it."""
    return st.session_state[CHOICE_KEY]


def show_frame(day: date) -> None:
    """Show `day` (or the snapshot before it) in this session without touching the URL.

    For a run of one fragment (the play control's timer), which the sidebar does not read:
    the URL, and with it the browser's history, takes the date once, when the play stops.
    """
    st.session_state[FRAME_KEY] = day
    st.session_state[CHOICE_KEY] = choose_date(loaders.dates(loaders.data_version()), day)


def go_to(day: date) -> None:
    """Show `day` now and put it in the URL, as if the user had typed it."""
    st.query_params[DATE_KEY] = day.isoformat()
    st.session_state.pop(FRAME_KEY, None)
    st.session_state[CHOICE_KEY] = choose_date(loaders.dates(loaders.data_version()), day)


def sidebar(pages: Sequence[StreamlitPage], current: StreamlitPage) -> None:
    """Links to the pages and the date filter, kept in `?date=` and read afresh on every run.

    The URL is the one place the date lives: each change the user makes adds a history
    entry, Back and Forward rerun the page with the entry's `?date=`, and the page follows
    it. The URL keeps what was asked for (a gap day or a date outside the archive stays as
    typed and gets its notice on a reload). The links carry the date from page to page, which
    Streamlit's own page list would drop. The notice goes under the date box unless the
    current page is the map, which shows it under its own header.
    """
    available = loaders.dates(loaders.data_version())
    requested = st.query_params.get(DATE_KEY, "")
    frame = st.session_state.get(FRAME_KEY) if current.url_path == "" else None
    # While the map plays, a full run (a new pace, say) keeps the frame the play is on.
    choice = choose_date(available, frame or requested)
    st.session_state[CHOICE_KEY] = choice
    # Set before the widgets are drawn, so they always show what the URL asks for.
    st.session_state[SLIDER_KEY] = choice.shown
    carried = {DATE_KEY: requested} if requested else None
    figures = loaders.dataset().figures
    with st.sidebar:
        for page in pages:
            st.page_link(page, query_params=carried_query(page.url_path, carried, choice.shown))
        st.divider()
        date_box(
            "Date",
            BOX_KEY,
            text=requested,
            shown=choice.shown,
            bounds=(available[0], available[-1]),
            apply=_show,
            placeholder=f"latest: {available[-1].isoformat()}",
        )
        if current.url_path != "":
            show_date_notice(choice)
        st.select_slider(
            "Or slide through the snapshots",
            options=available,
            key=SLIDER_KEY,
            on_change=_slid,
            format_func=date.isoformat,
        )
        st.caption(
            snapshot_note(
                figures, choice.resolved.requested, choice.shown, loaders.dataset().sources
            ).text,
            help=sparse_help(figures),
        )
        data = loaders.dataset()
        st.caption(snapshot_span(available, data.origin, data.display_outlines))
        update_panel(available[-1], choice.shown)


def _show(text: str) -> None:
    """Put a date into the URL (a new history entry); the run that follows reads it."""
    if text:
        st.query_params[DATE_KEY] = text
    else:
        del st.query_params[DATE_KEY]


def _slid() -> None:
    _show(st.session_state[SLIDER_KEY].isoformat())
