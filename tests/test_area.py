"""A reader's area measured on every date: known answers, both geometries, outputs and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import shapely

from frontline.cli import main
from frontline.config import CONTROL_CSV
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.area import (
    DISPLAY_PRECISION,
    FULL_PRECISION,
    AreaError,
    area_history,
    geometry_runs,
    history_csv,
    history_geojson,
    largest_changes,
    occupied_outline,
)
from frontline.model.boundaries import ALWAYS_MEASURED, COUNTRY, FOCUS, measured_areas
from frontline.model.dataset import open_dataset
from frontline.model.figures import read_figures
from tests.conftest import DAILY_DAYS, LAYERED_WEEKS
from tests.synthetic import feature_collection, write_snapshot

# In Donetsk oblast; the synthetic daily days are occupied east of 37.3° and then 37.2° E.
INSIDE = shapely.box(38.0, 48.0, 38.2, 48.2)
OUTSIDE = shapely.box(36.0, 48.0, 36.2, 48.2)
HALF = shapely.box(37.2, 48.0, 37.4, 48.2)
POKROVSK = shapely.box(36.9, 48.1, 37.4, 48.45)


@pytest.fixture(scope="module")
def store_runs(two_source_store: Path):
    return geometry_runs(open_dataset(two_source_store, strict=True))


def shares(history) -> dict[date, float]:
    return dict(zip(history.table["date"], history.table["occupied_pct"], strict=True))


def test_the_store_is_measured_at_full_precision(store_runs) -> None:
    assert store_runs.precision == FULL_PRECISION
    assert list(store_runs.dates) == [*LAYERED_WEEKS, *DAILY_DAYS]


def test_a_square_inside_the_occupied_area_is_wholly_occupied(store_runs) -> None:
    history = area_history(INSIDE, store_runs)
    assert history.ukraine_km2 == pytest.approx(history.area_km2)
    for share in shares(history).values():
        assert share == pytest.approx(100.0, abs=1e-6)
    assert history.table["occupied_km2"].iloc[-1] == pytest.approx(history.area_km2, rel=1e-9)


def test_a_square_outside_it_is_not_occupied_at_all(store_runs) -> None:
    assert set(shares(area_history(OUTSIDE, store_runs)).values()) == {0.0}


def test_a_square_the_line_halves_is_half_occupied(store_runs) -> None:
    history = shares(area_history(HALF, store_runs))
    # The weekly maps are occupied east of 37.6 and 37.4; the daily ones east of 37.3, 37.2.
    assert history[LAYERED_WEEKS[0]] == 0.0
    assert history[LAYERED_WEEKS[1]] == pytest.approx(0.0, abs=1e-9)
    # An equal-area projection: the halves of a square split by a meridian measure the same.
    assert history[DAILY_DAYS[0]] == pytest.approx(50.0, abs=0.01)
    assert history[DAILY_DAYS[1]] == pytest.approx(100.0, abs=1e-6)


def test_the_largest_change_is_the_day_the_line_crossed_the_square(store_runs) -> None:
    history = area_history(HALF, store_runs)
    changes = largest_changes(history)
    assert list(changes["date"]) == [DAILY_DAYS[0], DAILY_DAYS[1]]
    assert list(changes["since"]) == [LAYERED_WEEKS[1], DAILY_DAYS[0]]
    assert changes["change_km2"].iloc[0] == pytest.approx(history.area_km2 / 2, rel=1e-3)
    assert largest_changes(area_history(OUTSIDE, store_runs)).empty


def test_an_area_outside_ukraine_is_refused(store_runs) -> None:
    with pytest.raises(AreaError, match="outside Ukraine"):
        area_history(shapely.box(10, 50, 11, 51), store_runs)


def test_a_store_without_the_whole_front_falls_back_to_the_embedded_history(
    tmp_path: Path,
) -> None:
    """A store measured when only Donetsk and Luhansk kept geometry cannot answer elsewhere."""
    areas = measured_areas()
    old = Region(areas, always=ALWAYS_MEASURED, drawn=FOCUS, total=COUNTRY)
    folder = tmp_path / "days"
    folder.mkdir()
    write_snapshot(folder, DAILY_DAYS[0], [shapely.box(37.3, 47, 40.5, 50.5)])
    store = Store(tmp_path / "store", create=True)
    refresh(FolderSource(folder), store, old, workers=1)
    runs = geometry_runs(open_dataset(tmp_path / "store", strict=True))
    assert runs.precision.startswith(DISPLAY_PRECISION)
    assert "local store could not be used" in runs.precision


@pytest.fixture(scope="module")
def embedded_runs():
    dataset = open_dataset()
    assert dataset.store is None
    return geometry_runs(dataset)


def test_without_a_store_the_embedded_history_is_measured(embedded_runs) -> None:
    assert embedded_runs.precision == DISPLAY_PRECISION
    figures = read_figures(CONTROL_CSV)
    assert list(embedded_runs.dates) == sorted(set(figures["date"]))


def test_the_whole_country_agrees_with_the_oblasts_figures(embedded_runs) -> None:
    """A box around Ukraine holds every oblast's occupied piece: on every date its km² is the
    sum of the oblasts' full-precision figures, within the display precision's 0.5 %."""
    history = area_history(shapely.box(20, 43, 42, 54), embedded_runs)
    figures = read_figures(CONTROL_CSV)
    oblasts = figures[figures["oblast"] != COUNTRY].groupby("date")["occupied_km2"].sum()
    measured = history.table.set_index("date")["occupied_km2"]
    assert ((measured - oblasts).abs() <= 0.005 * oblasts + 0.01).all()


def test_a_box_around_pokrovsk_fills_up_through_2025(embedded_runs) -> None:
    history = area_history(POKROVSK, embedded_runs).table.set_index("date")["occupied_pct"]
    in_2025 = history[(history.index >= date(2025, 1, 1)) & (history.index <= date(2025, 12, 31))]
    assert in_2025.iloc[-1] > in_2025.iloc[0] + 20
    # Rising, not flickering: each quarter holds more than the one before.
    quarters = in_2025.groupby([(d.month - 1) // 3 for d in in_2025.index]).mean()
    assert quarters.is_monotonic_increasing


def test_the_latest_outline_is_the_latest_date_drawn(embedded_runs) -> None:
    outline = occupied_outline(embedded_runs, embedded_runs.dates[-1], 0.005)
    assert outline.is_valid
    assert outline.contains(shapely.Point(38.0, 48.3))  # Horlivka
    assert not outline.contains(shapely.Point(36.25, 49.99))  # Kharkiv


def test_the_csv_carries_the_area_the_source_and_every_date(store_runs) -> None:
    history = area_history(HALF, store_runs)
    table = pd.read_csv(pd.io.common.BytesIO(history_csv(history)))
    assert list(table["date"]) == [d.isoformat() for d in history.table["date"]]
    assert table["occupied_pct"].iloc[2] == pytest.approx(50.0, abs=0.01)
    assert set(table["geometry_from"]) == {FULL_PRECISION}
    assert shapely.from_wkt(table["area_wkt"].iloc[0]).equals(HALF)
    assert table["source"].str.contains("DeepState").all()


def test_the_geojson_is_the_area_with_its_history(store_runs) -> None:
    history = area_history(HALF, store_runs)
    feature = json.loads(history_geojson(history, [{"date": "2024-07-08"}]))
    assert shapely.geometry.shape(feature["geometry"]).equals(HALF)
    properties = feature["properties"]
    assert properties["first"] == LAYERED_WEEKS[0].isoformat()
    assert properties["last"] == DAILY_DAYS[-1].isoformat()
    assert "DeepStateMap" in properties["provenance"]
    assert properties["largest_changes"] == [{"date": "2024-07-08"}]
    assert [row["occupied_pct"] for row in properties["history"]][-1] == pytest.approx(100.0)


def test_the_command_line_gives_the_figures_the_model_gives(
    two_source_store: Path, store_runs, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "half.geojson"
    path.write_text(json.dumps(feature_collection([HALF])))
    out = tmp_path / "half.csv"
    status = main(
        ["stats", "--area", str(path), "--store", str(two_source_store), "--out", str(out)]
    )
    assert status == 0
    assert out.read_bytes() == history_csv(area_history(HALF, store_runs))
    assert "DeepStateMap" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (json.dumps(feature_collection([shapely.Point(37.5, 48.0)])), "A point has no area"),
        (json.dumps(feature_collection([HALF], "EPSG:99999")), "unknown CRS"),
        (json.dumps(feature_collection([shapely.box(10, 50, 11, 51)])), "outside Ukraine"),
    ],
)
def test_the_command_line_refuses_a_bad_area_in_one_line(
    two_source_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    words: str,
) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    out = tmp_path / "bad.csv"
    status = main(
        ["stats", "--area", str(path), "--store", str(two_source_store), "--out", str(out)]
    )
    assert status == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0] and "Traceback" not in err[0]
    assert not out.exists()
