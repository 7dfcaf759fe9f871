"""The timeline page: the report's events in date order, with the measured control curve."""

import streamlit as st

from frontline.model.events import (
    CATEGORIES,
    REPORT_PERIOD,
    REPORT_TITLE,
    EventsError,
    chart_period,
    filter_events,
    with_derived,
)
from frontline.model.figures import DateOutOfRange, figures_between
from frontline.model.national import compare_national
from frontline.present.charts import PICKS, build_timeline_chart
from frontline.present.event_cards import format_events_html
from frontline.present.front_chart import build_front_chart, front_series
from frontline.present.national_chart import build_national_chart, national_caption
from frontline.present.notices import unreadable_notice
from frontline.present.templates import render
from frontline.present.timeline_text import chart_caption
from frontline.registry import ISW, NATIONAL_SOURCES
from pages import app_setup, compare_data, loaders
from pages.sidebar import DATE_KEY, chosen_date

app_setup.run_through_app()

st.title("Timeline")
st.caption(
    f"Events from the news report “{REPORT_TITLE}”, on the Paris summit of 6 January 2026, "
    "written in this project's own words. Dates the report leaves out come from wider "
    "reporting of the same days; each event names its source and how precisely it is dated. "
    "The sidebar's date drives the map; the range below drives this page."
)

try:
    report = loaders.timeline_events()
except EventsError as err:
    st.error(f"The events file cannot be used: {err}")
    st.stop()
# Towns changing state between snapshots (derived events), beside the report's events.
compare_data.town_shares(loaders.data_version())
events = with_derived(report, compare_data.derived_events(loaders.data_version()))
unreadable = compare_data.unreadable_days(loaders.data_version())
if unreadable:
    st.warning(unreadable_notice(unreadable))
if len(events) > len(report):
    st.caption(
        "Events of category *derived* are not from the report: frontline adds one whenever "
        "the state of a town of at least 1,000 people (outside, contested, inside the "
        "occupied area) changes between two consecutive snapshots, citing both snapshots."
    )

figures = loaders.dataset().figures
map_date = chosen_date().shown
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
st.html(render("wrapped_pills.html"))
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
chart_start, chart_end = chart_period(start, end, period == "Around the summit")

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
            st.switch_page("pages/map.py", query_params={DATE_KEY: point["link"]})
    st.caption(chart_caption(shown, measured))
    front = front_series(loaders.dataset().every_area)
    front = front[(front["date"] >= chart_start) & (front["date"] <= chart_end)]
    if not front.empty:
        st.subheader("Front line length")
        st.altair_chart(build_front_chart(front), width="stretch")
        st.caption(
            "Km of the line where the occupied area meets the rest of Ukraine (the state "
            "border, the coast and cut-off slivers left out; the Sources page says how), per "
            "snapshot, from the same source as the shares. The line of the date shown exports "
            "as GeoJSON or KML under the map."
        )

st.subheader("Occupied area of Ukraine: DeepStateMap and ISW")
comparison = compare_national(
    loaders.dataset().every_area,
    loaders.national(loaders.data_version(), ISW),
    NATIONAL_SOURCES[ISW],
    chart_start,
    chart_end,
)
if not comparison.series.empty:
    st.altair_chart(build_national_chart(comparison), width="stretch", key="national_chart")
st.caption(national_caption(comparison))

if shown.empty:
    st.info("No events match these filters.")
else:
    st.html(format_events_html(shown))
