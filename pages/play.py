"""The map page's play control: step through the snapshots at a readable pace, stoppable.

Every weekly snapshot before the daily archive starts is a frame; after it, one snapshot per
chosen step. A timer fragment (`st.fragment(run_every=...)`) moves the date and redraws only
the map and the figures: the map stays mounted and only its date layers change.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from frontline.model.dataset import DataVersion
from frontline.model.history import DEFAULT_STEP, STEPS, play_label, play_steps
from pages import loaders
from pages.sidebar import chosen_date, go_to

PLAYING = "map_playing"
# Set by each full run of the page, so the timer's first tick after it does not skip a frame.
FULL_RUN = "map_full_run"
PACES = (0.5, 1.0, 1.5, 2.0, 3.0)


@st.cache_data(max_entries=8, show_spinner=False)
def frames(version: DataVersion, step_days: int) -> list[date]:
    """The dates a play-through shows, for a data version and a step after the weekly maps."""
    dataset = loaders.dataset()
    return play_steps(loaders.dates(version), dataset.figures, step_days)


def controls() -> float | None:
    """Draw the play control; the seconds per frame while playing, else None."""
    st.session_state[FULL_RUN] = True
    playing = st.session_state.get(PLAYING, False)
    step, pace, button = st.columns([2, 2, 1], vertical_alignment="bottom")
    step.selectbox(
        play_label(loaders.dataset().figures),
        list(STEPS),
        index=list(STEPS).index(DEFAULT_STEP),
        format_func=STEPS.__getitem__,
        key="map_play_step",
    )
    pace.select_slider(
        "Seconds per frame", PACES, value=1.5, key="map_play_pace", format_func=lambda s: f"{s:g} s"
    )
    button.button("Stop" if playing else "Play", key="map_play_button", on_click=_toggle)
    return float(st.session_state["map_play_pace"]) if playing else None


def _toggle() -> None:
    playing = not st.session_state.get(PLAYING, False)
    st.session_state[PLAYING] = playing
    if playing:
        shown = frames(loaders.data_version(), st.session_state["map_play_step"])
        # From the last frame, a new play starts again at the beginning.
        if chosen_date().shown >= shown[-1]:
            go_to(shown[0])


def advance() -> None:
    """On a timer tick, move to the next frame; past the last one, stop playing."""
    if not st.session_state.get(PLAYING, False) or st.session_state.pop(FULL_RUN, False):
        return
    shown = frames(loaders.data_version(), st.session_state["map_play_step"])
    current = chosen_date().shown
    later = [day for day in shown if day > current]
    if not later:
        st.session_state[PLAYING] = False
        st.rerun()
    go_to(later[0])
