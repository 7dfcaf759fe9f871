"""The map page's logic in AppTest: figures, date messages, the no-store fallback, local assets."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from frontline.config import CONTROL_CSV
from frontline.ingest.store import Store
from frontline.model.figures import figures_on, read_figures
from frontline.present.escaping import WORD_JOINER
from frontline.present.wording import format_km2, format_share
from tests.conftest import app_test


def open_map(store: Path, monkeypatch: pytest.MonkeyPatch, requested: str | None) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    app = app_test(60)
    if requested is not None:
        app.query_params["date"] = requested
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def folium_args(app: AppTest) -> dict:
    (component,) = app.get("component_instance")
    assert component.proto.component_name == "streamlit_folium.st_folium"
    return json.loads(component.proto.json_args)


def as_shown(markdown: str) -> str:
    """Markdown source as the reader sees it, backslash escapes undone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def header_of(app: AppTest) -> str:
    """The HTML of the header line and the shares, drawn as one element."""
    (block,) = [h.proto.body for h in app.get("html") if "frontline-shares" in h.proto.body]
    return block


def shares(app: AppTest) -> dict[str, str]:
    """Each share on the page by its label."""
    found = re.findall(r'class="label">([^<]*)</div><div class="value">([^<]*)<', header_of(app))
    return dict(found)


def text_of(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown)


def test_the_summit_day_shows_both_oblasts_figures_with_date_and_source(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(archive_store, monkeypatch, "2026-01-06")
    day = figures_on(Store(archive_store).figures(), date(2026, 1, 6))
    assert shares(app) == {
        f"{name} oblast occupied": format_share(day[name].occupied_pct)
        for name in ("Donetsk", "Luhansk")
    }
    header = header_of(app)
    assert "Showing <b>2026-01-06</b>" in header and "snapshot of <b>2026-01-06</b>" in header
    text = text_of(app)
    assert format_km2(day["Donetsk"].occupied_km2) in text
    assert "since 2025-12-30" in text and "since 2025-12-07" in text
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
    assert not app.warning
    assert "Showing <b>2025-06-01</b>" in header_of(app)
    assert "snapshot of <b>2024-07-08</b>" in header_of(app)


@pytest.mark.parametrize(
    ("requested", "level", "expected"),
    [
        ("2030-01-01", "info", "after the last snapshot"),
        ("2020-01-01", "info", "before the first snapshot"),
        ("next tuesday", "error", "is not a date in the form YYYY-MM-DD"),
        ("2026-02-30", "error", "is not a date in the form YYYY-MM-DD"),
    ],
)
def test_a_bad_or_out_of_range_date_gets_a_message_not_an_exception(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch, requested: str, level: str, expected: str
) -> None:
    app = open_map(archive_store, monkeypatch, requested)
    (message,) = getattr(app, level)
    assert expected in message.value
    assert len(shares(app)) == 2


def test_a_requested_text_is_shown_as_text_not_markdown(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(archive_store, monkeypatch, "**bold** [link](http://x) :smile:")
    (error,) = app.error
    assert "'**bold** [link](http://x) :smile:' is not a date" in as_shown(error.value)
    assert "\\[link\\]" in error.value and ":\u2060smile" in error.value


@pytest.mark.parametrize("day", ["2022-07-03", "2026-01-06"])
def test_a_fresh_clone_draws_the_embedded_outlines_with_no_notice(
    monkeypatch: pytest.MonkeyPatch, day: str
) -> None:
    """No store asked for and none at data/store: the front from the embedded map history,
    and not one warning or notice, only the quiet precision line beside the sources."""
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)
    app = app_test(60)
    app.query_params["date"] = day
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.warning and not app.info and not app.error
    assert "Occupied area (DeepStateMap)" in folium_args(app)["layer_control"]
    captions = " ".join(c.value for c in app.sidebar.caption)
    assert "from the embedded control.csv" in captions
    assert "Map outlines at display precision; figures computed at full precision." in captions


def test_an_unusable_store_means_the_embedded_figures_and_outlines_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(tmp_path / "no-store", monkeypatch, "2026-01-06")
    day = figures_on(read_figures(CONTROL_CSV), date(2026, 1, 6))
    assert set(shares(app).values()) == {
        format_share(day[name].occupied_pct) for name in ("Donetsk", "Luhansk")
    }
    (warning,) = app.warning
    assert "store this server was configured with cannot be read" in as_shown(warning.value)
    assert "shows the embedded figures of control.csv" in as_shown(warning.value)
    assert str(tmp_path) not in as_shown(warning.value)
    assert not app.info
    # The embedded map history draws the front, and the sidebar says at what precision.
    assert "Occupied area (DeepStateMap)" in folium_args(app)["layer_control"]
    captions = " ".join(c.value for c in app.sidebar.caption)
    assert "Map outlines at display precision; figures computed at full precision." in captions


def test_a_broken_events_file_costs_the_events_layer_not_the_page(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "events.csv"
    broken.write_text("date,title\n2026-01-06,Summit\n")
    monkeypatch.setattr("frontline.config.EVENTS_CSV", broken)
    app = open_map(archive_store, monkeypatch, "2026-01-06")
    assert len(shares(app)) == 2
    (warning,) = app.warning
    assert "Timeline events are not shown on the map" in warning.value
    assert "missing column" in warning.value
    assert "Timeline events" not in folium_args(app)["layer_control"]


@pytest.mark.parametrize(
    "requested",
    [
        "[text](https://example.org)",
        "![x](http://example.org/x.png)",
        "<b>bold</b> **x**",
        "https://example.org",
    ],
)
def test_a_date_from_the_url_is_echoed_as_plain_text_never_markdown(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch, requested: str
) -> None:
    (error,) = open_map(archive_store, monkeypatch, requested).error
    assert requested in as_shown(error.value)
    for markup in ("[", "]", "(", ")", "<", ">", "*", "!"):
        assert f"{markup}" not in re.sub(r"\\.", "", error.value), markup


@pytest.mark.parametrize("requested", ["20260106", "2026-W02-2", "2026-01-06T00:00"])
def test_only_yyyy_mm_dd_is_a_date(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch, requested: str
) -> None:
    (error,) = open_map(archive_store, monkeypatch, requested).error
    assert "is not a date in the form YYYY-MM-DD" in as_shown(error.value)


def test_the_sidebar_names_the_local_store_and_its_count_never_its_path(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(archive_store, monkeypatch, "2026-01-06")
    sidebar = " ".join(c.value for c in app.sidebar.caption)
    assert "dates), from the local store." in sidebar
    every_text = sidebar + " ".join(m.value for m in app.markdown)
    assert str(archive_store) not in every_text


@pytest.mark.archive
def test_a_place_found_centres_the_map_and_opens_its_history(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(archive_store, monkeypatch, "2026-01-06")
    assert folium_args(app)["zoom"] < 9
    app.text_input(key="map_place").input("Artemivsk").run()
    assert not app.exception, [e.value for e in app.exception]
    pick = app.selectbox(key="map_place_pick")
    # Both places GeoNames calls Artemivsk, the larger first, each with its oblast.
    assert pick.options[:2] == [
        "Bakhmut (Donetsk oblast, 80,500 people)",
        "Kypuche (Luhansk oblast, 7,203 people)",
    ]
    args = folium_args(app)
    assert args["zoom"] == 11
    assert args["center"] == pytest.approx([48.594, 37.999], abs=0.01)
    text = "\n".join(m.value for m in app.markdown)
    assert "On 2026-01-06: inside (100 % occupied)." in as_shown(text)
    assert "**Bakhmut**, Donetsk oblast (80,500 people):" in text
    pick.set_value(1).run()
    assert folium_args(app)["center"][1] == pytest.approx(38.7, abs=0.2)
    assert "**Kypuche**, Luhansk oblast" in "\n".join(m.value for m in app.markdown)


def test_a_place_not_found_says_so_and_keeps_the_framing(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(archive_store, monkeypatch, None)
    app.text_input(key="map_place").input("Atlantis").run()
    assert any("No place of Donetsk or Luhansk oblast matches" in i.value for i in app.info)
    assert folium_args(app)["zoom"] < 9
