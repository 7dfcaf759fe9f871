"""Animated GIFs are encoded as they are drawn: peak memory stays flat in the number of frames."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from frontline.config import PROJECT_ROOT

LIMIT_MB = 600
END = date(2026, 1, 12)  # the archive store's last day
STEP_DAYS = 2

# Run in a fresh interpreter, so the peak is this export's alone; prints peak RSS in MB.
FUNCTION = """
import sys
from tests.memory import own_peak_mb
from datetime import date
from frontline.model.dataset import open_dataset
from frontline.present.export import export_gif
data = export_gif(open_dataset(sys.argv[1]), date.fromisoformat(sys.argv[2]),
                  date.fromisoformat(sys.argv[3]), f"{sys.argv[4]}d")
assert data.startswith(b"GIF89a")
print(own_peak_mb())
"""
CLI = """
import sys
from tests.memory import own_peak_mb
from frontline.cli import main
code = main(["export", "--format", "gif", "--store", sys.argv[1], "--start", sys.argv[2],
             "--end", sys.argv[3], "--step", f"{sys.argv[4]}d", "--out", sys.argv[5]])
assert code == 0
print(own_peak_mb())
"""


def peak_mb(script: str, store: Path, frames: int, *extra: str) -> float:
    start = END - timedelta(days=STEP_DAYS * (frames - 1))
    argv = [str(store), start.isoformat(), END.isoformat(), str(STEP_DAYS), *extra]
    done = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return float(done.stdout.strip().splitlines()[-1])


@pytest.mark.archive
@pytest.mark.slow
def test_a_200_frame_gif_stays_under_600_mb_and_flat_in_frames(archive_store: Path) -> None:
    few, many = peak_mb(FUNCTION, archive_store, 20), peak_mb(FUNCTION, archive_store, 200)
    assert many < LIMIT_MB, f"{many:.0f} MB for 200 frames"
    # Ten times the frames: only the finished file grows (tens of kB a frame).
    assert many - few < 60, f"{few:.0f} MB for 20 frames, {many:.0f} MB for 200"


@pytest.mark.archive
@pytest.mark.slow
def test_the_cli_writes_a_200_frame_gif_under_600_mb(archive_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "long.gif"
    peak = peak_mb(CLI, archive_store, 200, str(out))
    assert peak < LIMIT_MB, f"{peak:.0f} MB for 200 frames"
    assert out.read_bytes().startswith(b"GIF89a")
