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
    summit_diplomacy_mark(page, app_url)
    text = page.locator("#vg-tooltip-element.visible").inner_text()
    assert "Coalition of the Willing summit at the Élysée Palace" in text
    assert "null" not in text and "undefined" not in text


def test_event_link_opens_the_map_at_the_event_date(page, app_url: str) -> None:
    open_timeline(page, app_url)
    page.get_by_role("link", name="Map at 2026-01-03").first.click()
    page.wait_for_url("**/?date=2026-01-03")
    wait_idle(page)
    typed = page.get_by_test_id("stSidebar").get_by_role("textbox", name="Date (YYYY-MM-DD)")
    expect(typed).to_have_value("2026-01-03")
    expect(page.get_by_text("DeepStateMap snapshot of").first).to_contain_text("2026-01-03")


def test_a_month_event_links_to_the_month_and_the_map_says_so(page, app_url: str) -> None:
    open_timeline(page, app_url)
    page.get_by_role("link", name="Map at 2026-01", exact=True).first.click()
    page.wait_for_url("**/?date=2026-01")
    wait_idle(page)
    notice = page.get_by_test_id("stMain").get_by_test_id("stAlertContentInfo")
    expect(notice).to_contain_text("2026-01 names a month, not a day")
    expect(page.get_by_text("Showing").first).to_contain_text("Showing 2026-01-01")


def test_a_link_before_the_archive_opens_the_first_snapshot_with_a_notice(
    page, app_url: str
) -> None:
    open_timeline(page, app_url)
    page.get_by_role("link", name="Map at 2022-02-24").click()
    page.wait_for_url("**/?date=2022-02-24")
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stAlertContentInfo")).to_contain_text("before the first snapshot")
    expect(main.get_by_test_id("stAlertContentError")).to_have_count(0)
    expect(page.get_by_text("Showing").first).to_contain_text("snapshot of 2024-07-08")


def find_tooltip(page, xs: range, ys: range, wanted: str) -> tuple[int, int]:
    """Move the mouse over the chart until a tooltip holding `wanted` shows; where it did."""
    tooltip = page.locator("#vg-tooltip-element.visible")
    for y in ys:
        for x in xs:
            page.mouse.move(x, y)
            if tooltip.count() and wanted in tooltip.inner_text():
                return x, y
    pytest.fail(f"no tooltip with {wanted!r}")


def chart_box(page, url: str) -> dict[str, float]:
    open_timeline(page, url)
    chart = page.locator(".vega-embed").first
    chart.scroll_into_view_if_needed()
    return chart.bounding_box()


def summit_diplomacy_mark(page, url: str) -> tuple[int, int]:
    """Where the summit day's diplomacy mark is, its tooltip showing."""
    box = chart_box(page, url + "/timeline?date=2026-01-06")
    right, top = int(box["x"] + box["width"]), int(box["y"])
    # The diplomacy lane is the top one; the summit sits near the right end of the axis.
    xs, ys = range(right - 1, int(box["x"]), -2), range(top + 12, top + 13)
    return find_tooltip(page, xs, ys, "6 January 2026")


def test_hovering_a_snapshot_shows_its_date_in_words(page, app_url: str) -> None:
    box = chart_box(page, app_url + "/timeline?date=2026-01-06")
    right, top = int(box["x"] + box["width"]), int(box["y"])
    # The Donetsk band sits under the events band, near the right end (the latest days).
    find_tooltip(
        page, range(right - 30, right - 330, -6), range(top + 140, top + 330, 3), "Snapshot"
    )
    text = page.locator("#vg-tooltip-element.visible").inner_text()
    assert re.search(r"Snapshot\s+\d{1,2} (December 2025|January 2026)", text), text
    assert not re.search(r"\d{12}", text), text


def test_clicking_an_event_mark_opens_the_map_at_its_date(page, app_url: str) -> None:
    box = chart_box(page, app_url + "/timeline?date=2026-01-06")
    right, top = int(box["x"] + box["width"]), int(box["y"])
    # The diplomacy lane is the top one; the summit sits near the right end of the axis.
    x, y = find_tooltip(
        page, range(right - 1, int(box["x"]), -2), range(top + 12, top + 13), "6 January 2026"
    )
    page.mouse.click(x, y)
    page.wait_for_url("**/?date=2026-01-06")
    wait_idle(page)
    expect(page.get_by_text("Showing").first).to_contain_text("Showing 2026-01-06")
    page.go_back()
    page.wait_for_url("**/timeline?date=2026-01-06")
    page.wait_for_selector(".vega-embed", timeout=60_000)


def test_timeline_opened_first_on_a_fresh_server_has_the_sidebar(browser, archive_store) -> None:
    # A server no session has visited yet still treats pages/ as an old-style pages folder;
    # pages/app_setup.run_through_app must bring the first visitor back through app.py.
    with serve_app({"FRONTLINE_STORE": str(archive_store)}) as url:
        blocked = Blocked()
        context = open_context(browser, url, blocked, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            open_timeline(page, url)
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_role("textbox", name="Date (YYYY-MM-DD)")).to_have_count(1)
            expect(sidebar.get_by_role("link", name="Map")).to_have_count(1)
            expect(sidebar.get_by_role("link", name="common")).to_have_count(0)
            assert page.get_by_text("Coalition of the Willing").first.is_visible()
        finally:
            context.close()
