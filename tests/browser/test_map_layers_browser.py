"""The map's labels and layers in Chromium: names by zoom, the user's layer choice, tile failure."""

from __future__ import annotations

from tests.browser.harness import (
    Blocked,
    open_with_map,
    screenshot,
    wait_idle,
)

OCCUPIED_PATH = "path.leaflet-interactive[fill='#D55E00'][stroke='#8C3D00']"
# The boxes of the label texts that show (a label's element is wider than its text) and of
# the event markers, in the map's own pixels.
SHOWN_BOXES = """
() => {
    const box = r => [r.left, r.top, r.right, r.bottom];
    const text = el => { const r = document.createRange(); r.selectNodeContents(el);
                         return r.getBoundingClientRect(); };
    const shown = el => el.offsetParent !== null;
    const towns = [...document.querySelectorAll('.frontline-town-label')].filter(shown);
    const oblasts = [...document.querySelectorAll('.frontline-oblast-label')].filter(shown);
    const events = [...document.querySelectorAll('.frontline-event-icon')].filter(shown);
    return {
        towns: towns.map(el => [el.textContent, ...box(text(el))]),
        others: [...oblasts.map(el => [el.textContent, ...box(text(el))]),
                 ...events.map(el => ['event', ...box(el.getBoundingClientRect())])],
    };
}
"""


def open_map(page, url: str):
    """The map page and the map's own window (where `window.map` is the Leaflet map)."""
    frame = open_with_map(page, url, OCCUPIED_PATH, state="visible")
    return frame, page.frame(url=lambda u: "streamlit_folium" in u)


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    """The pairs of named boxes that overlap (by more than a pixel, for rounding)."""
    pairs = []
    for i, (a, *ra) in enumerate(boxes):
        for b, *rb in boxes[i + 1 :]:
            if ra[0] < rb[2] - 1 and rb[0] < ra[2] - 1 and ra[1] < rb[3] - 1 and rb[1] < ra[3] - 1:
                pairs.append((a, b))
    return pairs


def zoom_to(map_window, zoom: float) -> None:
    map_window.evaluate(
        "z => new Promise(done => { if (map.getZoom() === z) { done(); return; } "
        "map.once('zoomend', () => setTimeout(done, 50)); map.setZoom(z); })",
        zoom,
    )


def settled_boxes(map_window) -> dict:
    """The shown labels' boxes once two reads a frame apart agree: on a loaded machine the
    labels are still being placed for a while after `zoomend`."""
    shown = map_window.evaluate(SHOWN_BOXES)
    for _ in range(50):
        map_window.evaluate(
            "new Promise(done => setTimeout(() => requestAnimationFrame(done), 100))"
        )
        again = map_window.evaluate(SHOWN_BOXES)
        if again == shown:
            return shown
        shown = again
    raise AssertionError("the labels never settled")


def test_more_town_names_show_as_the_map_zooms_in_and_none_overlap(page, app_url: str) -> None:
    _, map_window = open_map(page, app_url + "/?date=2026-01-06")
    counts = {}
    for zoom in (7, 8, 9):
        zoom_to(map_window, zoom)
        shown = settled_boxes(map_window)
        counts[zoom] = len(shown["towns"])
        # Names clear of each other and of the oblast names and event markers; the oblast
        # names and markers themselves may sit where they must.
        clashes = [
            pair
            for pair in overlapping(shown["towns"] + shown["others"])
            if {pair[0], pair[1]} & {t[0] for t in shown["towns"]}
        ]
        assert clashes == [], (zoom, clashes)
        if zoom == 8:
            screenshot(page, "map-zoom-8")
    assert 0 < counts[7] < counts[8] < counts[9], counts
    # Half zooms show what the zoom below shows.
    zoom_to(map_window, 8.5)
    assert len(settled_boxes(map_window)["towns"]) == counts[8]


def test_a_layer_turned_off_stays_off_after_a_date_change(page, app_url: str) -> None:
    frame, map_window = open_map(page, app_url + "/?date=2026-01-06")
    frame.locator(".leaflet-control-layers").hover()
    frame.locator("label", has_text="Occupied area").locator("input").uncheck()
    assert frame.locator(OCCUPIED_PATH).count() == 0
    before = map_window.evaluate("window.__GLOBAL_DATA__.last_feature_group")
    page.get_by_test_id("stSidebar").get_by_role("slider").press("Home")
    page.wait_for_url("**/?date=2024-07-08")
    map_window.wait_for_function(
        "before => window.__GLOBAL_DATA__.last_feature_group !== before", arg=before
    )
    wait_idle(page)
    # The date's other layers came back, the one the user turned off did not.
    assert frame.locator(".leaflet-interactive[stroke='#1F1F1F']").count() > 10
    assert frame.locator(OCCUPIED_PATH).count() == 0
    frame.locator(".leaflet-control-layers").hover()
    assert not frame.locator("label", has_text="Occupied area").locator("input").is_checked()
    # Turned on again, it stays on through the next change.
    frame.locator("label", has_text="Occupied area").locator("input").check()
    before = map_window.evaluate("window.__GLOBAL_DATA__.last_feature_group")
    page.get_by_test_id("stSidebar").get_by_role("slider").press("End")
    map_window.wait_for_function(
        "before => window.__GLOBAL_DATA__.last_feature_group !== before", arg=before
    )
    frame.locator(OCCUPIED_PATH).first.wait_for()


def test_an_online_basemap_that_cannot_load_leaves_the_outline_and_says_so(
    page, app_url: str, blocked: Blocked
) -> None:
    frame, map_window = open_map(page, app_url + "/?date=2026-01-06")
    frame.locator(".leaflet-control-layers").hover()
    frame.locator("label", has_text="OpenStreetMap (online)").locator("input").check()
    notice = frame.locator(".frontline-tile-notice")
    notice.wait_for(timeout=10_000)
    assert "could not load" in notice.inner_text()
    assert any("openstreetmap" in url for url in blocked.urls)
    drawn = map_window.evaluate(
        "[...document.querySelectorAll('.leaflet-frontline-outline-pane path')]"
        ".filter(p => p.getBoundingClientRect().width > 50).length"
    )
    assert drawn >= 5, "the offline outline went with the tiles"
    screenshot(page, "map-tiles-failed")
    # Back on the offline map, the notice goes.
    frame.locator("label", has_text="Outline map (offline)").locator("input").check()
    notice.wait_for(state="detached")
