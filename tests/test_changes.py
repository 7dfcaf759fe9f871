"""Changes between dates: known answers from synthetic snapshots, and the real archive."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from frontline.config import AREA_CRS, DISPLAY_CRS
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import FOCUS
from frontline.model.changes import (
    ComparisonError,
    area_changes,
    area_figures,
    area_order,
    choose_pair,
    extrapolate,
    weekly_gains,
)
from frontline.model.dataset import open_dataset
from frontline.model.figures import CHANGE_WINDOWS, figures_on
from tests.synthetic import write_snapshot

# Two squares well inside Donetsk oblast.
SQUARE_A = shapely.box(37.30, 48.20, 37.40, 48.30)
SQUARE_B = shapely.box(37.60, 48.20, 37.70, 48.30)
D1, D2, D3, D4 = (date(2026, 1, 1) + timedelta(days=7 * i) for i in range(4))
SCHEDULE = {D1: [SQUARE_A], D2: [SQUARE_A, SQUARE_B], D3: [SQUARE_B], D4: [SQUARE_A]}


def km2(geometry: shapely.Geometry) -> float:
    """The area of a WGS84 geometry in EPSG:3035, measured independently of the code."""
    return float(gpd.GeoSeries([geometry], crs=DISPLAY_CRS).to_crs(AREA_CRS).area.iloc[0]) / 1e6


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory, region: Region) -> Store:
    folder = tmp_path_factory.mktemp("squares")
    for day, squares in SCHEDULE.items():
        write_snapshot(folder, day, squares)
    store = Store(tmp_path_factory.mktemp("squares-store"), create=True)
    refresh(FolderSource(folder), store, region, workers=1)
    return store


def test_a_square_added_is_gained_and_nothing_is_lost(synthetic: Store) -> None:
    (donetsk, luhansk) = area_changes(synthetic.pieces(D1, FOCUS), synthetic.pieces(D2, FOCUS))
    assert donetsk.area == "Donetsk" and luhansk.area == "Luhansk"
    assert donetsk.gained_km2 == pytest.approx(km2(SQUARE_B), rel=1e-6)
    assert donetsk.lost_km2 == pytest.approx(0, abs=1e-6)
    assert donetsk.kept.area / 1e6 == pytest.approx(km2(SQUARE_A), rel=1e-6)
    assert luhansk.gained_km2 == luhansk.lost_km2 == 0


def test_a_square_removed_is_lost_and_net_matches_the_figures(synthetic: Store) -> None:
    pair = choose_pair(synthetic.dates(), D2, D3)
    changes = area_changes(synthetic.pieces(D2, FOCUS), synthetic.pieces(D3, FOCUS))
    donetsk = area_figures(synthetic.figures(), pair, changes)[0]
    assert donetsk.lost_km2 == pytest.approx(km2(SQUARE_A), rel=1e-6)
    assert donetsk.gained_km2 == pytest.approx(0, abs=1e-6)
    assert donetsk.net_km2 == pytest.approx(donetsk.gained_km2 - donetsk.lost_km2, abs=1e-6)
    assert donetsk.net_pp == pytest.approx(donetsk.end_pct - donetsk.start_pct)
    assert donetsk.net_pp < 0


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (D3, D1, "is after the second"),
        (D2, D2, "same snapshot"),
        (D2 + timedelta(days=1), D2 + timedelta(days=3), "same snapshot"),
    ],
)
def test_reversed_or_equal_dates_are_refused_with_a_reason(
    synthetic: Store, start: date, end: date, words: str
) -> None:
    with pytest.raises(ComparisonError, match=words):
        choose_pair(synthetic.dates(), start, end)


def test_default_pair_is_the_latest_snapshot_and_30_days_before_or_the_first(
    synthetic: Store,
) -> None:
    # D4 less 30 days falls before the first snapshot, so the pair starts at the first.
    assert choose_pair(synthetic.dates(), None, None) == choose_pair(synthetic.dates(), D1, D4)
    pair = choose_pair(synthetic.dates(), None, D3 + timedelta(days=2))
    assert (pair.start, pair.end) == (D1, D3)
    assert pair.messages == (
        f"No snapshot for {D3 + timedelta(days=2)}: showing the latest before it, {D3}.",
    )


def test_areas_are_ordered_oblasts_first_then_others_then_the_country() -> None:
    assert area_order(["Ukraine", "Zaporizhzhia", "Luhansk", "Kharkiv", "Donetsk"]) == [
        "Donetsk",
        "Luhansk",
        "Kharkiv",
        "Zaporizhzhia",
        "Ukraine",
    ]


def test_weekly_gains_add_up_to_the_whole_change(synthetic: Store) -> None:
    figures = synthetic.figures()
    gains = weekly_gains(figures)
    donetsk = gains[gains["area"] == "Donetsk"]
    by_day = figures.set_index(["date", "oblast"])
    total = (
        by_day.loc[(D4, "Donetsk"), "occupied_km2"] - by_day.loc[(D1, "Donetsk"), "occupied_km2"]
    )
    assert donetsk["gained_km2"].sum() == pytest.approx(total)
    assert donetsk["mean_4w_km2"].isna().all()  # three weeks: no 4-week mean yet


def test_extrapolation_is_a_straight_line_from_its_inputs() -> None:
    days = [date(2026, 1, 1), date(2026, 4, 1)]
    figures = pd.DataFrame(
        {
            "date": days,
            "oblast": ["Donetsk", "Donetsk"],
            "occupied_km2": [500.0, 590.0],
            "occupied_pct": [50.0, 59.0],
            "source": ["s", "s"],
        }
    )
    line = extrapolate(figures)
    assert line.area_km2 == pytest.approx(1000.0)
    assert line.km2_per_day == pytest.approx(1.0)
    assert line.remaining_km2 == pytest.approx(410.0)
    assert line.reaches == date(2026, 4, 1) + timedelta(days=410)


def test_no_extrapolated_date_when_the_line_does_not_advance() -> None:
    figures = pd.DataFrame(
        {
            "date": [date(2026, 1, 1), date(2026, 4, 1)],
            "oblast": ["Donetsk"] * 2,
            "occupied_km2": [600.0, 590.0],
            "occupied_pct": [60.0, 59.0],
            "source": ["s", "s"],
        }
    )
    assert extrapolate(figures).reaches is None


@pytest.mark.archive
def test_the_compare_net_change_is_the_map_pages_30_day_change(archive_store: Path) -> None:
    dataset = open_dataset(archive_store)
    day = figures_on(dataset.figures, date(2026, 1, 6))
    month = day["Donetsk"].change(CHANGE_WINDOWS[1])
    assert month is not None
    pair = choose_pair(dataset.store.dates(), month.since, day.resolved.snapshot)
    changes = area_changes(dataset.occupied(pair.start), dataset.occupied(pair.end))
    donetsk = area_figures(dataset.figures, pair, changes)[0]
    assert donetsk.net_km2 == pytest.approx(month.km2)
    assert donetsk.net_pp == pytest.approx(month.pct_points)
    # The figures are measured on the same pieces: gained minus lost is the net change.
    assert donetsk.gained_km2 - donetsk.lost_km2 == pytest.approx(donetsk.net_km2, abs=0.01)
