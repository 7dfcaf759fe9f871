"""The front-line chart: the line's length in km on every date, overall and in each focus oblast."""

from __future__ import annotations

import altair as alt
import pandas as pd

from frontline.model.boundaries import COUNTRY, FOCUS
from frontline.model.figures import FRONT_KM, SOURCE_ID
from frontline.present.style import INK, OBLAST_COLOURS

HEIGHT = 260


def front_series(areas: pd.DataFrame) -> pd.DataFrame:
    """`date, area, front_km, source_id` for the country and the focus oblasts, where measured."""
    if FRONT_KM not in areas:
        return pd.DataFrame(columns=["date", "area", FRONT_KM, SOURCE_ID])
    rows = areas[areas["oblast"].isin([COUNTRY, *FOCUS]) & areas[FRONT_KM].notna()]
    series = rows.rename(columns={"oblast": "area"})
    series["area"] = series["area"].replace({COUNTRY: "Whole front"})
    columns = ["date", "area", FRONT_KM] + ([SOURCE_ID] if SOURCE_ID in series else [])
    return series[columns].reset_index(drop=True)


def build_front_chart(series: pd.DataFrame) -> alt.Chart:
    """One line per area: the whole front, then each focus oblast, in km."""
    data = series.assign(date=pd.to_datetime(series["date"]))
    areas = ["Whole front", *FOCUS]
    colour = alt.Color(
        "area:N",
        title=None,
        scale=alt.Scale(domain=areas, range=[INK, *(OBLAST_COLOURS[name] for name in FOCUS)]),
        legend=alt.Legend(orient="top"),
    )
    tooltip = [
        alt.Tooltip("date:T", title="Snapshot", format="%Y-%m-%d"),
        alt.Tooltip("area:N", title="Area"),
        alt.Tooltip(f"{FRONT_KM}:Q", title="Front line, km", format=",.0f"),
    ]
    if SOURCE_ID in data:
        tooltip.append(alt.Tooltip(f"{SOURCE_ID}:N", title="Source"))
    return (
        alt.Chart(data)
        .mark_line(strokeWidth=1.8)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y(f"{FRONT_KM}:Q", title="Front line, km"),
            color=colour,
            tooltip=tooltip,
        )
        .properties(height=HEIGHT, width="container")
    )
