"""A 2025 date served by the live feed in Chromium: the map draws the grey zone and the pre-2022
area, and where the weekly archive has the same day the sidebar says which source it shows; the
legend lists those layers on that date and not on a 2026 day of the daily archive."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from frontline.ingest.feed import Update, update_from_feed
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.dataset import open_dataset
from frontline.model.figures import drawn_layers, figures_on
from frontline.present.war_layers import legend_note
from frontline.registry import LAYERS, LIVE, WEEKLY, extra_layers, name_of
from tests.browser.harness import STARTUP_S, Blocked, open_context, screenshot, serve_app
from tests.browser.test_date_browser import type_date
from tests.browser.test_history_browser import fill_path
from tests.browser.test_map_browser import OCCUPIED_PATH, open_map
from tests.feed_server import Feed, serve_feed

# Two weekly maps of summer 2025, after the daily archive starts and before the weekly one ends.
SUMMER_2025 = (date(2025, 7, 27), date(2025, 8, 3))
# A day of the daily archive, which has no layer beside the occupied area.
DAILY_2026 = date(2026, 1, 6)
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="module")
def feed_store(
    archive: Path, layered_archive: Path, tmp_path_factory: pytest.TempPathFactory, region: Region
) -> Path:
    """A store refreshed from a local feed serving two 2025 maps, from the same two weekly
    maps as the weekly archive, and from one 2026 day of the daily archive."""
    folder = tmp_path_factory.mktemp("feed-2025")
    for path in layered_archive.glob("*.geojson"):
        if path.stem.isdigit() and Update(int(path.stem), "").day in SUMMER_2025:
            (folder / path.name).symlink_to(path)
    store_dir = tmp_path_factory.mktemp("feed-store")
    store = Store(store_dir, create=True)
    with serve_feed(Feed(folder)) as served:
        report = update_from_feed(served.url, store, region, pause_s=0)
    assert not report.refresh.failed
    assert sorted(report.refresh.added) == list(SUMMER_2025)
    assert not refresh(LayeredFolderSource(folder), store, region).failed
    daily = tmp_path_factory.mktemp("daily-2026")
    name = f"deepstatemap_data_{DAILY_2026:%Y%m%d}.geojson"
    (daily / name).symlink_to(archive / name)
    assert not refresh(FolderSource(daily), store, region).failed
    return store_dir


@pytest.fixture(scope="module")
def feed_url(feed_store: Path) -> Iterator[str]:
    with serve_app({"FRONTLINE_STORE": str(feed_store)}) as url:
        yield url


@pytest.fixture(params=["desktop"])
def feed_page(request: pytest.FixtureRequest, browser, feed_url: str) -> Iterator[object]:
    blocked = Blocked()
    context = open_context(browser, feed_url, blocked, viewport=SIZES[request.param])
    page = context.new_page()
    page.app_url = feed_url
    page.blocked = blocked
    page.size = request.param
    yield page
    context.close()


def test_a_2025_date_from_the_feed_draws_grey_and_pre2022_and_names_its_source(
    feed_page, feed_store: Path
) -> None:
    day = SUMMER_2025[-1]
    stored = Store(feed_store).figures(LIVE, "grey")
    assert day in set(stored["date"]), "the feed's grey zone was not stored"
    frame = open_map(feed_page, f"{feed_page.app_url}/?date={day}")
    for layer in ("pre2022", "grey"):
        frame.locator(fill_path(layer)).first.wait_for(timeout=STARTUP_S * 1000)
    layers = frame.locator(".leaflet-control-layers").text_content()
    assert LAYERS["pre2022"].label in layers and LAYERS["grey"].label in layers
    sidebar = feed_page.get_by_test_id("stSidebar")
    note = sidebar.get_by_text(f"Snapshot of {day}, from the {name_of(LIVE)}")
    assert note.is_visible()
    assert f"The {name_of(WEEKLY)} also has this day; the {name_of(LIVE)} is shown" in (
        note.inner_text()
    )
    assert feed_page.blocked.urls == []
    screenshot(feed_page, "map-2025-feed-layers")


def legend_rows(frame) -> dict[str, bool]:
    """Whether the legend shows each extra layer's row."""
    legend = frame.locator(".frontline-legend")
    return {
        layer: legend.get_by_text(LAYERS[layer].legend, exact=True).is_visible()
        for layer in extra_layers()
    }


def open_legend(page, frame) -> None:
    """On a phone the legend starts folded behind its button: open it."""
    if page.size == "phone":
        frame.get_by_role("button", name="Legend", exact=True).click()


@pytest.mark.parametrize("feed_page", list(SIZES), indirect=True)
def test_the_legend_lists_the_layers_the_date_draws_and_no_other(
    feed_page, feed_store: Path
) -> None:
    frame = open_map(feed_page, f"{feed_page.app_url}/?date={DAILY_2026}")
    frame.locator(OCCUPIED_PATH).first.wait_for(timeout=STARTUP_S * 1000)
    open_legend(feed_page, frame)
    rows = legend_rows(frame)
    assert not any(rows.values()), rows
    legend = frame.locator(".frontline-legend")
    assert legend.get_by_text("Occupied area (DeepStateMap)", exact=True).is_visible()
    assert not legend.get_by_text(legend_note()).is_visible()
    screenshot(feed_page, f"legend-{DAILY_2026}-{feed_page.size}")
    day = SUMMER_2025[-1]
    if feed_page.size == "desktop":
        # The date changes on the mounted map: the legend follows it without a remount.
        map_window = feed_page.frame(url=lambda url: "streamlit_folium" in url)
        map_window.evaluate("window.mountedOnce = true")
        type_date(feed_page, day.isoformat())
    else:
        frame = open_map(feed_page, f"{feed_page.app_url}/?date={day}")
    frame.locator(fill_path("grey")).first.wait_for(timeout=STARTUP_S * 1000)
    open_legend(feed_page, frame)
    legend = frame.locator(".frontline-legend")
    drawn = drawn_layers([figures_on(open_dataset(feed_store).figures, day)])
    assert {"pre2022", "grey"} <= set(drawn)
    expect(legend.get_by_text(LAYERS["grey"].legend, exact=True)).to_be_visible()
    assert legend_rows(frame) == {layer: layer in drawn for layer in extra_layers()}
    assert legend.get_by_text(legend_note()).is_visible()
    if feed_page.size == "desktop":
        assert map_window.evaluate("window.mountedOnce") is True, "the map was remounted"
    assert feed_page.blocked.urls == []
    screenshot(feed_page, f"legend-{day}-{feed_page.size}")
