"""Your own area in Chromium: a rectangle drawn with Leaflet.draw's toolbar, and an uploaded file.

The app runs as a fresh clone (the embedded map history), offline: Leaflet.draw comes from the
app's own static files.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
import shapely

from frontline.cli import main
from frontline.model.area_input import area_near_town
from tests.browser.harness import MAP_FRAME, STARTUP_S, Blocked, open_context, screenshot, wait_idle

# A rectangle around Pokrovsk (lat, lon corners), drawn on a map centred on it.
NORTH_WEST, SOUTH_EAST = (48.45, 36.9), (48.1, 37.4)
CSV_BUTTON = "CSV: DeepStateMap"


def choose(page, way: str) -> None:
    page.get_by_text(way, exact=True).click()
    wait_idle(page)


def draw_frame(page):
    """The drawing map's frame (the page's own map is the other st_folium frame)."""
    page.frame_locator(MAP_FRAME).last.locator(".leaflet-draw-draw-rectangle").wait_for(
        timeout=STARTUP_S * 1000
    )
    (frame,) = [f for f in page.frames if f.locator(".leaflet-draw").count()]
    return frame


def page_point(page, frame, latlng: tuple[float, float]) -> tuple[float, float]:
    """Where a lat/lon of the drawing map is on the page, in CSS pixels."""
    inner = frame.evaluate(
        """([lat, lon]) => {
            const map = Object.values(window).find((v) => v instanceof L.Map);
            const p = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        list(latlng),
    )
    outer = page.locator(MAP_FRAME).last.bounding_box()
    return outer["x"] + inner[0], outer["y"] + inner[1]


def downloaded_csv(page) -> bytes:
    button = page.get_by_role("button", name=CSV_BUTTON)
    button.wait_for(timeout=STARTUP_S * 1000)
    with page.expect_download() as download:
        button.click()
    return Path(download.value.path()).read_bytes()


def test_a_rectangle_drawn_around_pokrovsk_rises_through_2025(browser, bare_app_url: str) -> None:
    blocked = Blocked()
    context = open_context(browser, bare_app_url, blocked, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(bare_app_url)
    wait_idle(page)
    choose(page, "Draw on the map")
    frame = draw_frame(page)
    frame.evaluate(
        "() => Object.values(window).find((v) => v instanceof L.Map).setView([48.28, 37.15], 9)"
    )
    page.locator(MAP_FRAME).last.scroll_into_view_if_needed()
    frame.locator(".leaflet-draw-draw-rectangle").click()
    start, end = page_point(page, frame, NORTH_WEST), page_point(page, frame, SOUTH_EAST)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=12)
    page.mouse.up()
    table = pd.read_csv(io.BytesIO(downloaded_csv(page)))
    drawn = shapely.from_wkt(table["area_wkt"].iloc[0])
    assert shapely.hausdorff_distance(drawn, shapely.box(36.9, 48.1, 37.4, 48.45)) < 0.01
    share = table.set_index("date")["occupied_pct"]
    in_2025 = share[(share.index >= "2025-01-01") & (share.index <= "2025-12-31")]
    assert in_2025.iloc[-1] > in_2025.iloc[0] + 20
    quarters = in_2025.groupby([(int(d[5:7]) - 1) // 3 for d in in_2025.index]).mean()
    assert quarters.is_monotonic_increasing
    main_part = page.get_by_test_id("stMain")
    # The chart is drawn after the table's download button, so wait for it, do not glance.
    main_part.locator("[data-testid='stVegaLiteChart']").first.wait_for(
        state="visible", timeout=STARTUP_S * 1000
    )
    assert "area=" in page.url  # the area travels in the address
    assert blocked.urls == []
    screenshot(page, "area-drawn-pokrovsk")
    context.close()


def test_an_uploaded_buffer_gives_what_stats_area_gives(
    browser, bare_app_url: str, tmp_path: Path
) -> None:
    ring = area_near_town("Bakhmut", 38.0, 48.6, 15.0).geometry
    path = tmp_path / "bakhmut-15km.geojson"
    path.write_text(
        json.dumps({"type": "Feature", "properties": {}, "geometry": ring.__geo_interface__})
    )
    expected = tmp_path / "expected.csv"
    assert main(["stats", "--area", str(path), "--out", str(expected)]) == 0
    blocked = Blocked()
    context = open_context(browser, bare_app_url, blocked, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(bare_app_url)
    wait_idle(page)
    choose(page, "Upload a GeoJSON or KML file")
    page.locator("input[type='file']").set_input_files(str(path))
    got = downloaded_csv(page)
    assert got == expected.read_bytes()
    table = pd.read_csv(io.BytesIO(got))
    assert table["date"].iloc[0] <= date(2022, 4, 3).isoformat()
    assert blocked.urls == []
    context.close()


def test_an_uploaded_file_in_an_unknown_crs_is_refused_and_nothing_is_drawn(
    browser, bare_app_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "projected.geojson"
    doc = {
        "type": "Feature",
        "properties": {},
        "crs": {"type": "name", "properties": {"name": "EPSG:999999"}},
        "geometry": shapely.box(4e6, 2.8e6, 4.1e6, 2.9e6).__geo_interface__,
    }
    path.write_text(json.dumps(doc))
    blocked = Blocked()
    context = open_context(browser, bare_app_url, blocked, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(bare_app_url)
    wait_idle(page)
    choose(page, "Upload a GeoJSON or KML file")
    page.locator("input[type='file']").set_input_files(str(path))
    page.get_by_text("unknown CRS").wait_for(timeout=STARTUP_S * 1000)
    wait_idle(page)
    assert page.get_by_role("button", name=CSV_BUTTON).count() == 0
    assert "area=" not in page.url
    context.close()
