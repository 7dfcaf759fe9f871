"""The /timeline page under AppTest: every event listed, filters narrow the list, links, chart."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from frontline import config
from frontline.config import CONTROL_CSV
from frontline.model.events import (
    REPORT_PERIOD,
    filter_events,
    load_events,
    write_at_precision,
)
from frontline.model.figures import read_figures
from tests.conftest import app_test

TIMEOUT = 60


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events()


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The page with the report's events alone: no store and no outlines, so no town is
    measured and no derived event joins the list."""
    monkeypatch.setattr(config, "MAP_HISTORY", tmp_path / "no-history.parquet")
    at = app_test(TIMEOUT).run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    return at


def last_day(events: pd.DataFrame) -> date:
    """The range's default end: the last event or the last snapshot, whichever is later."""
    return max(events["date_end"].max(), read_figures(CONTROL_CSV)["date"].max())


def listed(at: AppTest) -> str:
    """The HTML of the event list ("" when the page shows no list)."""
    return "".join(h.proto.body for h in at.get("html") if 'class="events"' in h.proto.body)


def control_charts(at: AppTest) -> list:
    """The control chart (shares and events), without the front line's or the national one."""
    others = ('"front_km"', '"gap_km2"')
    return [c for c in at.get("vega_lite_chart") if not any(o in c.proto.spec for o in others)]


def count_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if " events between " in c.value)


def test_every_event_is_listed_in_date_order(page: AppTest, events: pd.DataFrame) -> None:
    body = listed(page)
    positions = [body.index(html.escape(title)) for title in events["title"]]
    assert positions == sorted(positions)
    assert count_caption(page) == f"{len(events)} of {len(events)} events between " + (
        f"{events['date'].min().isoformat()} and {last_day(events).isoformat()}."
    )


def test_the_list_shows_precision_category_place_and_source(page: AppTest) -> None:
    body = listed(page)
    assert "6 January 2026" in body and "January 2026 (month only)" in body
    assert "Place: Élysée Palace, Paris" in body and "Source: Diplomatic Talks in Paris" in body
    assert '<span class="category">international</span>' in body


def test_each_event_links_to_the_map_at_its_date(page: AppTest, events: pd.DataFrame) -> None:
    links = re.findall(r'href="([^"]*)"', listed(page))
    assert links == [
        f"./?date={write_at_precision(d, precision)}"
        for d, precision in zip(events["date"], events["date_precision"], strict=True)
    ]


def test_the_chart_is_drawn_with_both_oblasts(page: AppTest) -> None:
    charts = control_charts(page)
    assert len(charts) == 1
    proto = charts[0].proto
    assert "Donetsk (% occupied)" in proto.spec and "Luhansk (% occupied)" in proto.spec
    tables = [pa.ipc.open_stream(d.data.data).read_all() for d in proto.datasets]
    oblasts = {o for t in tables if "oblast" in t.column_names for o in t["oblast"].to_pylist()}
    kinds = {k for t in tables if "kind" in t.column_names for k in t["kind"].to_pylist()}
    assert oblasts == {"Donetsk", "Luhansk"} and kinds == {"As reported at the summit"}


def test_free_text_narrows_the_list(page: AppTest) -> None:
    page.text_input(key="timeline_text").set_value("maduro").run()
    body = listed(page)
    assert "Maduro" in body and "Greenland" not in body
    assert count_caption(page).startswith("1 of ")


def test_categories_narrow_the_list(page: AppTest, events: pd.DataFrame) -> None:
    page.pills(key="timeline_categories").set_value(["international"]).run()
    expected = filter_events(events, categories=["international"])
    assert count_caption(page).startswith(f"{len(expected)} of ")
    assert "Greenland" in listed(page) and "Coalition of the Willing" not in listed(page)


def test_no_category_lists_nothing_and_says_so(page: AppTest) -> None:
    page.pills(key="timeline_categories").set_value([]).run()
    assert not page.exception
    assert listed(page) == ""
    assert [i.value for i in page.info] == ["No events match these filters."]


def test_date_range_narrows_the_list(page: AppTest, events: pd.DataFrame) -> None:
    summit = date(2026, 1, 6)
    page.date_input(key="timeline_range").set_value((summit, summit)).run()
    expected = filter_events(events, summit, summit)
    assert count_caption(page).startswith(f"{len(expected)} of ")
    body = listed(page)
    assert "Coalition of the Willing" in body and "full-scale invasion" not in body
    # Month-precision events of January 2026 may fall on the summit day, so they stay.
    assert "January 2026 (month only)" in body


def chart_dates(at: AppTest) -> tuple[date, date]:
    """The first and last day of the measured curve in the page's chart."""
    proto = at.get("vega_lite_chart")[0].proto
    tables = [pa.ipc.open_stream(d.data.data).read_all() for d in proto.datasets]
    days = [
        pd.Timestamp(d).date()
        for t in tables
        if "occupied_pct" in t.column_names and "source" in t.column_names
        for d in t["date"].to_pylist()
    ]
    return min(days), max(days)


def test_the_chart_opens_on_the_whole_range_when_the_maps_date_is_after_the_summit(
    page: AppTest,
) -> None:
    # Without a store the map's date is the embedded figures' last day, after the summit.
    embedded = read_figures(CONTROL_CSV)["date"]
    assert embedded.max() > REPORT_PERIOD[1]
    assert chart_dates(page) == (embedded.min(), embedded.max())
    assert "Date on the map" in page.get("vega_lite_chart")[0].proto.spec
    page.radio(key="timeline_period").set_value("Around the summit").run()
    assert not page.exception
    first, last = chart_dates(page)
    assert first >= REPORT_PERIOD[0] and last <= REPORT_PERIOD[1]


def test_the_chart_opens_around_the_summit_when_the_map_shows_a_day_in_it() -> None:
    at = app_test(TIMEOUT)
    at.query_params["date"] = "2026-01-06"
    at.run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception
    first, last = chart_dates(at)
    assert first >= REPORT_PERIOD[0] and last <= REPORT_PERIOD[1]


def test_range_before_the_snapshots_lists_events_without_a_chart(page: AppTest) -> None:
    page.date_input(key="timeline_range").set_value((date(2022, 2, 24), date(2022, 3, 1))).run()
    assert not page.exception
    assert "full-scale invasion" in listed(page)
    assert not page.get("vega_lite_chart")
    assert page.info[0].value.startswith("No measured figures in this range")


def test_range_without_events_keeps_the_chart(page: AppTest) -> None:
    page.date_input(key="timeline_range").set_value((date(2024, 8, 1), date(2024, 9, 1))).run()
    assert not page.exception
    assert len(control_charts(page)) == 1
    assert listed(page) == ""


def test_out_of_range_dates_fall_back_to_every_event(page: AppTest, events: pd.DataFrame) -> None:
    page.date_input(key="timeline_range").set_value((date(2010, 1, 1), date(2030, 1, 1))).run()
    assert not page.exception
    assert count_caption(page).startswith(f"{len(events)} of ")


def test_half_picked_range_shows_the_one_day(page: AppTest, events: pd.DataFrame) -> None:
    summit = date(2026, 1, 6)
    page.date_input(key="timeline_range").set_value((summit,)).run()
    assert not page.exception
    assert count_caption(page).startswith(f"{len(filter_events(events, summit, summit))} of ")


def test_the_front_line_chart_follows_the_chart_period(page: AppTest) -> None:
    """The embedded figures carry the front's length: the page charts it, around the summit."""
    assert "Front line length" in [h.value for h in page.subheader]
    charts = [c for c in page.get("vega_lite_chart") if '"front_km"' in c.proto.spec]
    assert len(charts) == 1
    page.radio(key="timeline_period").set_value("The whole range").run()
    assert not page.exception
    assert "Front line length" in [h.value for h in page.subheader]


def test_a_fresh_clone_lists_the_towns_that_changed_side_beside_the_report(
    events: pd.DataFrame,
) -> None:
    """The embedded map history measures the towns: their changes join the report's events."""
    at = app_test(TIMEOUT).run()
    at.switch_page("pages/timeline.py").run()
    assert not at.exception and not at.warning
    count = int(count_caption(at).split(" of ")[1].split()[0])
    assert count > len(events)
    assert '<span class="category">derived</span>' in listed(at)
    assert any("category *derived*" in c.value for c in at.caption)
