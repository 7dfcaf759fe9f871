"""Towns in Chromium: changes of side before 2024, the share and state said where a town is
shown, and the place search finding towns in the spellings people type."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.place_search import FOCUS_ZOOM
from tests.browser.harness import MAP_FRAME, STARTUP_S, open_with_map, screenshot, wait_idle
from tests.browser.test_map_browser import OCCUPIED_PATH

STATE = r"(outside|contested \(\d+ % occupied\)|inside \(\d+ % occupied\))"
# The container points of the town markers whose tooltip names `name`, in the map's window.
MARKERS_OF = """(name) => {
    const found = [];
    map.eachLayer(layer => {
        const tip = layer.getTooltip && layer.getTooltip();
        if (layer instanceof L.CircleMarker && tip && String(tip.getContent()).includes(name)) {
            const point = map.latLngToContainerPoint(layer.getLatLng());
            found.push([point.x, point.y]);
        }
    });
    return found;
}"""


def main(page):
    return page.get_by_test_id("stMain")


def find_town(page, box: str, typed: str) -> None:
    field = main(page).get_by_role("textbox", name=box, exact=True)
    field.fill(typed)
    field.press("Enter")
    page.wait_for_timeout(100)
    wait_idle(page)


def centred_on(map_window, lat: float, lon: float) -> None:
    """Wait until the map shows (lat, lon) at its centre at the place search's zoom."""
    map_window.wait_for_function(
        "([lat, lon, zoom]) => map.getZoom() === zoom && "
        "Math.abs(map.getCenter().lat - lat) < 0.01 && Math.abs(map.getCenter().lng - lon) < 0.01",
        arg=[lat, lon, FOCUS_ZOOM],
        timeout=STARTUP_S * 1000,
    )


def place_options(page) -> list[str]:
    """The places the map's search offers, in their order (the listbox, opened and closed)."""
    main(page).get_by_test_id("stSelectbox").filter(has_text="Place").click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


def test_a_2022_comparison_lists_the_towns_that_changed_side(
    history_page, history_url: str
) -> None:
    page = history_page
    open_with_map(page, history_url + "/compare?from=2022-04-03&to=2022-07-03", OCCUPIED_PATH)
    towns = main(page).get_by_text(re.compile(r"^Towns whose state changed \((\d+)\)$"))
    count = int(re.search(r"\((\d+)\)", towns.inner_text())[1])
    assert count >= 10, count
    listed = main(page).locator(".st-key-compare_towns")
    for town in ("Sievierodonetsk", "Lysychansk"):
        line = listed.get_by_role("listitem").filter(has_text=re.compile(rf"^{town} \("))
        # Each says its state and share on both dates.
        expect(line).to_contain_text(re.compile(rf"{STATE} → inside \(\d+ % occupied\)"))
    screenshot(page, "compare-2022-towns")


def test_lymans_history_has_its_capture_and_liberation_in_2022(
    history_page, history_url: str
) -> None:
    page = history_page
    page.goto(history_url + "/compare?from=2022-04-03&to=2022-10-09")
    wait_idle(page)
    find_town(page, "Find a town", "Lyman")
    history = main(page).get_by_role("listitem")
    captured = re.compile(r"^inside \(\d+ % occupied\) since 2022-05-")
    expect(history.filter(has_text=captured)).to_have_count(1)
    expect(history.filter(has_text=re.compile(r"^outside since 2022-10-02"))).to_have_count(1)


def test_a_towns_tooltip_and_the_place_search_say_its_share_and_state(
    history_page, history_url: str
) -> None:
    page = history_page
    open_with_map(page, history_url + "/?date=2022-06-19", OCCUPIED_PATH)
    find_town(page, "Find a place", "Sievierodonetsk")
    said = re.compile(r"On 2022-06-19: contested \(\d+ % occupied\)")
    expect(main(page).get_by_text(said)).to_be_visible()
    map_window = page.frame(url=lambda url: "streamlit_folium" in url)
    centred_on(map_window, 48.944, 38.488)
    (x, y), *_ = map_window.evaluate(MARKERS_OF, "Sievierodonetsk")
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    # Lysychansk's tooltip, across the river, may open on the way there.
    tooltip = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip", has_text="Sievierodonetsk")
    expect(tooltip).to_contain_text("Sievierodonetsk")
    expect(tooltip).to_contain_text(re.compile(r"contested \(\d+ % occupied\) on 2022-06-19"))
    screenshot(page, "map-town-tooltip")


@pytest.mark.parametrize(
    ("typed", "town"),
    [
        ("Ugledar", "Vuhledar"),
        ("Vugledar", "Vuhledar"),
        ("Wuhledar", "Vuhledar"),
        ("Покровськ", "Pokrovsk"),
        ("Bachmut", "Bakhmut"),
    ],
)
def test_the_place_search_finds_a_town_as_people_spell_it(
    page, app_url: str, typed: str, town: str
) -> None:
    open_with_map(page, app_url + "/?date=2026-01-06", OCCUPIED_PATH)
    find_town(page, "Find a place", typed)
    assert place_options(page)[0].startswith(f"{town} (Donetsk oblast, ")


def test_a_name_two_places_share_lists_both_the_larger_first_with_their_oblast(
    page, app_url: str
) -> None:
    open_with_map(page, app_url + "/?date=2026-01-06", OCCUPIED_PATH)
    find_town(page, "Find a place", "Artemivsk")
    options = place_options(page)
    assert options[0] == "Bakhmut (Donetsk oblast, 80,500 people)", options
    assert "Kypuche (Luhansk oblast, 7,203 people)" in options, options


def test_the_place_found_centres_the_map_and_opens_its_history(page, app_url: str) -> None:
    open_with_map(page, app_url + "/?date=2026-01-06", OCCUPIED_PATH)
    find_town(page, "Find a place", "Bachmut")
    map_window = page.frame(url=lambda url: "streamlit_folium" in url)
    # Bakhmut's GeoNames point is 48.594 N, 37.999 E.
    centred_on(map_window, 48.594, 37.999)
    history = main(page).get_by_test_id("stExpander").filter(has_text="Its history")
    expect(history).to_contain_text("Bakhmut, Donetsk oblast (80,500 people)")
    expect(history.get_by_role("listitem").first).to_contain_text(
        re.compile(r"^inside \(\d+ % occupied\) from the first snapshot \(2024-07-08\)")
    )
    screenshot(page, "map-place-search-bakhmut")
