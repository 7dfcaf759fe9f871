"""The command line: refresh and stats as a user runs them, including their errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import shapely

from frontline.cli import main
from tests.synthetic import write_snapshot


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    write_snapshot(folder, date(2026, 1, 1), [shapely.box(30, 44, 37.8, 53)])
    write_snapshot(folder, date(2026, 1, 3), [shapely.box(30, 44, 38.0, 53)])
    return folder


def test_refresh_then_stats_writes_the_figures_csv(
    snapshots: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, out = tmp_path / "store", tmp_path / "figures.csv"
    assert main(["refresh", "--source", str(snapshots), "--store", str(store)]) == 0
    assert "2 added, 0 replaced, 0 unchanged, 0 failed" in capsys.readouterr().err
    assert main(["stats", "--store", str(store), "--out", str(out)]) == 0
    figures = pd.read_csv(out)
    assert list(figures.columns) == [
        "date",
        "oblast",
        "occupied_km2",
        "occupied_pct",
        "source",
        "source_id",
        "pre2022_pct",
        "pre2022_km2",
        "grey_pct",
        "grey_km2",
    ]
    assert set(figures["source_id"]) == {"deepstate-daily"}
    assert figures["pre2022_pct"].isna().all() and figures["grey_km2"].isna().all()
    assert figures["date"].tolist() == ["2026-01-01"] * 2 + ["2026-01-03"] * 2


def test_store_folder_comes_from_the_environment(
    snapshots: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FRONTLINE_STORE", str(tmp_path / "env-store"))
    assert main(["refresh", "--source", str(snapshots)]) == 0
    assert main(["stats"]) == 0
    assert capsys.readouterr().out.startswith("date,oblast,occupied_km2,occupied_pct,source,")


def test_refresh_reports_a_bad_file_and_keeps_going(
    snapshots: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (snapshots / "deepstatemap_data_20260102.geojson").write_text("<html>rate limited</html>")
    assert main(["refresh", "--source", str(snapshots), "--store", str(tmp_path / "s")]) == 0
    err = capsys.readouterr().err
    assert "skipped deepstatemap_data_20260102.geojson: not valid JSON" in err
    assert "2 added" in err and "1 failed" in err


def test_stats_without_a_store_says_how_to_make_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--store", str(tmp_path / "none")]) == 1
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_refresh_from_a_missing_folder_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["refresh", "--source", str(tmp_path / "nope"), "--store", str(tmp_path / "s")])
    assert code == 1
    assert "snapshot folder" in capsys.readouterr().err


def test_failed_stats_leaves_the_previous_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.csv"
    out.write_text("previous\n")
    assert main(["stats", "--store", str(tmp_path / "none"), "--out", str(out)]) == 1
    assert out.read_text() == "previous\n"
