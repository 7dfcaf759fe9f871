"""DeepState's layered maps: every naming scheme classified, layers parsed, measured and stored."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import shapely

from frontline.cli import main
from frontline.ingest.layered import LayeredFolderSource, open_folder, parse_layered
from frontline.ingest.layers import Status, classify
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.snapshots import SnapshotError, date_from_name
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import DB_NAME, Store
from frontline.registry import DAILY, OCCUPIED
from frontline.registry import WEEKLY as LAYERS
from tests.synthetic import donbas_week, layered_feature, write_layered, write_snapshot

# 2023-01-01 12:00 UTC; in Kyiv and in New York it is the same day, at 23:59:59 UTC it is not.
NOON = int(datetime(2023, 1, 1, 12, tzinfo=UTC).timestamp())

# Names exactly as DeepState wrote them in each period, with their fills.
UKRAINIAN = [
    ("Окуповано", "#a52714", Status.OCCUPIED),
    ("Рубіжне. Території зайняті ворогом", "#a52714", Status.OCCUPIED),
    ("Звільнено 25.03", "#0288d1", Status.LIBERATED),
    ("Під питанням", "#bcaaa4", Status.GREY),
    ("Ситуація невідома", "#bdbdbd", Status.GREY),
    ("ОРДЛО", "#000000", Status.PRE2022),
    ("Крим", "#000000", Status.PRE2022),
    ("Придністров'я", "#880e4f", Status.OUTSIDE),
]
BILINGUAL = [
    ("Окуповано /// Occupied\n", "#a52714", Status.OCCUPIED),
    ("Звільнено\xa016.03-17.03 /// Taken back 16.03-17.03", "#0f9d58", Status.LIBERATED),
    ("Статус невідомий /// Unknown status", "#bcaaa4", Status.GREY),
    ("Під питанням /// Contensed\n", "#757575", Status.GREY),
    ("Окупований Крим /// Occupied Crimea", "#880e4f", Status.PRE2022),
    ("ОРДЛО /// CADR and CALR\n", "#880e4f", Status.PRE2022),
    ("Окупована Абхазія.\n///\nOccupied Abkhazia.", "#ff5252", Status.OUTSIDE),
    (
        "Окуповані у \ufffd\ufffdстонії території.\n///\noccupied Estonia territories.",
        "#ff5252",
        Status.OUTSIDE,
    ),
]
TRANSLATION_KEYS = [
    ("Окуповано /// Occupied\xa0/// geoJSON.status.occupied", "#a52714", Status.OCCUPIED),
    (
        "Звільнено /// Liberated /// geoJSON.status.dismissed_at {{at:19.09}}",
        "#0f9d58",
        Status.LIBERATED,
    ),
    ("Статус невідомий /// Unknown status /// geoJSON.status.unknown\n", "#bdbdbd", Status.GREY),
    (
        "Острів Тузла /// Occupied Tuzla Island\xa0/// geoJSON.territories.tuzla",
        "#880e4f",
        Status.PRE2022,
    ),
    (
        "Придністров'я/// Transnistria /// geoJSON.territories.transnistria",
        "#ff5252",
        Status.OUTSIDE,
    ),
]
# Names that say nothing about status: the colour tells.
BY_FILL = [
    ("Багатокутник 21", "#a52714", Status.OCCUPIED),
    ("Зміїний ///\xa0Snake Island", "#bcaaa4", Status.GREY),
    ("Зміїний ///\xa0Snake Island /// geoJSON.zmiinyi_island", "#0f9d58", Status.LIBERATED),
    ("24.03", "#0288d1", Status.LIBERATED),
]


@pytest.mark.parametrize(
    ("name", "fill", "expected"), UKRAINIAN + BILINGUAL + TRANSLATION_KEYS + BY_FILL
)
def test_each_naming_scheme_is_classified(name: str, fill: str, expected: Status) -> None:
    assert classify(name, fill) == expected


def test_a_known_name_outranks_a_contradicting_fill() -> None:
    # DeepState once drew a liberated area in the grey zone's colour; its name is the label.
    name = "Звільнено /// Liberated /// geoJSON.status.dismissed\n"
    assert classify(name, "#bcaaa4") == Status.LIBERATED


@pytest.mark.parametrize(("name", "fill"), [("Багатокутник 3", "#123456"), (None, None)])
def test_a_name_and_colour_that_say_nothing_are_unclassified(name: object, fill: object) -> None:
    assert classify(name, fill) is None


def test_snapshot_date_is_the_utc_date_of_the_timestamp() -> None:
    late = int(datetime(2022, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())
    assert date_from_name(f"{late}.geojson", LAYERS) == date(2022, 12, 31)
    assert date_from_name(f"{late + 1}.geojson", LAYERS) == date(2023, 1, 1)


def test_layers_are_parsed_apart_and_points_and_lines_ignored(tmp_path: Path) -> None:
    crimea = shapely.GeometryCollection([shapely.box(33, 44.5, 34, 45.5)])
    line = {"type": "LineString", "coordinates": [[37, 48], [38, 48.5]]}
    path = write_layered(
        tmp_path,
        NOON,
        [
            layered_feature(shapely.box(37, 47.5, 38, 48.5), "Окуповано /// Occupied", "#a52714"),
            layered_feature(crimea, "Окупований Крим /// Occupied Crimea", "#880e4f"),
            layered_feature(shapely.box(38, 47.5, 38.2, 48.5), "Під питанням", "#bcaaa4"),
            layered_feature(line, "Лінія фронту", "#ff0000"),
        ],
    )
    layers = parse_layered(path.read_bytes(), path.name)
    assert layers[Status.OCCUPIED].area == pytest.approx(1.0)
    assert layers[Status.PRE2022].area == pytest.approx(1.0)
    assert layers[Status.GREY].area == pytest.approx(0.2)
    assert layers[Status.LIBERATED].is_empty and layers[Status.OUTSIDE].is_empty
    assert all(shapely.is_valid(g) for g in layers.values())


def test_an_invalid_polygon_is_repaired_beside_valid_ones(tmp_path: Path) -> None:
    # A bow-tie keeps both lobes (1 x 0.5 degree each); the valid square beside it is taken
    # as drawn, not rebuilt.
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[36, 47], [37, 48], [37, 47], [36, 48], [36, 47]]],
    }
    square = shapely.box(38, 47.5, 39, 48.5)
    path = write_layered(
        tmp_path,
        NOON,
        [
            layered_feature(bow_tie, "Окуповано", "#a52714"),
            layered_feature(square, "Окуповано", "#a52714"),
        ],
    )
    occupied = parse_layered(path.read_bytes(), path.name)[Status.OCCUPIED]
    assert occupied.is_valid
    assert occupied.area == pytest.approx(0.5 + 1.0)
    assert occupied.contains(shapely.Point(36.1, 47.5)) and occupied.contains(
        shapely.Point(36.9, 47.5)
    )


def test_an_unclassifiable_polygon_fails_its_file_by_name(tmp_path: Path) -> None:
    path = write_layered(
        tmp_path,
        NOON,
        [
            layered_feature(shapely.box(37, 47.5, 38, 48.5), "Окуповано", "#a52714"),
            layered_feature(shapely.box(38, 47.5, 39, 48.5), "Багатокутник 3", "#123456"),
        ],
    )
    with pytest.raises(SnapshotError) as caught:
        parse_layered(path.read_bytes(), path.name)
    message = str(caught.value)
    assert path.name in message and "'Багатокутник 3'" in message and "'#123456'" in message
    assert "feature 2" in message  # the place marker is feature 0


@pytest.mark.parametrize("bad", [True, "38.0", None], ids=["boolean", "string", "null"])
def test_a_position_that_is_not_numbers_fails_its_layered_file(tmp_path: Path, bad: object) -> None:
    # numpy would read true as 1.0 and "38.0" as 38.0: the check must not be skipped here.
    ring = [[37, 47.5, 0], [bad, 47.5, 0], [38, 48.5, 0], [37, 48.5, 0], [37, 47.5, 0]]
    polygon = {"type": "Polygon", "coordinates": [ring]}
    path = write_layered(tmp_path, NOON, [layered_feature(polygon, "Окуповано", "#a52714")])
    with pytest.raises(SnapshotError, match="not an array of numbers"):
        parse_layered(path.read_bytes(), path.name)


def test_refresh_stores_occupied_pre2022_and_grey_without_double_counting(
    tmp_path: Path, region: Region
) -> None:
    folder = tmp_path / "layers"
    folder.mkdir()
    donbas_week(folder, NOON, 37.5)
    store = Store(tmp_path / "store", create=True)
    report = refresh(LayeredFolderSource(folder), store, region, workers=1)
    assert report.added == [date(2023, 1, 1)] and not report.failed
    occupied, pre2022, grey = (
        store.figures(LAYERS, layer).set_index("oblast") for layer in (OCCUPIED, "pre2022", "grey")
    )
    for oblast in ("Donetsk", "Luhansk"):
        assert pre2022.loc[oblast, "occupied_km2"] < occupied.loc[oblast, "occupied_km2"]
    # The grey band straddles the occupied edge: only its western half is grey.
    expected_grey = {
        p.oblast: p.occupied_km2 for p in region.measure(shapely.box(37.3, 47, 37.5, 50.5))
    }
    expected_occupied = {
        p.oblast: p.occupied_km2 for p in region.measure(shapely.box(37.5, 47, 40.5, 50.5))
    }
    for oblast in ("Donetsk", "Luhansk"):
        assert grey.loc[oblast, "occupied_km2"] == pytest.approx(expected_grey[oblast], rel=1e-6)
        assert occupied.loc[oblast, "occupied_km2"] == pytest.approx(
            expected_occupied[oblast], rel=1e-6
        )
    assert grey.loc["Donetsk", "occupied_km2"] > 0
    assert store.figures().empty  # nothing written under the daily source


def test_check_verifies_the_weekly_layers_too(
    tmp_path: Path, region: Region, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "layers"
    folder.mkdir()
    donbas_week(folder, NOON, 37.5)
    store = tmp_path / "store"
    refresh(LayeredFolderSource(folder), Store(store, create=True), region, workers=1)
    assert main(["check", "--store", str(store)]) == 0
    with sqlite3.connect(store / DB_NAME) as db:
        db.execute(
            "UPDATE pieces SET occupied_km2 = occupied_km2 * 1.001 "
            "WHERE layer = 'grey' AND oblast = 'Donetsk'"
        )

    assert main(["check", "--store", str(store)]) == 1

    problems = capsys.readouterr().err.splitlines()
    assert problems[-2].startswith("2023-01-01 Donetsk (deepstate-layers, grey): stored km²")


def test_layered_and_daily_refreshes_keep_to_their_own_source(
    tmp_path: Path, region: Region
) -> None:
    layers, daily = tmp_path / "layers", tmp_path / "daily"
    layers.mkdir()
    daily.mkdir()
    donbas_week(layers, NOON, 37.5)
    write_snapshot(daily, date(2023, 1, 1), [shapely.box(37.5, 47, 40.5, 50.5)])
    store = Store(tmp_path / "store", create=True)
    refresh(LayeredFolderSource(layers), store, region, workers=1)
    first = refresh(FolderSource(daily), store, region, workers=1)
    again = refresh(LayeredFolderSource(layers), store, region, workers=1)
    assert first.added == [date(2023, 1, 1)]
    assert again.unchanged == 1 and not again.added
    assert store.dates(DAILY) == store.dates(LAYERS) == [date(2023, 1, 1)]


def test_a_failed_layered_file_leaves_the_store_as_it_was(tmp_path: Path, region: Region) -> None:
    folder = tmp_path / "layers"
    folder.mkdir()
    donbas_week(folder, NOON, 37.5)
    store = Store(tmp_path / "store", create=True)
    refresh(LayeredFolderSource(folder), store, region, workers=1)
    before = store.figures(LAYERS, "grey")
    write_layered(
        folder, NOON + 3600, [layered_feature(shapely.box(37, 47, 38, 48), "Полігон", "#123456")]
    )
    report = refresh(LayeredFolderSource(folder), store, region, workers=1)
    assert [f.name for f in report.failed] == [f"{NOON + 3600}.geojson"]
    assert store.figures(LAYERS, "grey").equals(before)


def test_the_latest_file_of_a_utc_day_stands_for_the_day(tmp_path: Path) -> None:
    donbas_week(tmp_path, NOON, 37.5)
    donbas_week(tmp_path, NOON + 3600, 37.0)
    entries, errors = LayeredFolderSource(tmp_path).entries()
    assert [e.name for e in entries] == [f"{NOON + 3600}.geojson"] and not errors


def test_the_format_is_told_from_the_content(tmp_path: Path) -> None:
    layers, daily = tmp_path / "layers", tmp_path / "daily"
    layers.mkdir()
    daily.mkdir()
    donbas_week(layers, NOON, 37.5)
    write_snapshot(daily, date(2023, 1, 1), [shapely.box(37.5, 47, 40.5, 50.5)])
    assert isinstance(open_folder(layers), LayeredFolderSource)
    assert type(open_folder(daily)) is FolderSource
    assert type(open_folder(daily, "daily")) is FolderSource


def test_a_folder_without_a_file_of_the_asked_format_is_refused(tmp_path: Path) -> None:
    layers, daily, empty = tmp_path / "layers", tmp_path / "daily", tmp_path / "empty"
    for folder in (layers, daily, empty):
        folder.mkdir()
    donbas_week(layers, NOON, 37.5)
    write_snapshot(daily, date(2023, 1, 1), [shapely.box(37.5, 47, 40.5, 50.5)])
    with pytest.raises(SnapshotError, match=r"no layered snapshot file .*use --format daily"):
        open_folder(daily, "layered")
    with pytest.raises(
        SnapshotError, match=r"no daily snapshot file .*1 layered .*--format layered"
    ):
        open_folder(layers, "daily")
    with pytest.raises(SnapshotError, match=r"no daily snapshot file \(deepstatemap_data_YYYYMMDD"):
        open_folder(empty)


def test_cli_refresh_reads_a_layered_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "layers"
    folder.mkdir()
    donbas_week(folder, NOON, 37.5)
    store = tmp_path / "store"
    assert main(["refresh", "--source", str(folder), "--store", str(store), "--workers", "1"]) == 0
    assert "1 added" in capsys.readouterr().err
    assert Store(store).dates(LAYERS, "pre2022") == [date(2023, 1, 1)]


def test_a_parallel_refresh_names_bad_layered_files_and_stores_the_rest(
    tmp_path: Path, region: Region
) -> None:
    folder = tmp_path / "layers"
    folder.mkdir()
    weeks = [NOON + 7 * 86_400 * i for i in range(8)]
    for i, stamp in enumerate(weeks):
        donbas_week(folder, stamp, 37.5 - 0.05 * i)
    (folder / f"{NOON - 86_400}.geojson").write_text('{"type": "FeatureCollection", "feat')
    store = Store(tmp_path / "store", create=True)
    report = refresh(LayeredFolderSource(folder), store, region, workers=2)
    assert [f.name for f in report.failed] == [f"{NOON - 86_400}.geojson"]
    assert "not valid JSON" in str(report.failed[0])
    assert len(report.added) == len(weeks)
