"""What every page shares: cached loaders around the package, and the sidebar's date filter.

The package never imports Streamlit; this module is the only place that caches its loaders.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from datetime import date

import branca.element
import jinja2
import pandas as pd
import streamlit as st
from PIL import Image, ImageDraw
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from frontline import config
from frontline.config import CONTROL_CSV, store_dir
from frontline.ingest.store import DB_NAME
from frontline.model.dataset import Dataset, open_dataset
from frontline.model.events import EventsError, load_events
from frontline.model.figures import figures_on, snapshot_dates
from frontline.model.history import snapshot_note
from frontline.model.selection import DateChoice, choose_date
from frontline.present import war_layers
from frontline.present.assets import install_assets
from frontline.present.compare_map import compare_base_map
from frontline.present.escaping import escape_markdown
from frontline.present.webmap import folium_map, layers
from pages.map_component import BaseMap, MapLayers, render_base, render_layers
from pages.map_component import draw_map as draw_component
from pages.update_panel import update_panel

LOG = logging.getLogger("frontline")
DATE_KEY = "date"  # the query parameter
BOX_KEY = "date_box"
SLIDER_KEY = "date_slider"
CHOICE_KEY = "date_choice"


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


@st.cache_resource
def reuse_folium_templates() -> None:
    """Compile each of folium's element templates once per process, not once per element.

    branca compiles a Jinja2 template for every element it creates with template text (each
    town's tooltip, each script and style link), about 230 on every run of the map page:
    measured at 40 % of the script's time. A compiled template is never changed by
    rendering, so one per distinct text serves them all.
    """
    branca.element.Template = functools.lru_cache(maxsize=1024)(jinja2.Template)


DataVersion = tuple[str, float, float]


def data_version() -> DataVersion:
    """Changes when the store (or its folder) or the embedded CSV changes: a cache key."""
    folder = store_dir()
    db = folder / DB_NAME
    # The store keeps a rollback journal: every committed batch changes the file itself.
    stamp = db.stat().st_mtime if db.exists() else 0.0
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


# The page scripts run afresh on every rerun: a cached function defined in one would be
# wrapped again, and its code hashed, each time (about 60 ms a run), so they live here.
@st.cache_resource(max_entries=4, show_spinner=False)
def date_map_base(events: pd.DataFrame | None, polygons: bool) -> BaseMap:
    """The map page's base, rendered once per process for each events table and kind of data."""
    return render_base(folium_map.base_map(events, polygons=polygons), key="map")


@st.cache_resource(max_entries=64, show_spinner=False)
def date_map_layers(
    version: DataVersion, snapshot: date, base_key: str, _base: BaseMap
) -> MapLayers:
    """The date's layers over `_base` (whose `key` is `base_key`), made once per snapshot,
    data version and base for every session."""
    data = dataset()
    day = layers.day_layers(
        figures_on(data.figures, snapshot),
        data.occupied(snapshot),
        extra=war_layers.extra_collections(data, snapshot),
    )
    return render_layers(_base, folium_map.date_groups(day))


@st.cache_resource(show_spinner=False)
def compare_map_base() -> BaseMap:
    """The compare page's base, rendered once per process."""
    return render_base(compare_base_map(), key="compare_map")


@st.cache_data(max_entries=2, show_spinner=False)
def _events(path: str, modified: float) -> pd.DataFrame:
    return load_events(path)


def timeline_events() -> pd.DataFrame:
    """The timeline's events, read again only when the file changes; raises EventsError."""
    path = config.EVENTS_CSV
    try:
        modified = path.stat().st_mtime
    except OSError as err:
        raise EventsError(f"{path.name}: cannot read events ({err})") from err
    return _events(str(path), modified)


def events_or_none() -> pd.DataFrame | None:
    """The events for the map; a broken events file costs the events layer, not the page."""
    try:
        return timeline_events()
    except EventsError as err:
        st.warning(f"Timeline events are not shown on the map: {escape_markdown(err)}")
        return None


def no_store_notice() -> None:
    """Say, on a page drawn from the embedded figures only, why and how to get the polygons."""
    data = dataset()
    if data.problem:
        # The reason names server paths: it goes to the log, the reader gets what it means.
        LOG.warning("store not used: %s", data.problem)
        st.warning(
            "The data store this server was configured with cannot be read, so the page shows "
            f"the embedded figures of {CONTROL_CSV.name}."
        )
    if not data.has_geometry:
        st.info(
            "The occupied-area polygons are not loaded: the figures come from the embedded "
            "`data/control.csv`. Run `make data` (or `python -m frontline refresh`, or press "
            "**Update data** in the sidebar) to build the local store with the daily snapshots."
        )


def chosen_date() -> DateChoice:
    """The date the sidebar chose this run, with any message about it."""
    return st.session_state[CHOICE_KEY]


def go_to(day: date) -> None:
    """Show `day` (or the snapshot before it) now and in the URL, as if the user had typed it.

    For a run of one fragment (the play control's timer), which the sidebar does not read.
    """
    st.query_params[DATE_KEY] = day.isoformat()
    st.session_state[CHOICE_KEY] = choose_date(dates(data_version()), day)


def show_date_notice(choice: DateChoice) -> None:
    """The message about the requested date, its text (from the user) shown as plain text."""
    if choice.message:
        (st.error if choice.level == "error" else st.info)(escape_markdown(choice.message))


def sidebar(pages: Sequence[StreamlitPage], current: StreamlitPage) -> None:
    """Links to the pages and the date filter, kept in `?date=` and read afresh on every run.

    The URL is the one place the date lives: each change the user makes adds a history
    entry, Back and Forward rerun the page with the entry's `?date=`, and the page follows
    it. The URL keeps what was asked for (a gap day or a date outside the archive stays as
    typed and gets its notice on a reload). The links carry the date from page to page, which
    Streamlit's own page list would drop. The notice goes under the date box unless the
    current page is the map, which shows it under its own header.
    """
    available = dates(data_version())
    requested = st.query_params.get(DATE_KEY, "")
    choice = choose_date(available, requested)
    st.session_state[CHOICE_KEY] = choice
    # Set before the widgets are drawn, so both always show what the URL asks for.
    st.session_state[BOX_KEY] = requested
    st.session_state[SLIDER_KEY] = choice.shown
    carried = {DATE_KEY: requested} if requested else None
    with st.sidebar:
        for page in pages:
            st.page_link(page, query_params=carried)
        st.divider()
        st.text_input(
            "Date (YYYY-MM-DD)",
            key=BOX_KEY,
            on_change=_ask_for,
            args=(BOX_KEY,),
            placeholder=f"latest: {available[-1].isoformat()}",
            help="Type a date and press Enter. A day without a snapshot shows the latest "
            "snapshot before it.",
        )
        if current.url_path != "":
            show_date_notice(choice)
        st.select_slider(
            "Or slide through the snapshots",
            options=available,
            key=SLIDER_KEY,
            on_change=_ask_for,
            args=(SLIDER_KEY,),
            format_func=date.isoformat,
        )
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
        update_panel(available[-1], choice.shown)


def _ask_for(key: str) -> None:
    """Put a widget's date into the URL (a new history entry); the run that follows reads it."""
    value = st.session_state[key]
    text = value.isoformat() if isinstance(value, date) else value.strip()
    if text:
        st.query_params[DATE_KEY] = text
    else:
        del st.query_params[DATE_KEY]


def draw_map(base: BaseMap, map_layers: MapLayers, *, height: int) -> None:
    """A map that stays mounted: its fixed base, and the layers that change with the dates.

    The view (both oblasts framed) is set again once the frame has its final size: a view
    fitted while Streamlit is still sizing the frame comes out shifted.
    """
    draw_component(
        base, map_layers, height=height, zoom=layers.FRAMING_ZOOM, center=folium_map.map_centre()
    )
