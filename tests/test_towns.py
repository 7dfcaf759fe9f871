"""Towns measured as the occupied share of their extent: known answers, states, the kept table."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from frontline.config import DISPLAY_CRS
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model import town_table, towns
from frontline.model.dataset import open_dataset
from frontline.model.gazetteer import find_towns, load_gazetteer
from frontline.model.towns import (
    CONTESTED,
    CONTESTED_FROM,
    INSIDE,
    INSIDE_FROM,
    MIN_RADIUS_KM,
    OUTSIDE,
    derived_events,
    occupied_shares,
    radius_km,
    share_table,
    state_of,
    town_changes,
    town_extents,
    town_periods,
)
from tests.synthetic import write_snapshot

# A square well inside Donetsk oblast; its east edge runs along 37.70° E.
SQUARE = shapely.box(37.60, 48.20, 37.70, 48.30)
HALF_MORE = shapely.box(37.60, 48.20, 37.80, 48.30)
D1, D2, D3, D4 = (date(2026, 1, 1) + timedelta(days=7 * i) for i in range(4))
SCHEDULE = {D1: [], D2: [SQUARE], D3: [HALF_MORE], D4: [SQUARE]}
POPULATION = 20_000


def synthetic_towns() -> gpd.GeoDataFrame:
    """A town in the square, one astride its east edge, and one far away."""
    return gpd.GeoDataFrame(
        {
            "id": [1, 2, 3],
            "name": ["Middle", "Edge", "Far"],
            "oblast": ["Donetsk"] * 3,
            "population": [POPULATION] * 3,
        },
        geometry=[
            shapely.Point(37.65, 48.25),
            shapely.Point(37.70, 48.25),
            shapely.Point(38.5, 47.5),
        ],
        crs=DISPLAY_CRS,
    )


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory, region: Region) -> Path:
    folder = tmp_path_factory.mktemp("town-squares")
    for day, squares in SCHEDULE.items():
        write_snapshot(folder, day, squares)
    directory = tmp_path_factory.mktemp("town-store")
    refresh(FolderSource(folder), Store(directory, create=True), region, workers=1)
    return directory


def copy_store(store_dir: Path, tmp_path: Path) -> Path:
    """A store of its own for a test that writes the town table beside it."""
    copy = tmp_path / "store"
    copy.mkdir()
    (copy / "frontline.sqlite").write_bytes((store_dir / "frontline.sqlite").read_bytes())
    return copy


@pytest.fixture(scope="module")
def shares(store_dir: Path) -> object:
    dataset = open_dataset(store_dir)
    return share_table(synthetic_towns(), sorted(SCHEDULE), dataset.occupied)


def test_a_circle_holds_the_population_at_the_stated_density() -> None:
    assert radius_km(np.array([POPULATION]))[0] == pytest.approx(
        math.sqrt(POPULATION / towns.DENSITY_PER_KM2 / math.pi)
    )
    # No population recorded, or a hamlet: the smallest circle.
    assert list(radius_km(np.array([0, 10]))) == [MIN_RADIUS_KM, MIN_RADIUS_KM]
    circle = town_extents(synthetic_towns())[0]
    assert circle.area / 1e6 == pytest.approx(POPULATION / towns.DENSITY_PER_KM2, rel=0.01)


def test_shares_are_the_part_of_each_circle_inside_the_occupied_area(shares) -> None:
    assert list(shares.loc[D1]) == [0.0, 0.0, 0.0]
    middle, edge, far = shares.loc[D2]
    assert middle == pytest.approx(1.0)
    # A meridian through the centre halves the circle (to the curvature of the projection).
    assert edge == pytest.approx(0.5, abs=0.01)
    assert far == 0.0
    assert shares.loc[D3, 2] == pytest.approx(1.0)


def test_a_town_on_an_oblast_edge_adds_both_oblasts_parts() -> None:
    town = synthetic_towns().iloc[[1]]
    circle = town_extents(town)
    west, east = (
        shapely.box(0, 0, circle[0].centroid.x, 1e8),
        shapely.box(circle[0].centroid.x, 0, 1e8, 1e8),
    )
    shares = occupied_shares(circle, {"A": west, "B": east})
    assert shares[0] == pytest.approx(1.0)


def test_states_follow_the_stated_thresholds() -> None:
    below, at = CONTESTED_FROM - 1e-9, INSIDE_FROM
    assert list(state_of(np.array([0.0, below, CONTESTED_FROM, 0.5, at, 1.0]))) == [
        OUTSIDE,
        OUTSIDE,
        CONTESTED,
        CONTESTED,
        INSIDE,
        INSIDE,
    ]


def test_the_history_lists_when_each_state_began(shares) -> None:
    periods = town_periods(shares, 2)
    assert [(p.state, p.first, p.last, p.before) for p in periods] == [
        (OUTSIDE, D1, D1, None),
        (CONTESTED, D2, D2, D1),
        (INSIDE, D3, D3, D2),
        (CONTESTED, D4, D4, D3),
    ]
    assert periods[1].share_first == pytest.approx(0.5, abs=0.01)
    assert [p.state for p in town_periods(shares, 3)] == [OUTSIDE]


def test_changes_name_both_states_and_the_first_snapshot_that_differs(shares) -> None:
    changes = town_changes(shares, D1, D3)
    assert [(c.id, c.state_before, c.state_after) for c in changes] == [
        (1, OUTSIDE, INSIDE),
        (2, OUTSIDE, INSIDE),
    ]
    assert (changes[1].changed_on, changes[1].previous_snapshot) == (D2, D1)
    assert changes[1].share_after == pytest.approx(1.0)
    # Contested, inside, contested again: the same state at both ends is no change.
    assert [c.id for c in town_changes(shares, D2, D4)] == []


def test_each_change_of_state_is_a_derived_event_citing_both_snapshots(shares) -> None:
    events = derived_events(shares, synthetic_towns())
    edge = events[events["place"] == "Edge"]
    assert list(edge["date"]) == [D2, D3, D4]
    assert list(edge["title"]) == [
        "Edge: outside → contested",
        "Edge: contested → inside",
        "Edge: inside → contested",
    ]
    assert "50 % occupied" in edge["summary"].iloc[0]
    assert edge["source"].iloc[0] == f"DeepStateMap snapshots of {D1} and {D2}"
    assert set(events["category"]) == {"derived"}


def test_the_table_is_kept_beside_the_store_and_read_back(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = copy_store(store_dir, tmp_path)
    dataset = open_dataset(copy)
    measured = town_table.town_shares(dataset, synthetic_towns())
    assert (copy / town_table.TABLE_NAME).is_file()
    assert list(measured.index) == sorted(SCHEDULE)

    def no_measuring(*args: object) -> None:
        raise AssertionError("measured again although the kept table matches")

    monkeypatch.setattr(towns, "share_table", no_measuring)
    again = town_table.town_shares(open_dataset(copy), synthetic_towns())
    assert again.equals(measured)


def test_only_new_snapshots_are_measured_and_a_new_method_measures_all(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = copy_store(store_dir, tmp_path)
    dataset = open_dataset(copy)
    full = town_table.town_shares(dataset, synthetic_towns())
    kept = town_table.read_table(
        copy / town_table.TABLE_NAME, town_table.method_key(synthetic_towns())
    )
    assert kept is not None
    # Forget the last day, as if the table had been kept before it was refreshed.
    shares, prints = kept
    del prints[D4]
    town_table.write_table(
        copy / town_table.TABLE_NAME,
        town_table.method_key(synthetic_towns()),
        shares.drop(index=D4),
        prints,
    )
    asked: list[list[date]] = []
    real = towns.share_table

    def counting(table_towns, days, pieces_on):
        asked.append(list(days))
        return real(table_towns, days, pieces_on)

    monkeypatch.setattr(towns, "share_table", counting)
    assert town_table.town_shares(open_dataset(copy), synthetic_towns()).equals(full)
    assert asked == [[D4]]
    bigger = synthetic_towns().assign(population=POPULATION * 2)
    town_table.town_shares(open_dataset(copy), bigger)
    assert asked[-1] == sorted(SCHEDULE)


def test_an_unreadable_or_unwritable_table_is_measured_again(
    store_dir: Path, tmp_path: Path
) -> None:
    copy = copy_store(store_dir, tmp_path)
    (copy / town_table.TABLE_NAME).write_bytes(b"not a table")
    dataset = open_dataset(copy)
    first = town_table.town_shares(dataset, synthetic_towns())
    assert (
        town_table.read_table(
            copy / town_table.TABLE_NAME, town_table.method_key(synthetic_towns())
        )
        is not None
    )
    # A folder that refuses the file: the table still comes back, only not kept.
    (copy / town_table.TABLE_NAME).unlink()
    (copy / town_table.TABLE_NAME).mkdir()
    assert town_table.town_shares(open_dataset(copy), synthetic_towns()).equals(first)


def test_no_geometry_means_no_town_shares(tmp_path: Path) -> None:
    dataset = open_dataset(tmp_path / "absent", history=tmp_path / "absent.parquet")
    assert town_table.town_shares(dataset) is None


@pytest.fixture(scope="module")
def pokrovsk_store(archive: Path, tmp_path_factory: pytest.TempPathFactory, region: Region) -> Path:
    folder = tmp_path_factory.mktemp("pokrovsk-days")
    for day in (date(2025, 10, 1), date(2025, 11, 1), date(2026, 3, 1)):
        name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
        (folder / name).symlink_to(archive / name)
    directory = tmp_path_factory.mktemp("pokrovsk-store")
    refresh(FolderSource(folder), Store(directory, create=True), region, workers=1)
    return directory


@pytest.mark.archive
def test_pokrovsk_goes_from_outside_to_contested_to_inside(pokrovsk_store: Path) -> None:
    gazetteer = load_gazetteer()
    shares = town_table.town_shares(open_dataset(pokrovsk_store), gazetteer)
    pokrovsk = int(find_towns(gazetteer, "Pokrovsk")["id"].iloc[0])
    assert list(state_of(shares[pokrovsk].to_numpy())) == [OUTSIDE, CONTESTED, INSIDE]
