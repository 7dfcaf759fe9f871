"""Refreshing the store: incremental, idempotent, safe under failure and concurrency."""

from __future__ import annotations

import multiprocessing
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely

from frontline.ingest import refresh as refresh_module
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store, StoreError, refresh_lock
from tests.synthetic import snapshot_name, write_snapshot

DAY = date(2026, 1, 1)


def west_of(meridian: float) -> shapely.Geometry:
    return shapely.box(30.0, 44.0, meridian, 53.0)


def make_days(folder: Path, count: int, start: date = DAY) -> list[date]:
    """`count` consecutive days whose occupied area grows eastward by 0.05° a day."""
    days = [start + timedelta(days=i) for i in range(count)]
    for i, day in enumerate(days):
        write_snapshot(folder, day, [west_of(37.5 + 0.05 * i)])
    return days


def pieces_per_day(region: Region, count: int) -> list[int]:
    """How many areas each of `make_days`' days reaches: the rows a whole day has."""
    return [len(region.measure(west_of(37.5 + 0.05 * i))) for i in range(count)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "snapshots"
    path.mkdir()
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store", create=True)


def test_refresh_fills_an_empty_store(folder: Path, store: Store, region: Region) -> None:
    days = make_days(folder, 3)
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert report.added == days and not report.failed
    figures = store.figures()
    assert figures.groupby("date").size().tolist() == pieces_per_day(region, 3)
    donetsk = figures[figures["oblast"] == "Donetsk"]["occupied_pct"].tolist()
    assert donetsk == sorted(donetsk) and donetsk[0] < donetsk[-1]
    assert figures["source"].iloc[0].endswith(snapshot_name(days[0]))


def test_second_refresh_changes_nothing(folder: Path, store: Store, region: Region) -> None:
    make_days(folder, 3)
    refresh(FolderSource(folder), store, region, workers=1)
    before = store.path.read_bytes(), store.figures()
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert (report.added, report.replaced, report.unchanged) == ([], [], 3)
    assert store.figures().equals(before[1])


def test_only_new_days_are_read(folder: Path, store: Store, region: Region) -> None:
    make_days(folder, 3)
    refresh(FolderSource(folder), store, region, workers=1)
    new = make_days(folder, 1, start=DAY + timedelta(days=10))
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert report.added == new and report.unchanged == 3


def test_changed_file_replaces_its_day(folder: Path, store: Store, region: Region) -> None:
    make_days(folder, 2)
    refresh(FolderSource(folder), store, region, workers=1)
    write_snapshot(folder, DAY, [west_of(39.0)])
    os.utime(folder / snapshot_name(DAY), ns=(1, 1))
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert report.replaced == [DAY]
    assert store.figures().iloc[0]["occupied_pct"] > 90


def test_touched_but_unchanged_file_is_not_remeasured(
    folder: Path, store: Store, region: Region
) -> None:
    make_days(folder, 1)
    refresh(FolderSource(folder), store, region, workers=1)
    os.utime(folder / snapshot_name(DAY), ns=(5, 5))
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert (report.replaced, report.unchanged) == ([], 1)


def test_broken_file_is_named_and_skipped(folder: Path, store: Store, region: Region) -> None:
    days = make_days(folder, 3)
    (folder / snapshot_name(days[1])).write_text('{"type": "FeatureCollection", "features": [')
    (folder / "deepstatemap_data_20261399.geojson").write_text("{}")
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert report.added == [days[0], days[2]]
    messages = sorted(str(f) for f in report.failed)
    assert messages[0].startswith(f"{snapshot_name(days[1])}: not valid JSON")
    assert "20261399 is not a calendar date" in messages[1]


def test_broken_file_keeps_the_stored_day(folder: Path, store: Store, region: Region) -> None:
    make_days(folder, 1)
    refresh(FolderSource(folder), store, region, workers=1)
    before = store.figures()
    (folder / snapshot_name(DAY)).write_text("garbage")
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert len(report.failed) == 1
    assert store.figures().equals(before)


def test_missing_days_are_simply_absent(folder: Path, store: Store, region: Region) -> None:
    days = make_days(folder, 5)
    (folder / snapshot_name(days[2])).unlink()
    refresh(FolderSource(folder), store, region, workers=1)
    assert store.dates() == [d for d in days if d != days[2]]


def test_failed_batch_leaves_earlier_batches_and_no_half_day(
    folder: Path, store: Store, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_days(folder, 5)
    monkeypatch.setattr(refresh_module, "BATCH", 2)
    real_write = Store.write
    calls = []

    def failing_write(self: Store, records: list) -> int:
        calls.append(len(records))
        if len(calls) == 2:
            records = [*records, "not a record"]  # fails midway through the transaction
        return real_write(self, records)

    monkeypatch.setattr(Store, "write", failing_write)
    with pytest.raises(AttributeError):
        refresh(FolderSource(folder), store, region, workers=1)
    figures = store.figures()
    assert len(store.dates()) == 2
    assert figures.groupby("date").size().tolist() == pieces_per_day(region, 2)


def test_pool_and_single_process_agree(folder: Path, tmp_path: Path, region: Region) -> None:
    make_days(folder, 10)
    single = Store(tmp_path / "one", create=True)
    pooled = Store(tmp_path / "two", create=True)
    refresh(FolderSource(folder), single, region, workers=1)
    refresh(FolderSource(folder), pooled, region, workers=2)
    assert single.figures().equals(pooled.figures())


def test_progress_reports_every_file(folder: Path, store: Store, region: Region) -> None:
    make_days(folder, 3)
    seen = []
    refresh(FolderSource(folder), store, region, workers=1, progress=lambda *a: seen.append(a))
    assert [(done, total) for done, total, _ in seen] == [(1, 3), (2, 3), (3, 3)]


def test_new_boundaries_remeasure_every_day(folder: Path, store: Store, region: Region) -> None:
    make_days(folder, 2)
    refresh(FolderSource(folder), store, region, workers=1)
    store.set_meta(refresh_module.BOUNDARIES_KEY, "measured-against-older-boundaries")
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert len(report.replaced) == 2
    assert store.get_meta(refresh_module.BOUNDARIES_KEY) == region.fingerprint


def test_refresh_waits_then_refuses_while_another_holds_the_lock(
    folder: Path, store: Store, region: Region
) -> None:
    make_days(folder, 1)
    with refresh_lock(store.directory), pytest.raises(StoreError, match="another refresh"):
        refresh(FolderSource(folder), store, region, workers=1, lock_wait_s=0.3)
    assert store.dates() == []


def _refresh_in_child(folder: str, store_dir: str) -> None:
    from frontline.model.boundaries import measuring_region

    refresh(
        FolderSource(folder),
        Store(store_dir, create=True),
        measuring_region(),
    )


def test_concurrent_refreshes_write_each_day_once(
    folder: Path, tmp_path: Path, region: Region
) -> None:
    days = make_days(folder, 12)
    store_dir = tmp_path / "shared-store"
    context = multiprocessing.get_context("spawn")
    children = [
        context.Process(target=_refresh_in_child, args=(str(folder), str(store_dir)))
        for _ in range(2)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [c.exitcode for c in children] == [0, 0]
    store = Store(store_dir)
    assert store.dates() == days
    assert store.figures().groupby("date").size().tolist() == pieces_per_day(region, len(days))


def test_missing_source_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        FolderSource(tmp_path / "nowhere")


def test_opening_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run `python -m frontline refresh` first"):
        Store(tmp_path / "absent")
