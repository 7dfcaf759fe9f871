"""The front line's length: known answers on synthetic areas, then real snapshots and the store."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pyproj
import pytest
import shapely
from streamlit.testing.v1 import AppTest

from frontline.config import CONTROL_CSV
from frontline.ingest.front import BORDER_GAP_M, FrontRegion, length_km
from frontline.ingest.measure import Region, to_area_crs
from frontline.ingest.refresh import refresh
from frontline.ingest.snapshots import read_snapshot
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import DAILY, Store
from frontline.model.dataset import open_dataset
from frontline.model.figures import read_figures
from frontline.model.history import source_table
from frontline.present.export import ExportError, Request, make_export
from frontline.present.front_chart import build_front_chart, front_series
from tests.synthetic import write_snapshot
from tests.test_export import export_panel_script

# Two areas side by side, one degree each: the country is their union.
WEST = shapely.box(30.0, 48.0, 31.0, 49.0)
EAST = shapely.box(31.0, 48.0, 32.0, 49.0)
GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def square_region() -> FrontRegion:
    return FrontRegion({"West": WEST, "East": EAST}, "Country")


def geodesic_km(*points: tuple[float, float]) -> float:
    """The geodesic length of a lon/lat path, densified as the front's edges are."""
    line = shapely.segmentize(shapely.LineString(points), 0.01)
    return GEOD.geometry_length(line) / 1000.0


def front_of(region: FrontRegion, occupied_wgs84: shapely.Geometry):
    return region.measure(to_area_crs(occupied_wgs84))


def test_a_square_against_a_straight_border_has_the_length_of_its_other_three_sides(
    square_region: FrontRegion,
) -> None:
    # The square reaches past the border (x = 32) into the next country, as DeepState's does.
    front = front_of(square_region, shapely.box(31.5, 48.2, 32.5, 48.6))
    expected = (
        geodesic_km((31.5, 48.2), (31.5, 48.6))
        + geodesic_km((31.5, 48.6), (32.0, 48.6))
        + geodesic_km((31.5, 48.2), (32.0, 48.2))
    )
    assert front.total_km == pytest.approx(expected, rel=1e-3)
    assert front.km == {"East": pytest.approx(expected, rel=1e-3)}
    assert front.total == "Country"
    assert length_km(front.line_wgs84) == pytest.approx(expected, rel=1e-3)


def test_the_front_is_split_between_the_areas_it_crosses(square_region: FrontRegion) -> None:
    front = front_of(square_region, shapely.box(30.8, 48.2, 32.5, 48.6))
    west = geodesic_km((30.8, 48.2), (30.8, 48.6)) + 2 * geodesic_km((30.8, 48.4), (31.0, 48.4))
    assert front.km["West"] == pytest.approx(west, rel=5e-3)
    assert front.km["West"] + front.km["East"] == pytest.approx(front.total_km, rel=1e-6)


def test_a_thin_strip_left_between_the_drawing_and_the_border_is_not_front(
    square_region: FrontRegion,
) -> None:
    # The drawing stops 300 m short of the border: the strip of "free" land it leaves is
    # connected to free ground at both ends, but its edge runs along the border.
    short = 32.0 - 0.004
    front = front_of(square_region, shapely.box(31.5, 48.2, short, 48.6))
    three_sides = (
        geodesic_km((31.5, 48.2), (31.5, 48.6))
        + geodesic_km((31.5, 48.6), (short, 48.6))
        + geodesic_km((31.5, 48.2), (short, 48.2))
    )
    # The strip's edge is left out with the last metres of the two sides, where they run
    # into it within the border gap.
    assert three_sides - 2 * BORDER_GAP_M / 1000 <= front.total_km < three_sides


def test_a_coastal_strip_cut_off_by_the_occupied_area_is_not_front(
    square_region: FrontRegion,
) -> None:
    # Occupied land wraps around a strip 1.5 km wide against the border: cut off from free
    # ground and under 100 km², that strip is the generalised drawing's, not a front.
    outer = shapely.box(31.5, 48.2, 32.5, 48.6)
    strip = shapely.box(31.98, 48.3, 32.0, 48.5)
    front = front_of(square_region, outer.difference(strip))
    assert front.total_km == pytest.approx(front_of(square_region, outer).total_km, rel=1e-3)


def test_small_pockets_and_slivers_are_left_out_and_a_large_pocket_is_front(
    square_region: FrontRegion,
) -> None:
    outer = shapely.box(30.2, 48.1, 31.8, 48.9)
    plain = front_of(square_region, outer).total_km
    small_pocket = shapely.box(31.0, 48.5, 31.02, 48.52)  # about 3 km²: left out
    assert front_of(square_region, outer.difference(small_pocket)).total_km == pytest.approx(
        plain, rel=1e-6
    )
    large_pocket = shapely.box(30.6, 48.3, 31.4, 48.7)  # about 2,600 km² of free ground
    ring = (
        geodesic_km((30.6, 48.3), (30.6, 48.7)) * 2
        + geodesic_km((30.6, 48.3), (31.4, 48.3))
        + geodesic_km((30.6, 48.7), (31.4, 48.7))
    )
    with_pocket = front_of(square_region, outer.difference(large_pocket)).total_km
    assert with_pocket == pytest.approx(plain + ring, rel=1e-3)
    sliver = shapely.box(30.5, 48.5, 30.505, 48.505)  # about 0.2 km²
    assert front_of(square_region, sliver).total_km == 0.0


def test_a_front_meeting_the_border_at_an_angle_keeps_its_last_stretch(
    square_region: FrontRegion,
) -> None:
    # A triangle whose sides meet the border at about 45°: the stretches within the border
    # gap are short, so they are front, not border.
    triangle = shapely.Polygon([(32.0, 48.2), (31.6, 48.45), (32.0, 48.7)])
    front = front_of(square_region, triangle)
    sides = geodesic_km((32.0, 48.2), (31.6, 48.45)) + geodesic_km((31.6, 48.45), (32.0, 48.7))
    assert front.total_km == pytest.approx(sides, rel=1e-3)
    assert BORDER_GAP_M < 1000


def test_nothing_occupied_has_no_front(square_region: FrontRegion) -> None:
    front = front_of(square_region, shapely.MultiPolygon())
    assert (front.total_km, front.km) == (0.0, {})
    outside = front_of(square_region, shapely.box(40.0, 48.0, 41.0, 49.0))
    assert outside.total_km == 0.0


def test_the_front_is_stored_with_each_day_and_reaches_stats(tmp_path: Path) -> None:
    # A country large enough that a day's change is a plausible share of it.
    rest = shapely.box(22.0, 44.0, 30.0, 53.0)
    oblasts = {"West": WEST, "East": EAST, "Rest": rest}
    areas = {**oblasts, "Country": shapely.union_all([WEST, EAST, rest])}
    region = Region(
        areas,
        always=("West", "East", "Country"),
        drawn=("West", "East"),
        total="Country",
        front=FrontRegion(oblasts, "Country"),
    )
    folder = tmp_path / "days"
    folder.mkdir()
    write_snapshot(folder, date(2025, 1, 1), [shapely.box(31.5, 48.2, 32.5, 48.6)])
    write_snapshot(folder, date(2025, 1, 2), [shapely.box(30.8, 48.2, 32.5, 48.6)])
    store = Store(tmp_path / "store", create=True)
    report = refresh(FolderSource(folder), store, region, workers=1)
    assert report.failed == [] and len(report.added) == 2
    fronts = store.fronts(DAILY)
    first = fronts[fronts["date"] == date(2025, 1, 1)].set_index("oblast")["front_km"]
    alone = front_of(region.front, shapely.box(31.5, 48.2, 32.5, 48.6))  # type: ignore[arg-type]
    assert first.to_dict() == pytest.approx({"Country": alone.total_km, "East": alone.km["East"]})
    line = store.front_line(date(2025, 1, 1))
    assert line is not None and length_km(line) == pytest.approx(alone.total_km, rel=1e-3)
    table = source_table(store, DAILY).set_index(["date", "oblast"])["front_km"]
    # An area the line does not reach on a measured date has 0 km of it, not a gap.
    assert table[(date(2025, 1, 1), "West")] == 0.0
    assert table[(date(2025, 1, 2), "West")] > 0


def test_the_front_is_part_of_the_fingerprint(square_region: FrontRegion) -> None:
    areas = {"West": WEST, "East": EAST}
    assert Region(areas).fingerprint != Region(areas, front=square_region).fingerprint


@pytest.mark.slow
def test_the_real_front_on_the_summit_day(archive: Path, region: Region) -> None:
    """DeepState's map of 2026-01-06: a front of about 1,300 km, most of it in Donetsk."""
    data = (archive / "deepstatemap_data_20260106.geojson").read_bytes()
    front = region.measure_front(read_snapshot(data, "2026-01-06").occupied)
    assert front is not None
    # Reported at "over 1,200 km" of active front in winter 2025/26.
    assert 1150 < front.total_km < 1450
    assert max(front.km, key=front.km.__getitem__) == "Donetsk"
    assert set(front.km) <= {
        "Donetsk",
        "Luhansk",
        "Zaporizhzhia",
        "Kherson",
        "Kharkiv",
        "Dnipropetrovsk",
        "Sumy",
        "Mykolaiv",
        "Crimea",
    }
    assert sum(front.km.values()) == pytest.approx(front.total_km, rel=1e-3)


def test_the_front_exports_as_geojson_and_kml_with_its_length_and_source(
    archive_store: Path,
) -> None:
    dataset = open_dataset(archive_store)
    # The store holds 2024-07-08 then December 2025: June 2025 falls on the July 2024 snapshot.
    collection = json.loads(make_export("front-geojson", dataset, Request(date(2025, 6, 1))).data)
    (feature,) = collection["features"]
    props = feature["properties"]
    assert props["date"] == "2024-07-08" and props["requested_date"] == "2025-06-01"
    assert feature["geometry"]["type"] in ("MultiLineString", "LineString")
    line = shapely.from_geojson(json.dumps(feature["geometry"]))
    assert length_km(line) == pytest.approx(props["front_km"], rel=0.02)
    assert sum(props["front_km_by_oblast"].values()) == pytest.approx(props["front_km"], rel=1e-3)
    assert "deepstatemap_data_20240708" in props["source"]
    assert "the latest on or before 2025-06-01" in collection["description"]
    export = make_export("front-kml", dataset, Request(date(2026, 1, 6)))
    assert export.name == "frontline-donbas-2026-01-06-front.kml"
    root = ET.fromstring(export.data)
    coordinates = root.findall(".//{http://www.opengis.net/kml/2.2}coordinates")
    assert coordinates and all(c.text and "," in c.text for c in coordinates)
    assert "DeepStateMap" in (
        root.find(".//{http://www.opengis.net/kml/2.2}description").text or ""
    )


def test_a_front_export_without_a_measured_line_is_a_clear_error(tmp_path: Path) -> None:
    dataset = open_dataset(None, history=tmp_path / "absent.parquet")  # figures, no geometry
    assert not dataset.has_front_line(date(2026, 1, 6))
    with pytest.raises(ExportError, match=r"front line of .* is not in this copy"):
        make_export("front-kml", dataset, Request(date(2026, 1, 6)))


def test_the_front_chart_draws_the_whole_front_and_the_focus_oblasts() -> None:
    series = front_series(read_figures(CONTROL_CSV))
    assert set(series["area"]) == {"Whole front", "Donetsk", "Luhansk"}
    whole = series[series["area"] == "Whole front"].set_index("date")["front_km"]
    assert 1150 < whole[date(2026, 1, 6)] < 1450
    spec = build_front_chart(series).to_dict()
    assert spec["mark"]["type"] == "line"


def test_the_export_panel_offers_the_front_line_where_the_store_has_it(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_STORE", str(archive_store))
    app = AppTest.from_function(export_panel_script, default_timeout=120).run()
    assert not app.exception
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == [
        "PNG map",
        "HTML map",
        "GeoJSON",
        "Front line (GeoJSON)",
        "Front line (KML)",
        "CSV figures",
    ]
