"""Every page's first visit after a server start, and a warm visit after it, timed in Chromium.

The store is as a refresh leaves it (its town table kept beside it), so what is timed is what
a reader waits for after a restart. `make bench-map` runs this on the test store; with
FRONTLINE_BENCH_STORE set to a store folder (copied first: the app writes beside it), on that
store, such as the whole history.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from frontline.model.dataset import open_dataset
from frontline.model.town_table import town_shares
from tests.browser.harness import (
    STARTUP_S,
    Blocked,
    open_cached_context,
    serve_app,
    wait_idle,
)

BENCH_STORE_ENV = "FRONTLINE_BENCH_STORE"
FIRST_VISIT_S, WARM_VISIT_S = 3.0, 1.5
WARM_VISITS = 3
# The page's own content is drawn: its title, and on the map page the map's first layer.
READY = {"": "iframe[title='streamlit_folium.st_folium']"}
SIDEBAR_LINKS = "[data-testid=stSidebar] a[data-testid=stPageLink-NavLink]"


@pytest.fixture(scope="module")
def bench_store(archive_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the store to time, with its town table measured as `frontline refresh` does."""
    given = os.environ.get(BENCH_STORE_ENV)
    source = Path(given) if given else archive_store
    store = tmp_path_factory.mktemp("bench") / "store"
    shutil.copytree(source, store)
    assert town_shares(open_dataset(store)) is not None
    return store


def visit(page, url: str, path: str) -> float:
    """Open a page; the seconds until its script has finished and its content is drawn."""
    started = time.perf_counter()
    page.goto(url + "/" + path)
    page.get_by_test_id("stMain").locator("h1").first.wait_for(timeout=STARTUP_S * 1000)
    wait_idle(page)
    if path in READY:
        page.locator(READY[path]).first.wait_for(timeout=STARTUP_S * 1000)
        wait_idle(page)
    return time.perf_counter() - started


def page_paths(browser, store: Path) -> list[str]:
    """The url path of every page the sidebar links to, the map page ("") first."""
    with serve_app({"FRONTLINE_STORE": str(store)}) as url:
        context = open_cached_context(browser, url, Blocked())
        page = context.new_page()
        visit(page, url, "")
        hrefs = page.locator(SIDEBAR_LINKS).evaluate_all("links => links.map(a => a.href)")
        context.close()
    paths = [href.removeprefix(url).strip("/").split("?")[0] for href in hrefs]
    return sorted(set(paths), key=lambda p: (p != "", p))


@pytest.mark.bench
def test_every_page_shows_within_3_s_after_a_start_and_1_5_s_warm(
    browser, bench_store: Path
) -> None:
    timings: dict[str, tuple[float, float]] = {}
    for path in page_paths(browser, bench_store):
        with serve_app({"FRONTLINE_STORE": str(bench_store)}) as url:
            blocked = Blocked()
            context = open_cached_context(
                browser, url, blocked, viewport={"width": 1400, "height": 1000}
            )
            page = context.new_page()
            first = visit(page, url, path)
            warm = sorted(visit(page, url, path) for _ in range(WARM_VISITS))[WARM_VISITS // 2]
            context.close()
            assert blocked.urls == []
        timings[path] = (first, warm)
    print("\npage: first visit after a start, median warm visit")
    for path, (first, warm) in timings.items():
        print(f"/{path}: {first:.2f} s, {warm:.2f} s")
    slow = {
        f"/{path}": times
        for path, times in timings.items()
        if times[0] > FIRST_VISIT_S or times[1] > WARM_VISIT_S
    }
    assert slow == {}, slow
