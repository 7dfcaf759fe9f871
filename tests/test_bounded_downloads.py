"""Hostile servers on 127.0.0.1: every body and request is bounded, and Ctrl-C stops at once."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely

from frontline.config import PROJECT_ROOT
from frontline.ingest.sources import MAX_SNAPSHOT_BYTES, TOO_LARGE
from tests.archive_server import Archive, serve_archive
from tests.hostile import gzip_bomb
from tests.synthetic import feature_collection, make_days, snapshot_name

START = date(2026, 1, 1)
DAYS = [START + timedelta(days=i) for i in range(8)]
HOSTILE_DAYS = {
    date(2026, 1, 2): "gzip-bomb",
    date(2026, 1, 3): "endless",
    date(2026, 1, 4): "huge",
    date(2026, 1, 5): "drip",
    date(2026, 1, 7): "silent",
}
WORDS = {
    "gzip-bomb": "larger than 8 MB after decompression",
    "endless": "larger than 8 MB after decompression",
    "huge": "larger than 8 MB after decompression",
    "drip": "not finished within 4 s",
    "silent": "no answer within 2 s",
}
PEAK_MB = 500

# A refresh in its own process, so that its peak memory is its own.
_CHILD = """
import json, sys
from tests.memory import own_peak_mb
from datetime import UTC, date, datetime
from frontline.ingest.fetch import Deadline, Limits
from frontline.ingest.store import Store
from frontline.ingest.update import update
from frontline.model.boundaries import measuring_region
url, store, deadline = sys.argv[1], sys.argv[2], float(sys.argv[3])
report = update(url, Store(store, create=True), measuring_region(),
                now=datetime(2026, 1, 9, 12, tzinfo=UTC), start=date(2026, 1, 1), workers=1,
                limits=Limits(idle_s=2.0, request_s=4.0), deadline=Deadline(deadline))
print(json.dumps({"failed": {d.isoformat(): w for d, w in report.failed.items()},
                  "added": [d.isoformat() for d in report.refresh.added],
                  "peak_mb": own_peak_mb()}))
"""


def run_child(url: str, store: Path, deadline_s: float) -> tuple[dict, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, url, str(store), str(deadline_s)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1]), time.monotonic() - started


@pytest.mark.slow
def test_hostile_bodies_fail_their_day_alone_within_bounded_memory(
    archive: Path, tmp_path: Path
) -> None:
    gzip_bomb()  # made before serving, so that making it is not taken for a silent server
    with serve_archive(Archive(archive, days=set(DAYS), faults=dict(HOSTILE_DAYS))) as served:
        result, seconds = run_child(served.url, tmp_path / "s", 600)
    assert sorted(result["failed"]) == sorted(d.isoformat() for d in HOSTILE_DAYS)
    for day, fault in HOSTILE_DAYS.items():
        assert WORDS[fault] in result["failed"][day.isoformat()], (fault, result["failed"])
    assert result["added"] == [d.isoformat() for d in DAYS if d not in HOSTILE_DAYS]
    assert result["peak_mb"] < PEAK_MB, result["peak_mb"]
    print(f"peak {result['peak_mb']:.0f} MB, {seconds:.1f} s")


def test_a_silent_server_ends_by_the_deadline_and_the_rest_is_not_tried(
    archive: Path, tmp_path: Path
) -> None:
    faults = dict.fromkeys(DAYS, "silent")
    with serve_archive(Archive(archive, days=set(DAYS), faults=faults)) as served:
        result, seconds = run_child(served.url, tmp_path / "s", 3.0)
    assert sorted(result["failed"]) == [d.isoformat() for d in DAYS] and result["added"] == []
    reasons = set(result["failed"].values())
    assert any(r.startswith("not tried:") for r in reasons), reasons
    # The deadline, and at most one idle timeout already under way; start-up is the rest.
    assert seconds < 3.0 + 2.0 + 5.0, seconds


def test_ctrl_c_stops_a_dripping_download_within_two_seconds(archive: Path, tmp_path: Path) -> None:
    faults = dict.fromkeys(DAYS, "drip")
    with serve_archive(Archive(archive, days=set(DAYS), faults=faults)) as served:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "frontline",
                "refresh",
                "--source",
                served.url,
                "--store",
                str(tmp_path / "s"),
            ],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while len(served.asked) < 2:
                assert time.monotonic() < deadline and child.poll() is None, "never asked"
                time.sleep(0.05)
            time.sleep(0.5)
            interrupted = time.monotonic()
            child.send_signal(signal.SIGINT)
            code = child.wait(timeout=10)
            seconds = time.monotonic() - interrupted
        finally:
            child.kill()
            child.wait()
    assert code == 130 and seconds < 2.0, (code, seconds)
    assert "interrupted" in child.stderr.read()


def tiny_polygons(count: int) -> dict:
    """A snapshot of `count` polygons of about 100 m across in Donbas: the most objects, and so
    the most memory to parse, per byte of GeoJSON."""
    side = math.ceil(math.sqrt(count))
    corners = [(i % side, i // side) for i in range(count)]
    squares = [
        shapely.box(x, y, x + 0.001, y + 0.001)
        for x, y in (
            (round(37.5 + 2.5 * i / side, 4), round(47.2 + 2.5 * j / side, 4)) for i, j in corners
        )
    ]
    return feature_collection(squares)


_FOLDER_CHILD = """
import sys
from tests.memory import own_peak_mb
from frontline.cli import main
code = main(["refresh", "--source", sys.argv[1], "--format", "daily", "--store", sys.argv[2]])
print(code, own_peak_mb())
"""


@pytest.mark.slow
def test_a_folder_file_too_large_fails_alone_and_the_largest_allowed_parses_in_bounds(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 3)
    # 300 MB, as the probe's file was (sparse: its size is all that is looked at).
    with (folder / snapshot_name(days[1])).open("wb") as huge:
        huge.truncate(300 * 2**20)
    worst = json.dumps(tiny_polygons(38_000)).encode()
    assert MAX_SNAPSHOT_BYTES * 0.8 < len(worst) <= MAX_SNAPSHOT_BYTES
    (folder / snapshot_name(days[2])).write_bytes(worst)
    done = subprocess.run(
        [sys.executable, "-c", _FOLDER_CHILD, str(folder), str(tmp_path / "s")],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    code, peak_mb = done.stdout.split()
    assert code == "1", done.stderr
    assert f"skipped {snapshot_name(days[1])}: {TOO_LARGE}" in done.stderr
    assert float(peak_mb) < PEAK_MB, peak_mb
    print(f"peak {float(peak_mb):.0f} MB with a {len(worst) / 2**20:.1f} MB file")
