"""The map page's export panel: PNG, HTML, GeoJSON for the date shown; CSV and GIF for a range.

Files are made only when asked for: the single-date downloads generate their bytes when the
button is clicked (deferred, cached by date and data version); the GIF renders after
"Prepare", with a progress bar, and is kept in the session until its settings change.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import streamlit as st

from frontline.model.dataset import Dataset, DataVersion
from frontline.model.history import DEFAULT_STEP, STEPS
from frontline.model.provenance import attribution
from frontline.model.selection import DateChoice
from frontline.present.export import (
    FORMATS,
    ExportBusy,
    ExportError,
    Request,
    export_name,
    formats_for,
    make_export,
    step_dates,
)
from pages import loaders
from pages.downloads import deferred_buttons, download

GIF_KEY = "export_gif_file"


@st.cache_data(max_entries=24, show_spinner=False)
def _single(kind: str, day: date, towns: bool, version: DataVersion, _dataset: Dataset) -> bytes:
    return make_export(kind, _dataset, Request(day, towns=towns)).data


@st.fragment
def export_panel(choice: DateChoice, dataset: Dataset) -> None:
    """Download buttons for the date the sidebar chose, and for a range of dates."""
    day = choice.resolved.requested
    version = loaders.data_version()
    st.subheader("Export")
    st.caption(
        f"Exports of {day.isoformat()} use the snapshot of {choice.shown.isoformat()}; each file "
        f"carries its date, figures, source and attribution ({attribution()})."
    )
    towns = st.checkbox("Towns on the exported maps", value=True, key="export_towns")
    deferred_buttons(
        {
            kind: FORMATS[kind]
            for kind in formats_for("day")
            if FORMATS[kind].available(dataset, choice.shown)
        },
        lambda kind: partial(_single, kind, day, towns, version, dataset),
        lambda kind: export_name(kind, day),
        "export",
    )
    _range_exports(choice, dataset, version, towns)


def _range_exports(choice: DateChoice, dataset: Dataset, version: DataVersion, towns: bool) -> None:
    dates = loaders.dates(version)
    default = (max(dates[0], choice.shown - timedelta(days=35)), choice.shown)
    left, right = st.columns([3, 2])
    picked = left.date_input(
        "Range for the CSV and the animation",
        value=default,
        min_value=dates[0],
        max_value=dates[-1],
        key="export_range",
        format="YYYY-MM-DD",
    )
    step: int = right.selectbox(
        "Animation step",
        list(STEPS),
        index=list(STEPS).index(DEFAULT_STEP),
        format_func=STEPS.__getitem__,
        key="export_step",
    )
    if len(picked) != 2:
        st.info("Pick the range's last day.")
        return
    start, end = picked
    csv_column, gif_column = st.columns(2)
    try:
        csv = make_export("csv", dataset, Request(start, end))
    except ExportError as err:
        csv_column.warning(str(err))
    else:
        download(csv_column, FORMATS["csv"].label, csv, "export_csv")
    _gif(gif_column, dataset, (start, end, step, towns), version)


def _gif(column, dataset: Dataset, settings: tuple[date, date, int, bool], version) -> None:
    """Render the animation on request, with progress, and keep it while its settings hold."""
    start, end, step, towns = settings
    wanted = (*settings, version)
    try:
        frames = len(step_dates(start, end, step))
    except ExportError as err:
        column.warning(str(err))
        return
    if column.button(f"Prepare animation ({frames} frames)", key="export_gif_prepare"):
        bar = column.progress(0.0, text="Rendering frames...")

        def progress(done: int, total: int, label: str) -> None:
            bar.progress(done / total, text=f"Frame {done} of {total}: {label}")

        try:
            gif = make_export("gif", dataset, Request(start, end, step, towns, progress))
            st.session_state[GIF_KEY] = (wanted, gif)
        except ExportBusy as err:
            column.info(str(err))
        except ExportError as err:
            column.warning(str(err))
        bar.empty()
    prepared = st.session_state.get(GIF_KEY)
    if prepared and prepared[0] == wanted:
        gif = prepared[1]
        download(
            column, f"{FORMATS['gif'].label} ({len(gif.data) / 1e6:.1f} MB)", gif, "export_gif"
        )
