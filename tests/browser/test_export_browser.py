"""Exports in Chromium: the map page's downloads, and the standalone HTML opened offline."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
from PIL import Image

from frontline.model.dataset import Dataset, open_dataset
from frontline.model.figures import figures_on
from frontline.present.export import export_html
from frontline.present.wording import format_share
from tests.browser.harness import wait_idle

PARIS = date(2026, 1, 6)
PAYLOAD = '<img src=x onerror="window.pwned=1">'


def open_offline(browser, path: Path) -> tuple[object, list[str]]:
    """Open `path` from disk; every request that is not for a file or data URI is aborted.

    Returns the page and the requests it should not have made: aborted or failed ones.
    """
    context = browser.new_context()
    attempted: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on(
        "request",
        lambda request: (
            attempted.append(request.url)
            if not request.url.startswith(("file:", "data:"))
            else None
        ),
    )
    # A file the page asks for that is not there (a marker image, say) counts too.
    page.on("requestfailed", lambda request: attempted.append(f"failed: {request.url}"))
    page.goto(path.as_uri())
    return page, attempted


def test_standalone_html_draws_the_map_from_disk_offline(
    browser, archive_store: Path, tmp_path: Path
) -> None:
    dataset = open_dataset(archive_store)
    path = tmp_path / "map.html"
    path.write_bytes(export_html(dataset, PARIS))
    page, attempted = open_offline(browser, path)
    page.wait_for_selector("path.leaflet-interactive", state="attached")
    assert page.locator("path.leaflet-interactive").count() >= 4  # 2 oblasts, 2 occupied pieces
    assert page.evaluate("typeof L.map") == "function"
    caption = page.locator(".frontline-caption").inner_text()
    day = figures_on(dataset.figures, PARIS)
    for name in ("Donetsk", "Luhansk"):
        assert format_share(day[name].occupied_pct) in caption, name
    assert "2026-01-06" in caption
    assert attempted == []
    page.context.close()


def test_standalone_html_caption_leaves_the_map_legend_and_scale_clear_on_a_phone(
    browser, archive_store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "map.html"
    path.write_bytes(export_html(open_dataset(archive_store), PARIS))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive", state="attached")

    def box(selector: str) -> dict:
        return page.locator(selector).first.bounding_box()

    caption, legend, scale, map_box = (
        box(s)
        for s in (
            ".frontline-caption",
            ".frontline-legend",
            ".leaflet-control-scale",
            ".folium-map",
        )
    )
    # The caption is under the map, and the legend and scale bar are inside the map.
    assert caption["y"] >= map_box["y"] + map_box["height"] - 1
    for control in (legend, scale):
        assert control["y"] + control["height"] <= caption["y"]
    credit = box(".leaflet-control-attribution")
    assert scale["x"] + scale["width"] <= credit["x"] or credit["y"] >= scale["y"] + scale["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # No event is drawn on this map, so the legend lists none.
    assert "event" not in page.locator(".frontline-legend").inner_text().lower()
    context.close()


def test_standalone_html_keeps_a_payload_inert(browser, tmp_path: Path) -> None:
    rows = [(PARIS, oblast, 1000.0, 50.0, PAYLOAD) for oblast in ("Donetsk", "Luhansk")]
    table = pd.DataFrame(rows, columns=["date", "oblast", "occupied_km2", "occupied_pct", "source"])
    path = tmp_path / "map.html"
    path.write_bytes(export_html(Dataset(table, "test", None), PARIS))
    page, attempted = open_offline(browser, path)
    page.wait_for_selector("path.leaflet-interactive", state="attached")
    assert page.evaluate("window.pwned") is None
    assert PAYLOAD in page.locator(".frontline-caption").inner_text()
    assert attempted == []
    page.context.close()


def download_from_map_page(page, url: str, button: str) -> tuple[str, bytes]:
    """Open the map page at `url`, click a download button: the file's name and bytes."""
    page.goto(url)
    wait_idle(page)
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name=button, exact=True).click()
    download = download_info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_map_page_downloads_a_png_of_the_date_shown(page, app_url: str, blocked) -> None:
    name, data = download_from_map_page(page, f"{app_url}/?date={PARIS.isoformat()}", "PNG map")
    assert name == "frontline-donbas-2026-01-06.png"
    image = Image.open(io.BytesIO(data))
    assert image.size == (1600, 1200)
    assert blocked.urls == []


def test_map_page_downloads_geojson_with_the_figures(
    page, app_url: str, archive_store: Path
) -> None:
    name, data = download_from_map_page(page, f"{app_url}/?date=2026-01-07", "GeoJSON")
    assert name == "frontline-donbas-2026-01-07.geojson"
    doc = json.loads(data)
    shares = {
        f["properties"]["oblast"]: f["properties"]["occupied_pct"]
        for f in doc["features"]
        if f["properties"]["layer"] == "oblast"
    }
    expected = figures_on(open_dataset(archive_store).figures, date(2026, 1, 7))
    assert shares == {o.oblast: round(o.occupied_pct, 4) for o in expected.oblasts}
    assert all(f["properties"]["date"] == "2026-01-07" for f in doc["features"])
