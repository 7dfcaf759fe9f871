"""The notices pages show about their data: the date asked for, the store, the events file."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from frontline.model.events import EventsError
from frontline.model.selection import DateChoice
from frontline.present.escaping import escape_markdown
from frontline.present.notices import POLYGONS_NOT_LOADED, STORE_UNUSABLE
from pages import loaders

LOG = logging.getLogger("frontline")


def no_store_notice() -> None:
    """Say when a store that was asked for cannot be used (the reason goes to the log), and when
    there are no outlines to draw at all; a fresh clone, drawn from the embedded files, says
    nothing."""
    data = loaders.dataset()
    if data.problem:
        LOG.warning("store not used: %s", data.problem)
        st.warning(STORE_UNUSABLE)
    if not data.has_geometry:
        st.info(POLYGONS_NOT_LOADED)


def show_date_notice(choice: DateChoice) -> None:
    """The message about the requested date, its text (from the user) shown as plain text."""
    if choice.message:
        (st.error if choice.level == "error" else st.info)(escape_markdown(choice.message))


def events_or_none() -> pd.DataFrame | None:
    """The events for the map; a broken events file costs the events layer, not the page."""
    try:
        return loaders.timeline_events()
    except EventsError as err:
        st.warning(f"Timeline events are not shown on the map: {escape_markdown(err)}")
        return None
