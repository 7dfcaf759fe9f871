"""A 2025 date served by the live feed in Chromium: the map draws the grey zone and the pre-2022
area, and where the weekly archive has the same day the sidebar says which source it shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from frontline.ingest.feed import Update, update_from_feed
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.store import Store
from frontline.registry import LAYERS, LIVE, WEEKLY, name_of
from tests.browser.harness import STARTUP_S, Blocked, open_context, screenshot, serve_app
from tests.browser.test_history_browser import fill_path
from tests.browser.test_map_browser import open_map
from tests.feed_server import Feed, serve_feed

# Two weekly maps of summer 2025, after the daily archive starts and before the weekly one ends.
SUMMER_2025 = (date(2025, 7, 27), date(2025, 8, 3))


@pytest.fixture(scope="module")
def feed_store(
    layered_archive: Path, tmp_path_factory: pytest.TempPathFactory, region: Region
) -> Path:
    """A store refreshed from a local feed serving two 2025 maps, and from the same two weekly
    maps as the weekly archive."""
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
    return store_dir


@pytest.fixture
def feed_page(browser, feed_store: Path) -> Iterator[object]:
    with serve_app({"FRONTLINE_STORE": str(feed_store)}) as url:
        blocked = Blocked()
        context = open_context(browser, url, blocked, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.app_url = url
        page.blocked = blocked
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
