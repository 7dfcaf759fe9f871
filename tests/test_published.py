"""DeepStateMap's published figures: the file's checks, and frontline's figures against them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import measuring_region
from frontline.model.published import PublishedError, compare_published, read_published

HEADER = "date,area,value,unit,tolerance,published,url\n"
ROW = "2026-01-01,Donetsk,78.1,%,0.3,DeepStateMap on Telegram,https://example.org\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "published.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_committed_file_reads_and_holds_the_new_year_figures() -> None:
    published = read_published()
    keys = set(zip(published["date"], published["area"], published["unit"], strict=True))
    for area in ("Donetsk", "Luhansk"):
        assert (date(2026, 1, 1), area, "%") in keys
        assert (date(2025, 1, 1), area, "%") in keys
    assert (date(2026, 1, 1), "Ukraine", "km²") in keys
    assert published["published"].str.len().gt(0).all()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ROW.replace("2026-01-01", "1 Jan"), "line 2: date '1 Jan' is not YYYY-MM-DD"),
        (ROW.replace("Donetsk", "Narnia"), "line 2: area 'Narnia' is not an oblast"),
        (ROW.replace(",%,", ",pp,"), "line 2: unit 'pp' is not one of"),
        (ROW.replace(",0.3,", ",-1,"), "line 2: tolerance -1.0 is negative"),
        (ROW.replace("DeepStateMap on Telegram", " "), "line 2: published"),
    ],
)
def test_a_bad_row_is_named_by_line_and_field(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(PublishedError, match=message):
        read_published(write(tmp_path, HEADER + row))


def test_a_date_without_a_snapshot_is_compared_with_the_snapshot_before_it(
    tmp_path: Path,
) -> None:
    figures = pd.DataFrame(
        {
            "date": [date(2024, 12, 31), date(2024, 12, 31), date(2025, 1, 2)],
            "oblast": ["Donetsk", "Ukraine", "Donetsk"],
            "occupied_km2": [17_000.0, 110_000.0, 18_000.0],
            "occupied_pct": [67.0, 18.0, 68.0],
            "source": ["s"] * 3,
        }
    )
    text = HEADER + ROW.replace("2026-01-01", "2025-01-01").replace("78.1", "67.5")
    text += "2025-01-01,Sumy,1.0,%,0.3,DeepStateMap,\n"
    text += "2025-01-01,Ukraine,111000,km²,500,DeepStateMap,\n"
    compared = compare_published(read_published(write(tmp_path, text)), figures)
    assert compared["snapshot"].tolist() == [date(2024, 12, 31)] * 3
    assert compared["frontline"].tolist() == [67.0, 0.0, 110_000.0]
    assert compared["difference"].tolist() == pytest.approx([-0.5, -1.0, -1000.0])
    assert compared["within"].tolist() == [False, False, False]


@pytest.mark.archive
def test_every_published_figure_is_met_within_its_tolerance(archive: Path, tmp_path: Path) -> None:
    published = read_published()
    folder = tmp_path / "snapshots"
    folder.mkdir()
    files = sorted(archive.glob("deepstatemap_data_*.geojson"))
    for day in set(published["date"]):
        # The snapshot the dashboard would use for the day: the latest on or before it.
        name = max(p.name for p in files if p.name <= f"deepstatemap_data_{day:%Y%m%d}.geojson")
        (folder / name).symlink_to(archive / name)
    store = Store(tmp_path / "store", create=True)
    refresh(FolderSource(folder), store, measuring_region(), workers=1)
    compared = compare_published(published, store.figures())
    outside = compared[~compared["within"]]
    assert outside.empty, outside[["date", "area", "value", "frontline", "tolerance"]]
