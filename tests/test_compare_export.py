"""The comparison's files: the PNG map, CSV and GeoJSON, `changes --format png`, the panel."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.colors import to_rgb
from PIL import Image
from streamlit.testing.v1 import AppTest

from frontline import config
from frontline.cli import main
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.changes import DatePair, area_changes, area_figures
from frontline.model.dataset import open_dataset
from frontline.present import style
from frontline.present.export import CHANGE_FORMATS, make_comparison
from frontline.present.printmap.layout import MAP_BOX
from tests.conftest import app_test
from tests.synthetic import snapshot_name, write_snapshot

# Inside Donetsk oblast: A is held only on the first date, B only on the second, C on both.
# A and B lie away from every place of 3,000 people or more, whose names would cover them.
SQUARE_A = shapely.box(37.30, 48.50, 37.40, 48.60)
SQUARE_B = shapely.box(37.00, 47.80, 37.10, 47.90)
SQUARE_C = shapely.box(37.90, 47.60, 38.00, 47.70)
BEFORE, AFTER = date(2026, 1, 1), date(2026, 1, 8)
PAIR = DatePair(BEFORE, AFTER)
NAME = "frontline-donbas-changes-2026-01-01_2026-01-08"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory, region: Region) -> Path:
    folder = tmp_path_factory.mktemp("compare-squares")
    write_snapshot(folder, BEFORE, [SQUARE_A, SQUARE_C])
    write_snapshot(folder, AFTER, [SQUARE_B, SQUARE_C])
    directory = tmp_path_factory.mktemp("compare-store")
    refresh(FolderSource(folder), Store(directory, create=True), region, workers=1)
    return directory


@pytest.fixture(scope="module")
def png(store_dir: Path) -> Image.Image:
    export = make_comparison("png", open_dataset(store_dir), PAIR)
    assert export.name == f"{NAME}.png" and export.mime == "image/png"
    return Image.open(io.BytesIO(export.data)).convert("RGB")


def seen_on_white(colour: str, opacity: float) -> np.ndarray:
    """The colour a translucent fill shows over the oblasts' white, in 0-255."""
    return np.array(to_rgb(colour)) * opacity * 255 + (1 - opacity) * 255


def map_pixels(image: Image.Image) -> np.ndarray:
    """The pixels inside the map's frame (not the legend beside it)."""
    pixels = np.asarray(image).astype(int)
    height, width = pixels.shape[:2]
    left, bottom, w, h = MAP_BOX
    rows = slice(int((1 - bottom - h) * height), int((1 - bottom) * height))
    return pixels[rows, int(left * width) : int((left + w) * width)]


def test_the_comparison_png_is_1600_by_1200_and_not_blank(png: Image.Image) -> None:
    assert png.size == (1600, 1200)
    assert len(png.getcolors(maxcolors=1_000_000)) > 100


@pytest.mark.parametrize("kind", list(style.CHANGE_KINDS))
def test_each_legend_colour_fills_its_ground_on_the_map(png: Image.Image, kind: str) -> None:
    _, colour, opacity = style.CHANGE_KINDS[kind]
    expected = seen_on_white(colour, opacity)
    close = np.abs(map_pixels(png) - expected).max(axis=-1) <= 3
    # Each square covers about 7 x 11 km, several hundred pixels at about 350 m a pixel.
    assert close.sum() > 200, f"{kind}: {close.sum()} pixels of {colour}"


def test_the_csv_agrees_with_the_model_and_names_dates_snapshots_and_source(
    store_dir: Path,
) -> None:
    dataset = open_dataset(store_dir)
    export = make_comparison("csv", dataset, PAIR)
    assert export.name == f"{NAME}.csv"
    table = pd.read_csv(io.BytesIO(export.data))
    changes = area_changes(dataset.occupied(BEFORE), dataset.occupied(AFTER))
    expected = {f.area: f for f in area_figures(dataset.figures, PAIR, changes)}
    areas = table[table["kind"] == "area"].set_index("area")
    assert set(areas.index) == set(expected)
    for area, row in areas.iterrows():
        assert row["gained_km2"] == pytest.approx(expected[area].gained_km2, abs=1e-3)
        assert row["lost_km2"] == pytest.approx(expected[area].lost_km2, abs=1e-3)
        assert row["net_pp"] == pytest.approx(expected[area].net_pp, abs=1e-3)
    assert set(table["start"]) == {"2026-01-01"} and set(table["end"]) == {"2026-01-08"}
    for source in table["source"]:
        assert snapshot_name(BEFORE) in source and snapshot_name(AFTER) in source
    assert table["attribution"].str.contains("DeepStateMap").all()


def test_the_geojson_holds_each_kind_of_ground_as_the_model_measures_it(
    store_dir: Path,
) -> None:
    dataset = open_dataset(store_dir)
    export = make_comparison("geojson", dataset, PAIR)
    assert export.name == f"{NAME}.geojson"
    doc = json.loads(export.data)
    changes = {c.area: c for c in area_changes(dataset.occupied(BEFORE), dataset.occupied(AFTER))}
    for feature in doc["features"]:
        props = feature["properties"]
        measured = getattr(changes[props["area"]], props["kind"]).area / 1e6
        assert props["km2"] == pytest.approx(measured, abs=1e-3)
        assert (props["start"], props["end"]) == ("2026-01-01", "2026-01-08")
    donetsk = {
        f["properties"]["kind"]: f["properties"]["km2"]
        for f in doc["features"]
        if f["properties"]["area"] == "Donetsk"
    }
    assert all(donetsk[kind] > 50 for kind in ("kept", "gained", "lost"))
    assert snapshot_name(BEFORE) in doc["source"] and snapshot_name(AFTER) in doc["source"]
    assert "Natural Earth" in doc["attribution"]


def test_changes_command_writes_the_png_under_its_conventional_name(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["changes", "--start", "2026-01-01", "--end", "2026-01-08", "--format", "png"]
    assert main([*args, "--store", str(store_dir)]) == 0
    assert Image.open(tmp_path / f"{NAME}.png").size == (1600, 1200)


def test_changes_command_refuses_reversed_dates_for_a_png_and_writes_nothing(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["changes", "--start", "2026-01-08", "--end", "2026-01-01", "--format", "png"]
    assert main([*args, "--store", str(store_dir)]) == 1
    assert capsys.readouterr().err.startswith(
        "frontline changes: error: the first date (2026-01-08) is after the second"
    )
    assert list(tmp_path.iterdir()) == []


def open_compare(store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    app = app_test(90)
    app.switch_page("pages/compare.py")
    app.query_params["from"], app.query_params["to"] = "2026-01-01", "2026-01-08"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_compare_page_offers_each_comparison_file(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_compare(store_dir, monkeypatch)
    buttons = {b.proto.label: b.proto for b in app.get("download_button")}
    assert list(buttons) == [spec.label for spec in CHANGE_FORMATS.values()]
    assert any("2026-01-01" in c.value and "2026-01-08" in c.value for c in app.caption)


def test_an_unusable_store_still_offers_each_comparison_file_from_the_embedded_outlines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_compare(tmp_path, monkeypatch)
    buttons = [b.proto.label for b in app.get("download_button")]
    assert buttons == [spec.label for spec in CHANGE_FORMATS.values()]


def test_without_polygons_the_compare_page_offers_the_figures_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "MAP_HISTORY", tmp_path / "no-history.parquet")
    app = open_compare(tmp_path, monkeypatch)
    assert [b.proto.label for b in app.get("download_button")] == ["CSV figures"]
