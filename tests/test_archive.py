"""Checks against the real DeepStateMap archive in ../shared (skipped with a reason when absent)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest

from frontline.config import AREA_CRS, CONTROL_CSV
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import load_oblasts
from frontline.model.figures import figures_on, to_csv_bytes
from frontline.model.history import all_sources, merge_history

pytestmark = pytest.mark.archive
SUMMIT = date(2026, 1, 6)


def test_summit_day_figures(archive_store: Path) -> None:
    day = figures_on(Store(archive_store).figures(), SUMMIT)
    assert round(day["Donetsk"].occupied_pct, 1) == 77.6
    assert round(day["Luhansk"].occupied_pct, 1) == 98.8
    assert day["Donetsk"].occupied_km2 == pytest.approx(20_628.0, abs=1)
    assert day["Donetsk"].source.endswith("deepstatemap_data_20260106.geojson")


@pytest.mark.parametrize("day", ["20240708", "20251215", "20260106"])
def test_figures_equal_the_plain_geopandas_computation(
    archive: Path, archive_store: Path, day: str
) -> None:
    snapshot = gpd.read_file(archive / f"deepstatemap_data_{day}.geojson").to_crs(AREA_CRS)
    occupied = snapshot.union_all()
    oblasts = load_oblasts().to_crs(AREA_CRS)
    stored = Store(archive_store).figures().set_index(["date", "oblast"])
    for name, geometry in zip(oblasts["name"], oblasts.geometry, strict=True):
        expected = 100 * occupied.intersection(geometry).area / geometry.area
        measured = stored.loc[(date.fromisoformat(f"{day[:4]}-{day[4:6]}-{day[6:]}"), name)]
        assert measured["occupied_pct"] == pytest.approx(expected, rel=1e-9)


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
