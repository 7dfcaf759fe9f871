"""The compare page in Chromium: layers, figures, town list, the shared URL, and its speed."""

from __future__ import annotations

import io
import re
import time
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from frontline.model.dataset import open_dataset
from frontline.model.figures import figures_on
from frontline.present.style import CHANGE_KINDS
from frontline.present.wording import format_share
from tests.browser.harness import (
    STARTUP_S,
    Blocked,
    open_with_map,
    screenshot,
    wait_idle,
)

GAINED_PATH = "path.leaflet-interactive[fill='#D55E00']"
SHARED = "/compare?from=2025-12-07&to=2026-01-06"


def open_compare(page, url: str) -> object:
    return open_with_map(page, url, GAINED_PATH)


def test_a_shared_comparison_draws_its_layers_figures_and_towns_offline(
    page, app_url: str, blocked: Blocked, archive_store: Path
) -> None:
    shown = figures_on(open_dataset(archive_store).figures, date(2026, 1, 6))
    frame = open_compare(page, app_url + SHARED)
    main = page.get_by_test_id("stMain")
    assert main.get_by_text("2025-12-07").first.is_visible()
    assert main.get_by_text(format_share(shown["Donetsk"].occupied_pct)).first.is_visible()
    assert main.get_by_text("Siversk").first.is_visible()
    legend = frame.locator(".frontline-legend")
    for label in ("Occupied on both dates", "Newly occupied", "No longer occupied"):
        assert legend.get_by_text(label).is_visible()
        assert label in frame.locator(".leaflet-control-layers").text_content()
    assert frame.locator("path.leaflet-interactive[fill='#7F7F7F']").count() >= 1
    assert blocked.urls == []
    screenshot(page, "compare-1400")
    page.set_viewport_size({"width": 390, "height": 900})
    open_compare(page, app_url + SHARED)  # a fresh load: the sidebar starts closed
    screenshot(page, "compare-390")


def change_start(page, frame, day: str) -> float:
    """Type a new first date; the seconds until the map shows the new pair's gained ground."""
    before = frame.locator(GAINED_PATH).first.get_attribute("d")
    started = time.perf_counter()
    # The date input is a group of spin buttons; typing the day moves on to the next field.
    page.get_by_role("spinbutton", name="day, From").click()
    page.keyboard.type(day[-2:])
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Compare two dates").click()
    page.wait_for_function(f"window.location.search.includes('from={day}')")
    frame.locator(GAINED_PATH).first.wait_for(state="attached")
    while frame.locator(GAINED_PATH).first.get_attribute("d") == before:
        if time.perf_counter() - started > STARTUP_S:
            raise AssertionError(f"the map did not change for {day}")
        time.sleep(0.02)
    wait_idle(page)
    return time.perf_counter() - started


@pytest.mark.bench
def test_a_warm_comparison_shows_within_its_budget(page, app_url: str) -> None:
    days = ["2025-12-10", "2025-12-20", "2025-12-07"]
    frame = open_compare(page, app_url + SHARED)
    for day in days:  # the first pass computes each pair once; the second finds it cached
        change_start(page, frame, day)
    timings = [change_start(page, frame, day) for day in days]
    print(f"warm comparisons shown in {', '.join(f'{t:.2f}' for t in timings)} s")
    # As on the map page: the target is under 1 s (0.64 and 0.67 s measured on a quiet
    # machine); the budget leaves room for shared and CI machines.
    assert sorted(timings)[1] < 2


def test_reversed_dates_show_a_message_not_an_error(page, app_url: str) -> None:
    page.goto(app_url + "/compare?from=2026-01-06&to=2025-12-07")
    wait_idle(page)
    assert page.get_by_text("Nothing to compare").is_visible()
    assert page.get_by_test_id("stException").count() == 0


def test_the_town_search_finds_pokrovsk_as_users_type_it(page, app_url: str) -> None:
    page.goto(app_url + SHARED)
    wait_idle(page)
    box = page.get_by_label("Find a town")
    box.fill("Pokrowsk")
    box.press("Enter")
    wait_idle(page)
    page.get_by_text("Pokrovsk, Donetsk oblast").wait_for(timeout=STARTUP_S * 1000)
    # Pokrovsk was contested through the test store's days (2025-12-01 to 2026-01-12).
    assert page.get_by_text(re.compile(r"contested \(\d+ % occupied\) since")).first.is_visible()


def test_the_compare_page_downloads_the_png_of_the_comparison(
    page, app_url: str, blocked: Blocked
) -> None:
    open_compare(page, app_url + SHARED)
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="PNG map").click()
    download = download_info.value
    assert download.suggested_filename == "frontline-donbas-changes-2025-12-07_2026-01-06.png"
    image = Image.open(io.BytesIO(Path(download.path()).read_bytes())).convert("RGB")
    assert image.size == (1600, 1200)
    _, gained, opacity = CHANGE_KINDS["gained"]
    red, green, blue = (int(gained[i : i + 2], 16) for i in (1, 3, 5))
    seen = np.array([red, green, blue]) * opacity + 255 * (1 - opacity)
    assert (np.abs(np.asarray(image).astype(int) - seen).max(axis=-1) <= 3).sum() > 500
    assert blocked.urls == []
