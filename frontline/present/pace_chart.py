"""The pace chart: net km² gained per week in each area, with a rolling 4-week mean."""

from __future__ import annotations

import altair as alt
import pandas as pd

from frontline.present.style import INK, NEUTRAL, OBLAST_COLOURS

HEIGHT = 320
# What the chart shows unless asked for the whole history: 2022's weeks of 2,000 km² and more
# would set the axis, and the last two years' weeks of tens of km² would lie flat on it.
RECENT_MONTHS = 18


def recent_weeks(gains: pd.DataFrame, months: int | None = RECENT_MONTHS) -> pd.DataFrame:
    """The weeks ending in the last `months` months before the last week (every week: None)."""
    if months is None or gains.empty:
        return gains
    weeks = pd.to_datetime(gains["week"])
    return gains[weeks > weeks.max() - pd.DateOffset(months=months)]


def build_pace_chart(gains: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    """Weekly net gains as points, the rolling 4-week mean as a line, one colour per area; the
    legend above the plot, so a phone keeps its width for the weeks."""
    data = gains.assign(week=pd.to_datetime(gains["week"]))
    data["since"] = data["since"].map(str)
    data["until"] = data["until"].map(str)
    areas = list(dict.fromkeys(data["area"]))
    colour = alt.Color(
        "area:N",
        title=None,
        legend=alt.Legend(orient="top", direction="horizontal"),
        scale=alt.Scale(domain=areas, range=[OBLAST_COLOURS.get(a, NEUTRAL) for a in areas]),
    )
    x = alt.X("week:T", title="Week ending")
    points = (
        alt.Chart(data)
        .mark_circle(size=28, opacity=0.45)
        .encode(
            x=x,
            y=alt.Y("gained_km2:Q", title="Net km² gained per week"),
            color=colour,
            tooltip=[
                alt.Tooltip("area:N", title="Area"),
                alt.Tooltip("since:N", title="From snapshot"),
                alt.Tooltip("until:N", title="To snapshot"),
                alt.Tooltip("gained_km2:Q", title="Net km² gained", format=",.1f"),
                alt.Tooltip("mean_4w_km2:Q", title="4-week mean", format=",.1f"),
            ],
        )
    )
    mean = alt.Chart(data).mark_line(strokeWidth=2.2).encode(x=x, y="mean_4w_km2:Q", color=colour)
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color=INK).encode(y="y:Q")
    return alt.layer(zero, points, mean).properties(height=HEIGHT, width="container")
