"""The weekly history in Chromium: a 2022 date draws the pre-2022 and grey layers with their
legend, and the play control steps through the snapshots without remounting the map."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.present.style import LAYER_STYLES
from frontline.registry import LAYERS, WEEKLY, extra_layers
from frontline.registry import source as registered
from tests.browser.harness import STARTUP_S, Blocked, open_context, screenshot, serve_app, wait_idle
from tests.browser.test_map_browser import OCCUPIED_PATH, open_map

WEEKS_2022 = (date(2022, 4, 3), date(2022, 6, 1))
DAILY_DAYS = ("20240708", "20240709", "20240710")


@pytest.fixture(scope="module")
def history_url(
    archive: Path, layered_archive: Path, tmp_path_factory: pytest.TempPathFactory, region: Region
) -> Iterator[str]:
    """The app on a store of the real weekly maps of April and May 2022 and three daily days."""
    layers = tmp_path_factory.mktemp("weeks-2022")
    for entry in LayeredFolderSource(layered_archive).entries()[0]:
        if WEEKS_2022[0] <= entry.date <= WEEKS_2022[1]:
            (layers / entry.name).symlink_to(layered_archive / entry.name)
    daily = tmp_path_factory.mktemp("days-2024")
    for day in DAILY_DAYS:
        name = f"deepstatemap_data_{day}.geojson"
        (daily / name).symlink_to(archive / name)
    store_dir = tmp_path_factory.mktemp("history-store")
    store = Store(store_dir, create=True)
    for source in (LayeredFolderSource(layers), FolderSource(daily)):
        assert not refresh(source, store, region).failed
    with serve_app({"FRONTLINE_STORE": str(store_dir)}) as url:
        yield url


@pytest.fixture
def history_page(browser, history_url: str) -> Iterator[object]:
    blocked = Blocked()
    context = open_context(browser, history_url, blocked, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.blocked = blocked
    yield page
    context.close()


def fill_path(layer: str) -> str:
    return f"path.leaflet-interactive[fill='{LAYER_STYLES[layer]['fillColor']}']"


def test_a_2022_date_draws_the_pre2022_and_grey_layers_with_their_legend(
    history_page, history_url: str
) -> None:
    frame = open_map(history_page, history_url + "/?date=2022-05-18")
    # The weekly maps' layers are drawn; the legend names every source's, on every date.
    weekly = registered(WEEKLY).extra_layers
    for layer in weekly:
        frame.locator(fill_path(layer)).first.wait_for(timeout=STARTUP_S * 1000)
    legend = frame.locator(".frontline-legend")
    for label in (LAYERS[layer].legend for layer in extra_layers()):
        assert legend.get_by_text(label).is_visible(), label
    layers = frame.locator(".leaflet-control-layers").text_content()
    assert all(LAYERS[layer].label in layers for layer in weekly)
    main = history_page.get_by_test_id("stMain")
    assert main.get_by_text("Before 24 Feb 2022").first.is_visible()
    sidebar = history_page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("falls on the snapshot of 2022-05-15").is_visible()
    assert history_page.blocked.urls == []
    screenshot(history_page, "map-2022-05-18-layers")


# True once the "Showing ... snapshot of DATE" line names another snapshot than `arg`.
SHOWING_MOVED = """(before) => {
    const line = [...document.querySelectorAll('[data-testid=stMain] p')]
        .find(p => p.innerText.startsWith('Showing'));
    return line && !line.innerText.endsWith('snapshot of ' + before);
}"""


def shown_date(page) -> str:
    line = page.get_by_test_id("stMain").get_by_text("Showing").first.inner_text()
    return line.split("snapshot of")[-1].strip()


def test_play_advances_the_date_with_the_map_mounted_and_stops(
    history_page, history_url: str
) -> None:
    frame = open_map(history_page, history_url + "/?date=2022-04-03")
    frame.locator(OCCUPIED_PATH).first.wait_for(timeout=STARTUP_S * 1000)
    map_window = history_page.frame(url=lambda url: "streamlit_folium" in url)
    map_window.evaluate("window.mountedOnce = true")
    assert shown_date(history_page) == "2022-04-03"
    history_page.get_by_role("button", name="Play").click()
    seen = ["2022-04-03"]
    # Two more frames at the default pace (1.5 s each), allowing for a slow machine.
    for _ in range(2):
        history_page.wait_for_function(SHOWING_MOVED, arg=seen[-1], timeout=30_000)
        seen.append(shown_date(history_page))
    assert seen == ["2022-04-03", "2022-04-10", "2022-04-17"]
    assert map_window.evaluate("window.mountedOnce") is True, "the map was remounted"
    history_page.get_by_role("button", name="Stop").click()
    wait_idle(history_page)
    stopped = shown_date(history_page)
    history_page.wait_for_timeout(4000)
    assert shown_date(history_page) == stopped
    assert history_page.get_by_role("button", name="Play").is_visible()
