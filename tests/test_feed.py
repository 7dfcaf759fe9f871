"""DeepStateMap's history feed from a local stand-in: every update, its layers, its faults."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest

from frontline import __version__
from frontline.cli import main
from frontline.config import PROJECT_ROOT
from frontline.ingest.feed import (
    FeedError,
    FeedReport,
    Update,
    feed_base,
    is_feed_url,
    last_of_each_day,
    parse_list,
    update_from_feed,
)
from frontline.ingest.fetch import Limits, make_session
from frontline.ingest.layered import feed_collection
from frontline.ingest.measure import Region
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.store import Store
from frontline.registry import LIVE, OCCUPIED, source
from tests.feed_server import Feed, serve_feed

# Eight weekly maps of early 2025, served as the feed's updates.
FIRST_WEEKS = 8
LIMITS = Limits(connect_s=2.0, idle_s=1.0, request_s=10.0)


@pytest.fixture
def feed_folder(layered_archive: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    names = sorted(p.name for p in layered_archive.glob("*.geojson") if int(p.stem) > 1735689600)
    for name in names[:FIRST_WEEKS]:
        (folder / name).symlink_to(layered_archive / name)
    return folder


def add_earlier_updates(folder: Path, count: int) -> list[int]:
    """Give the first `count` days an earlier update the same Kyiv day, as DeepState publishes
    several a day: the map of the week before (the first day: its own map), halfway between the
    day's midnight and its update."""
    ids = sorted(int(p.stem) for p in folder.glob("*.geojson"))
    added = []
    for before, ident in zip([ids[0], *ids], ids[:count], strict=False):
        day = Update(ident, "").day
        midnight = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo("Europe/Kyiv"))
        earlier = (int(midnight.timestamp()) + ident) // 2
        assert Update(earlier, "").day == day and earlier < ident
        (folder / f"{earlier}.geojson").symlink_to((folder / f"{before}.geojson").resolve())
        added.append(earlier)
    return added


@pytest.fixture
def served(feed_folder: Path) -> Iterator[Feed]:
    with serve_feed(Feed(feed_folder)) as running:
        yield running


def run_feed(url: str, store_dir: Path, region: Region, **options: object) -> FeedReport:
    session = make_session(backoff_s=0.01, parallel=2)
    options = {"pause_s": 0.0, "limits": LIMITS, "workers": 1, **options}
    return update_from_feed(url, Store(store_dir, create=True), region, session=session, **options)


def stats(store_dir: Path, tmp_path: Path) -> bytes:
    """What `frontline stats` writes of the store: its days, then every update."""
    written = b""
    for option in ([], ["--updates"]):
        out = tmp_path / f"{store_dir.name}.csv"
        assert main(["stats", "--store", str(store_dir), "--out", str(out), *option]) == 0
        written += out.read_bytes()
    return written


def kyiv_days(ids: list[int]) -> list[date]:
    return sorted({Update(i, "").day for i in ids})


def test_the_list_keeps_published_records_with_a_unix_id() -> None:
    body = orjson.dumps(
        [
            {"id": 1735772400, "createdAt": "2025-01-01T23:00:00.000Z", "status": True},
            {"id": 1735700000, "createdAt": "x", "status": False},
            {"id": "1735700001"},
            [1, 2],
        ]
    )
    updates, errors = parse_list(body)
    assert updates == [Update(1735772400, "2025-01-01T23:00:00.000Z")]
    assert [e.name for e in errors] == ["record 2", "record 3"]
    with pytest.raises(FeedError, match="a JSON object with keys 'map'"):
        parse_list(b'{"map": {}}')


def test_a_day_is_its_last_update_in_kyiv_time() -> None:
    # 23:00 UTC on 1 January is 01:00 on 2 January in Kyiv.
    late, early, next_day = Update(1735772400, ""), Update(1735714800, ""), Update(1735729200, "")
    assert late.day == date(2025, 1, 2) and early.day == date(2025, 1, 1)
    assert last_of_each_day([late, early, next_day]) == [next_day, late]


def test_only_the_map_shapes_seen_in_public_clients_are_accepted() -> None:
    collection = {"type": "FeatureCollection", "features": []}
    assert feed_collection(collection, "1.geojson") is collection
    assert feed_collection({"id": 1, "map": collection}, "1.geojson") == collection
    wrapped = orjson.dumps({"map": collection}).decode()
    assert feed_collection(wrapped, "1.geojson") == collection
    for doc, words in (
        ({"error": "gone"}, "an unknown body: a JSON object with keys 'error'"),
        ([], "an unknown body: a JSON array of 0 item(s)"),
        (orjson.dumps([1]).decode(), "a JSON string holding a JSON array"),
        ('{"type": "Feature"', "a JSON string that does not hold JSON"),
    ):
        with pytest.raises(SnapshotError, match=words.replace("(", r"\(").replace(")", r"\)")):
            feed_collection(doc, "1.geojson")


def test_a_url_names_the_feed_by_its_site_or_its_api_path() -> None:
    assert feed_base("https://deepstatemap.live/api/history/public") == "https://deepstatemap.live/"
    assert feed_base("http://127.0.0.1:8000/mirror/api/history/") == "http://127.0.0.1:8000/mirror/"
    assert is_feed_url("https://deepstatemap.live") and is_feed_url("http://h/api/history/")
    assert not is_feed_url(
        "https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data/"
    )


def test_every_update_is_stored_with_its_layers_at_its_own_time(
    served: Feed, feed_folder: Path, tmp_path: Path, region: Region
) -> None:
    earlier = add_earlier_updates(feed_folder, 3)
    report = run_feed(served.url, tmp_path / "s", region)
    ids = served.served_ids()
    store = Store(tmp_path / "s")
    assert report.failed == {} and report.listed == len(ids) == FIRST_WEEKS + 3
    assert report.refresh.updates == ids
    assert store.dates(LIVE, OCCUPIED) == kyiv_days(ids) == report.refresh.added
    # Each day keeps its last update's map; every update keeps its figures at its own time.
    names = {known.file_name for known in store.stored(LIVE, OCCUPIED).values()}
    assert names == {f"{i}.geojson" for i in ids if i not in earlier}
    updates = store.update_figures(LIVE)
    assert source(LIVE).layers == (OCCUPIED, "pre2022", "grey", "liberated")
    for layer in source(LIVE).layers:
        assert store.dates(LIVE, layer) == kyiv_days(ids), layer
        assert sorted(store.updates(LIVE, layer)) == ids, layer
        assert sorted(set(updates.loc[updates["layer"] == layer, "update"])) == ids, layer
    liberated = updates[(updates["layer"] == "liberated") & (updates["oblast"] == "Ukraine")]
    assert (liberated["occupied_km2"] > 1000).all()
    # An earlier update of a day has the figures of its own map, at its own time.
    country = updates[(updates["layer"] == OCCUPIED) & (updates["oblast"] == "Ukraine")]
    km2 = dict(zip(country["update"], country["occupied_km2"], strict=True))
    weeks = [i for i in ids if i not in earlier]
    assert km2[earlier[1]] == km2[weeks[0]] != km2[weeks[1]]
    assert country["time"].iloc[0] == f"{datetime.fromtimestamp(ids[0], UTC):%Y-%m-%dT%H:%M:%SZ}"
    assert sorted(served.asked) == ids and served.lists == 1
    [agent] = served.agents
    assert agent.startswith(f"frontline/{__version__} (")


def test_only_updates_not_yet_stored_are_fetched(
    served: Feed, feed_folder: Path, tmp_path: Path, region: Region
) -> None:
    run_feed(served.url, tmp_path / "s", region)
    served.asked.clear()
    assert run_feed(served.url, tmp_path / "s", region).refresh.added == []
    assert served.asked == []
    # A later update the same Kyiv day stands for the day from now on.
    last = served.served_ids()[-1]
    shutil.copy(feed_folder / f"{last}.geojson", feed_folder / f"{last + 600}.geojson")
    report = run_feed(served.url, tmp_path / "s", region)
    assert served.asked == [last + 600] and report.refresh.replaced == [Update(last, "").day]
    stored = Store(tmp_path / "s").stored(LIVE, OCCUPIED)[Update(last, "").day]
    assert stored.file_name == f"{last + 600}.geojson"
    # The update it replaced keeps its figures at its own time.
    assert {last, last + 600} <= set(Store(tmp_path / "s").updates(LIVE))
    # When the later update leaves the list, the earlier one stands for the day again: it was
    # kept without its map, so its map alone is fetched again.
    (feed_folder / f"{last + 600}.geojson").unlink()
    served.asked.clear()
    report = run_feed(served.url, tmp_path / "s", region)
    assert served.asked == [last] and report.refresh.replaced == [Update(last, "").day]


FAULTS = ("unknown-shape", "429", "wait-long", "truncated", "timeout", "wrapped")
WORDS = {
    "unknown-shape": "an unknown body: a JSON object with keys 'error', 'features'",
    "wait-long": "the server asked to wait 3600 s (Retry-After)",
    "truncated": "cut short",
    "timeout": "no answer within 1 s",
}


def test_faults_fail_only_their_update_and_a_clean_refresh_repairs_them(
    served: Feed, feed_folder: Path, tmp_path: Path, region: Region
) -> None:
    clean = Feed(feed_folder)
    with serve_feed(clean):
        run_feed(clean.url, tmp_path / "clean", region)
    ids = served.served_ids()
    faults = dict(zip(ids, FAULTS, strict=False))
    vanished = ids[len(FAULTS)]
    served.faults.update({**faults, vanished: "vanish"})
    report = run_feed(served.url, tmp_path / "faulty", region)
    failing = {i: f for i, f in faults.items() if f in WORDS}
    assert sorted(report.failed) == sorted(f"{i} ({Update(i, '').day})" for i in failing)
    for ident, fault in failing.items():
        assert WORDS[fault] in report.failed[f"{ident} ({Update(ident, '').day})"], fault
    stored = Store(tmp_path / "faulty").dates(LIVE, OCCUPIED)
    # A 429 with a short Retry-After is waited for, and a map sent wrapped is unwrapped.
    assert {Update(i, "").day for i, f in faults.items() if f in ("429", "wrapped")} <= set(stored)
    assert vanished not in served.asked and Update(vanished, "").day not in stored
    served.faults.clear()
    again = run_feed(served.url, tmp_path / "faulty", region)
    assert again.failed == {} and sorted(served.asked[-len(failing) - 1 :]) == sorted(
        [*failing, vanished]
    )
    assert stats(tmp_path / "faulty", tmp_path) == stats(tmp_path / "clean", tmp_path)


def test_an_update_that_leaves_the_list_is_kept_and_marked(
    served: Feed, tmp_path: Path, region: Region
) -> None:
    run_feed(served.url, tmp_path / "s", region)
    gone = served.served_ids()[2]
    served.faults[gone] = "vanish"
    report = run_feed(served.url, tmp_path / "s", region)
    assert report.refresh.gone == [Update(gone, "").day]
    store = Store(tmp_path / "s")
    assert Update(gone, "").day not in set(store.figures(LIVE, in_source_only=True)["date"])
    served.faults.clear()
    run_feed(served.url, tmp_path / "s", region)
    assert store.figures(LIVE, in_source_only=True).equals(store.figures(LIVE))


@pytest.mark.slow
def test_the_cli_refreshes_from_the_feed_by_default_and_names_failed_updates(
    served: Feed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("FRONTLINE_FEED_URL", served.url)
    bad = served.served_ids()[0]
    served.faults[bad] = "unknown-shape"
    assert main(["refresh", "--store", str(tmp_path / "s"), "--pause", "0"]) == 1
    err = capsys.readouterr().err
    assert f"{FIRST_WEEKS} update(s) to fetch, about 1 min at 2 at a time" in err
    assert f"failed {bad} ({Update(bad, '').day}): an unknown body" in err
    assert err.rstrip().splitlines()[-1].startswith("frontline refresh: error: 1 update(s) failed")
    served.faults.clear()
    assert (
        main(["refresh", "--source", served.url + "api/history/", "--store", str(tmp_path / "s")])
        == 0
    )


def test_updates_failing_alike_are_one_line_with_their_count_and_range(
    served: Feed, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    ids = served.served_ids()
    served.faults.update({**dict.fromkeys(ids[1:5], "unknown-shape"), ids[6]: "wait-long"})
    store = ["--store", str(tmp_path / "s"), "--pause", "0"]
    assert main(["refresh", "--source", served.url, *store]) == 1
    failed = [line for line in capsys.readouterr().err.splitlines() if line.startswith("failed")]
    first, last = (f"{i} ({Update(i, '').day})" for i in (ids[1], ids[4]))
    assert len(failed) == 2, failed
    assert failed[0].startswith(f"failed 4 updates, {first} to {last}: an unknown body")
    assert failed[1].startswith(f"failed {ids[6]} ({Update(ids[6], '').day}): the server asked")


def test_a_2025_date_from_the_feed_draws_the_grey_zone_and_pre2022_layers(
    served: Feed, tmp_path: Path, region: Region
) -> None:
    from frontline.model.dataset import open_dataset
    from frontline.present.war_layers import extra_collections

    run_feed(served.url, tmp_path / "s", region)
    dataset = open_dataset(tmp_path / "s", strict=True)
    day = Store(tmp_path / "s").dates(LIVE, OCCUPIED)[-1]
    assert day.year == 2025
    drawn = extra_collections(dataset, day)
    assert set(drawn) == set(source(LIVE).extra_layers) and all(
        c["features"] for c in drawn.values()
    )


_CHILD = """
import sys
from frontline.ingest.feed import update_from_feed
from frontline.ingest.store import Store
from frontline.model.boundaries import measuring_region
update_from_feed(sys.argv[1], Store(sys.argv[2], create=True), measuring_region(),
                 pause_s=0.05, workers=1)
"""


def _stored_days(store_dir: Path) -> int:
    try:
        with sqlite3.connect(f"file:{store_dir / 'frontline.sqlite'}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def feed_since_daily(layered_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The weekly maps from the daily archive's first day on, as a feed's updates."""
    folder = tmp_path_factory.mktemp("feed-since-daily")
    start = datetime(2024, 7, 8, tzinfo=UTC).timestamp()
    for path in layered_archive.glob("*.geojson"):
        if int(path.stem) >= start:
            (folder / path.name).symlink_to(path)
    return folder


@pytest.fixture(scope="module")
def feed_store(feed_since_daily: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from frontline.model.boundaries import measuring_region

    store = tmp_path_factory.mktemp("feed-store")
    with serve_feed(Feed(feed_since_daily)) as feed:
        assert run_feed(feed.url, store, measuring_region(), workers=None).failed == {}
    return store


@pytest.mark.slow
def test_a_first_fill_killed_part_way_carries_on_to_the_same_store(
    feed_since_daily: Path, feed_store: Path, tmp_path: Path
) -> None:
    killed = tmp_path / "killed"
    with serve_feed(Feed(feed_since_daily)) as feed:
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, feed.url, str(killed)],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
        try:
            deadline = time.monotonic() + 300
            while not _stored_days(killed) and child.poll() is None:
                assert time.monotonic() < deadline, "the child wrote nothing in 300 s"
                time.sleep(0.02)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait()
        part = _stored_days(killed)
        assert 0 < part < _stored_days(feed_store), "not killed part-way"
        from frontline.model.boundaries import measuring_region

        run_feed(feed.url, killed, measuring_region(), workers=None)
    assert stats(killed, tmp_path) == stats(feed_store, tmp_path)


@pytest.mark.slow
def test_the_feed_agrees_with_the_daily_and_weekly_archives_where_they_share_a_day(
    feed_store: Path, archive: Path, feed_since_daily: Path, tmp_path: Path
) -> None:
    """Occupied shares per oblast within 0.2 points of the daily archive on the same day, and
    equal to the weekly archive's for the same map."""
    from frontline.ingest.layered import LayeredFolderSource
    from frontline.ingest.refresh import refresh
    from frontline.ingest.sources import FolderSource
    from frontline.model.boundaries import measuring_region

    live = Store(feed_store).figures(LIVE)
    daily_folder = tmp_path / "daily"
    daily_folder.mkdir()
    for day in sorted(set(live["date"])):
        name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
        if (archive / name).exists():
            (daily_folder / name).symlink_to(archive / name)
    region = measuring_region()
    both = Store(tmp_path / "archives", create=True)
    refresh(FolderSource(daily_folder), both, region)
    refresh(LayeredFolderSource(feed_since_daily), both, region)
    for other, limit in (
        (both.figures("deepstate-daily"), 0.2),
        (both.figures("deepstate-layers"), 1e-9),
    ):
        key = ["date", "oblast"] if limit > 0 else ["file", "oblast"]
        mine, theirs = live.copy(), other.copy()
        for frame in (mine, theirs):
            frame["file"] = frame["source"].str.rsplit(", ", n=1).str[-1]
        joined = mine.merge(theirs, on=key, suffixes=("", "_other"))
        diff = (joined["occupied_pct"] - joined["occupied_pct_other"]).abs()
        worst = joined.loc[diff.idxmax()]
        print(
            f"against {other['source'].iloc[0].split(',')[0]}: {joined['date'].nunique()} days, "
            f"{len(joined)} area-days, max {diff.max():.3f} pp ({worst['oblast']}, "
            f"{worst['date']}), mean {diff.mean():.4f} pp"
        )
        assert len(joined) > 100 and diff.max() <= limit


def test_ctrl_c_stops_a_feed_refresh_within_two_seconds(served: Feed, tmp_path: Path) -> None:
    served.faults.update(dict.fromkeys(served.served_ids(), "drip"))
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
            "--pause",
            "0",
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
        interrupted = time.monotonic()
        child.send_signal(signal.SIGINT)
        code = child.wait(timeout=10)
        seconds = time.monotonic() - interrupted
    finally:
        child.kill()
        child.wait()
    assert code == 130 and seconds < 2.0, (code, seconds)


def test_source_layers_reads_the_weekly_folder_named_by_the_environment(
    feed_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_LAYERS", str(feed_folder))
    assert main(["refresh", "--source", "layers", "--store", str(tmp_path / "s")]) == 0
    store = Store(tmp_path / "s")
    assert store.dates("deepstate-layers", OCCUPIED) and not store.dates(LIVE, OCCUPIED)
