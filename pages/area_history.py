"""An area's history on the page: its summary, chart, largest changes and downloads."""

from __future__ import annotations

import streamlit as st

from frontline.model.area import AreaHistory, largest_changes, provenance
from frontline.model.area_input import AreaInput
from frontline.present.area_chart import build_area_chart
from frontline.present.area_text import area_downloads, area_summary
from frontline.present.escaping import escape_markdown as plain
from pages.downloads import download


def show_history(area: AreaInput, history: AreaHistory) -> None:
    """What was done to the area, its occupied part on every date, and its files."""
    for note in area.notes:
        st.info(plain(note))
    st.markdown(plain(area_summary(area, history)))
    st.altair_chart(build_area_chart(history.table), width="stretch")
    changes = largest_changes(history)
    st.markdown("**The dates it changed most** (since the snapshot before)")
    if changes.empty:
        st.caption("The occupied part of this area never changed.")
    else:
        st.dataframe(
            changes,
            hide_index=True,
            column_config={
                "date": "Date",
                "since": "Since",
                "change_km2": st.column_config.NumberColumn("Change, km²", format="%+.1f"),
                "change_pct_points": st.column_config.NumberColumn(
                    "Change, points", format="%+.2f"
                ),
                "occupied_km2": st.column_config.NumberColumn("Occupied, km²", format="%.1f"),
            },
        )
    with st.expander("Every date"):
        st.dataframe(history.table, hide_index=True)
    st.caption(plain(provenance(history)))
    files = area_downloads(history, changes)
    for column, (kind, (label, export)) in zip(st.columns(len(files)), files.items(), strict=True):
        download(column, label, export, f"area_{kind}")
