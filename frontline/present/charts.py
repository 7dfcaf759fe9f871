"""The timeline chart: measured occupied share of both oblasts, the events, the report's figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import altair as alt
import pandas as pd

from frontline.model.boundaries import FOCUS
from frontline.model.events import CATEGORIES, REPORTED_SHARES, ReportedShare, write_at_precision
from frontline.present.style import (
    CATEGORY_COLOURS,
    INK,
    OBLAST_COLOURS,
    RULE_DARK,
    SYMBOL_EDGE,
)
from frontline.present.wording import format_event_date

# Each category has its own shape as well as its colour (see style.CATEGORY_COLOURS).
CATEGORY_SHAPES = {
    "diplomacy": "circle",
    "security": "square",
    "military": "triangle-up",
    "territory": "diamond",
    "energy": "triangle-down",
    "international": "cross",
    "derived": "triangle-right",
}
REPORTED_LABEL = "As reported at the summit"
# The selections a click on the chart makes: a snapshot of either oblast, or an event mark.
# Each holds the `link` field: the date to open the map at, written at its own precision.
PICKS = (*(f"pick_{oblast.casefold()}" for oblast in FOCUS), "pick_event")

HEIGHT = 600
SHORT_PERIOD_DAYS = 120
LANE_PX = 20  # height of one category's lane in the events band at the top
GAP_PX = 28  # between the bands
TICK_SPACING_PX = 90  # about one date label per this many pixels of width


def build_timeline_chart(
    figures: pd.DataFrame,
    events: pd.DataFrame,
    reported: Sequence[ReportedShare] = REPORTED_SHARES,
    map_date: date | None = None,
) -> alt.LayerChart:
    """Each oblast's occupied share (%) over the dates of `figures`, with events and report.

    The events sit in a band of one lane per category at the top, one mark per date and
    category (its tooltip lists every title), with a rule down through the chart. Below,
    each oblast has its own band and its own y scale, so a change of a tenth of a point in
    Luhansk reads as clearly as one in Donetsk. Events and reported shares outside the
    figures' dates are left out, so the x axis stays on the measured period. `map_date`, the
    date the map shows (the sidebar's), is drawn as a solid rule when it falls in the
    period. A click on a snapshot or an event selects its `link` date (see `PICKS`).
    `figures` has the columns of the figures table; `events` those of
    `frontline.model.events.load_events`.
    """
    first, last = min(figures["date"]), max(figures["date"])
    band_px = LANE_PX * len(CATEGORIES)
    # A UTC time unit keeps "2026-01-06" on its own day in every browser time zone.
    # Month labels for a long period; over a few months they would repeat, so days then.
    tick_format = "%b %Y" if (last - first).days > SHORT_PERIOD_DAYS else "%e %b %Y"
    x = alt.X(
        "utcyearmonthdate(date):T",
        title="Date",
        axis=alt.Axis(
            format=tick_format,
            tickCount={"expr": f"ceil(width / {TICK_SPACING_PX})"},
            labelOverlap=True,
        ),
    )
    groups = _event_groups(events, first, last)
    layers: list[alt.Chart | alt.LayerChart] = [_event_rules(groups, x)]
    if map_date is not None and first <= map_date <= last:
        layers.append(_map_date_rule(map_date, x))
    # Vega-Lite expressions in pixels from the top, so the bands follow the height drawn.
    band_height = f"(height - {band_px + GAP_PX * len(FOCUS)}) / {len(FOCUS)}"
    for i, oblast in enumerate(FOCUS):
        top = f"{band_px + GAP_PX * (i + 1)} + {i} * {band_height}"
        share = alt.Y(
            "occupied_pct:Q",
            title=f"{oblast} (% occupied)",
            scale=alt.Scale(
                zero=False, nice=True, range=[{"expr": f"{top} + {band_height}"}, {"expr": top}]
            ),
            axis=alt.Axis(orient="left", tickCount=4, titleFontSize=11),
        )
        layers.append(
            alt.LayerChart(
                layer=[
                    _measured_curve(figures[figures["oblast"] == oblast], x, share),
                    _reported_points(
                        [r for r in reported if r.oblast == oblast], first, last, x, share, i == 0
                    ),
                ]
            )
        )
    layers.append(_event_marks(groups, x, band_px))
    return (
        alt.layer(*layers)
        .resolve_scale(y="independent", color="independent", shape="independent")
        .properties(height=HEIGHT)
        .configure_legend(orient="bottom", labelLimit=250)
    )


def _oblast_colour(legend: alt.Legend | None) -> alt.Color:
    scale = alt.Scale(domain=list(FOCUS), range=[OBLAST_COLOURS[o] for o in FOCUS])
    return alt.Color("oblast:N", scale=scale, legend=legend)


def _measured_curve(figures: pd.DataFrame, x: alt.X, share: alt.Y) -> alt.LayerChart:
    """One oblast's line, with a point for each snapshot that carries its tooltip and clicks."""
    data = pd.DataFrame(
        {
            "date": [d.isoformat() for d in figures["date"]],
            "when": [format_event_date(d, "day") for d in figures["date"]],
            "link": [d.isoformat() for d in figures["date"]],
            "oblast": figures["oblast"],
            "occupied_pct": figures["occupied_pct"].round(1),
            "source": figures["source"],
        }
    )
    # No colour legend: each band's axis names its oblast, and a legend would take the width
    # a phone needs for the plot. Steps, not slopes: a share holds until the next snapshot (a
    # week apart in the weekly stretch), as the date filter reads it.
    line = (
        alt.Chart(data)
        .mark_line(strokeWidth=2, interpolate="step-after")
        .encode(x=x, y=share, color=_oblast_colour(None))
    )
    oblast = str(figures["oblast"].iloc[0]) if len(figures) else FOCUS[0]
    pick = alt.selection_point(name=f"pick_{oblast.casefold()}", fields=["link"], on="click")
    # Invisible points under the line carry each snapshot's tooltip (the date as words, the
    # `date` field being turned into a time stamp for the x axis) and take the clicks.
    hover = (
        alt.Chart(data)
        .mark_circle(opacity=0, size=80, cursor="pointer")
        .encode(
            x=x,
            y=share,
            tooltip=[
                alt.Tooltip("when:N", title="Snapshot"),
                alt.Tooltip("oblast:N", title="Oblast"),
                alt.Tooltip("occupied_pct:Q", title="Occupied (%)", format=".1f"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .add_params(pick)
    )
    return alt.LayerChart(layer=[line, hover])


def _reported_points(
    reported: Sequence[ReportedShare],
    first: date,
    last: date,
    x: alt.X,
    share: alt.Y,
    legend: bool,
) -> alt.Chart:
    shown = [r for r in reported if first <= r.day <= last]
    data = pd.DataFrame(
        {
            "date": [r.day.isoformat() for r in shown],
            "when": [format_event_date(r.day, "day") for r in shown],
            "oblast": [r.oblast for r in shown],
            "occupied_pct": [r.occupied_pct for r in shown],
            "wording": [r.wording for r in shown],
            "source": [r.source for r in shown],
            "kind": [REPORTED_LABEL] * len(shown),
        }
    )
    return (
        alt.Chart(data)
        .mark_point(size=160, filled=False, strokeWidth=2.5)
        .encode(
            x=x,
            y=share,
            color=_oblast_colour(None),
            shape=alt.Shape(
                "kind:N",
                title="News report",
                scale=alt.Scale(range=["diamond"]),
                legend=alt.Legend(symbolStrokeColor=SYMBOL_EDGE) if legend else None,
            ),
            tooltip=[
                alt.Tooltip("kind:N", title="Figure"),
                alt.Tooltip("oblast:N", title="Oblast"),
                alt.Tooltip("wording:N", title="The report says"),
                alt.Tooltip("occupied_pct:Q", title="Drawn at (%)", format=".0f"),
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )


def _event_groups(events: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    """One row per date and category inside `first`..`last`; titles in `title_1`, ..."""
    inside = events[(events["date"] >= first) & (events["date"] <= last)]
    rows = []
    keys = ["date", "date_precision", "category"]
    for (day, precision, category), group in inside.groupby(keys, sort=True):
        titles = {f"title_{i}": t for i, t in enumerate(group["title"], start=1)}
        row = {
            "date": day.isoformat(),
            "when": format_event_date(day, precision),
            "link": write_at_precision(day, precision),
        }
        rows.append({**row, "category": category, "count": len(group), **titles})
    if not rows:
        return pd.DataFrame(columns=["date", "when", "link", "category", "count", "title_1"])
    return pd.DataFrame(rows)


def _group_tooltip(most: int) -> str:
    """A Vega expression for a group's tooltip: date, category, and one line per title.

    Titles a group lacks evaluate to undefined, which the tooltip leaves out (a null from the
    data would show as "null"). Text reaches the tooltip only through `datum`, never through
    the expression itself, and the tooltip escapes it as text.
    """
    head = "'Date': datum.when, 'Category': datum.category"
    lines = ", ".join(
        f"'Event {i}': isValid(datum.title_{i}) ? datum.title_{i} : datum.no_such_field"
        for i in range(1, most + 1)
    )
    one = f"{{{head}, 'Event': datum.title_1}}"
    many = f"{{{head}, 'Events': datum.count, {lines}}}"
    return f"datum.count == 1 ? {one} : {many}"


def _event_rules(groups: pd.DataFrame, x: alt.X) -> alt.Chart:
    days = pd.DataFrame({"date": sorted(set(groups["date"]))})
    return alt.Chart(days).mark_rule(color=RULE_DARK, strokeDash=[3, 3], opacity=0.7).encode(x=x)


def _map_date_rule(day: date, x: alt.X) -> alt.Chart:
    shown = pd.DataFrame({"date": [pd.Timestamp(day)], "map_date": [day.isoformat()]})
    return (
        alt.Chart(shown)
        .mark_rule(color=INK, strokeWidth=1.5)
        .encode(x=x, tooltip=[alt.Tooltip("map_date:N", title="Date on the map")])
    )


def _event_marks(groups: pd.DataFrame, x: alt.X, band_px: int) -> alt.Chart:
    categories = list(CATEGORIES)
    most = int(groups["count"].max()) if len(groups) else 1
    tooltip = {"expr": _group_tooltip(most)}
    pick = alt.selection_point(name=PICKS[-1], fields=["link"], on="click")
    return (
        alt.Chart(groups)
        .mark_point(
            filled=True,
            opacity=0.9,
            stroke="white",
            strokeWidth=0.5,
            tooltip=tooltip,
            cursor="pointer",
        )
        .encode(
            x=x,
            y=alt.Y(
                "category:N",
                title="Events",
                scale=alt.Scale(domain=categories, range=[0, band_px]),
                axis=alt.Axis(orient="left", ticks=False, domain=False, labelPadding=6),
            ),
            color=alt.Color(
                "category:N",
                title="Event category",
                scale=alt.Scale(domain=categories, range=[CATEGORY_COLOURS[c] for c in categories]),
                # The lanes' axis names the categories; a legend would repeat it.
                legend=None,
            ),
            shape=alt.Shape(
                "category:N",
                title="Event category",
                scale=alt.Scale(domain=categories, range=[CATEGORY_SHAPES[c] for c in categories]),
            ),
            size=alt.Size(
                "count:Q",
                scale=alt.Scale(domain=[1, 6], range=[70, 260], clamp=True),
                legend=None,
            ),
        )
        .add_params(pick)
    )
