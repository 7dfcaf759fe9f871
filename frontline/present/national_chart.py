"""The national chart: DeepStateMap's and ISW's occupied km² of Ukraine, and the gap between."""

from __future__ import annotations

import altair as alt
import pandas as pd

from frontline.model.national import Comparison
from frontline.present.style import DEEPSTATE_SERIES, GAP_FILL, OTHER_SERIES
from frontline.present.wording import format_km2

HEIGHT = 260
GAP_HEIGHT = 120
GAP_TITLE = "Gap, km²"


def build_national_chart(comparison: Comparison) -> alt.VConcatChart:
    """Above, one line per source (labelled in the legend, named with its file in the tooltip);
    below, the other source's km² minus DeepStateMap's on each date both have."""
    labels = [comparison.deepstate, comparison.other]
    data = comparison.series.assign(
        date=pd.to_datetime(comparison.series["date"]), km2=comparison.series["km2"].round(0)
    )
    x = alt.X("utcyearmonthdate(date):T", title=None, axis=alt.Axis(format="%b %Y"))
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=1.8, interpolate="step-after")
        .encode(
            x=x,
            y=alt.Y("km2:Q", title="Occupied, km²", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=labels, range=[DEEPSTATE_SERIES, OTHER_SERIES]),
                legend=alt.Legend(orient="top", labelLimit=300),
            ),
        )
    )
    points = (
        alt.Chart(data)
        .mark_circle(opacity=0, size=60)
        .encode(
            x=x,
            y="km2:Q",
            tooltip=[
                alt.Tooltip("utcyearmonthdate(date):T", title="Date", format="%Y-%m-%d"),
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("km2:Q", title="Occupied, km²", format=",.0f"),
                alt.Tooltip("cited:N", title="Source"),
            ],
        )
    )
    gap = comparison.gap.assign(date=pd.to_datetime(comparison.gap["date"]))
    for column in ("gap_km2", "deepstate_km2", "other_km2"):
        gap[column] = gap[column].round(0)
    difference = (
        alt.Chart(gap)
        .mark_area(color=GAP_FILL, opacity=0.7, interpolate="step-after")
        .encode(
            x=x,
            y=alt.Y("gap_km2:Q", title=GAP_TITLE),
            tooltip=[
                alt.Tooltip("utcyearmonthdate(date):T", title="Date", format="%Y-%m-%d"),
                alt.Tooltip("gap_km2:Q", title=f"{comparison.other} minus {comparison.deepstate}"),
                alt.Tooltip("other_km2:Q", title=comparison.other, format=",.0f"),
                alt.Tooltip("deepstate_km2:Q", title=comparison.deepstate, format=",.0f"),
            ],
        )
    )
    return alt.vconcat(
        alt.layer(lines, points).properties(height=HEIGHT, width="container"),
        difference.properties(height=GAP_HEIGHT, width="container"),
    ).resolve_scale(x="shared")


def national_caption(comparison: Comparison) -> str:
    """What the chart shows, with the gap on the last date both sources have."""
    if not comparison.has_other:
        return (
            f"Only {comparison.deepstate}'s figure is shown: the store holds no "
            f"{comparison.other} series in this range (`frontline refresh --source isw` "
            "reads it). The Sources page says how the two differ."
        )
    head = (
        f"Occupied area of the whole of Ukraine, Crimea included: {comparison.deepstate} as "
        f"frontline measures it, and {comparison.other} as published; below, "
        f"{comparison.other} minus {comparison.deepstate} on the dates both have."
    )
    if comparison.gap.empty:
        return head + " The two have no date in common in this range."
    last = comparison.gap.iloc[-1]
    return (
        f"{head} On {last['date'].isoformat()}: {format_km2(last['other_km2'])} against "
        f"{format_km2(last['deepstate_km2'])}, a gap of {last['gap_km2']:+,.0f} km². "
        "The Sources page says why they differ."
    )
