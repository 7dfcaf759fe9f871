"""A refresh no bad file can break: named failures in the parallel path, and kill -9 at any time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path

import pytest

from frontline.config import CONTROL_CSV, PROJECT_ROOT
from frontline.ingest import refresh as refresh_module
from frontline.ingest.measure import Region
from frontline.ingest.refresh import Job, refresh
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.sources import Entry, FolderSource
from frontline.ingest.store import LOCK_NAME, Store
from frontline.model.figures import COLUMNS, SOURCE_ID, read_figures, to_csv_bytes
from frontline.registry import DAILY
from tests.synthetic import make_days, snapshot_name

POLYGON = '{"type": "Polygon", "coordinates": %s}'


def collection(*geometries: str, crs: str = "") -> str:
    features = ",".join(
        f'{{"type": "Feature", "properties": {{}}, "geometry": {g}}}' for g in geometries
    )
    return f'{{"type": "FeatureCollection", {crs} "features": [{features}]}}'


# Bad files as they might land in a snapshot folder: name -> (content, the reason named).
BAD_FILES = {
    "deepstatemap_data_20300101.geojson": (
        '{"type": "FeatureCollection", "features": [',
        "not valid JSON",
    ),
    "deepstatemap_data_20300102.geojson": (collection(POLYGON % '"abc"'), "must be an array"),
    "deepstatemap_data_20300103.geojson": (
        collection(POLYGON % "[[[37, 47], [true, false], [38, 48], [37, 47]]]"),
        "not an array of numbers",
    ),
    "deepstatemap_data_20300104.geojson": (
        collection(POLYGON % '[[["37", "47"], ["38", "47"], ["38", "48"], ["37", "47"]]]'),
        "not an array of numbers",
    ),
    "deepstatemap_data_20300105.geojson": (collection("null"), "has no geometry"),
    "deepstatemap_data_20300106.geojson": (
        collection(POLYGON % "[]", crs='"crs": {"properties": {"name": {"a": 1}}},'),
        "is not a string",
    ),
    "deepstatemap_data_20300107.geojson": ("", "not valid JSON"),
    "deepstatemap_data_202601\u0660\u0666.geojson": ("{}", "not a deepstatemap_data_YYYYMMDD"),
    "deepstatemap_data_20260106.geojson\n": ("{}", "not a deepstatemap_data_YYYYMMDD"),
}
EMPTY_DAY = date(2030, 2, 1)


def link_archive(archive: Path, folder: Path, limit: int | None = None) -> list[date]:
    """A folder of links to the archive's files (the first `limit`), and their dates."""
    folder.mkdir()
    files = sorted(archive.glob("deepstatemap_data_*.geojson"))[:limit]
    for path in files:
        (folder / path.name).symlink_to(path)
    return [date(int(p.stem[-8:-4]), int(p.stem[-4:-2]), int(p.stem[-2:])) for p in files]


@pytest.mark.archive
@pytest.mark.slow
def test_the_archive_plus_bad_files_refreshes_in_parallel_storing_every_good_day(
    archive: Path, tmp_path: Path, region: Region
) -> None:
    days = link_archive(archive, tmp_path / "snapshots")
    folder = tmp_path / "snapshots"
    for name, (content, _) in BAD_FILES.items():
        (folder / name).write_text(content)
    (folder / snapshot_name(EMPTY_DAY)).write_text(collection())
    os.mkfifo(folder / "deepstatemap_data_20300108.geojson")
    (folder / "deepstatemap_data_20300109.geojson").mkdir()
    (tmp_path / "elsewhere.txt").write_text("{}")
    (folder / "deepstatemap_data_20300110.geojson").symlink_to(tmp_path / "elsewhere.txt")
    expected = {name: reason for name, (_, reason) in BAD_FILES.items()} | {
        "deepstatemap_data_20300108.geojson": "not a regular file (a FIFO)",
        "deepstatemap_data_20300109.geojson": "not a regular file (a folder)",
        "deepstatemap_data_20300110.geojson": "a link that leaves the folder",
        # After the archive's last day, a file without polygons is not plausible.
        snapshot_name(EMPTY_DAY): f"implausible on {EMPTY_DAY}: {refresh_module.EMPTY_FILE}",
    }
    store = Store(tmp_path / "store", create=True)

    report = refresh(FolderSource(folder), store, region, workers=2)

    failed = {error.name: error.problem for error in report.failed}
    assert sorted(failed) == sorted(expected)
    for name, reason in expected.items():
        assert reason in failed[name], name
    assert store.dates() == days
    assert report.empty == []
    committed = read_figures(CONTROL_CSV)
    daily = committed[committed[SOURCE_ID] == DAILY][COLUMNS].reset_index(drop=True)
    assert to_csv_bytes(store.figures()) == to_csv_bytes(daily)


def dying_on(names: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the worker measuring each named file die: by SIGKILL, or by os._exit."""
    real = refresh_module._measure

    def measure(job: Job, region: Region) -> object:
        how = names.get(job.entry.name)
        if how == "signal":
            os.kill(os.getpid(), signal.SIGKILL)
        elif how == "exit":
            os._exit(3)
        return real(job, region)

    # Workers are forked, so they run the replaced function too.
    monkeypatch.setattr(refresh_module, "_measure", measure)


def test_a_worker_that_dies_costs_only_the_file_it_measured(
    tmp_path: Path, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 16)
    deadly = {snapshot_name(days[3]): "signal", snapshot_name(days[11]): "exit"}
    dying_on(deadly, monkeypatch)
    store = Store(tmp_path / "store", create=True)

    report = refresh(FolderSource(folder), store, region, workers=2)

    assert sorted(e.name for e in report.failed) == sorted(deadly)
    assert all("the process measuring it died" in e.problem for e in report.failed)
    assert store.dates() == [d for i, d in enumerate(days) if i not in (3, 11)]
    assert report.added == store.dates()


def test_a_pool_found_broken_when_work_is_handed_out_still_measures_every_day(
    tmp_path: Path, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A worker can die between two looks at the results: the next hand-out then finds the
    # pool broken, and the work it held must be measured, not lost or raised.
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 16)
    start = refresh_module._Pool._start
    handed_out = []

    def breaking_start(pool: object, workers: int) -> ProcessPoolExecutor:
        executor = start(pool, workers)
        submit = executor.submit

        def breaking_submit(*args: object) -> object:
            handed_out.append(args)
            if len(handed_out) == 2:
                raise BrokenProcessPool("a worker died")
            return submit(*args)

        executor.submit = breaking_submit  # type: ignore[method-assign]
        return executor

    monkeypatch.setattr(refresh_module._Pool, "_start", breaking_start)
    store = Store(tmp_path / "store", create=True)

    report = refresh(FolderSource(folder), store, region, workers=2)

    assert len(handed_out) > 2
    assert report.failed == []
    assert store.dates() == days


def test_a_result_that_cannot_travel_back_costs_only_its_file(
    tmp_path: Path, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 16)
    broken = snapshot_name(days[5])
    real = refresh_module._measure

    def measure(job: Job, region: Region) -> object:
        if job.entry.name == broken:
            return lambda: None  # a worker cannot pickle this to send it back
        return real(job, region)

    monkeypatch.setattr(refresh_module, "_measure", measure)
    store = Store(tmp_path / "store", create=True)

    report = refresh(FolderSource(folder), store, region, workers=2)

    assert [e.name for e in report.failed] == [broken]
    assert "cannot be measured" in report.failed[0].problem
    assert store.dates() == [d for i, d in enumerate(days) if i != 5]


class VanishingSource(FolderSource):
    """A folder whose first file is deleted after the listing, as another program might."""

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
        found, errors = super().entries()
        (self.folder / found[0].name).unlink()
        return found, errors


def test_a_file_that_vanishes_after_the_listing_is_named_in_the_parallel_path(
    tmp_path: Path, region: Region
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 10)
    store = Store(tmp_path / "store", create=True)
    report = refresh(VanishingSource(folder), store, region, workers=2)
    assert [(e.name, e.problem) for e in report.failed] == [
        (snapshot_name(days[0]), "vanished from the folder after it was listed")
    ]
    assert store.dates() == days[1:]


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging for ever."""

    def hung(*_: object) -> None:
        raise TimeoutError("hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_fifo_put_in_place_of_a_listed_file_is_named_not_waited_for(
    tmp_path: Path, region: Region, alarm: None
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 10)

    class FifoSource(FolderSource):
        def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
            found, errors = super().entries()
            (self.folder / found[4].name).unlink()
            os.mkfifo(self.folder / found[4].name)
            return found, errors

    store = Store(tmp_path / "store", create=True)
    report = refresh(FifoSource(folder), store, region, workers=2)
    assert [(e.name, e.problem) for e in report.failed] == [
        (snapshot_name(days[4]), "not a regular file (a FIFO)")
    ]
    assert len(store.dates()) == 9


def test_only_regular_files_and_links_that_stay_are_snapshots(tmp_path: Path) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    make_days(folder, 1)
    good = folder / snapshot_name(date(2026, 1, 1))
    (folder / "deepstatemap_data_20260102.geojson").symlink_to(good)  # stays in the folder
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "deepstatemap_data_20260103.geojson").write_bytes(good.read_bytes())
    (folder / "deepstatemap_data_20260103.geojson").symlink_to(
        mirror / good.name.replace("0101", "0103")
    )
    (folder / "deepstatemap_data_20260104.geojson").symlink_to("/dev/zero")
    (folder / "deepstatemap_data_20260105.geojson").symlink_to(mirror)
    os.mkfifo(folder / "deepstatemap_data_20260106.geojson")
    (folder / "deepstatemap_data_20260107.geojson").mkdir()
    (folder / "deepstatemap_data_20260108.geojson").symlink_to(tmp_path / "missing")
    entries, errors = FolderSource(folder).entries()
    assert [e.date.day for e in entries] == [1, 2, 3]
    problems = {int(e.name[-10:-8]): e.problem for e in errors}
    assert problems[4].startswith("a link that leaves the folder (to /dev/zero)")
    assert problems[5].startswith("a link that leaves the folder")
    assert problems[6] == "not a regular file (a FIFO)"
    assert problems[7] == "not a regular file (a folder)"
    assert problems[8].startswith("a link that leaves the folder")


def test_a_device_file_is_not_a_snapshot(tmp_path: Path) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    try:
        os.mknod(folder / snapshot_name(date(2026, 1, 1)), 0o600 | 0o020000, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device file needs root")
    entries, (error,) = FolderSource(folder).entries()
    assert entries == [] and error.problem == "not a regular file (a character device)"


# A refresh started in its own process, as a user's shell would, so that it can be killed.
CHILD = """
import sys
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import measuring_region
refresh(FolderSource(sys.argv[1]), Store(sys.argv[2], create=True), measuring_region(),
        workers=2, progress=lambda done, total, name: print(done, flush=True))
"""


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a reaper that may never come."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.archive
@pytest.mark.slow
@pytest.mark.parametrize("files_done", [0, 10, 80])
def test_kill_9_at_any_moment_leaves_no_process_and_changes_no_figure(
    archive: Path, tmp_path: Path, region: Region, files_done: int
) -> None:
    folder = tmp_path / "snapshots"
    link_archive(archive, folder, limit=120)
    store_dir = tmp_path / "store"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(store_dir)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    done = 0
    while done < files_done:
        line = child.stdout.readline()
        assert line, "the refresh ended before it could be killed"
        done = int(line)
    workers = children_of(child.pid)
    child.kill()
    child.wait()

    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:  # leave nothing behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors, "workers outlived the killed refresh"
    if files_done:
        assert workers, "the refresh was killed before it started its workers"

    store = Store(store_dir, create=True)
    refresh(FolderSource(folder), store, region, workers=2, lock_wait_s=5)
    clean = Store(tmp_path / "clean", create=True)
    refresh(FolderSource(folder), clean, region, workers=1)
    assert to_csv_bytes(store.figures()) == to_csv_bytes(clean.figures())


def test_a_lock_file_left_by_a_dead_refresh_is_taken_over(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 2)
    store = Store(tmp_path / "store", create=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from frontline.ingest.store import refresh_lock\n"
            "with refresh_lock(sys.argv[1]):\n print('held', flush=True); time.sleep(600)",
            str(store.directory),
        ],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    assert (store.directory / LOCK_NAME).read_text() == f"{holder.pid}\n"
    holder.kill()
    holder.wait()
    report = refresh(FolderSource(folder), store, region, workers=1, lock_wait_s=2)
    assert report.added == days
