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
    derived_events,
    extrapolate,
    town_changes,
    town_periods,
    town_status,
    weekly_gains,
)
from frontline.model.dataset import open_dataset
from frontline.model.figures import CHANGE_WINDOWS, figures_on
from frontline.model.gazetteer import find_towns, load_gazetteer
from tests.synthetic import write_snapshot

# Two squares well inside Donetsk oblast, and a town in the second one.
SQUARE_A = shapely.box(37.30, 48.20, 37.40, 48.30)
SQUARE_B = shapely.box(37.60, 48.20, 37.70, 48.30)
D1, D2, D3, D4 = (date(2026, 1, 1) + timedelta(days=7 * i) for i in range(4))
SCHEDULE = {D1: [SQUARE_A], D2: [SQUARE_A, SQUARE_B], D3: [SQUARE_B], D4: [SQUARE_A]}


def km2(geometry: shapely.Geometry) -> float:
    """The area of a WGS84 geometry in EPSG:3035, measured independently of the code."""
    return float(gpd.GeoSeries([geometry], crs=DISPLAY_CRS).to_crs(AREA_CRS).area.iloc[0]) / 1e6


def synthetic_towns() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": [1, 2], "name": ["Crossing", "Far"], "oblast": ["Donetsk", "Donetsk"]},
        geometry=[SQUARE_B.centroid, shapely.Point(38.5, 47.5)],
        crs=DISPLAY_CRS,
    )


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


def test_a_town_that_crosses_the_line_and_back_has_three_periods(synthetic: Store) -> None:
    towns = synthetic_towns()
    status = town_status(towns, synthetic.dates(), lambda day: synthetic.pieces(day, FOCUS))
    periods = town_periods(status, 1)
    assert [(p.inside, p.first, p.last, p.before) for p in periods] == [
        (False, D1, D1, None),
        (True, D2, D3, D1),
        (False, D4, D4, D3),
    ]
    assert [(p.inside, p.first) for p in town_periods(status, 2)] == [(False, D1)]


def test_town_changes_name_the_first_snapshot_that_differs(synthetic: Store) -> None:
    status = town_status(
        synthetic_towns(), synthetic.dates(), lambda day: synthetic.pieces(day, FOCUS)
    )
    (change,) = town_changes(status, D1, D3)
    assert (change.id, change.inside_before, change.inside_after) == (1, False, True)
    assert (change.changed_on, change.previous_snapshot) == (D2, D1)
    # Out and back again between the two dates: the same status, so not a change.
    assert town_changes(status, D1, D4) == []


def test_each_crossing_is_a_derived_event_citing_both_snapshots(synthetic: Store) -> None:
    towns = synthetic_towns()
    events = derived_events(
        town_status(towns, synthetic.dates(), lambda day: synthetic.pieces(day, FOCUS)), towns
    )
    assert list(events["date"]) == [D2, D4]
    assert set(events["category"]) == {"derived"}
    assert events["source"].iloc[0] == f"DeepStateMap snapshots of {D1} and {D2}"
    assert "enters" in events["title"].iloc[0] and "leaves" in events["title"].iloc[1]


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


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Pokrowsk", "Pokrovsk"),
        ("pokrovsk", "Pokrovsk"),
        ("Severodonetsk", "Sievierodonetsk"),
        ("Sjewjerodonezk", None),
        ("Myrnohrad", "Myrnohrad"),
        ("Mirnograd", "Myrnohrad"),
        ("Chasiv Yar", "Chasiv Yar"),
        ("chasov-yar", "Chasiv Yar"),
        ("Toretsk", "Toretsk"),
        ("Dzerzhinsk", "Toretsk"),
        ("Kurakhove", "Kurakhove"),
        ("Kurakhovo", "Kurakhove"),
        ("Velyka Novosilka", "Velyka Novosilka"),
        ("Velikaya Novoselka", "Velyka Novosilka"),
        ("Siversk", "Siversk"),
        ("Seversk", "Siversk"),
        ("Mar’inka", "Mar'yinka"),
    ],
)
def test_towns_are_found_in_the_spellings_users_type(typed: str, found: str | None) -> None:
    names = list(find_towns(load_gazetteer(), typed)["name"])
    if found is None:
        assert found not in names
    else:
        assert names[0] == found


def test_a_partial_name_lists_the_larger_town_first() -> None:
    names = list(find_towns(load_gazetteer(), "Kost")["name"])
    assert names[0] == "Kostiantynivka"
    assert find_towns(load_gazetteer(), "  ").empty


@pytest.fixture(scope="module")
def pokrovsk_store(
    archive: Path, tmp_path_factory: pytest.TempPathFactory, region: Region
) -> Store:
    folder = tmp_path_factory.mktemp("pokrovsk-days")
    for day in (date(2025, 11, 1), date(2026, 1, 6)):
        name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
        (folder / name).symlink_to(archive / name)
    store = Store(tmp_path_factory.mktemp("pokrovsk-store"), create=True)
    refresh(FolderSource(folder), store, region, workers=1)
    return store


@pytest.mark.archive
def test_pokrovsk_is_outside_on_1_november_2025_and_inside_on_6_january_2026(
    pokrovsk_store: Store,
) -> None:
    towns = load_gazetteer()
    status = town_status(
        towns, pokrovsk_store.dates(), lambda day: pokrovsk_store.pieces(day, FOCUS)
    )
    pokrovsk = int(find_towns(towns, "Pokrovsk")["id"].iloc[0])
    assert list(status[pokrovsk]) == [False, True]
    changes = town_changes(status, date(2025, 11, 1), date(2026, 1, 6))
    assert pokrovsk in {c.id for c in changes}


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
