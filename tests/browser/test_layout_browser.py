"""Every page on a phone (390 x 844) and a desktop (1400 wide): no sideways scrolling, and
the map page's shares come before the map. Screenshots go to test-artifacts/ to be looked at."""

from __future__ import annotations

import pytest

from tests.browser.harness import (
    MAP_FRAME,
    Blocked,
    open_context,
    screenshot,
    wait_idle,
)

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1400, "height": 1000}}
PAGES = {"map": "/?date=2026-01-06", "timeline": "/timeline?date=2026-01-06", "sources": "/sources"}


# The page's width, the window's, and every box in the page that scrolls sideways (text cut
# off behind a scroll bar), named by its test id or class.
WIDTHS = """() => {
  const scrolling = [...document.querySelectorAll('[data-testid=stMain] *')].filter(e => {
    const overflow = getComputedStyle(e).overflowX;
    return (overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1;
  }).map(e => e.dataset.testid || e.className);
  return [document.documentElement.scrollWidth, window.innerWidth, scrolling];
}"""


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, browser, app_url: str):
    context = open_context(browser, app_url, Blocked(), viewport=SIZES[request.param])
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_scrolls_sideways(sized, app_url: str, name: str) -> None:
    size, page = sized
    page.goto(app_url + PAGES[name])
    wait_idle(page)
    if name == "timeline":
        page.wait_for_selector(".vega-embed canvas, .vega-embed svg", timeout=60_000)
    if name == "map":
        frame = page.frame_locator(MAP_FRAME)
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    screenshot(page, f"layout-{name}-{size}")
    page_width, window_width, scrolling = page.evaluate(WIDTHS)
    assert page_width <= window_width, f"{name} at {size}: {page_width} > {window_width}"
    assert scrolling == [], f"{name} at {size}: boxes that scroll sideways: {scrolling}"


def test_the_shares_come_before_the_map_on_a_phone(sized, app_url: str) -> None:
    size, page = sized
    page.goto(app_url + PAGES["map"])
    wait_idle(page)
    frame = page.locator(MAP_FRAME)
    frame.wait_for(state="visible", timeout=60_000)
    page.locator(".frontline-shares").wait_for(state="visible")
    shares = page.locator(".frontline-shares").bounding_box()
    map_frame = frame.bounding_box()
    assert shares["y"] + shares["height"] <= map_frame["y"]
    # Both shares are on the first screen.
    assert shares["y"] + shares["height"] <= SIZES[size]["height"]
