"""Exports: what each file holds, the figures it carries, and the errors for dates without data."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.text import Text
from PIL import Image
from streamlit.testing.v1 import AppTest

from frontline import config
from frontline.cli import main, parse_step
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.dataset import Dataset, open_dataset
from frontline.model.figures import COLUMNS, extra_columns, figures_on
from frontline.model.provenance import attribution
from frontline.model.settlements import load_settlements
from frontline.present.assets import JQUERY_JS, LEAFLET_CSS, LEAFLET_JS
from frontline.present.escaping import escape_html
from frontline.present.export import (
    ExportBusy,
    ExportError,
    Request,
    export_csv,
    export_geojson,
    export_gif,
    export_name,
    export_png,
    make_export,
    standalone_page,
    step_dates,
)
from frontline.present.printmap.canvas import MapCanvas, MapFrame
from frontline.present.standalone import external_references, inline_page
from tests.synthetic import west_of, write_snapshot

PARIS = date(2026, 1, 6)


@pytest.fixture(scope="module")
def archive_data(archive_store: Path) -> Dataset:
    """44 real days of the archive: 2024-07-08 and 2025-12-01 to 2026-01-12."""
    return open_dataset(archive_store)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory, region) -> Path:
    """A store of two synthetic days, 2026-01-01 and 2026-01-03, with nothing in between."""
    folder = tmp_path_factory.mktemp("snapshots")
    write_snapshot(folder, date(2026, 1, 1), [west_of(37.8)])
    write_snapshot(folder, date(2026, 1, 3), [west_of(38.0)])
    store = tmp_path_factory.mktemp("small-store")
    refresh(FolderSource(folder), Store(store, create=True), region, workers=1)
    return store


@pytest.fixture(scope="module")
def small_data(small_store: Path) -> Dataset:
    return open_dataset(small_store)


def figures_only(source: str = "DeepStateMap test file") -> Dataset:
    """A dataset as a fresh clone has it: figures from the CSV, no store, no polygons."""
    rows = [
        (day, oblast, km2, pct, source)
        for day in (date(2026, 1, 5), PARIS)
        for oblast, km2, pct in (("Donetsk", 20600.0, 77.45), ("Luhansk", 25990.0, 98.8))
    ]
    table = pd.DataFrame(rows, columns=["date", "oblast", "occupied_km2", "occupied_pct", "source"])
    return Dataset(table, "embedded test CSV", None)


def run_export_cli(argv: list[str]) -> int:
    """`python -m frontline export ...`, as a user runs it: its exit status."""
    return main(["export", *argv])


def run_export_cli_status(argv: list[str]) -> int:
    """Its exit status, also when the argument parser itself refuses the command line."""
    try:
        return run_export_cli(argv)
    except SystemExit as leaving:
        return int(leaving.code or 0)


def map_area(png: bytes) -> np.ndarray:
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    height, width, _ = image.shape
    # The map sits in the left 55 % of the figure, between the title and the source line.
    return image[int(0.15 * height) : int(0.85 * height), int(0.03 * width) : int(0.55 * width)]


# --- PNG ---------------------------------------------------------------------------------


def test_png_is_at_least_1600_by_1200_and_draws_a_map(archive_data: Dataset) -> None:
    export = make_export("png", archive_data, Request(PARIS))
    image = Image.open(io.BytesIO(export.data))
    assert image.format == "PNG"
    assert image.size[0] >= 1600 and image.size[1] >= 1200
    area = map_area(export.data)
    colours = {tuple(c) for c in area.reshape(-1, 3)[::7]}
    assert len(colours) > 50
    assert area.std() > 20
    # The occupied area's vermillion (blended at 60 %) covers a large part of the map.
    orange = (area[..., 0] > 200) & (area[..., 1] < 175) & (area[..., 2] < 120)
    assert orange.mean() > 0.2


def test_png_without_a_store_still_draws_the_oblasts() -> None:
    export = make_export("png", figures_only(), Request(PARIS))
    assert Image.open(io.BytesIO(export.data)).size == (1600, 1200)
    assert map_area(export.data).std() > 20


def test_towns_can_be_left_off_the_png(archive_data: Dataset) -> None:
    def dark_pixels(png: bytes) -> int:
        return int((map_area(png).max(axis=-1) < 60).sum())

    with_towns = dark_pixels(export_png(archive_data, PARIS))
    without = dark_pixels(export_png(archive_data, PARIS, towns=False))
    # About 50 filled markers of some 30 px each, plus the labels' letters.
    assert with_towns - without > 1500


def test_figures_only_print_map_writes_each_share_clear_of_the_town_names() -> None:
    canvas = MapCanvas(1600, load_settlements(), geometry=False)
    canvas.render(MapFrame(figures_on(figures_only().figures, PARIS), {}))
    renderer = canvas.canvas.get_renderer()
    shares = [text.get_window_extent(renderer) for text in canvas.texts.centres]
    names = [label.get_window_extent(renderer) for label in canvas.places.artists[1:]]
    assert len(shares) == 2 and len(names) > 5
    assert not [(s, n) for s in shares for n in names if s.overlaps(n)]


def test_figures_only_print_map_tells_a_reader_what_is_not_drawn_not_a_command() -> None:
    canvas = MapCanvas(1600, load_settlements(), geometry=False)
    canvas.render(MapFrame(figures_on(figures_only().figures, PARIS), {}))
    words = " ".join(text.get_text() for text in canvas.figure.findobj(Text))
    assert "make data" not in words and "data/control.csv" not in words
    assert "occupied area is not drawn" in words


def test_png_name_carries_the_requested_date(archive_data: Dataset) -> None:
    assert (
        make_export("png", archive_data, Request(PARIS)).name == "frontline-donbas-2026-01-06.png"
    )


# --- GeoJSON -----------------------------------------------------------------------------


def test_geojson_figures_equal_frontline_stats(
    archive_store: Path, archive_data: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--store", str(archive_store)]) == 0
    stats = pd.read_csv(io.StringIO(capsys.readouterr().out))
    stats = stats[stats["date"] == "2026-01-06"].set_index("oblast")
    doc = json.loads(export_geojson(archive_data, PARIS))
    oblasts = {
        f["properties"]["oblast"]: f["properties"]
        for f in doc["features"]
        if f["properties"]["layer"] == "oblast"
    }
    assert set(oblasts) == {"Donetsk", "Luhansk"}
    for name, props in oblasts.items():
        assert props["occupied_pct"] == stats.loc[name, "occupied_pct"]
        assert props["occupied_km2"] == stats.loc[name, "occupied_km2"]
        assert props["source"] == stats.loc[name, "source"]
        assert props["date"] == props["requested_date"] == "2026-01-06"


def test_geojson_holds_the_occupied_area_inside_the_oblasts(archive_data: Dataset) -> None:
    doc = json.loads(export_geojson(archive_data, PARIS))
    layers = {}
    for feature in doc["features"]:
        props = feature["properties"]
        layers[(props["layer"], props["oblast"])] = shapely.geometry.shape(feature["geometry"])
    for oblast in ("Donetsk", "Luhansk"):
        occupied, whole = layers[("occupied", oblast)], layers[("oblast", oblast)]
        assert occupied.area < whole.area
        assert whole.buffer(1e-4).contains(occupied)
    minx, miny, maxx, maxy = shapely.GeometryCollection(list(layers.values())).bounds
    assert 36 < minx < maxx < 41 and 46 < miny < maxy < 51  # longitude, latitude (EPSG:4326)
    assert "DeepStateMap" in doc["attribution"] and "GeoNames CC BY 4.0" in doc["attribution"]


def test_geojson_coordinates_are_rounded(archive_data: Dataset) -> None:
    text = export_geojson(archive_data, PARIS).decode()
    coordinates = shapely.get_coordinates(
        [shapely.geometry.shape(f["geometry"]) for f in json.loads(text)["features"]]
    )
    assert np.allclose(coordinates, np.round(coordinates, 5), atol=1e-9)


def test_geojson_for_a_day_without_snapshot_names_the_one_used(small_data: Dataset) -> None:
    export = make_export("geojson", small_data, Request(date(2026, 1, 2)))
    props = json.loads(export.data)["features"][0]["properties"]
    assert (props["date"], props["requested_date"]) == ("2026-01-01", "2026-01-02")
    assert export.name == "frontline-donbas-2026-01-02.geojson"


def test_geojson_without_a_store_holds_the_oblasts_and_says_why() -> None:
    doc = json.loads(export_geojson(figures_only(), PARIS))
    assert {f["properties"]["layer"] for f in doc["features"]} == {"oblast"}
    assert "outlines are not in this copy" in doc["note"] and "make data" not in doc["note"]


# --- CSV ---------------------------------------------------------------------------------


def test_csv_holds_every_row_of_the_range(archive_data: Dataset) -> None:
    export = make_export("csv", archive_data, Request(date(2025, 12, 1), date(2025, 12, 7)))
    table = pd.read_csv(io.BytesIO(export.data))
    assert list(table.columns) == COLUMNS + extra_columns()
    assert len(table) == 14
    assert table["date"].min() == "2025-12-01" and table["date"].max() == "2025-12-07"
    assert export.name == "frontline-donbas-2025-12-01_2025-12-07.csv"


def test_csv_of_a_range_reaching_past_the_data_keeps_what_exists(small_data: Dataset) -> None:
    table = pd.read_csv(io.BytesIO(export_csv(small_data, date(2025, 12, 1), date(2026, 2, 1))))
    assert sorted(set(table["date"])) == ["2026-01-01", "2026-01-03"]


# --- GIF ---------------------------------------------------------------------------------


def test_gif_has_one_frame_per_step_and_reports_progress(archive_data: Dataset) -> None:
    seen = []
    request = Request(date(2025, 12, 1), PARIS, "7d", progress=lambda *a: seen.append(a))
    export = make_export("gif", archive_data, request)
    image = Image.open(io.BytesIO(export.data))
    # 12-01, 12-08, 12-15, 12-22, 12-29, 01-05, and the range's end 01-06.
    assert image.n_frames == 7
    assert image.size == (960, 720)
    assert [done for done, _, _ in seen] == list(range(1, 8))
    assert {total for _, total, _ in seen} == {7}
    assert seen[-1][2] == "2026-01-06"
    assert export.name == "frontline-donbas-2025-12-01_2026-01-06.gif"


def test_gif_frames_differ_as_the_area_advances(archive_data: Dataset) -> None:
    image = Image.open(io.BytesIO(export_gif(archive_data, date(2025, 12, 1), PARIS, "36d")))
    image.seek(0)
    first = np.asarray(image.convert("RGB"), dtype=int)
    image.seek(1)
    last = np.asarray(image.convert("RGB"), dtype=int)
    assert (first != last).any(axis=-1).mean() > 0.001


def test_step_dates_end_on_the_range_end() -> None:
    assert step_dates(date(2026, 1, 1), date(2026, 1, 15), "7d") == [
        date(2026, 1, 1),
        date(2026, 1, 8),
        date(2026, 1, 15),
    ]
    assert step_dates(date(2026, 1, 1), date(2026, 1, 10), "1w")[-1] == date(2026, 1, 10)
    assert step_dates(PARIS, PARIS, "1m") == [PARIS]


@pytest.mark.parametrize("text", ["7d", "1d", "30d", "2w", "1m", "3m"])
def test_step_is_read_in_days_weeks_or_months(text: str) -> None:
    assert parse_step(text) == text


@pytest.mark.parametrize(
    "text", ["0d", "-7d", "week", "7x", "", "14", "7dw", "7 d", "1.5w", "07d", " 7d", "\uff17d"]
)
def test_bad_step_is_refused(text: str) -> None:
    with pytest.raises(ExportError, match="--step"):
        parse_step(text)


# --- errors: dates and ranges without data -----------------------------------------------


def test_date_before_the_first_snapshot_names_the_available_range(small_data: Dataset) -> None:
    with pytest.raises(
        ExportError, match=r"no data for 2025-12-31.*before the first snapshot"
    ) as err:
        export_png(small_data, date(2025, 12, 31))
    assert "snapshots run from 2026-01-01 to 2026-01-03" in str(err.value)


def test_date_after_the_last_snapshot_is_refused(small_data: Dataset) -> None:
    with pytest.raises(ExportError, match=r"2026-01-04.*after the last snapshot.*2026-01-03"):
        export_geojson(small_data, date(2026, 1, 4))


def test_range_that_starts_after_it_ends_is_refused(small_data: Dataset) -> None:
    for export in (export_csv, export_gif):
        with pytest.raises(ExportError, match="starts after it ends: 2026-01-03 > 2026-01-01"):
            export(small_data, date(2026, 1, 3), date(2026, 1, 1))


def test_range_without_snapshots_is_refused(small_data: Dataset) -> None:
    with pytest.raises(ExportError, match=r"no snapshots between 2026-01-02 and 2026-01-02"):
        export_csv(small_data, date(2026, 1, 2), date(2026, 1, 2))
    with pytest.raises(ExportError, match="snapshots run from 2026-01-01 to 2026-01-03"):
        export_csv(small_data, date(2024, 1, 1), date(2024, 12, 31))


def test_gif_range_reaching_outside_the_data_is_refused(small_data: Dataset) -> None:
    starts = "2025-12-25 to 2026-01-03 starts before the first snapshot; snapshots run from"
    with pytest.raises(ExportError, match=starts):
        export_gif(small_data, date(2025, 12, 25), date(2026, 1, 3), "7d")
    with pytest.raises(ExportError, match="2026-01-01 to 2026-01-10 ends after the last snapshot"):
        export_gif(small_data, date(2026, 1, 1), date(2026, 1, 10), "7d")


def test_gif_with_too_many_frames_asks_for_a_longer_step(small_data: Dataset) -> None:
    with pytest.raises(ExportError, match="choose a longer step"):
        export_gif(small_data, date(2020, 1, 1), date(2026, 1, 1), "1d")


def test_export_name_for_a_day_and_a_range() -> None:
    assert export_name("png", PARIS) == "frontline-donbas-2026-01-06.png"
    assert (
        export_name("gif", date(2025, 12, 1), PARIS) == "frontline-donbas-2025-12-01_2026-01-06.gif"
    )


# --- command line ------------------------------------------------------------------------


def test_cli_writes_the_file_it_was_asked_for(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "map.geojson"
    code = run_export_cli(
        [
            "--format",
            "geojson",
            "--date",
            "2026-01-03",
            "--store",
            str(small_store),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert json.loads(out.read_text())["features"][0]["properties"]["date"] == "2026-01-03"
    assert f"wrote {out}" in capsys.readouterr().err


def test_cli_names_the_file_by_date_when_no_out_is_given(
    small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["--format", "csv", "--start", "2026-01-01", "--end", "2026-01-03"]
    assert run_export_cli([*argv, "--store", str(small_store)]) == 0
    assert (tmp_path / "frontline-donbas-2026-01-01_2026-01-03.csv").is_file()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "png", "--date", "2026-13-01"], "--date '2026-13-01' is not a date"),
        (["--format", "png", "--date", "06/01/2026"], "--date '06/01/2026' is not a date"),
        (["--format", "csv", "--start", "2026-01-01", "--end", "soon"], "--end 'soon'"),
        (["--format", "gif", "--start", "2026-01-01"], "needs --start and --end"),
        (
            ["--format", "gif", "--start", "2026-01-01", "--end", "2026-01-03", "--step", "0"],
            "--step",
        ),
        (["--format", "geojson", "--date", "2027-01-01"], "after the last snapshot"),
        (["--format", "png", "--date", ""], "--date '' is not a date"),
        (["--format", "png", "--date", "20260106"], "--date '20260106' is not a date"),
        (["--format", "png", "--date", "2026-W02-2"], "is not a date"),
        (["--format", "png", "--date", " 2026-01-06"], "is not a date"),
        (["--format", "png", "--date", "2026-01-0\u0666"], "is not a date"),
        (
            ["--format", "gif", "--start", "2026-01-01", "--end", "2026-01-03", "--step", "7dw"],
            "--step '7dw' is not a whole number of days, weeks or months",
        ),
        (["--format", "bmp"], "argument --format: invalid choice: 'bmp'"),
    ],
)
def test_cli_refuses_bad_dates_and_writes_nothing(
    small_store: Path,
    tmp_path: Path,
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "previous.out"
    out.write_bytes(b"previous")
    assert run_export_cli_status([*argv, "--store", str(small_store), "--out", str(out)]) == 1
    error = capsys.readouterr().err.splitlines()[-1]
    assert error.startswith("frontline export: error: ") and message in error
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["previous.out"]  # no temporary files left


def test_cli_reports_an_out_that_is_a_folder_and_leaves_it_as_it_was(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    argv = ["--format", "csv", "--start", "2026-01-01", "--end", "2026-01-03"]
    assert run_export_cli([*argv, "--store", str(small_store), "--out", str(folder)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"frontline export: error: cannot write {folder}: ")
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())


def test_cli_reports_a_full_disk_as_an_error_not_a_traceback(
    small_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def full(handle: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # where write_atomic first meets the disk's limit
    out = tmp_path / "figures.csv"
    argv = ["--format", "csv", "--start", "2026-01-01", "--end", "2026-01-03", "--out", str(out)]
    assert run_export_cli([*argv, "--store", str(small_store)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("frontline export: error: cannot write ") and "No space left" in error
    assert list(tmp_path.iterdir()) == []


def test_cli_reports_a_damaged_store_as_an_error_not_a_traceback(
    small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "store"
    shutil.copytree(small_store, damaged)
    database = next(damaged.glob("*.sqlite"))
    data = bytearray(database.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # keep the header, spoil every table page
    database.write_bytes(bytes(data))
    argv = ["--format", "geojson", "--date", "2026-01-03", "--store", str(damaged)]
    assert run_export_cli([*argv, "--out", str(tmp_path / "map.geojson")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("frontline export: error: ") and "malformed" in error
    assert "SELECT" not in error and "Traceback" not in error
    assert not (tmp_path / "map.geojson").exists()


def test_cli_on_a_fresh_clone_exports_the_embedded_outlines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh clone: no store asked for and none at data/store, so the embedded figures and
    the embedded map history's outlines."""
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)
    monkeypatch.setattr(config, "DEFAULT_STORE", tmp_path / "no-store")
    out = tmp_path / "map.geojson"
    assert run_export_cli(["--format", "geojson", "--date", "2026-01-06", "--out", str(out)]) == 0
    assert "note" not in capsys.readouterr().err
    doc = json.loads(out.read_text())
    assert "occupied" in {f["properties"]["layer"] for f in doc["features"]}


def test_cli_without_a_store_or_outlines_exports_figures_only_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)
    monkeypatch.setattr(config, "DEFAULT_STORE", tmp_path / "no-store")
    monkeypatch.setattr(config, "MAP_HISTORY", tmp_path / "no-history.parquet")
    out = tmp_path / "map.geojson"
    assert run_export_cli(["--format", "geojson", "--date", "2026-01-06", "--out", str(out)]) == 0
    assert "run `make data`" in capsys.readouterr().err
    doc = json.loads(out.read_text())
    assert {f["properties"]["layer"] for f in doc["features"]} == {"oblast"}


def test_cli_with_a_store_asked_for_that_is_missing_fails_instead_of_falling_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FRONTLINE_STORE", str(tmp_path / "no-store"))
    out = tmp_path / "map.geojson"
    assert run_export_cli(["--format", "geojson", "--date", "2026-01-06", "--out", str(out)]) == 1
    assert capsys.readouterr().err.startswith("frontline export: error: no store at ")
    assert not out.exists()


def test_cli_with_a_missing_store_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--format", "png", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "x.png")]
    assert run_export_cli(argv) == 1
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


# --- standalone HTML ---------------------------------------------------------------------

PAYLOAD = '<img src=x onerror="window.pwned=1">`${window.pwned=2}`\\'


def local_folium_page() -> str:
    """A folium page wired the way the app wires it: Leaflet and jQuery from /app/static."""
    fmap = folium.Map(location=[48.5, 38.0], zoom_start=7, tiles=None)
    fmap.default_js = [
        ("leaflet", f"../../app/static/{LEAFLET_JS}"),
        ("jquery", f"/app/static/{JQUERY_JS}"),
    ]
    fmap.default_css = [("leaflet_css", f"../../app/static/{LEAFLET_CSS}")]
    return fmap.get_root().render()


def test_standalone_page_inlines_leaflet_and_loads_nothing() -> None:
    figures = figures_on(figures_only().figures, PARIS)
    page = standalone_page(local_folium_page(), figures).decode()
    assert external_references(page) == []
    assert "Leaflet 1.9.3" in page and "jQuery v3.7.1" in page
    assert ".leaflet-container" in page  # the stylesheet, inlined
    assert 'url("data:image/png;base64,' in page  # and the images it refers to
    assert not re.search(r"""<(script|link|img)\b[^>]*(src|href)=["']?https?:""", page)


def test_standalone_page_installs_leaflet_where_static_is_still_empty(tmp_path: Path) -> None:
    # A checkout where neither the app nor `frontline assets` has run yet: static/ is empty.
    page = inline_page(local_folium_page(), static_dir=tmp_path / "static")
    assert external_references(page) == []
    assert "Leaflet 1.9.3" in page and 'url("data:image/png;base64,' in page


def test_standalone_page_says_what_it_shows() -> None:
    figures = figures_on(figures_only().figures, PARIS)
    page = standalone_page(local_folium_page(), figures).decode()
    assert "<title>Donetsk and Luhansk oblasts on 2026-01-06: frontline</title>" in page
    assert "Donetsk 77.5 % (20,600 km²), Luhansk 98.8 % (25,990 km²)" in page
    assert escape_html(attribution("plain")) in page


def test_standalone_page_escapes_the_source_text() -> None:
    figures = figures_on(figures_only(PAYLOAD).figures, PARIS)
    page = standalone_page(local_folium_page(), figures).decode()
    assert PAYLOAD not in page and "<img src=x" not in page
    assert escape_html(PAYLOAD) in page


def test_standalone_page_refuses_a_map_that_needs_a_cdn() -> None:
    figures = figures_on(figures_only().figures, PARIS)
    with pytest.raises(ExportError, match=r"cdn\.jsdelivr\.net"):
        standalone_page(folium.Map().get_root().render(), figures)


# --- the page's export panel -------------------------------------------------------------


def export_panel_script() -> None:
    """The map page's call, for AppTest: the panel for 2026-01-06 from the default data."""
    from datetime import date

    from frontline.model.figures import snapshot_dates
    from frontline.model.selection import choose_date
    from pages import loaders
    from pages.export_panel import export_panel

    data = loaders.dataset()
    export_panel(choose_date(snapshot_dates(data.figures), date(2026, 1, 6)), data)


def test_export_panel_offers_every_format_and_renders_the_gif_on_request() -> None:
    app = AppTest.from_function(export_panel_script, default_timeout=120)
    app.run()
    assert not app.exception
    labels = [button.proto.label for button in app.get("download_button")]
    # A fresh clone: the front line is traced on the embedded map history.
    assert labels == [
        "PNG map",
        "HTML map",
        "GeoJSON",
        "Front line (GeoJSON)",
        "Front line (KML)",
        "CSV figures",
    ]
    assert "2026-01-06" in app.caption[0].value
    app.button(key="export_gif_prepare").click().run()
    assert not app.exception
    assert app.get("download_button")[-1].proto.label.startswith("GIF animation")


def test_export_panel_tells_a_second_user_that_an_animation_is_already_rendering() -> None:
    app = AppTest.from_function(export_panel_script, default_timeout=120)
    app.run()
    with rendering_elsewhere():
        app.button(key="export_gif_prepare").click().run()
    assert not app.exception
    assert any("another animation is being rendered" in box.value for box in app.info)
    assert not app.get("download_button")[-1].proto.label.startswith("GIF animation")


# --- one animation at a time -------------------------------------------------------------


@contextlib.contextmanager
def rendering_elsewhere() -> Iterator[None]:
    """Another session's animation in progress: it holds the one-at-a-time lock."""
    finished, started = threading.Event(), threading.Event()

    def other(done: int, total: int, label: str) -> None:
        started.set()
        finished.wait(30)

    thread = threading.Thread(
        target=export_gif, args=(figures_only(), date(2026, 1, 5), PARIS, "1d", other)
    )
    thread.start()
    try:
        assert started.wait(60)
        yield
    finally:
        finished.set()
        thread.join()


def test_a_second_animation_is_refused_while_one_renders_and_runs_after() -> None:
    data = figures_only()
    with rendering_elsewhere(), pytest.raises(ExportBusy, match="another animation"):
        export_gif(data, date(2026, 1, 5), PARIS, "1d")
    assert export_gif(data, date(2026, 1, 5), PARIS, "1d").startswith(b"GIF89a")
