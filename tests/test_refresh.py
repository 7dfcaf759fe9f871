"""Refreshing the store: incremental, idempotent, safe under failure and concurrency."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely
import shapely.affinity

from frontline.ingest import refresh as refresh_module
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store, StoreError, refresh_lock
from frontline.registry import DAILY, OCCUPIED
from tests.synthetic import make_days, snapshot_name, west_of, write_snapshot

DAY = date(2026, 1, 1)  # the first day make_days writes


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
    before = store.path.read_bytes()
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert (report.added, report.replaced, report.unchanged) == ([], [], 3)
    assert store.path.read_bytes() == before, "a refresh with nothing new wrote to the store"


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
    figures = store.figures().set_index(["date", "oblast"])
    assert figures.loc[(DAY, "Donetsk"), "occupied_pct"] > 90


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


def shrunk(region: Region) -> Region:
    """The same oblasts, a tenth smaller: boundaries that differ from the stored ones."""
    return Region({n: shapely.affinity.scale(g, 0.9, 0.9) for n, g in region.oblasts.items()})


def test_new_boundaries_remeasure_every_day(folder: Path, store: Store, region: Region) -> None:
    make_days(folder, 2)
    refresh(FolderSource(folder), store, region, workers=1)
    other = shrunk(region)
    report = refresh(FolderSource(folder), store, other, workers=1)
    assert len(report.replaced) == 2
    assert {s.boundaries for s in store.stored(DAILY, OCCUPIED).values()} == {other.fingerprint}
    assert refresh(FolderSource(folder), store, other, workers=1).unchanged == 2


def test_after_new_boundaries_only_the_failed_day_is_retried(
    folder: Path, store: Store, region: Region
) -> None:
    days = make_days(folder, 3)
    refresh(FolderSource(folder), store, region, workers=1)
    (folder / snapshot_name(days[1])).write_text("garbage")
    other = shrunk(region)
    first = refresh(FolderSource(folder), store, other, workers=1)
    assert (first.replaced, len(first.failed)) == ([days[0], days[2]], 1)
    write_snapshot(folder, days[1], [west_of(38.0)])
    second = refresh(FolderSource(folder), store, other, workers=1)
    assert (second.replaced, second.unchanged, second.failed) == ([days[1]], 2, [])


def test_refresh_waits_then_refuses_while_another_holds_the_lock(
    folder: Path, store: Store, region: Region
) -> None:
    make_days(folder, 1)
    with refresh_lock(store.directory), pytest.raises(StoreError, match="another refresh"):
        refresh(FolderSource(folder), store, region, workers=1, lock_wait_s=0.3)
    assert store.dates() == []


def _refresh_in_child(folder: str, store_dir: str, start: object, results: object) -> None:
    from frontline.model.boundaries import measuring_region

    region = measuring_region()
    start.wait()  # type: ignore[attr-defined]
    # Slow enough that the two runs overlap: without the lock both would measure every day.
    report = refresh(
        FolderSource(folder),
        Store(store_dir, create=True),
        region,
        workers=1,
        progress=lambda *_: time.sleep(0.1),
    )
    # Whether the child ran the app before its target, as it does when AppTest left the app
    # installed as `__main__` in the parent.
    ran_app = "pages" in sys.modules
    results.put((len(report.added) + len(report.replaced), report.unchanged, ran_app))  # type: ignore[attr-defined]


@pytest.mark.slow
def test_concurrent_refreshes_measure_each_day_once(
    folder: Path, tmp_path: Path, region: Region
) -> None:
    days = make_days(folder, 12)
    store_dir = tmp_path / "shared-store"
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    children = [
        context.Process(
            target=_refresh_in_child, args=(str(folder), str(store_dir), start, results)
        )
        for _ in range(2)
    ]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(60)
    assert [c.exitcode for c in children] == [0, 0]
    assert not any(ran_app for *_, ran_app in outcomes)
    measured, unchanged, _ = (sum(column) for column in zip(*outcomes, strict=True))
    assert (measured, unchanged) == (len(days), len(days))
    store = Store(store_dir)
    assert store.dates() == days
    assert store.figures().groupby("date").size().tolist() == pieces_per_day(region, len(days))


def test_missing_source_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        FolderSource(tmp_path / "nowhere")


def test_opening_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run `python -m frontline refresh` first"):
        Store(tmp_path / "absent")


def test_content_change_with_the_same_size_and_mtime_is_remeasured(
    folder: Path, store: Store, region: Region
) -> None:
    make_days(folder, 1)
    path = folder / snapshot_name(DAY)
    refresh(FolderSource(folder), store, region, workers=1)
    before = path.stat()
    # Same length, other content: the occupied box ends at 38.55° instead of 37.55°.
    path.write_text(path.read_text().replace("37.5", "38.5"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert report.replaced == [DAY]


def test_only_the_failed_file_is_retried(
    folder: Path, store: Store, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = make_days(folder, 4)
    (folder / snapshot_name(days[2])).write_text("garbage")
    (folder / "deepstatemap_data_2026010\u0661.geojson").write_text("{}")
    refresh(FolderSource(folder), store, region, workers=1)
    measured = []
    real = refresh_module._measure

    def counting(job: refresh_module.Job, region: Region) -> object:
        measured.append(job.entry.date)
        return real(job, region)

    monkeypatch.setattr(refresh_module, "_measure", counting)
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert measured == [days[2]]
    assert report.unchanged == 3 and len(report.failed) == 2


def test_a_day_deleted_from_the_source_is_kept_and_marked(
    folder: Path, store: Store, region: Region
) -> None:
    days = make_days(folder, 3)
    refresh(FolderSource(folder), store, region, workers=1)
    content = (folder / snapshot_name(days[1])).read_bytes()
    (folder / snapshot_name(days[1])).unlink()
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert report.gone == [days[1]] and report.unchanged == 2
    assert store.dates() == days
    assert sorted(set(store.figures(in_source_only=True)["date"])) == [days[0], days[2]]
    (folder / snapshot_name(days[1])).write_bytes(content)
    again = refresh(FolderSource(folder), store, region, workers=1)
    assert (again.gone, again.unchanged) == ([], 3)
    assert sorted(set(store.figures(in_source_only=True)["date"])) == days


def test_a_stored_day_whose_file_turned_unusable_is_still_in_the_source(
    folder: Path, store: Store, region: Region
) -> None:
    days = make_days(folder, 2)
    refresh(FolderSource(folder), store, region, workers=1)
    (folder / snapshot_name(days[0])).unlink()
    (folder / snapshot_name(days[0])).mkdir()
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert report.gone == [] and len(report.failed) == 1
    assert all(s.in_source for s in store.stored(DAILY, OCCUPIED).values())
