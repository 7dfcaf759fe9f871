"""Plausible-looking wrong days are not stored: swapped coordinates, the whole world, no polygons.

The rules alone, then each path a day reaches the store by: a parallel folder refresh, a refresh
over HTTP from a server on 127.0.0.1, and the sidebar's Update button.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import shapely

from frontline.cli import main
from frontline.ingest.feed import update_from_feed
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.plausibility import (
    MAX_COUNTRY_PCT,
    MAX_STEP_PCT,
    DayShape,
    History,
    Implausible,
    Previous,
    implausible,
)
from frontline.ingest.refresh import refresh
from frontline.ingest.snapshots import read_snapshot
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.registry import LIVE, OCCUPIED
from frontline.registry import WEEKLY as LAYERS
from tests.archive_server import Archive, serve_archive
from tests.feed_server import Feed, serve_feed
from tests.synthetic import (
    donbas_week,
    layered_feature,
    make_days,
    noon,
    write_layered,
    write_snapshot,
)
from tests.test_map_page import as_shown
from tests.test_update_panel import press_update

WORLD = shapely.box(-180, -90, 180, 90)
DAY = date(2026, 1, 5)
UKRAINE_KM2 = 603_415.0


def swapped(geometry: shapely.Geometry) -> shapely.Geometry:
    """The geometry with latitude and longitude exchanged, as a careless export writes it."""
    return shapely.transform(geometry, lambda xy: xy[:, ::-1])


def shape(outside: float = 0.0, pct: float | None = 19.0, polygons: bool = True) -> DayShape:
    return DayShape(DAY, outside, pct, polygons)


def reasons(shape: DayShape, previous: Previous | None = None) -> list[str]:
    return implausible(shape, previous, "Ukraine", UKRAINE_KM2)


def test_a_day_like_the_real_ones_is_plausible() -> None:
    assert reasons(shape(), Previous(DAY - timedelta(days=1), 18.9)) == []
    assert reasons(shape(pct=MAX_COUNTRY_PCT), Previous(DAY, MAX_COUNTRY_PCT - MAX_STEP_PCT)) == []


def test_each_rule_names_what_is_implausible() -> None:
    (outside,) = reasons(shape(outside=0.97))
    assert outside.startswith("97 % of its area lies outside Ukraine's bounding box")
    assert "latitude and longitude swapped?" in outside
    (whole,) = reasons(shape(pct=100.0))
    assert whole.startswith("100.0 % of Ukraine occupied (more than 35 % is implausible")
    (step,) = reasons(shape(pct=22.0), Previous(date(2026, 1, 4), 19.0))
    assert step == (
        "the occupied area grew by 3.0 % of Ukraine (18,102 km²), from 19.0 % on 2026-01-04 "
        "to 22.0 % (more than 2.5 % of Ukraine between stored days is implausible)"
    )
    (empty,) = reasons(shape(pct=0.0, polygons=False), Previous(date(2026, 1, 4), 19.0))
    assert empty.startswith("no occupied area in this file (it holds no polygons), after 19.0 %")


def test_a_region_without_a_country_checks_only_where_the_area_lies() -> None:
    assert reasons(shape(outside=0.6, pct=None), Previous(DAY, 1.0)) != []
    assert reasons(shape(pct=None), Previous(DAY, 1.0)) == []


def test_history_compares_with_the_latest_stored_day_before() -> None:
    history = History({date(2026, 1, 1): 18.0, date(2026, 1, 3): 18.5})
    assert history.before(date(2026, 1, 1)) is None
    assert history.before(date(2026, 1, 3)) == Previous(date(2026, 1, 1), 18.0)
    history.add(date(2026, 1, 2), 18.2)
    assert history.before(date(2026, 1, 3)) == Previous(date(2026, 1, 2), 18.2)
    assert history.before(date(2027, 1, 1)) == Previous(date(2026, 1, 3), 18.5)


def test_parsing_measures_the_share_outside_the_box() -> None:
    box = (22.0, 44.0, 40.5, 52.5)
    inside = shapely.box(37, 47, 38, 48)
    half = shapely.box(40.0, 47, 41.0, 48)  # half of it east of 40.5° E
    for geometries, share in (([inside], 0.0), ([swapped(inside)], 1.0), ([half], 0.5)):
        doc = {
            "type": "GeometryCollection",
            "geometries": [g.__geo_interface__ for g in geometries],
        }
        snapshot = read_snapshot(json.dumps(doc).encode(), within=box)
        assert snapshot.outside_share == pytest.approx(share)


# Ten plausible days (2026-01-01..10) with three wrong ones among them.
WRONG = {
    date(2026, 1, 3): "swapped",
    date(2026, 1, 5): "world",
    date(2026, 1, 8): "points",
}


def write_wrong_days(folder: Path, days: list[date]) -> None:
    for day, kind in WRONG.items():
        good = read_snapshot((folder / f"deepstatemap_data_{day:%Y%m%d}.geojson").read_bytes())
        geometry = {
            "swapped": swapped(good.occupied),
            "world": WORLD,
            "points": shapely.MultiPoint([(37.8, 48.0), (38.0, 48.1)]),
        }[kind]
        write_snapshot(folder, day, [geometry])


def test_a_parallel_refresh_fails_each_implausible_day_alone(
    tmp_path: Path, region: Region
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 10)
    write_wrong_days(folder, days)
    store = Store(tmp_path / "store", create=True)

    report = refresh(FolderSource(folder), store, region, workers=2)

    assert store.dates() == [d for d in days if d not in WRONG]
    assert all(isinstance(e, Implausible) for e in report.failed)
    failed = {e.name: e.problem for e in report.failed}
    swapped_day, world, points = (failed[f"deepstatemap_data_{d:%Y%m%d}.geojson"] for d in WRONG)
    assert swapped_day.startswith("implausible on 2026-01-03: 100 % of its area lies outside")
    assert "from 21.0 % on 2026-01-02 to 0.0 %" in swapped_day
    assert world.startswith("implausible on 2026-01-05: 100 % of its area lies outside")
    assert "106.5 % of Ukraine occupied" in world
    assert points.startswith(
        "implausible on 2026-01-08: no occupied area in this file (it holds no polygons), "
        "after 22.2 % on 2026-01-07"
    )
    for day, problem in zip(WRONG, (swapped_day, world, points), strict=True):
        assert problem.endswith(f"store it with `frontline refresh --accept-implausible {day}`")

    again = refresh(
        FolderSource(folder), store, region, workers=2, accept_implausible={date(2026, 1, 8)}
    )
    assert again.added == [date(2026, 1, 8)] and len(again.failed) == 2
    assert again.empty == [
        "2026-01-08 (deepstatemap_data_20260108.geojson): no occupied area in this file "
        "(it holds no polygons)"
    ]
    assert again.accepted[0].startswith("2026-01-08 (deepstatemap_data_20260108.geojson), accepted")


def test_the_result_does_not_depend_on_the_workers(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 12)
    # A jump on one day: the days after it compare with the day before the jump, and pass.
    write_snapshot(folder, days[6], [WORLD])
    outcomes = []
    for workers in (1, 2):
        store = Store(tmp_path / f"store-{workers}", create=True)
        report = refresh(FolderSource(folder), store, region, workers=workers)
        outcomes.append((store.dates(), sorted(str(e) for e in report.failed)))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == days[:6] + days[7:]


def test_a_layered_week_covering_the_world_fails_alone(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "layers"
    folder.mkdir()
    noon = int(datetime(2024, 6, 2, 12, tzinfo=UTC).timestamp())
    week = 7 * 24 * 3600
    donbas_week(folder, noon, 37.6)
    write_layered(folder, noon + week, [layered_feature(WORLD, "Окуповано", "#a52714")])
    donbas_week(folder, noon + 2 * week, 37.4)
    store = Store(tmp_path / "store", create=True)

    report = refresh(LayeredFolderSource(folder), store, region, workers=1)

    assert store.dates(LAYERS, OCCUPIED) == [date(2024, 6, 2), date(2024, 6, 16)]
    (error,) = report.failed
    assert error.name == f"{noon + week}.geojson"
    assert error.problem.startswith("implausible on 2024-06-09: 100 % of its area lies outside")


def test_cli_refresh_names_the_day_and_accepts_it_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    days = make_days(folder, 3)
    write_snapshot(folder, days[1], [WORLD])
    store = ["--store", str(tmp_path / "store")]

    assert main(["refresh", "--source", str(folder), *store]) == 1
    err = capsys.readouterr().err
    assert "skipped deepstatemap_data_20260102.geojson: implausible on 2026-01-02: " in err
    assert err.splitlines()[-1].startswith("frontline refresh: error: 1 file(s) could not be")

    accept = ["--accept-implausible", "2026-01-02"]
    assert main(["refresh", "--source", str(folder), *store, *accept]) == 0
    err = capsys.readouterr().err
    assert "note: stored 2026-01-02 (deepstatemap_data_20260102.geojson), accepted: " in err
    assert "1 added" in err
    with pytest.raises(SystemExit, match="1"):
        main(["refresh", "--accept-implausible", "2026-02-30", *store])
    assert "error: argument --accept-implausible: '2026-02-30' is not a date" in (
        capsys.readouterr().err
    )


def test_a_first_day_without_polygons_is_stored_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "snapshots"
    folder.mkdir()
    write_snapshot(folder, DAY, [shapely.Point(37.8, 48.0)])
    assert main(["refresh", "--source", str(folder), "--store", str(tmp_path / "s")]) == 0
    assert (
        "note: 2026-01-05 (deepstatemap_data_20260105.geojson): no occupied area in this file"
        in capsys.readouterr().err
    )


def served_days(folder: Path) -> list[date]:
    """Three days to serve: a plausible one, one of points only, a plausible one."""
    folder.mkdir()
    days = make_days(folder, 3, start=date(2026, 1, 1))
    write_snapshot(folder, days[1], [shapely.Point(37.8, 48.0)])
    return days


def test_http_refresh_fails_an_implausible_day_and_ends_with_the_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    served_days(tmp_path / "served")
    store = ["--store", str(tmp_path / "store")]
    with serve_archive(Archive(tmp_path / "served")) as served:
        assert main(["refresh", "--source", served.url, *store]) == 1
        err = capsys.readouterr().err
        assert (
            "failed 2026-01-02: implausible on 2026-01-02: no occupied area in this file "
            "(it holds no polygons), after 20.8 % on 2026-01-01"
        ) in err
        assert err.splitlines()[-1] == (
            "frontline refresh: error: 1 day(s) could not be fetched or measured (named above); "
            "every other day is stored"
        )
        assert Store(tmp_path / "store").dates() == [date(2026, 1, 1), date(2026, 1, 3)]

        accept = ["--accept-implausible", "2026-01-02"]
        assert main(["refresh", "--source", served.url, *store, *accept]) == 0
        err = capsys.readouterr().err
    assert (
        "note: 2026-01-02 (deepstatemap_data_20260102.geojson): no occupied area in this file"
        in err
    )
    assert Store(tmp_path / "store").dates() == [date(2026, 1, d) for d in (1, 2, 3)]


def test_the_update_button_names_an_implausible_update(
    tmp_path: Path, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The button reads the live feed: after a stored update of a small occupied square, one with
    # latitude and longitude swapped fails (named, not stored) and one of a place marker only is
    # stored with its note.
    first, empty, flipped = (date(2026, 1, 1) + timedelta(days=i) for i in range(3))
    folder = tmp_path / "feed"
    folder.mkdir()
    square = shapely.box(37.8, 48.0, 38.0, 48.1)
    write_layered(folder, noon(first), [layered_feature(square, "Окуповано", "#a52714")])
    write_layered(folder, noon(empty), [])
    write_layered(folder, noon(flipped), [layered_feature(swapped(square), "Окуповано", "#a52714")])
    store = tmp_path / "store"
    with serve_feed(Feed(folder, ids={noon(first)})) as served:
        update_from_feed(served.url, Store(store, create=True), region, pause_s=0, workers=1)

    with serve_feed(Feed(folder)) as served:
        app = press_update(store, served.url, monkeypatch)

    (warning,) = app.warning
    text = as_shown(warning.value)
    assert f"Note: {empty} ({noon(empty)}.geojson): no occupied area in this file" in text
    assert "1 day failed, asked again on the next update" in text
    assert f"- {flipped}: implausible on {flipped}: 100 % of its area lies outside" in text
    assert Store(store).dates(LIVE) == [first, empty]
