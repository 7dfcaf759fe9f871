"""Refreshing over HTTP from a local stand-in of the archive: only new days, faults per day."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from frontline import __version__
from frontline.cli import main
from frontline.config import PROJECT_ROOT, archive_url
from frontline.ingest.fetch import Limits, make_session
from frontline.ingest.measure import Region
from frontline.ingest.remote import NetworkError
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.ingest.update import ARCHIVE_START, UpdateReport, update
from tests.archive_server import SLOW_S, Archive, serve_archive
from tests.browser.harness import free_port

START = date(2026, 1, 1)
# Twelve days of the real archive; the server lacks 2026-01-07, so it answers 404 for it.
SERVED = {START + timedelta(days=i) for i in range(12)} - {date(2026, 1, 7)}
# The refresh runs "on" 2026-01-13, so it asks for 2026-01-01 to 2026-01-12.
NOW = datetime(2026, 1, 13, 12, tzinfo=UTC)
# A read timeout well under the slow fault's delay, and back-off too short to wait for.
LIMITS = Limits(connect_s=2.0, idle_s=SLOW_S / 3)

FAULTS = {
    date(2026, 1, 2): "500",
    date(2026, 1, 3): "slow",
    date(2026, 1, 4): "truncated",
    date(2026, 1, 5): "malformed",
    date(2026, 1, 6): "html",
    date(2026, 1, 8): "reset",
}


@pytest.fixture
def served(archive: Path) -> Iterator[Archive]:
    with serve_archive(Archive(archive, days=set(SERVED))) as running:
        yield running


def run_update(url: str, store_dir: Path, region: Region, **options: object) -> UpdateReport:
    options = {"now": NOW, "start": START, "limits": LIMITS, **options}
    store = Store(store_dir, create=True)
    return update(url, store, region, session=make_session(backoff_s=0.01), **options)


def stats(store_dir: Path, tmp_path: Path) -> bytes:
    """The bytes `frontline stats` writes for a store."""
    out = tmp_path / f"{store_dir.name}.csv"
    assert main(["stats", "--store", str(store_dir), "--out", str(out)]) == 0
    return out.read_bytes()


def test_refresh_over_http_gives_the_same_figures_as_the_folder(
    served: Archive, archive: Path, tmp_path: Path, region: Region
) -> None:
    report = run_update(served.url, tmp_path / "http", region)
    assert report.refresh.added == sorted(SERVED) and report.failed == {}
    assert report.missing == [date(2026, 1, 7)]
    folder = tmp_path / "folder-days"
    folder.mkdir()
    for day in SERVED:
        name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
        (folder / name).symlink_to(archive / name)
    from frontline.ingest.refresh import refresh

    refresh(FolderSource(folder), Store(tmp_path / "folder", create=True), region, workers=1)
    assert stats(tmp_path / "http", tmp_path) == stats(tmp_path / "folder", tmp_path)


def test_second_refresh_asks_only_for_days_after_the_newest(
    served: Archive, tmp_path: Path, region: Region
) -> None:
    run_update(served.url, tmp_path / "s", region)
    served.asked.clear()
    assert run_update(served.url, tmp_path / "s", region).asked == 0
    assert served.asked == []
    served.days.add(date(2026, 1, 12) + timedelta(days=1))
    report = run_update(served.url, tmp_path / "s", region, now=NOW + timedelta(days=1))
    assert served.asked == [date(2026, 1, 13)] and report.refresh.added == [date(2026, 1, 13)]


def test_days_not_asked_for_are_not_taken_for_dropped_from_the_archive(
    served: Archive, tmp_path: Path, region: Region
) -> None:
    """An HTTP refresh lists only the days it asks for; the others are still in the archive."""
    run_update(served.url, tmp_path / "s", region)
    served.days.add(date(2026, 1, 13))
    report = run_update(served.url, tmp_path / "s", region, now=NOW + timedelta(days=1))
    assert report.refresh.added == [date(2026, 1, 13)] and report.refresh.gone == []
    assert (
        Store(tmp_path / "s").figures(in_source_only=True).equals(Store(tmp_path / "s").figures())
    )


def test_every_request_names_the_client(served: Archive, tmp_path: Path, region: Region) -> None:
    run_update(served.url, tmp_path / "s", region)
    [agent] = served.agents
    assert agent.startswith(f"frontline/{__version__} (") and "Donetsk and Luhansk" in agent


def test_faults_fail_only_their_day_by_date(
    served: Archive, tmp_path: Path, region: Region
) -> None:
    served.faults.update(FAULTS)
    report = run_update(served.url, tmp_path / "s", region)
    assert sorted(report.failed) == sorted(FAULTS)
    words = {
        "500": "HTTP 500",
        "slow": "no answer within",
        "truncated": "cut short",
        "malformed": "not valid JSON",
        "html": "HTML page",
        "reset": "reset the connection",
    }
    for day, fault in FAULTS.items():
        assert words[fault] in report.failed[day], (day, report.failed[day])
    assert report.refresh.added == sorted(SERVED - set(FAULTS))


@pytest.mark.slow
def test_a_faulty_refresh_then_a_clean_one_equals_one_clean_refresh(
    served: Archive, tmp_path: Path, region: Region
) -> None:
    run_update(served.url, tmp_path / "clean", region)
    served.faults.update(FAULTS)
    run_update(served.url, tmp_path / "faulty", region)
    before = Store(tmp_path / "faulty").figures()
    again = run_update(served.url, tmp_path / "faulty", region)
    assert sorted(again.failed) == sorted(FAULTS), "failed days are asked again"
    assert Store(tmp_path / "faulty").figures().equals(before), "stored days changed"
    served.faults.clear()
    report = run_update(served.url, tmp_path / "faulty", region)
    assert report.refresh.added == sorted(FAULTS) and report.failed == {}
    assert stats(tmp_path / "faulty", tmp_path) == stats(tmp_path / "clean", tmp_path)


def test_a_missing_day_is_not_asked_again_until_a_week_has_passed(
    served: Archive, tmp_path: Path, region: Region
) -> None:
    late = date(2026, 1, 7)
    run_update(served.url, tmp_path / "s", region)
    served.days.add(late)
    served.asked.clear()
    run_update(served.url, tmp_path / "s", region, now=NOW + timedelta(days=6))
    assert served.asked and late not in served.asked
    report = run_update(served.url, tmp_path / "s", region, now=NOW + timedelta(days=7))
    assert late in report.refresh.added


def test_the_newest_days_missing_are_asked_again_on_every_run(
    served: Archive, tmp_path: Path, region: Region
) -> None:
    """Yesterday's file may simply not be published yet: a 404 there is not remembered."""
    served.days.discard(date(2026, 1, 12))
    run_update(served.url, tmp_path / "s", region)
    served.asked.clear()
    run_update(served.url, tmp_path / "s", region)
    assert served.asked == [date(2026, 1, 12)]


@pytest.mark.slow
def test_no_network_is_one_line_a_failure_and_an_untouched_store(
    served: Archive, tmp_path: Path, region: Region, capsys: pytest.CaptureFixture[str]
) -> None:
    run_update(served.url, tmp_path / "s", region)
    db = Store(tmp_path / "s").path
    before = db.read_bytes(), Store(tmp_path / "s").figures()
    with pytest.raises(NetworkError, match=r"cannot reach 127\.0\.0\.1"):
        run_update(f"http://127.0.0.1:{free_port()}/data/", tmp_path / "s", region)
    closed = f"http://127.0.0.1:{free_port()}/data/"
    assert main(["refresh", "--source", closed, "--store", str(tmp_path / "s")]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("frontline refresh: error: cannot reach")
    assert db.read_bytes() == before[0] and Store(tmp_path / "s").figures().equals(before[1])


def test_cli_reports_failed_days_by_date_and_exits_non_zero(
    served: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served.faults[date(2026, 1, 2)] = "html"
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(-3, 3)]
    # The CLI asks from the archive's first day to yesterday: serve none of the older days.
    served.days = {d for d in days if d in SERVED}
    store = tmp_path / "s"
    code = main(["refresh", "--source", served.url, "--store", str(store)])
    err = capsys.readouterr().err
    assert code == 1
    assert "failed 2026-01-02: the server sent an HTML page (text/html), not GeoJSON" in err
    assert "1 failed" in err


_CHILD = """
import sys
from datetime import date, datetime, UTC
from frontline.ingest.store import Store
from frontline.ingest.update import update
from frontline.model.boundaries import measuring_region
update(sys.argv[1], Store(sys.argv[2], create=True), measuring_region(),
       now=datetime.fromisoformat(sys.argv[3]), workers=1)
"""


@pytest.mark.slow
def test_a_refresh_killed_part_way_carries_on_to_the_same_store(
    archive: Path, tmp_path: Path, region: Region
) -> None:
    """SIGKILL once the first batch is written; the next refresh completes the same store."""
    now = datetime(2024, 7, 8, 12, tzinfo=UTC) + timedelta(days=300)
    with serve_archive(Archive(archive)) as served:
        run_update(served.url, tmp_path / "clean", region, now=now, start=ARCHIVE_START)
        killed = tmp_path / "killed"
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, served.url, str(killed), now.isoformat()],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
        try:
            deadline = time.monotonic() + 120
            while not _stored_days(killed) and child.poll() is None:
                assert time.monotonic() < deadline, "the child wrote nothing in 120 s"
                time.sleep(0.02)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait()
        part = _stored_days(killed)
        assert 0 < part < len(Store(tmp_path / "clean").dates()), "not killed part-way"
        run_update(served.url, killed, region, now=now, start=ARCHIVE_START)
    assert stats(killed, tmp_path) == stats(tmp_path / "clean", tmp_path)


def _stored_days(store_dir: Path) -> int:
    """Days in a store another process is writing, read without ever writing to it."""
    try:
        with sqlite3.connect(f"file:{store_dir / 'frontline.sqlite'}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_full_archive_over_http_matches_the_folder_refresh(
    archive: Path, tmp_path: Path, region: Region
) -> None:
    from frontline.ingest.refresh import refresh

    with serve_archive(Archive(archive)) as served:
        started = time.perf_counter()
        report = run_update(
            served.url,
            tmp_path / "http",
            region,
            now=datetime(2026, 8, 23, 12, tzinfo=UTC),
            start=ARCHIVE_START,
        )
        seconds = time.perf_counter() - started
    refresh(FolderSource(archive), Store(tmp_path / "folder", create=True), region)
    assert report.failed == {} and len(report.refresh.added) == len(list(archive.iterdir()))
    assert stats(tmp_path / "http", tmp_path) == stats(tmp_path / "folder", tmp_path)
    print(f"{report.asked} days asked, {len(report.refresh.added)} measured in {seconds:.1f} s")


def test_refresh_from_daily_reads_the_configured_archive(
    served: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTLINE_ARCHIVE_URL", raising=False)
    assert (
        archive_url() == "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data/"
    )
    monkeypatch.setenv("FRONTLINE_ARCHIVE_URL", served.url)
    assert main(["refresh", "--source", "daily", "--store", str(tmp_path / "s")]) == 0
    assert Store(tmp_path / "s").dates() == sorted(SERVED)
