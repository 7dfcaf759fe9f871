"""The pace chart: net km² gained per week in each area, with a rolling 4-week mean."""

from __future__ import annotations

import altair as alt
import pandas as pd

from frontline.present.style import INK, NEUTRAL, OBLAST_COLOURS

HEIGHT = 320


def build_pace_chart(gains: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    """Weekly net gains as points, the rolling 4-week mean as a line, one colour per area."""
    data = gains.assign(week=pd.to_datetime(gains["week"]))
    data["since"] = data["since"].map(str)
    data["until"] = data["until"].map(str)
    areas = list(dict.fromkeys(data["area"]))
    colour = alt.Color(
        "area:N",
        title="Area",
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
