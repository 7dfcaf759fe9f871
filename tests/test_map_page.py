"""The map page's logic in AppTest: figures, date messages, the no-store fallback, local assets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from frontline.config import PROJECT_ROOT


def open_map(store: Path, monkeypatch: pytest.MonkeyPatch, requested: str | None) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    if requested is not None:
        app.query_params["date"] = requested
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def folium_args(app: AppTest) -> dict:
    (component,) = app.get("component_instance")
    assert component.proto.component_name == "streamlit_folium.st_folium"
    return json.loads(component.proto.json_args)


def text_of(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown)


def test_the_summit_day_shows_both_oblasts_figures_with_date_and_source(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(archive_store, monkeypatch, "2026-01-06")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"Donetsk oblast occupied": "77.6 %", "Luhansk oblast occupied": "98.8 %"}
    text = text_of(app)
    assert "Showing **2026-01-06**" in text and "snapshot of **2026-01-06**" in text
    assert "20,628 km²" in text and "since 2025-12-30" in text and "since 2025-12-07" in text
    assert "deepstatemap_data_20260106.geojson" in " ".join(c.value for c in app.caption)
    assert not app.error and not app.info


def test_the_map_asks_only_for_the_apps_own_scripts_and_draws_the_date_layers(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = folium_args(open_map(archive_store, monkeypatch, "2026-01-06"))
    assert args["js_links"] and args["css_links"]
    for link in args["js_links"] + args["css_links"]:
        assert link.startswith("../../app/static/vendor/"), link
    assert args["returned_objects"] == []
    for layer in ("Oblasts: share occupied", "Occupied area", "Towns over 15,000"):
        assert layer in args["layer_control"]
    assert "Timeline events" in args["layer_control"]
    assert len(args["script"]) + len(args["feature_group"]) < 1_000_000


def test_a_date_without_a_snapshot_shows_the_one_before_and_says_so(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(archive_store, monkeypatch, "2025-06-01")
    (info,) = app.info
    assert "No snapshot for 2025-06-01" in info.value and "2024-07-08" in info.value
    assert "Showing **2025-06-01**" in text_of(app)
    assert "snapshot of **2024-07-08**" in text_of(app)


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("2030-01-01", "after the last snapshot"),
        ("2020-01-01", "before the first snapshot"),
        ("next tuesday", "is not a date in the form YYYY-MM-DD"),
        ("2026-02-30", "is not a date in the form YYYY-MM-DD"),
    ],
)
def test_a_bad_or_out_of_range_date_gets_a_message_not_an_exception(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch, requested: str, expected: str
) -> None:
    app = open_map(archive_store, monkeypatch, requested)
    (error,) = app.error
    assert expected in error.value
    assert len(app.metric) == 2


def test_without_a_store_the_page_uses_the_embedded_figures_and_says_how_to_get_polygons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(tmp_path / "no-store", monkeypatch, "2026-01-06")
    assert {m.value for m in app.metric} == {"77.6 %", "98.8 %"}
    (info,) = app.info
    assert "make data" in info.value and "frontline refresh" in info.value
    control = folium_args(app)["layer_control"]
    assert "Oblasts: share occupied" in control
    assert "Occupied area (DeepStateMap)" not in control


def test_a_broken_events_file_costs_the_events_layer_not_the_page(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "events.csv"
    broken.write_text("date,title\n2026-01-06,Summit\n")
    monkeypatch.setattr("frontline.config.EVENTS_CSV", broken)
    app = open_map(archive_store, monkeypatch, "2026-01-06")
    assert len(app.metric) == 2
    (warning,) = app.warning
    assert "Timeline events are not shown on the map" in warning.value
    assert "missing column" in warning.value
    assert "Timeline events" not in folium_args(app)["layer_control"]
