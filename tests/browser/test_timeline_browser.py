"""/timeline in Chromium: the events listed, the chart's tooltips, and the links to the map."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    Blocked,
    open_context,
    screenshot,
    serve_app,
    wait_idle,
)


def open_timeline(page, url: str) -> None:
    page.goto(url + "/timeline")
    page.wait_for_selector(".vega-embed", timeout=60_000)
    wait_idle(page)


def test_timeline_shows_the_reports_events_with_nothing_from_outside(
    page, app_url: str, blocked: Blocked
) -> None:
    open_timeline(page, app_url)
    for text in ("Coalition of the Willing", "Maduro", "Greenland", "90 % agreed", "Frederiksen"):
        assert page.get_by_text(text).first.is_visible(), text
    assert page.get_by_text("January 2026 (month only)").first.is_visible()
    assert blocked.urls == []
    screenshot(page, "timeline")


def test_free_text_narrows_the_list_in_the_browser(page, app_url: str) -> None:
    open_timeline(page, app_url)
    page.get_by_label("Search").fill("greenland")
    page.get_by_label("Search").press("Enter")
    expect(page.get_by_text(re.compile(r"^2 of \d+ events"))).to_be_visible()
    expect(page.locator(".events .event")).to_have_count(2)
    expect(page.get_by_text("Maduro")).to_have_count(0)


def test_chart_tooltip_lists_every_title_of_the_summit_day(page, app_url: str) -> None:
    open_timeline(page, app_url)
    chart = page.locator(".vega-embed").first.bounding_box()
    tooltip = page.locator("#vg-tooltip-element.visible")
    # The diplomacy lane is the top one; the summit sits near the right end of the axis.
    for x in range(int(chart["x"] + chart["width"]) - 1, int(chart["x"]), -2):
        page.mouse.move(x, chart["y"] + 12)
        if tooltip.count() and "6 January 2026" in tooltip.inner_text():
            break
    else:
        pytest.fail("no tooltip for the summit's diplomacy events")
    text = tooltip.inner_text()
    assert "Coalition of the Willing summit at the Élysée Palace" in text
    assert "null" not in text and "undefined" not in text


def test_event_link_opens_the_map_at_the_event_date(page, app_url: str) -> None:
    open_timeline(page, app_url)
    page.get_by_role("link", name="Map at 2026-01-03").click()
    page.wait_for_url("**/?date=2026-01-03")
    wait_idle(page)
    typed = page.get_by_test_id("stSidebar").get_by_role("group", name="Or type a date")
    assert re.sub(r"\W", "", typed.inner_text()) == "20260103"
    expect(page.get_by_text("DeepStateMap snapshot of").first).to_contain_text("2026-01-03")


def test_timeline_opened_first_on_a_fresh_server_has_the_sidebar(browser, archive_store) -> None:
    # A server no session has visited yet still treats pages/ as an old-style pages folder;
    # pages/common.run_through_app must bring the first visitor back through app.py.
    with serve_app({"FRONTLINE_STORE": str(archive_store)}) as url:
        blocked = Blocked()
        context = open_context(browser, url, blocked, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            open_timeline(page, url)
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("Snapshot date")).to_have_count(1)
            expect(sidebar.get_by_role("link", name="Map")).to_have_count(1)
            expect(sidebar.get_by_role("link", name="common")).to_have_count(0)
            assert page.get_by_text("Coalition of the Willing").first.is_visible()
        finally:
            context.close()
