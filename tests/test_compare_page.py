"""The compare page under AppTest, its map's HTML, and `frontline changes` on the command line."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from frontline.cli import main
from frontline.model.changes import area_changes
from frontline.model.dataset import open_dataset
from frontline.model.figures import figures_on
from frontline.present.compare_map import KINDS, TOWN_LAYER, build_compare_map, compare_layers
from frontline.present.wording import format_share
from tests.conftest import app_test, run_page

START, END = "2025-12-07", "2026-01-06"


def open_compare(store: Path, monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    return run_page("compare", store, monkeypatch, timeout=90, **params)


def markdown(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


@pytest.mark.archive
def test_the_pair_in_the_url_gives_figures_towns_and_local_map_layers(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_compare(archive_store, monkeypatch, **{"from": START, "to": END})
    assert f"Snapshots of **{START}** and **{END}**" in markdown(app)
    metrics = {m.label: m for m in app.metric}
    assert list(metrics) == ["Donetsk oblast", "Luhansk oblast"]
    shown = figures_on(open_dataset(archive_store).figures, date.fromisoformat(END))
    assert metrics["Donetsk oblast"].value == format_share(shown["Donetsk"].occupied_pct)
    siversk = next(line for line in markdown(app).splitlines() if "**Siversk**" in line)
    assert siversk.startswith("- **Siversk** (Donetsk): contested (") and "→ inside (" in siversk
    (component,) = app.get("component_instance")
    args = json.loads(component.proto.json_args)
    for link in args["js_links"] + args["css_links"]:
        assert link.startswith("../../app/static/vendor/"), link
    for label, _, _ in KINDS.values():
        assert label in args["layer_control"]
    assert TOWN_LAYER in args["layer_control"]
    assert not app.warning


@pytest.mark.archive
@pytest.mark.parametrize(
    ("start", "end", "words"),
    [(END, START, "is after the second"), (END, END, "same snapshot")],
)
def test_reversed_or_equal_dates_say_why_instead_of_failing(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch, start: str, end: str, words: str
) -> None:
    app = open_compare(archive_store, monkeypatch, **{"from": start, "to": end})
    (warning,) = app.warning
    assert "Nothing to compare" in warning.value and words in warning.value
    assert not app.get("component_instance")


@pytest.mark.archive
def test_the_town_search_lists_periods_with_map_links(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_compare(archive_store, monkeypatch)
    app.text_input(key="compare_town").input("Sewersk").run()
    text = markdown(app)
    assert "**Siversk**, Donetsk oblast" in text
    assert "outside from the first snapshot (2024-07-08) until" in text
    # Siversk was fought for in December 2025 and taken before the year's end.
    assert re.search(r"- contested \(\d+ % occupied\) since 2025-12-\d\d \(the snapshot", text)
    assert re.search(r"- inside \(\d+ % occupied\) since 2025-12-\d\d \(the snapshot", text)
    assert "[map](./?date=2025-12-" in text


@pytest.mark.archive
def test_the_map_page_links_to_the_comparison_with_30_days_earlier(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_STORE", str(archive_store))
    app = app_test(90)
    app.query_params["date"] = "2026-01-06"
    app.run()
    assert "(compare?from=2025-12-07&to=2026-01-06)" in markdown(app)


@pytest.mark.archive
def test_the_compare_map_draws_each_kind_in_its_colour(archive_store: Path) -> None:
    dataset = open_dataset(archive_store)
    start, end = date.fromisoformat(START), date.fromisoformat(END)
    changes = area_changes(dataset.occupied(start), dataset.occupied(end))
    page = build_compare_map(compare_layers(start, end, changes, [])).get_root().render()
    for label, colour, _ in KINDS.values():
        assert label in page and colour in page
    assert "cdn" not in page.split("<body>")[0].lower()


@pytest.mark.archive
def test_changes_command_writes_figures_and_towns_csv_and_areas_geojson(
    archive_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "changes.csv"
    common = ["changes", "--start", START, "--end", END, "--store", str(archive_store)]
    assert main([*common, "--out", str(out)]) == 0
    table = pd.read_csv(out)
    areas = table[table["kind"] == "area"].set_index("area")
    assert list(areas.index) == ["Donetsk", "Luhansk"]
    donetsk = areas.loc["Donetsk"]
    assert donetsk["gained_km2"] - donetsk["lost_km2"] == pytest.approx(
        donetsk["net_km2"], abs=0.01
    )
    assert "Siversk" in set(table["town"].dropna())
    geo = tmp_path / "changes.geojson"
    assert main([*common, "--format", "geojson", "--out", str(geo)]) == 0
    features = json.loads(geo.read_text())["features"]
    gained = {
        f["properties"]["area"]: f["properties"]["km2"]
        for f in features
        if f["properties"]["kind"] == "gained"
    }
    assert gained["Donetsk"] == pytest.approx(donetsk["gained_km2"], abs=0.001)


def test_changes_command_refuses_reversed_dates_with_status_1(
    archive_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["changes", "--start", END, "--end", START, "--store", str(archive_store)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("frontline changes: error: the first date (2026-01-06) is after")


def test_changes_command_names_a_bad_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "absent"
    assert main(["changes", "--start", "2026-13-01", "--end", END, "--store", str(store)]) == 1
    assert capsys.readouterr().err == (
        "frontline changes: error: --start '2026-13-01' is not a date in the form YYYY-MM-DD "
        "(month must be in 1..12)\n"
    )
