"""What the app sets up once per server process, and the route every page takes through app.py."""

from __future__ import annotations

import functools

import branca.element
import jinja2
import streamlit as st
from PIL import Image
from streamlit.runtime.pages_manager import PagesManager

from frontline.logs import use_one_line_logs
from frontline.present import favicon as icon
from frontline.present.assets import install_assets


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
    return icon.favicon()


@st.cache_resource
def one_line_logs() -> None:
    """Streamlit's handlers and the app's own logger write one line per event, once a process."""
    use_one_line_logs()


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
    branca.element.Template = functools.lru_cache(maxsize=1024)(jinja2.Template)  # type: ignore[misc, assignment]
