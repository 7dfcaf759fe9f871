"""DeepStateMap's published figures: the file's checks, and frontline's figures against them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import measuring_region
from frontline.model.history import all_sources, merge_history
from frontline.model.published import (
    PublishedError,
    compare_published,
    read_published,
    uncompared,
)
from frontline.present.sources_text import uncompared_text

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


def test_a_figure_before_the_first_snapshot_is_left_out(tmp_path: Path) -> None:
    figures = pd.DataFrame(
        {
            "date": [date(2024, 7, 8), date(2026, 1, 1)],
            "oblast": ["Donetsk"] * 2,
            "occupied_km2": [17_000.0, 20_000.0],
            "occupied_pct": [64.0, 78.0],
            "source": ["s"] * 2,
        }
    )
    text = HEADER + ROW.replace("2026-01-01", "2023-01-01") + ROW
    compared = compare_published(read_published(write(tmp_path, text)), figures)
    assert compared["date"].tolist() == [date(2026, 1, 1)]
    assert compared["frontline"].tolist() == [78.0]


def test_a_figure_after_the_last_snapshot_is_left_out_and_said_so(tmp_path: Path) -> None:
    """A store that ends in 2025 has no snapshot for the figures of 2026: the last snapshot,
    months old, must not stand for them, and asking for the date must not raise."""
    figures = pd.DataFrame(
        {
            "date": [date(2024, 7, 8), date(2025, 6, 30)],
            "oblast": ["Donetsk"] * 2,
            "occupied_km2": [17_000.0, 19_000.0],
            "occupied_pct": [64.0, 72.0],
            "source": ["s"] * 2,
        }
    )
    before = ROW.replace("2026-01-01", "2023-01-01")
    inside = ROW.replace("2026-01-01", "2025-01-01")
    published = read_published(write(tmp_path, HEADER + before + inside + ROW + ROW))
    compared = compare_published(published, figures)
    assert compared["date"].tolist() == [date(2025, 1, 1)]
    assert compared["snapshot"].tolist() == [date(2024, 7, 8)]
    left_out = uncompared(published, figures)
    assert (left_out.before, left_out.after) == ([date(2023, 1, 1)], [date(2026, 1, 1)])
    assert uncompared_text(left_out) == (
        "DeepStateMap's figures of 2023-01-01 are not compared: they fall before the first "
        "snapshot (2024-07-08). DeepStateMap's figures of 2026-01-01 are not compared yet: they "
        "fall after the last snapshot (2025-06-30); a refresh that reaches the date brings "
        "them in."
    )
    assert (
        uncompared_text(
            uncompared(
                published,
                pd.concat([figures, figures.assign(date=[date(2022, 12, 31), date(2026, 1, 1)])]),
            )
        )
        == ""
    )


@pytest.mark.archive
def test_every_published_figure_is_met_within_its_tolerance(
    archive: Path, layered_archive: Path, tmp_path: Path
) -> None:
    published = read_published()
    daily, weekly = tmp_path / "daily", tmp_path / "weekly"
    daily.mkdir()
    weekly.mkdir()
    files = sorted(archive.glob("deepstatemap_data_*.geojson"))
    weeks, _ = LayeredFolderSource(layered_archive).entries()
    for day in set(published["date"]):
        # The snapshot the dashboard would use for the day: the latest on or before it, from the
        # daily archive once it starts, from the weekly layered maps before (1 January 2023).
        name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
        if files[0].name <= name:
            name = max(p.name for p in files if p.name <= name)
            (daily / name).symlink_to(archive / name)
        else:
            week = max(e.name for e in weeks if e.date <= day)
            (weekly / week).symlink_to(layered_archive / week)
    store = Store(tmp_path / "store", create=True)
    for source in (FolderSource(daily), LayeredFolderSource(weekly)):
        refresh(source, store, measuring_region(), workers=1)
    compared = compare_published(published, merge_history(all_sources(store)))
    print("\n" + compared[["date", "area", "value", "frontline", "difference"]].to_string())
    outside = compared[~compared["within"]]
    assert outside.empty, outside[["date", "area", "value", "frontline", "tolerance"]]
    # The national total is counted as DeepStateMap counts it (coastal waters included): every
    # published national figure is met within 0.1 %, not only within its tolerance.
    national = compared[compared["area"] == "Ukraine"]
    assert len(national) == 2
    assert (national["difference"].abs() / national["value"]).max() < 0.001, national
