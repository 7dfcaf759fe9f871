"""The sidebar's "Update data" button in Chromium: progress, failures by date, redrawn figures.

The app runs on a copy of the 44-day store (ending 2026-01-12) and is pointed at a local
stand-in for DeepStateMap's live feed, the button's source, with one update a day from
2026-01-13 to 2026-01-20 (each a weekly layered map of 2025, renamed), one of which first
answers with a body of an unknown shape; and once on a store made in code, against updates
the plausibility rules fail or note.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely

from frontline.ingest.feed import update_from_feed
from frontline.ingest.measure import Region
from frontline.ingest.store import Store, refresh_lock
from frontline.present.wording import format_share
from frontline.registry import LIVE
from tests.browser.harness import ARTIFACTS, Blocked, open_context, screenshot, serve_app, wait_idle
from tests.conftest import STORE_DAYS
from tests.feed_server import Feed, serve_feed
from tests.synthetic import layered_feature, noon, write_layered

NEW_DAYS = [date(2026, 1, 13) + timedelta(days=i) for i in range(8)]
FAULTY = date(2026, 1, 14)
PROGRESS = "[data-testid='stProgress']"


@pytest.fixture
def feed_folder(layered_archive: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    newest = max(layered_archive.glob("*.geojson"), key=lambda p: int(p.stem))
    for day in NEW_DAYS:
        (folder / f"{noon(day)}.geojson").symlink_to(newest)
    return folder


@pytest.fixture
def served(feed_folder: Path) -> Iterator[Feed]:
    with serve_feed(Feed(feed_folder)) as running:
        yield running


@pytest.fixture
def store_copy(archive_store: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(archive_store, tmp_path / "store"))


def app_env(store: Path, feed_url: str) -> dict[str, str]:
    """The app on `store`, its Update button reading the feed at `feed_url`, no archive."""
    never = "http://127.0.0.1:9/never-asked/"
    return {
        "FRONTLINE_STORE": str(store),
        "FRONTLINE_FEED_URL": feed_url,
        "FRONTLINE_ARCHIVE_URL": never,
    }


def newest_share(store: Path, oblast: str) -> str:
    figures = Store(store).figures(LIVE)
    last = figures[figures["date"] == figures["date"].max()]
    return format_share(last.set_index("oblast").loc[oblast, "occupied_pct"])


def test_update_shows_progress_then_redraws_with_the_new_days(
    browser, served: Feed, store_copy: Path
) -> None:
    served.faults[noon(FAULTY)] = "unknown-shape"
    env = app_env(store_copy, served.url)
    with serve_app(env) as url:
        blocked = Blocked()
        context = open_context(browser, url, blocked, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url)
        wait_idle(page)
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_by_text("Latest snapshot 2026-01-12,").is_visible()
        before = page.locator(".frontline-shares .value").first.inner_text()

        sidebar.get_by_role("button", name="Update data", exact=True).click()
        bar = sidebar.locator(PROGRESS)
        bar.wait_for(state="visible", timeout=30_000)
        bar.get_by_text(
            re.compile(r"Fetching and measuring updates: \d+ of \d+ \(\d+\.geojson\)")
        ).wait_for(timeout=30_000)
        sidebar.screenshot(path=ARTIFACTS / "update-progress.png")
        sidebar.get_by_text("Latest snapshot 2026-01-20,").wait_for(timeout=120_000)
        wait_idle(page)

        warning = sidebar.get_by_test_id("stAlertContentWarning")
        assert "Added 7 days (2026-01-13 to 2026-01-20)" in warning.inner_text()
        assert f"{FAULTY}: an unknown body" in warning.inner_text()
        main = page.get_by_test_id("stMain")
        assert "snapshot of 2026-01-20" in main.locator(".frontline-shares").inner_text()
        after = page.locator(".frontline-shares .value").first.inner_text()
        assert after == newest_share(store_copy, "Donetsk")
        print(f"Donetsk share before {before}, after {after}")
        screenshot(page, "update-after-first-update")
        sidebar.screenshot(path=ARTIFACTS / "update-sidebar.png")

        served.faults.clear()
        sidebar.get_by_role("button", name="Update data", exact=True).click()
        sidebar.get_by_test_id("stAlertContentSuccess").wait_for(timeout=120_000)
        assert "Added 1 day (2026-01-14)" in sidebar.inner_text()
        assert FAULTY in Store(store_copy).dates(LIVE)
        assert blocked.urls == []
        context.close()


def open_sidebar(browser, url: str):
    context = open_context(browser, url, Blocked(), viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    wait_idle(page)
    return context, page, page.get_by_test_id("stSidebar")


def test_update_with_nothing_new_says_up_to_date(browser, tmp_path: Path, store_copy: Path) -> None:
    # The feed lists no update: nothing added, nothing failed, and no error page.
    (tmp_path / "empty").mkdir()
    with (
        serve_feed(Feed(tmp_path / "empty")) as served,
        serve_app(app_env(store_copy, served.url)) as url,
    ):
        context, page, sidebar = open_sidebar(browser, url)
        sidebar.get_by_role("button", name="Update data", exact=True).click()
        info = sidebar.get_by_test_id("stAlertContentInfo")
        info.wait_for(timeout=120_000)
        assert info.inner_text().startswith("Up to date: no new days.")
        assert page.get_by_test_id("stException").count() == 0
        context.close()


def test_update_while_another_runs_says_so(browser, served: Feed, store_copy: Path) -> None:
    with serve_app(app_env(store_copy, served.url)) as url:
        context, page, sidebar = open_sidebar(browser, url)
        with refresh_lock(store_copy):
            sidebar.get_by_role("button", name="Update data", exact=True).click()
            info = sidebar.get_by_test_id("stAlertContentInfo")
            info.wait_for(timeout=60_000)
        assert "Another update is running" in info.inner_text()
        assert page.get_by_test_id("stException").count() == 0
        assert Store(store_copy).dates()[-1] == STORE_DAYS[-1]
        context.close()


def test_update_names_an_implausible_day_and_notes_a_day_without_occupied_area(
    browser, tmp_path: Path, region: Region
) -> None:
    # A store whose newest update holds a small occupied square (well under the daily step the
    # rules allow), and a feed that adds an update of a place marker only (plausible after it:
    # stored, with the note) and one with latitude and longitude swapped (implausible: not
    # stored, its id and day named).
    first, empty, swapped = (date(2026, 1, 1) + timedelta(days=i) for i in range(3))
    folder = tmp_path / "feed"
    folder.mkdir()
    square = shapely.box(37.8, 48.0, 38.0, 48.1)
    flipped = shapely.transform(square, lambda xy: xy[:, ::-1])
    write_layered(folder, noon(first), [layered_feature(square, "Окуповано", "#a52714")])
    write_layered(folder, noon(empty), [])
    write_layered(folder, noon(swapped), [layered_feature(flipped, "Окуповано", "#a52714")])
    store = tmp_path / "store"
    with serve_feed(Feed(folder, ids={noon(first)})) as served:
        update_from_feed(served.url, Store(store, create=True), region, pause_s=0, workers=1)

    with serve_feed(Feed(folder)) as served, serve_app(app_env(store, served.url)) as url:
        context, page, sidebar = open_sidebar(browser, url)
        sidebar.get_by_role("button", name="Update data", exact=True).click()
        warning = sidebar.get_by_test_id("stAlertContentWarning")
        warning.wait_for(timeout=120_000)
        wait_idle(page)
        text = warning.inner_text().replace("\u2060", "")
        sidebar.screenshot(path=ARTIFACTS / "update-implausible.png")
        assert page.get_by_test_id("stException").count() == 0
        context.close()
    assert text.startswith(f"Added 1 day ({empty}).")
    assert (
        f"Note: {empty} ({noon(empty)}.geojson): no occupied area in this file "
        "(it holds no polygons)"
    ) in text
    assert "1 day failed, asked again on the next update:" in text
    assert f"{swapped}: implausible on {swapped}: 100 % of its area lies outside Ukraine's" in text
    assert f"--accept-implausible {swapped}" in text
    assert Store(store).dates(LIVE) == [first, empty]
