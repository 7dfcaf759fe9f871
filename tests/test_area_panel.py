"""The own-area panel in AppTest: a linked area, a town ring, the drawing map, bad links."""

from __future__ import annotations

import json

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from frontline.model.area import area_history, geometry_runs
from frontline.model.dataset import open_dataset
from frontline.present.area_link import QUERY_KEY, decode_area, encode_area
from pages.area_ways import RADIUS_KEY, TOWN_KEY, WAY_KEY, WAYS
from tests.conftest import app_test

POKROVSK = shapely.box(36.9, 48.1, 37.4, 48.45)


def open_map(**params: str) -> AppTest:
    """The map page of a fresh clone (no store: the embedded history), with query `params`."""
    app = app_test(180)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def text_of(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown)


def downloads(app: AppTest) -> list[str]:
    return [b.proto.label for b in app.get("download_button")]


def components(app: AppTest) -> list[dict]:
    return [json.loads(c.proto.json_args) for c in app.get("component_instance")]


def test_an_area_in_the_link_shows_its_history_with_downloads_naming_the_source() -> None:
    app = open_map(**{QUERY_KEY: encode_area(POKROVSK)})
    history = area_history(decode_area(encode_area(POKROVSK)), geometry_runs(open_dataset()))
    first, last = history.first.isoformat(), history.last.isoformat()
    assert f"CSV: DeepStateMap, {first} to {last}" in downloads(app)
    assert f"GeoJSON: DeepStateMap, {first} to {last}" in downloads(app)
    shown = text_of(app).replace("\\", "")
    assert "area from the link" in shown
    latest = history.table.iloc[-1]
    assert f"{latest.occupied_km2:,.1f} km² occupied" in shown
    assert any("display precision" in c.value for c in app.caption)
    assert any("occupied_pct" in c.proto.spec for c in app.get("vega_lite_chart"))
    # Only the page's own map is sent until the reader asks to draw.
    assert len(components(app)) == 1


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("%%%", "not base64url"),
        ("AQEBBA", "count is too large"),
        (encode_area(shapely.box(10, 50, 11, 51)), "outside Ukraine"),
    ],
)
def test_a_bad_area_in_the_link_says_why_as_plain_text_and_shows_nothing(
    value: str, words: str
) -> None:
    app = open_map(**{QUERY_KEY: value})
    errors = [e.value.replace("\\", "") for e in app.error]
    assert any("The link's area is not used" in e and words in e for e in errors), errors
    assert not [
        label for label in downloads(app) if label.startswith(("CSV: Deep", "GeoJSON: Deep"))
    ]


def test_a_ring_around_a_town_is_measured_and_put_in_the_link() -> None:
    app = open_map()
    app.radio(key=WAY_KEY).set_value(WAYS[2]).run()
    app.text_input(key=TOWN_KEY).input("Pokrovsk").run()
    assert not app.exception, [e.value for e in app.exception]
    assert "within 20 km of Pokrovsk" in text_of(app).replace("\\", "")
    ring = decode_area(app.query_params[QUERY_KEY])
    assert ring.centroid.distance(shapely.Point(37.18, 48.28)) < 0.05
    app.number_input(key=RADIUS_KEY).set_value(50.0).run()
    assert "within 50 km of Pokrovsk" in text_of(app).replace("\\", "")
    assert decode_area(app.query_params[QUERY_KEY]).area > 5 * ring.area


def test_a_town_that_is_not_known_says_so() -> None:
    app = open_map()
    app.radio(key=WAY_KEY).set_value(WAYS[2]).run()
    app.text_input(key=TOWN_KEY).input("Atlantis").run()
    assert any("No place of Donetsk or Luhansk oblast matches" in e.value for e in app.error)


def test_the_drawing_map_loads_leaflet_draw_from_the_app_itself() -> None:
    app = open_map()
    app.radio(key=WAY_KEY).set_value(WAYS[0]).run()
    assert not app.exception, [e.value for e in app.exception]
    (draw,) = [c for c in components(app) if "L.Control.Draw" in c["script"]]
    links = draw["js_links"] + draw["css_links"]
    assert any(link.endswith("leaflet-draw-1.0.4/leaflet.draw.js") for link in links)
    assert all(link.startswith("../../app/static/") for link in links), links
