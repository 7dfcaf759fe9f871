"""/timeline in Chromium: DeepStateMap's and ISW's national series, ISW's read from a local server.

The ISW table is built by the test, served on 127.0.0.1 and read by `frontline refresh --source
isw` into a copy of the archive store; the app then charts both series, each named in its
tooltip.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline.cli import main
from frontline.ingest.store import Store
from frontline.registry import ISW, NATIONAL_SOURCES
from tests.browser.harness import Blocked, open_context, screenshot, serve_app, wait_idle
from tests.table_server import Answer, area_table, serve_tables

SOURCE = NATIONAL_SOURCES[ISW]
# ISW's figure sits this far above DeepStateMap's, so the two lines are far apart on the chart.
AHEAD_KM2 = 3_000.0
TOOLTIP = "#vg-tooltip-element.visible"


@pytest.fixture(scope="module")
def isw_app_url(archive_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a copy of the archive store that has read ISW's series from a local server."""
    folder = tmp_path_factory.mktemp("isw") / "store"
    shutil.copytree(archive_store, folder)
    figures = Store(folder, readonly=True).figures()
    country = figures[figures["oblast"] == "Ukraine"]
    pairs = zip(country["date"], country["occupied_km2"], strict=True)
    days = [(day, float(km2) + AHEAD_KM2) for day, km2 in pairs]
    table = {"/areas.csv": Answer(area_table(days))}
    with serve_tables(table) as server, pytest.MonkeyPatch.context() as env:
        env.setenv("FRONTLINE_ISW_URL", server.url + "/areas.csv")
        assert main(["refresh", "--source", "isw", "--store", str(folder)]) == 0
    assert len(Store(folder, readonly=True).national(ISW)) == len(days)
    with serve_app({"FRONTLINE_STORE": str(folder)}) as url:
        yield url


@pytest.fixture
def isw_page(browser, isw_app_url: str, blocked: Blocked) -> Iterator[object]:
    """A page on that app, every request elsewhere aborted and recorded."""
    context = open_context(browser, isw_app_url, blocked, viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def _tooltips(page, box: dict[str, float]) -> list[str]:
    """Every tooltip shown while the mouse sweeps the chart's plot near its right end."""
    seen: set[str] = set()
    tooltip = page.locator(TOOLTIP)
    right, top = int(box["x"] + box["width"]), int(box["y"])
    for x in range(right - 10, right - 130, -15):
        for y in range(top + 20, top + 300, 3):
            page.mouse.move(x, y)
            if tooltip.count():
                seen.add(tooltip.inner_text())
        if any(SOURCE.credit in t for t in seen) and any("DeepStateMap via" in t for t in seen):
            break
    return sorted(seen)


def test_the_timeline_charts_deepstate_and_isw_each_named_in_its_tooltip(
    isw_page, isw_app_url: str, blocked: Blocked
) -> None:
    page = isw_page
    page.goto(isw_app_url + "/timeline")
    page.wait_for_selector(".vega-embed", timeout=60_000)
    wait_idle(page)
    heading = page.get_by_role("heading", name="Occupied area of Ukraine: DeepStateMap and ISW")
    heading.scroll_into_view_if_needed()
    # The national chart is the page's last chart.
    chart = page.locator(".vega-embed").last
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None
    seen = _tooltips(page, box)
    isw = [t for t in seen if SOURCE.credit in t]
    deepstate = [t for t in seen if "DeepStateMap via" in t]
    assert isw and deepstate, seen
    assert SOURCE.citation in isw[0] and "UkraineControlMapAO" in isw[0]
    assert "Occupied, km²" in deepstate[0]
    caption = page.get_by_text(f"{SOURCE.credit} minus DeepStateMap on the dates both have")
    assert "a gap of +3,000 km²" in caption.inner_text()
    assert blocked.urls == []
    screenshot(page, "timeline-national")
