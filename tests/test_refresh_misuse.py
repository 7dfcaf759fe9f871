"""A refresh pointed at the wrong thing says so once and changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from frontline.cli import main
from frontline.ingest.remote import PARALLEL
from frontline.ingest.store import Store
from frontline.registry import DAILY, OCCUPIED
from tests.archive_server import Archive, serve_archive
from tests.synthetic import donbas_week, make_days, snapshot_name

PROGRESS = ("download [", "measure [", "[")


def errors(err: str) -> list[str]:
    """What a refresh printed, without its progress lines."""
    return [line for line in err.splitlines() if not line.startswith(PROGRESS)]


@pytest.fixture
def daily_store(tmp_path: Path) -> Path:
    folder = tmp_path / "daily"
    folder.mkdir()
    make_days(folder, 3)
    store = tmp_path / "store"
    assert main(["refresh", "--source", str(folder), "--store", str(store)]) == 0
    return store


def test_the_wrong_format_for_a_folder_is_one_error_that_changes_nothing(
    daily_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layers = tmp_path / "layers"
    layers.mkdir()
    donbas_week(layers, int(datetime(2024, 6, 2, 12, tzinfo=UTC).timestamp()), 37.6)
    before = (daily_store / "frontline.sqlite").read_bytes()
    capsys.readouterr()

    args = ["refresh", "--source", str(layers), "--format", "daily", "--store", str(daily_store)]
    assert main(args) == 1
    assert errors(capsys.readouterr().err) == [
        f"frontline refresh: error: {layers}: holds no daily snapshot file "
        "(deepstatemap_data_YYYYMMDD.geojson); it holds 1 layered file(s) (UNIXTIME.geojson): "
        "use --format layered; nothing was changed"
    ]
    daily = tmp_path / "daily"
    args = ["refresh", "--source", str(daily), "--format", "layered", "--store", str(daily_store)]
    assert main(args) == 1
    (line,) = errors(capsys.readouterr().err)
    assert line.endswith(
        "it holds 3 daily file(s) (deepstatemap_data_YYYYMMDD.geojson): "
        "use --format daily; nothing was changed"
    )
    assert (daily_store / "frontline.sqlite").read_bytes() == before
    assert all(known.in_source for known in Store(daily_store).stored(DAILY, OCCUPIED).values())


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("http://", "'http://' names no host"),
        ("http://127.0.0.1:99999/data/", "has no valid port (a whole number up to 65535)"),
        ("https://:8080/", "names no host"),
    ],
)
def test_a_url_that_cannot_work_is_one_line(
    url: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert main(["refresh", "--source", url, "--store", str(store)]) == 1
    (line,) = errors(capsys.readouterr().err)
    assert line.startswith("frontline refresh: error: ") and said in line
    assert not store.exists()


def test_https_against_a_plain_http_server_stops_at_once_and_says_it_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "served"
    folder.mkdir()
    make_days(folder, 2, start=date(2026, 1, 1))
    with serve_archive(Archive(folder)) as served:
        url = served.url.replace("http://", "https://")
        assert main(["refresh", "--source", url, "--store", str(tmp_path / "store")]) == 1
        # The first few requests show the fault; the other ~880 days are not asked at all.
        assert len(served.connections) <= 2 * PARALLEL, len(served.connections)
    host = url.split("/")[2]
    assert errors(capsys.readouterr().err) == [
        f"frontline refresh: error: cannot reach {host}: it does not answer in TLS "
        "(SSL: wrong version number); is it http:// rather than https://?"
    ]
    assert not Store(tmp_path / "store").dates()


def test_a_folder_of_files_bad_alike_says_the_reason_once_with_count_and_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 12)
    for day in days[2:]:  # one broken export, ten times over
        (folder / snapshot_name(day)).write_text('{"type": "FeatureCollection", "features": [')
    (folder / snapshot_name(days[1])).write_text("[]")
    store = ["--store", str(tmp_path / "store"), "--workers", "2"]
    assert main(["refresh", "--source", str(folder), *store]) == 1
    lines = [line for line in errors(capsys.readouterr().err) if line.startswith("skipped ")]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"skipped {snapshot_name(days[1])}: ")
    assert lines[1].startswith(
        f"skipped 10 files, {snapshot_name(days[2])} to {snapshot_name(days[-1])}: not valid JSON"
    )
    assert Store(tmp_path / "store").dates() == days[:1]
