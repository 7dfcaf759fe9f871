"""What every page shares: cached loaders around the package, and the sidebar's date filter.

The package never imports Streamlit; this module is the only place that caches its loaders.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from PIL import Image, ImageDraw
from streamlit.runtime.pages_manager import PagesManager

from frontline.config import CONTROL_CSV, store_dir
from frontline.ingest.store import DB_NAME
from frontline.model.dataset import Dataset, open_dataset
from frontline.model.figures import snapshot_dates
from frontline.model.history import snapshot_note
from frontline.model.selection import DateChoice, choose_date
from frontline.present.assets import install_assets
from pages.update_panel import update_panel

DATE_KEY = "date"


def run_through_app() -> None:
    """Rerun through app.py when Streamlit has run this page on its own.

    Until some session has called `st.navigation`, Streamlit takes `pages/` for an old-style
    pages folder: a first visit to `/timeline` on a fresh server runs pages/timeline.py alone,
    with no sidebar and no date filter. Turning that mode off and rerunning runs app.py, whose
    navigation routes back to the same page (the page hash is derived from the same url path).
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource
def favicon() -> Image.Image:
    """The tab icon, drawn here: an icon name (":material/...") makes the browser fetch it
    from fonts.gstatic.com, which breaks the promise of asking nothing from outside."""
    icon = Image.new("RGB", (32, 32), "#3182bd")
    ImageDraw.Draw(icon).polygon([(0, 0), (32, 0), (32, 32), (12, 32), (18, 14)], fill="#D55E00")
    return icon


@st.cache_resource
def install_static() -> None:
    """Copy Leaflet and jQuery into static/ once per server process."""
    install_assets()


DataVersion = tuple[str, float, float]


def data_version() -> DataVersion:
    """Changes when the store (or its folder) or the embedded CSV changes: a cache key."""
    folder = store_dir()
    db = folder / DB_NAME
    # The WAL file changes on every write even before a checkpoint folds it into the database.
    wal = db.with_name(DB_NAME + "-wal")
    stamp = max((p.stat().st_mtime for p in (db, wal) if p.exists()), default=0.0)
    return (str(folder), stamp, CONTROL_CSV.stat().st_mtime)


@st.cache_resource(max_entries=4)
def _dataset(version: DataVersion) -> Dataset:
    return open_dataset(version[0])


def dataset() -> Dataset:
    """The figures (and the store, if any) shared by every session; never mutate it."""
    return _dataset(data_version())


@st.cache_data(max_entries=4)
def dates(version: DataVersion) -> list[date]:
    return snapshot_dates(dataset().figures)


def no_store_notice() -> None:
    """Say, on a page drawn from the embedded figures only, how to get the polygons."""
    if not dataset().has_geometry:
        st.info(
            "The occupied-area polygons are not loaded: the figures come from the embedded "
            "`data/control.csv`. Run `make data` (or `python -m frontline refresh`, or press "
            "**Update data** in the sidebar) to build the local store with the daily snapshots."
        )


def chosen_date() -> DateChoice:
    """The date the sidebar chose, with any message about it."""
    return st.session_state["date_choice"]


def go_to(day: date) -> None:
    """Show `day` (or the snapshot before it), as if the date filter had chosen it."""
    st.session_state["date_choice"] = choose_date(dates(data_version()), day)
    _set_date(st.session_state["date_choice"].shown)


def _set_date(day: date) -> None:
    st.session_state[DATE_KEY] = day
    st.query_params["date"] = day.isoformat()


def sidebar() -> None:
    """The date filter (slider and date input, kept in `?date=`) and the data's freshness."""
    available = dates(data_version())
    if "date_choice" not in st.session_state:
        choice = choose_date(available, st.query_params.get("date"))
        st.session_state["date_choice"] = choice
        _set_date(choice.shown)
    elif st.query_params.get("date") != st.session_state[DATE_KEY].isoformat():
        st.query_params["date"] = st.session_state[DATE_KEY].isoformat()

    def from_slider() -> None:
        _pick(st.session_state["date_slider"])

    def from_input() -> None:
        _pick(st.session_state["date_input"])

    def _pick(day: date) -> None:
        st.session_state["date_choice"] = choose_date(available, day)
        _set_date(st.session_state["date_choice"].shown)

    shown = st.session_state[DATE_KEY]
    st.session_state["date_slider"] = shown
    st.session_state["date_input"] = st.session_state["date_choice"].resolved.requested
    with st.sidebar:
        st.select_slider(
            "Snapshot date",
            options=available,
            key="date_slider",
            on_change=from_slider,
            format_func=date.isoformat,
        )
        st.date_input(
            "Or type a date",
            key="date_input",
            min_value=available[0],
            max_value=available[-1],
            on_change=from_input,
            format="YYYY-MM-DD",
        )
        choice = st.session_state["date_choice"]
        # issue 12: weekly before the daily archive starts; say which snapshot and source.
        st.caption(
            snapshot_note(dataset().figures, choice.resolved.requested, choice.shown).text,
            help="Before 2024-07-08 there is one snapshot a week; a date between two shows "
            "the week's snapshot before it, never a value in between.",
        )
        st.caption(
            f"Snapshots {available[0].isoformat()} to {available[-1].isoformat()} "
            f"({len(available)} dates), from the {dataset().origin}."
        )
        # issue 14: freshness and the "Update data" button.
        update_panel(available[-1], shown)
