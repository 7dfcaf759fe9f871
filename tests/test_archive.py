"""Checks against the real DeepStateMap archive in ../shared (skipped with a reason when absent)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest

from frontline.config import AREA_CRS, CONTROL_CSV, COUNTRY_WATERS_GEOJSON
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import DENSIFY_DEG, Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import COUNTRY, load_areas, load_country
from frontline.model.figures import figures_on, to_csv_bytes
from frontline.model.history import all_sources, merge_history

pytestmark = pytest.mark.archive
SUMMIT = date(2026, 1, 6)


def test_summit_day_figures_name_their_snapshot(archive_store: Path) -> None:
    day = figures_on(Store(archive_store).figures(), SUMMIT)
    assert day.resolved.exact
    assert day["Donetsk"].source.endswith("deepstatemap_data_20260106.geojson")


def plain_areas(snapshot: gpd.GeoDataFrame) -> dict[str, float]:
    """Occupied km² of every oblast and the country (with its territorial sea), the plain
    geopandas way (densified)."""
    occupied = snapshot.segmentize(DENSIFY_DEG).to_crs(AREA_CRS).union_all()
    areas = load_areas().set_index("name").geometry
    areas[COUNTRY] = load_country(COUNTRY_WATERS_GEOJSON)
    projected = gpd.GeoSeries(areas, crs="EPSG:4326").segmentize(DENSIFY_DEG).to_crs(AREA_CRS)
    return {name: occupied.intersection(g).area / 1e6 for name, g in projected.items()}


@pytest.mark.parametrize("day", ["20240708", "20251215", "20260106"])
def test_figures_equal_the_plain_geopandas_computation(
    archive: Path, archive_store: Path, day: str
) -> None:
    expected = plain_areas(gpd.read_file(archive / f"deepstatemap_data_{day}.geojson"))
    stored = Store(archive_store).figures()
    stored = stored[stored["date"] == date.fromisoformat(f"{day[:4]}-{day[4:6]}-{day[6:]}")]
    measured = dict(zip(stored["oblast"], stored["occupied_km2"], strict=True))
    reached = {name for name, km2 in expected.items() if km2 > 0}
    assert set(measured) == reached | {"Donetsk", "Luhansk", COUNTRY}
    for name, km2 in measured.items():
        # The plain way overlays densified chords in EPSG:3035, frontline the straight edges in
        # lon/lat: along each crossing edge they differ by a chord's bow, a few m² in all.
        assert km2 == pytest.approx(expected[name], rel=1e-7, abs=1e-4), name


@pytest.mark.slow
def test_committed_figures_are_reproduced_from_the_archive(
    archive: Path, layered_archive: Path, tmp_path: Path, region: Region
) -> None:
    store = Store(tmp_path / "store", create=True)
    report = refresh(FolderSource(archive), store, region)
    assert report.failed == []
    assert len(report.added) == 769
    weekly = refresh(LayeredFolderSource(layered_archive), store, region)
    assert weekly.failed == [] and len(weekly.added) == 175
    assert to_csv_bytes(merge_history(all_sources(store))) == CONTROL_CSV.read_bytes()
