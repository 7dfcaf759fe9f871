""" "Cite this" under the map: the words to quote and a button that copies the page's link."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from frontline.model.figures import DayFigures
from frontline.present.cite import cite_text
from frontline.present.links import map_href

# Served from static/ (no CDN); relative, so it survives `--server.baseUrlPath`.
COPY_BUTTON = "app/static/cite.html"


def cite_panel(figures: DayFigures) -> None:
    """The citation of the snapshot shown, with its link, and the copy-link button."""
    day = figures.resolved.requested
    here = st.context.url
    link = None if here is None else here.rstrip("/") + map_href(day).removeprefix(".")
    st.markdown("**Cite this**")
    # Plain text, not Markdown: what is copied is exactly what is shown, link included.
    st.code(cite_text(figures, link), language=None, wrap_lines=True)
    components.iframe(COPY_BUTTON, height=40)
