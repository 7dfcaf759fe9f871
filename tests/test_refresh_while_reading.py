"""A reader of the store while `frontline refresh` writes it sees whole days, never part of one."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from frontline.config import PROJECT_ROOT
from frontline.ingest.refresh import BATCH
from frontline.model.dataset import open_dataset
from tests.synthetic import make_days

pytestmark = pytest.mark.slow


def snapshot(store: Path) -> tuple[pd.DataFrame, dict[date, set[str]]]:
    """Every area's figures, and the oblasts with geometry per date, as a reader sees them."""
    dataset = open_dataset(store, strict=True)
    figures = dataset.every_area
    pieces = {day: set(dataset.occupied(day)) for day in sorted(set(figures["date"]))}
    return figures, pieces


def test_a_reader_during_a_refresh_sees_each_day_whole(tmp_path: Path) -> None:
    folder, store = tmp_path / "snapshots", tmp_path / "store"
    folder.mkdir()
    # More days than one transaction holds, after a first day already stored.
    days = make_days(folder, BATCH + 6)
    first = tmp_path / "first"
    first.mkdir()
    make_days(first, 1)
    refresh = [sys.executable, "-m", "frontline", "refresh", "--workers", "1", "--store"]
    subprocess.run([*refresh, str(store), "--source", str(first)], check=True, cwd=PROJECT_ROOT)

    seen = []
    writer = subprocess.Popen(
        [*refresh, str(store), "--source", str(folder)],
        cwd=PROJECT_ROOT,
        stderr=subprocess.DEVNULL,
    )
    while writer.poll() is None:
        seen.append(snapshot(store))
    assert writer.returncode == 0
    final_figures, final_pieces = snapshot(store)
    assert len(set(final_figures["date"])) == len(days)

    counts = {len(pieces) for _, pieces in seen}
    # The reader read between the refresh's commits: before the first, and after it.
    assert len(counts) >= 2, counts
    columns = ["date", "oblast", "occupied_km2", "occupied_pct"]
    final = final_figures[columns].set_index(["date", "oblast"]).sort_index()
    for figures, pieces in seen:
        read = figures[columns].set_index(["date", "oblast"]).sort_index()
        # Every day a reader saw is the finished day: all its areas, with their final values.
        seen_days = sorted(set(figures["date"]))
        pd.testing.assert_frame_equal(read, final.loc[seen_days])
        assert pieces == {day: final_pieces[day] for day in seen_days}
