"""The chart of a reader's area: its occupied share on every date, with km² in the tooltip."""

from __future__ import annotations

import altair as alt
import pandas as pd

from frontline.present.style import OCCUPIED_EDGE

HEIGHT = 260


def build_area_chart(table: pd.DataFrame) -> alt.Chart:
    """One line: the area's occupied share (%) on every date of `table` (AREA_COLUMNS)."""
    data = table.assign(date=pd.to_datetime(table["date"]))
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=1.8, color=OCCUPIED_EDGE)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("occupied_pct:Q", title="Occupied share of the area, %"),
            tooltip=[
                alt.Tooltip("date:T", title="Snapshot", format="%Y-%m-%d"),
                alt.Tooltip("occupied_pct:Q", title="Occupied, %", format=".2f"),
                alt.Tooltip("occupied_km2:Q", title="Occupied, km²", format=",.1f"),
            ],
        )
        .properties(height=HEIGHT, width="container")
    )
