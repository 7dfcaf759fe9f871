"""The map page in Chromium: drawn offline, updated in place when the date changes, escaped."""

from __future__ import annotations

import csv
import shutil
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from frontline.config import CONTROL_CSV, PROJECT_ROOT
from frontline.ingest.store import DB_NAME
from frontline.model.dataset import open_dataset
from frontline.model.events import REQUIRED
from frontline.model.figures import figures_on, read_figures
from frontline.present.wording import format_share
from tests.browser.harness import (
    STARTUP_S,
    Blocked,
    open_context,
    open_with_map,
    screenshot,
    serve_app,
    wait_idle,
)

OCCUPIED_PATH = "path.leaflet-interactive[fill='#D55E00']"
PAYLOAD = '<img src=x onerror="window.top.pwned=1">${window.top.pwned=2}`\\'
SHARE_SHADE = "path.leaflet-interactive[fill='#D55E00'][stroke='#1F1F1F']"


def open_map(page, url: str) -> object:
    return open_with_map(page, url, ".leaflet-pane")


def summit_shares(figures) -> list[str]:
    """Both oblasts' shares on the summit day as the page writes them, from the figures."""
    day = figures_on(figures, date(2026, 1, 6))
    return [format_share(day[name].occupied_pct) for name in ("Donetsk", "Luhansk")]


def test_map_draws_the_oblasts_and_occupied_area_with_nothing_from_outside(
    page, app_url: str, blocked: Blocked, archive_store: Path
) -> None:
    frame = open_map(page, app_url + "/?date=2026-01-06")
    frame.locator(OCCUPIED_PATH).first.wait_for(timeout=STARTUP_S * 1000)
    main = page.get_by_test_id("stMain")
    for text in ("2026-01-06", *summit_shares(open_dataset(archive_store).figures)):
        assert main.get_by_text(text).first.is_visible(), text
    # Where the occupied area is drawn, the oblasts themselves are not shaded.
    assert frame.locator("path.leaflet-interactive[fill-opacity='0']").count() == 2
    legend = frame.locator(".frontline-legend")
    assert legend.get_by_text("Occupied area (DeepStateMap)", exact=True).is_visible()
    assert frame.locator(".leaflet-control-scale").is_visible()
    layers = frame.locator(".leaflet-control-layers").text_content()
    for name in ("Outline map (offline)", "Occupied area", "Towns over 15,000", "Timeline events"):
        assert name in layers
    assert frame.get_by_text("Kramatorsk").is_visible()
    assert blocked.urls == []
    screenshot(page, "map-2026-01-06")


def test_every_file_the_map_asks_the_app_for_is_served(page, app_url: str) -> None:
    failed: list[str] = []
    images: list[str] = []

    def check(response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")
        if response.url.endswith(".png") and "/vendor/leaflet" in response.url:
            images.append(response.url)

    page.on("response", check)
    frame = open_map(page, app_url + "/?date=2026-01-06")
    frame.locator(OCCUPIED_PATH).first.wait_for(timeout=STARTUP_S * 1000)
    wait_idle(page)
    assert failed == []
    # Leaflet made its default marker icon, and found the images where the app serves them.
    assert any(url.endswith("/marker-icon.png") for url in images), images


def change_date(page, map_window, key: str, expected: str) -> float:
    """Press `key` on the date slider; the seconds until the map shows the new occupied area."""
    before = map_window.locator(OCCUPIED_PATH).first.get_attribute("d")
    started = time.perf_counter()
    page.get_by_test_id("stSidebar").get_by_role("slider").press(key)
    page.wait_for_url(f"**/?date={expected}")
    map_window.wait_for_function(
        "([d, sel]) => document.querySelector(sel)?.getAttribute('d') !== d",
        arg=[before, OCCUPIED_PATH],
    )
    return time.perf_counter() - started


WARM_LOADS = 5


def load_map(page, url: str) -> float:
    """Open the map page; the seconds until the occupied area is drawn."""
    started = time.perf_counter()
    frame = open_map(page, url)
    frame.locator(OCCUPIED_PATH).first.wait_for(timeout=STARTUP_S * 1000)
    return time.perf_counter() - started


@pytest.mark.bench
def test_changing_the_date_updates_the_map_in_place_quickly(
    cached_page, app_url: str, blocked: Blocked
) -> None:
    page = cached_page
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: sent.append(len(f))))
    # The first load warms the server's caches and the browser's; the rest are what a
    # returning reader waits for.
    loads = [load_map(page, app_url + "/?date=2026-01-06") for _ in range(WARM_LOADS + 1)][1:]
    map_window = page.frame(url=lambda url: "streamlit_folium" in url)
    map_window.evaluate("window.mountedOnce = true")
    timings, payloads = [], []
    # The store's first and last snapshots (2024-07-08 and 2026-01-12), back and forth.
    for key, expected in [("Home", "2024-07-08"), ("End", "2026-01-12")] * 3:
        wait_idle(page)
        sent.clear()
        timings.append(change_date(page, map_window, key, expected))
        wait_idle(page)
        payloads.append(sum(sent))
    assert map_window.evaluate("window.mountedOnce") is True, "the map was remounted"
    assert page.get_by_test_id("stMain").get_by_text("2026-01-12").first.is_visible()
    timings.sort()
    loads.sort()
    median = timings[len(timings) // 2]
    print(
        f"\ndate change to updated map over {len(timings)} changes: median {median:.2f} s, "
        f"slowest {timings[-1]:.2f} s; sent per change: {min(payloads):,} to "
        f"{max(payloads):,} bytes\nwarm page load to drawn map over {len(loads)} loads: "
        f"median {loads[len(loads) // 2]:.2f} s, slowest {loads[-1]:.2f} s"
    )
    # The targets are 0.25 s and 1.5 s on a quiet machine; CI machines are slower.
    assert median < 2
    assert max(payloads) < 1_000_000
    assert blocked.urls == []


@pytest.fixture(scope="module")
def hostile_events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An events file whose title and place carry script payloads, placed in Donetsk oblast."""
    path = tmp_path_factory.mktemp("events") / "events.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(REQUIRED)
        writer.writerow(
            [
                "2026-01-05",
                "day",
                f"Title {PAYLOAD}",
                "Summary",
                "military",
                f"Place {PAYLOAD}",
                "48.0",
                "37.8",
                "test",
            ]
        )
    return path


def test_a_script_payload_in_an_event_stays_inert_text(
    browser, archive_store: Path, hostile_events: Path
) -> None:
    env = {"FRONTLINE_STORE": str(archive_store), "FRONTLINE_EVENTS": str(hostile_events)}
    with serve_app(env) as url:
        blocked = Blocked()
        context = open_context(browser, url, blocked, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        frame = open_map(page, url + "/?date=2026-01-06")
        marker = frame.locator(".frontline-event").first
        marker.wait_for(timeout=STARTUP_S * 1000)
        marker.hover()
        tooltip = frame.locator(".leaflet-tooltip").filter(has_text="Title")
        tooltip.wait_for()
        text = tooltip.inner_text()
        assert '<img src=x onerror="window.top.pwned=1">' in text
        assert "${window.top.pwned=2}`\\" in text
        assert page.evaluate("window.pwned") is None
        assert tooltip.locator("img").count() == 0
        context.close()


def test_a_store_that_cannot_be_opened_is_one_warning_over_the_embedded_outlines(
    browser, bare_app_url: str
) -> None:
    """FRONTLINE_STORE names a missing folder: the reader is told, without the path, and the
    map still draws the occupied area from the embedded map history."""
    blocked = Blocked()
    context = open_context(browser, bare_app_url, blocked, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    frame = open_map(page, bare_app_url + "/?date=2026-01-06")
    frame.locator(OCCUPIED_PATH).first.wait_for(timeout=STARTUP_S * 1000)
    assert frame.locator(SHARE_SHADE).count() == 0
    legend = frame.locator(".frontline-legend")
    assert legend.get_by_text("Occupied area (DeepStateMap)", exact=True).is_visible()
    main = page.get_by_test_id("stMain")
    for share in summit_shares(read_figures(CONTROL_CSV)):
        assert main.get_by_text(share, exact=True).first.is_visible(), share
    (warning,) = main.get_by_test_id("stAlertContentWarning").all()
    assert "store this server was configured with cannot be read" in warning.inner_text()
    assert main.get_by_test_id("stAlertContentInfo").count() == 0
    words = page.locator("body").inner_text()
    assert "make data" not in words and "/tmp/" not in words and str(PROJECT_ROOT) not in words
    assert blocked.urls == []
    screenshot(page, "map-store-unusable")
    context.close()


@pytest.mark.parametrize(
    "requested",
    [
        "[text](https://example.org)",
        "![pixel](https://example.org/p.png)",
        "<b>x</b>",
        "https://example.org",
        "www.example.org",
        "me@example.org",
    ],
)
def test_a_date_in_the_url_is_shown_as_plain_text_with_no_link_or_image(
    page, app_url: str, blocked: Blocked, requested: str
) -> None:
    from urllib.parse import quote

    page.goto(f"{app_url}/?date={quote(requested)}")
    wait_idle(page)
    alert = page.get_by_test_id("stAlert").filter(has_text="is not a date")
    alert.wait_for(timeout=STARTUP_S * 1000)
    # An invisible zero-width space keeps bare addresses from becoming links.
    assert requested in alert.inner_text().replace("\u2060", "")
    assert alert.locator("a, img, b").count() == 0
    assert blocked.urls == []


def test_a_corrupt_store_shows_a_short_message_not_a_traceback(
    browser, archive_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(archive_store, store)
    with sqlite3.connect(store / DB_NAME) as db:
        db.execute("UPDATE pieces SET geometry = x'0102' WHERE date = '2026-01-06'")
    blocked = Blocked()
    with serve_app({"FRONTLINE_STORE": str(store)}) as url:
        context = open_context(browser, url, blocked)
        page = context.new_page()
        page.goto(url + "/?date=2026-01-06")
        wait_idle(page)
        notice = page.get_by_test_id("stMain").get_by_test_id("stAlertContentWarning")
        notice.wait_for(timeout=STARTUP_S * 1000)
        expect(notice).to_contain_text("2026-01-06")
        expect(notice).to_contain_text("cannot be read")
        assert page.get_by_test_id("stException").count() == 0
        shown = page.get_by_test_id("stMain").inner_text()
        assert "Traceback" not in shown and str(PROJECT_ROOT) not in shown
        assert str(tmp_path) not in shown
        context.close()
