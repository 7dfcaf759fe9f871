"""The compare page's export panel: CSV, GeoJSON and PNG of the two dates compared.

Each file is made when its button is clicked, cached by the dates and the data version.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from frontline.model.changes import DatePair
from frontline.model.dataset import Dataset, DataVersion
from frontline.model.provenance import attribution
from frontline.present.export import CHANGE_FORMATS, changes_name, make_comparison
from pages import loaders
from pages.downloads import deferred_buttons


@st.cache_data(max_entries=24, show_spinner=False)
def _comparison(
    kind: str, start: date, end: date, version: DataVersion, _dataset: Dataset
) -> bytes:
    return make_comparison(kind, _dataset, DatePair(start, end)).data


@st.fragment
def comparison_panel(pair: DatePair, dataset: Dataset) -> None:
    """Download buttons for the two dates compared: figures and towns, areas, and the map."""
    version = loaders.data_version()
    st.subheader("Export")
    st.caption(
        f"Files comparing the snapshots of {pair.start} and {pair.end}; each carries both dates, "
        f"the snapshots' source and attribution ({attribution()})."
    )
    formats = {
        kind: spec
        for kind, spec in CHANGE_FORMATS.items()
        if dataset.has_geometry or not spec.polygons
    }
    deferred_buttons(
        formats,
        lambda kind: partial(_comparison, kind, pair.start, pair.end, version, dataset),
        lambda kind: changes_name(pair, kind),
        "compare_export",
    )
