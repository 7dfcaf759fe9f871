"""The command line: refresh and stats as a user runs them, including their errors."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from frontline.cli import main
from frontline.ingest.store import DB_NAME
from tests.synthetic import west_of, write_snapshot


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    write_snapshot(folder, date(2026, 1, 1), [west_of(37.8)])
    write_snapshot(folder, date(2026, 1, 3), [west_of(38.0)])
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
        "liberated_pct",
        "liberated_km2",
        "front_km",
    ]
    assert set(figures["source_id"]) == {"deepstate-daily"}
    assert figures["pre2022_pct"].isna().all() and figures["grey_km2"].isna().all()
    assert figures["liberated_km2"].isna().all()
    assert sorted(set(figures["date"])) == ["2026-01-01", "2026-01-03"]
    assert {"Donetsk", "Luhansk", "Ukraine", "Kharkiv"} <= set(figures["oblast"])


def test_stats_writes_only_the_oblasts_asked_for(
    snapshots: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert main(["refresh", "--source", str(snapshots), "--store", str(store)]) == 0
    args = ["stats", "--store", str(store), "--oblast", "Luhansk", "--oblast", "Ukraine"]
    assert main(args) == 0
    figures = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert figures["oblast"].tolist() == ["Luhansk", "Ukraine"] * 2


def test_stats_names_an_unknown_oblast(
    snapshots: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert main(["refresh", "--source", str(snapshots), "--store", str(store)]) == 0
    assert main(["stats", "--store", str(store), "--oblast", "Narnia"]) == 1
    assert "unknown area(s) Narnia" in capsys.readouterr().err


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


def test_refresh_names_a_bad_file_stores_the_rest_and_fails(
    snapshots: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (snapshots / "deepstatemap_data_20260102.geojson").write_text("<html>rate limited</html>")
    assert main(["refresh", "--source", str(snapshots), "--store", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "skipped deepstatemap_data_20260102.geojson: not valid JSON" in err
    assert "2 added" in err and "1 failed" in err
    assert err.endswith(
        "frontline refresh: error: 1 file(s) could not be read or measured "
        "(named above); every other day is stored\n"
    )


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


@pytest.fixture
def store(snapshots: Path, tmp_path: Path) -> Path:
    """A store refreshed from the two snapshots."""
    folder = tmp_path / "store"
    assert main(["refresh", "--source", str(snapshots), "--store", str(folder)]) == 0
    return folder


def last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["refresh", "--source", "S", "--workers", "0"], "argument --workers: 0 is not between"),
        (["refresh", "--source", "S", "--workers", "100000"], "is not between 1 and"),
        (["refresh", "--source", "S", "--workers", "two"], "'two' is not a whole number"),
        (["stats", "--bogus"], "unrecognized arguments: --bogus"),
        (["refresh", "--source", "S", "--wait", "-1"], "argument --wait: -1 is not between"),
        (["refresh", "--source", "S", "--wait", "nan"], "argument --wait: nan is not between"),
    ],
)
def test_misuse_ends_in_one_error_line_and_status_1(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 1
    line = last_line(capsys)
    assert line.startswith(f"frontline {argv[0]}: error: ") and message in line


def test_stats_into_a_folder_is_an_error_not_a_traceback(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--store", str(store), "--out", str(tmp_path)]) == 1
    assert last_line(capsys).startswith("frontline stats: error: ")


@pytest.mark.parametrize("command", ["refresh", "stats", "check"])
def test_a_store_that_is_a_file_is_an_error(
    command: str, snapshots: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("")
    extra = ["--source", str(snapshots)] if command == "refresh" else []
    assert main([command, "--store", str(tmp_path / "file"), *extra]) == 1
    assert last_line(capsys) == (
        f"frontline {command}: error: the store {tmp_path / 'file'} is a file, not a folder"
    )


def test_a_full_disk_is_an_error_not_a_traceback(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("frontline.cli.write_atomic", full)
    assert main(["stats", "--store", str(store), "--out", str(tmp_path / "f.csv")]) == 1
    assert last_line(capsys) == (
        f"frontline stats: error: {tmp_path / 'f.csv'}: No space left on device"
    )


def test_stats_can_leave_out_days_gone_from_the_source(
    snapshots: Path, store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (snapshots / "deepstatemap_data_20260101.geojson").unlink()
    assert main(["refresh", "--source", str(snapshots), "--store", str(store)]) == 0
    assert "1 no longer in the source" in capsys.readouterr().err
    assert main(["stats", "--store", str(store)]) == 0
    assert "\n2026-01-01,Donetsk," in capsys.readouterr().out
    assert main(["stats", "--store", str(store), "--only-in-source"]) == 0
    assert "2026-01-01" not in capsys.readouterr().out


def test_refresh_says_which_day_has_no_occupied_area(
    snapshots: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_snapshot(snapshots, date(2026, 1, 2), [])
    # After a day with a front, a file without polygons is implausible: not stored, but named.
    assert main(["refresh", "--source", str(snapshots), "--store", str(tmp_path / "s")]) == 1
    assert (
        "skipped deepstatemap_data_20260102.geojson: implausible on 2026-01-02: no occupied area "
        "in this file (it holds no polygons), after 22.2 % on 2026-01-01"
    ) in capsys.readouterr().err


def test_check_passes_a_sound_store(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--store", str(store)]) == 0
    assert "integrity ok, every figure agrees with its geometry" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("UPDATE pieces SET occupied_pct = occupied_pct + 0.5", "stored share"),
        ("UPDATE pieces SET occupied_km2 = occupied_km2 * 1.001", "stored km²"),
        ("UPDATE pieces SET geometry = x'0102'", "the stored geometry cannot be read"),
    ],
)
def test_check_names_the_day_whose_figure_disagrees_with_its_geometry(
    store: Path, change: str, named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(store / DB_NAME) as db:
        db.execute(f"{change} WHERE date = '2026-01-03' AND oblast = 'Luhansk'")
    assert main(["check", "--store", str(store)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[0].startswith(f"2026-01-03 Luhansk: {named}")
    assert err[1].startswith("frontline check: error: ") and "failed 1 check(s)" in err[1]


def test_check_reports_a_corrupt_file(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = store / DB_NAME
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # the second page: a table's b-tree
    path.write_bytes(bytes(data))
    assert main(["check", "--store", str(store)]) == 1
    assert "frontline check: error: " in capsys.readouterr().err


def _not_a_file(kind: str, tmp_path: Path) -> Path:
    """An output path that exists as something other than a regular file."""
    target = tmp_path / f"out-{kind}"
    if kind == "symlink":
        (tmp_path / "real.csv").write_text("keep me\n")
        target.symlink_to(tmp_path / "real.csv")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        return Path("/dev/null")
    return target


@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
@pytest.mark.parametrize(
    "argv",
    [
        ["stats"],
        ["export", "--format", "geojson", "--date", "2026-01-01"],
        ["changes", "--start", "2025-12-01", "--end", "2026-01-01", "--format", "csv"],
    ],
    ids=["stats", "export", "changes"],
)
def test_output_onto_anything_but_a_regular_file_is_refused(
    kind: str, argv: list[str], store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _not_a_file(kind, tmp_path)
    before = os.lstat(target)
    assert main([*argv, "--store", str(store), "--out", str(target)]) == 1
    line = last_line(capsys)
    assert line.startswith(f"frontline {argv[0]}: error: ")
    assert "write to a new path or a regular file" in line and "wrote" not in line
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    if kind == "symlink":
        assert (tmp_path / "real.csv").read_text() == "keep me\n"
