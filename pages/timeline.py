"""The timeline page: the report's events in date order, with the measured control curve."""

import pandas as pd
import streamlit as st

from frontline.model.events import (
    CATEGORIES,
    REPORT_PERIOD,
    REPORT_TITLE,
    REPORTED_SHARES,
    EventsError,
    filter_events,
)
from frontline.model.figures import DateOutOfRange, figures_between
from frontline.present.charts import PICKS, build_timeline_chart
from frontline.present.event_cards import format_events_html
from pages import common, compare_data

common.run_through_app()

st.title("Timeline")
st.caption(
    f"Events from the news report “{REPORT_TITLE}”, on the Paris summit of 6 January 2026, "
    "written in this project's own words. Dates the report leaves out come from wider "
    "reporting of the same days; each event names its source and how precisely it is dated. "
    "The sidebar's date drives the map; the range below drives this page."
)

try:
    events = common.timeline_events()
except EventsError as err:
    st.error(f"The events file cannot be used: {err}")
    st.stop()
# Towns changing side between snapshots (derived events), beside the report's events.
report = events
derived = compare_data.derived_events(common.data_version())
if derived is not None and not derived.empty:
    events = pd.concat([events, derived], ignore_index=True).sort_values("date", kind="stable")
    st.caption(
        "Events of category *derived* are not from the report: frontline adds one whenever "
        "a town changes side between two consecutive snapshots, citing both snapshots."
    )

figures = common.dataset().figures
map_date = common.chosen_date().shown
first_day = min(events["date"].min(), figures["date"].min())
last_day = max(events["date_end"].max(), figures["date"].max())

left, middle, right = st.columns([2, 3, 2])
picked = left.date_input(
    "Date range",
    # To the last snapshot, so "the whole range" reaches the latest figures.
    value=(report["date"].min(), last_day),
    min_value=first_day,
    max_value=last_day,
    key="timeline_range",
    format="YYYY-MM-DD",
)
# Pills, wrapped onto more lines where they do not fit: a multiselect, or a row of pills as
# Streamlit draws it, hides some behind a sideways scroll.
st.html("<style>[data-testid=stButtonGroup] > div {flex-wrap: wrap; overflow-x: visible;}</style>")
categories = middle.pills(
    "Categories", CATEGORIES, selection_mode="multi", default=CATEGORIES, key="timeline_categories"
)
text = right.text_input(
    "Search", key="timeline_text", placeholder="Words in a title, summary or place"
)
# While the second day of a range is being picked, the widget holds only the first.
start, end = (picked[0], picked[-1]) if picked else (first_day, last_day)

shown = filter_events(events, start, end, categories, text)
st.caption(
    f"{len(shown)} of {len(events)} events between {start.isoformat()} and {end.isoformat()}."
)

around_summit = REPORT_PERIOD[0] <= map_date <= REPORT_PERIOD[1]
period = st.radio(
    "Chart period",
    ["Around the summit", "The whole range"],
    # Opens on a period that holds the map's date, so its rule is on the chart.
    index=0 if around_summit else 1,
    horizontal=True,
    key="timeline_period",
    help=f"Around the summit: {REPORT_PERIOD[0]:%d %B %Y} to {REPORT_PERIOD[1]:%d %B %Y}, "
    "within the date range above.",
)
chart_start, chart_end = start, end
if period == "Around the summit":
    chart_start, chart_end = max(start, REPORT_PERIOD[0]), min(end, REPORT_PERIOD[1])
    if chart_start > chart_end:
        chart_start, chart_end = start, end

try:
    measured = figures_between(figures, chart_start, chart_end)
except DateOutOfRange:
    st.info(
        "No measured figures in this range: the snapshots run from "
        f"{figures['date'].min().isoformat()} to {figures['date'].max().isoformat()}."
    )
else:
    chart = build_timeline_chart(measured, shown, map_date=map_date)
    clicked = st.altair_chart(
        chart, width="stretch", on_select="rerun", selection_mode=list(PICKS), key="timeline_chart"
    )
    # A click on a snapshot or an event opens the map at its date.
    for pick in PICKS:
        for point in clicked.selection.get(pick, []):
            st.switch_page("pages/map.py", query_params={common.DATE_KEY: point["link"]})
    drawn = shown["date"].between(measured["date"].min(), measured["date"].max())
    undrawn = int((~drawn).sum())
    reported = "; ".join(f"{r.oblast} {r.wording}" for r in REPORTED_SHARES)
    st.caption(
        "Lines: share of each oblast inside DeepStateMap's occupied area, measured by frontline "
        "in EPSG:3035, each oblast on its own scale (hover for each snapshot's date and file). "
        f"Hollow diamonds: the report's own figures at the summit ({reported}). Marks at the "
        "top: the events, one per date and category. Solid line: the date on the map (the "
        "sidebar's date). Click a snapshot or an event to open the map at its date."
        + (
            f" {undrawn} {'event' if undrawn == 1 else 'events'} outside the chart's "
            "dates are listed below, not drawn."
            if undrawn
            else ""
        )
    )

if shown.empty:
    st.info("No events match these filters.")
else:
    st.html(format_events_html(shown))
