"""The map page in Chromium: drawn offline, updated in place when the date changes, escaped."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from frontline.model.events import REQUIRED
from tests.browser.harness import (
    STARTUP_S,
    Blocked,
    open_context,
    screenshot,
    serve_app,
    wait_idle,
)

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
OCCUPIED_PATH = "path.leaflet-interactive[fill='#D55E00']"
PAYLOAD = '<img src=x onerror="window.top.pwned=1">${window.top.pwned=2}`\\'
SHARE_SHADE = "path.leaflet-interactive[fill='#D55E00'][stroke='#1F1F1F']"
SHADE_OPACITIES = "paths => paths.map(p => p.getAttribute('fill-opacity'))"


def open_map(page, url: str) -> object:
    page.goto(url)
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-pane").first.wait_for(state="attached", timeout=STARTUP_S * 1000)
    return frame


def test_map_draws_the_oblasts_and_occupied_area_with_nothing_from_outside(
    page, app_url: str, blocked: Blocked
) -> None:
    frame = open_map(page, app_url + "/?date=2026-01-06")
    frame.locator(OCCUPIED_PATH).first.wait_for(timeout=STARTUP_S * 1000)
    main = page.get_by_test_id("stMain")
    for text in ("2026-01-06", "77.6 %", "98.8 %"):
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


def test_changing_the_date_updates_the_map_in_place_quickly(page, app_url: str) -> None:
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: sent.append(len(f))))
    frame = open_map(page, app_url + "/?date=2026-01-06")
    frame.locator(OCCUPIED_PATH).first.wait_for(timeout=STARTUP_S * 1000)
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
    print(
        f"\ndate change to updated map over {len(timings)} changes: median "
        f"{timings[len(timings) // 2]:.2f} s, slowest {timings[-1]:.2f} s; "
        f"sent per change: {min(payloads):,} to {max(payloads):,} bytes"
    )
    assert timings[len(timings) // 2] < 2  # the target is 0.5 s; CI machines are slower
    assert max(payloads) < 1_000_000


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


def test_a_fresh_clone_without_a_store_shades_the_oblasts_and_says_how_to_get_polygons(
    browser, bare_app_url: str
) -> None:
    blocked = Blocked()
    context = open_context(browser, bare_app_url, blocked, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    frame = open_map(page, bare_app_url + "/?date=2026-01-06")
    shades = frame.locator(SHARE_SHADE)
    shades.first.wait_for(timeout=STARTUP_S * 1000)
    # Each whole oblast in the occupied colour, Luhansk (the larger share) more strongly.
    opacities = sorted(float(o) for o in shades.evaluate_all(SHADE_OPACITIES))
    assert len(opacities) == 2 and opacities[0] < opacities[1]
    assert "Occupied area" not in frame.locator(".leaflet-control-layers").text_content()
    legend = frame.locator(".frontline-legend")
    assert legend.get_by_text("occupied area itself is not drawn").is_visible()
    assert legend.get_by_text("Occupied area", exact=True).count() == 0
    assert legend.get_by_text("in or out not known").is_visible()
    main = page.get_by_test_id("stMain")
    assert main.get_by_text("77.6 %").is_visible() and main.get_by_text("98.8 %").is_visible()
    assert main.get_by_text("make data").first.is_visible()
    assert blocked.urls == []
    screenshot(page, "map-without-store")
    context.close()
