"""The app under `--server.baseUrlPath`, as behind a proxy that gives it a folder of a site:
the map's files, the links between pages and the links in event cards all stay inside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.harness import Blocked, open_context, serve_app, wait_idle
from tests.browser.test_map_browser import OCCUPIED_PATH, open_map

BASE = "frontline/app"  # two levels: a relative link that climbs one too many shows


@pytest.fixture(scope="module")
def based_url(archive_store: Path) -> Iterator[str]:
    with serve_app({"FRONTLINE_STORE": str(archive_store)}, base_path=BASE) as url:
        yield url


@pytest.fixture
def based_page(browser, based_url: str) -> Iterator[tuple[object, Blocked, list[str]]]:
    """A page that may reach only the app's own folder; with every failed answer."""
    blocked = Blocked()
    context = open_context(browser, based_url, blocked, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    failed: list[str] = []

    def check(response) -> None:
        # Opened on a page's own path, Streamlit's front end first looks for its server one
        # folder too deep (`/timeline/_stcore/health`): its own probe, answered 404, then found.
        if response.status >= 400 and "/_stcore/" not in response.url:
            failed.append(f"{response.status} {response.url}")

    page.on("response", check)
    yield page, blocked, failed
    context.close()


def test_the_map_loads_every_file_from_inside_the_base_path(based_page, based_url: str) -> None:
    page, blocked, failed = based_page
    frame = open_map(page, based_url + "/?date=2026-01-06")
    frame.locator(OCCUPIED_PATH).first.wait_for(state="attached")
    wait_idle(page)
    assert failed == [] and blocked.urls == []


def test_the_compare_link_stays_inside_the_base_path(based_page, based_url: str) -> None:
    page, blocked, failed = based_page
    open_map(page, based_url + "/?date=2026-01-06")
    link = page.get_by_role("link", name="Compare with 30 days earlier")
    # A Markdown link opens a new tab: where it leads is the address the browser resolved.
    target = link.evaluate("a => a.href")
    assert target == based_url + "/compare?from=2025-12-07&to=2026-01-06"
    page.goto(target)
    expect(page.get_by_role("heading", name="Compare two dates")).to_be_visible()
    assert failed == [] and blocked.urls == []


def test_an_event_card_opens_the_map_inside_the_base_path(based_page, based_url: str) -> None:
    page, blocked, failed = based_page
    page.goto(based_url + "/timeline")
    wait_idle(page)
    page.get_by_role("link", name="Map at 2026-01-03").first.click()
    page.wait_for_url(based_url + "/?date=2026-01-03")
    wait_idle(page)
    expect(page.get_by_text("DeepStateMap snapshot of").first).to_contain_text("2026-01-03")
    assert failed == [] and blocked.urls == []
