"""Every page's first visit after a server start, and a warm visit after it, timed in Chromium.

The store is as a refresh leaves it (its town table kept beside it), so what is timed is what
a reader waits for after a restart. `make bench-map` runs this on the test store; with
FRONTLINE_BENCH_STORE set to a store folder (see `bench_store`), on that store, such as the
whole history. Every page app.py registers is visited, each after a server start of its own.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from frontline.config import PROJECT_ROOT
from tests.browser.harness import (
    MAP_FRAME,
    STARTUP_S,
    Blocked,
    open_cached_context,
    serve_app,
    wait_idle,
)

FIRST_VISIT_S, WARM_VISIT_S = 3.0, 1.5
WARM_VISITS = 3
# The page's own content is drawn: its title, and where it has one, its map's polygons (in the
# map's frame) or its first chart.
POLYGON = "path.leaflet-interactive"
READY = {
    "": (MAP_FRAME, POLYGON),
    "compare": (MAP_FRAME, POLYGON),
    "timeline": (None, ".vega-embed"),
}
SIDEBAR_LINKS = "[data-testid=stSidebar] a[data-testid=stPageLink-NavLink]"


def visit(page, url: str, path: str) -> float:
    """Open a page; the seconds until its script has finished and its content is drawn."""
    started = time.perf_counter()
    page.goto(url + "/" + path)
    page.get_by_test_id("stMain").locator("h1").first.wait_for(timeout=STARTUP_S * 1000)
    wait_idle(page)
    if path in READY:
        frame, selector = READY[path]
        where = page if frame is None else page.frame_locator(frame)
        where.locator(selector).first.wait_for(state="attached", timeout=STARTUP_S * 1000)
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


def registered_paths() -> set[str]:
    """The url path of every page app.py registers: the default page's is ""."""
    return {"", *re.findall(r'url_path="([^"]+)"', (PROJECT_ROOT / "app.py").read_text())}


@pytest.mark.bench
def test_every_page_shows_within_3_s_after_a_start_and_1_5_s_warm(
    browser, bench_store: Path
) -> None:
    timings: dict[str, tuple[float, float]] = {}
    paths = page_paths(browser, bench_store)
    assert set(paths) == registered_paths()
    for path in paths:
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
    print(f"\n{'page':<10} {'first visit after a start':>26} {'median warm visit':>18}")
    for path, (first, warm) in timings.items():
        print(f"{'/' + path:<10} {first:>24.2f} s {warm:>16.2f} s")
    print(f"budgets: {FIRST_VISIT_S} s first, {WARM_VISIT_S} s warm ({WARM_VISITS} warm visits)")
    slow = {
        f"/{path}": times
        for path, times in timings.items()
        if times[0] > FIRST_VISIT_S or times[1] > WARM_VISIT_S
    }
    assert slow == {}, slow
