"""The layered maps in ../shared against the daily archive and DeepStateMap's published figures."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from frontline.config import DATA_DIR
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import DAILY, LAYERS, Store
from frontline.model.history import all_sources

pytestmark = pytest.mark.archive

OVERLAP = (date(2024, 7, 8), date(2025, 8, 3))
NEW_YEAR_2023 = date(2023, 1, 1)
# Measured on the 55 weeks both hold: at most 0.17 pp apart (mean 0.02 pp). Both come from
# DeepState's map on the same day; the gap is when in the day each archive took its copy.
AGREEMENT_PP = 0.2


@pytest.fixture(scope="module")
def overlap_store(
    archive: Path, layered_archive: Path, tmp_path_factory: pytest.TempPathFactory, region: Region
) -> Store:
    """A store with the layered maps of the overlap and of 1 January 2023, and the daily
    archive's files for the same days."""
    layers = tmp_path_factory.mktemp("layers")
    daily = tmp_path_factory.mktemp("daily")
    entries, _ = LayeredFolderSource(layered_archive).entries()
    for entry in entries:
        if OVERLAP[0] <= entry.date <= OVERLAP[1] or entry.date == NEW_YEAR_2023:
            (layers / entry.name).symlink_to(layered_archive / entry.name)
            name = f"deepstatemap_data_{entry.date:%Y%m%d}.geojson"
            if (archive / name).exists():
                (daily / name).symlink_to(archive / name)
    store = Store(tmp_path_factory.mktemp("store"), create=True)
    for source in (LayeredFolderSource(layers), FolderSource(daily)):
        report = refresh(source, store, region)
        assert not report.failed, report.failed
    return store


def test_layered_and_daily_sources_agree_where_they_overlap(overlap_store: Store) -> None:
    table = all_sources(overlap_store)
    wide = table.pivot_table(
        index=["date", "oblast"], columns="source_id", values="occupied_pct"
    ).dropna()
    assert len(wide) >= 100  # 55 shared weeks, two oblasts
    gap = (wide[LAYERS] - wide[DAILY]).abs()
    print(f"\nlayered vs daily, {len(wide)} rows: max {gap.max():.3f} pp, mean {gap.mean():.3f} pp")
    assert gap.max() <= AGREEMENT_PP, gap.idxmax()


def test_pre2022_and_grey_lie_within_their_bounds(overlap_store: Store) -> None:
    layered = all_sources(overlap_store).query("source_id == @LAYERS")
    assert (layered["pre2022_pct"] <= layered["occupied_pct"]).all()
    assert (layered["occupied_pct"] + layered["grey_pct"] <= 100 + 1e-9).all()
    # ORDLO held about a third of each oblast before 2022, and did not move after.
    assert layered["pre2022_pct"].between(25, 40).all()


def published_rows() -> list[dict[str, str]]:
    """DeepStateMap's published 2023 figures, and `published.csv`'s rows for 2023 when it exists."""
    rows = []
    for name in ("published-2023.csv", "published.csv"):
        path = DATA_DIR / name
        if path.exists():
            with path.open(newline="") as handle:
                rows += [r for r in csv.DictReader(handle) if r["date"].startswith("2023-")]
    return rows


def test_published_2023_figures_match_the_layered_maps(overlap_store: Store) -> None:
    rows = published_rows()
    assert {(r["date"], r["area"]) for r in rows} >= {
        ("2023-01-01", "Donetsk"),
        ("2023-01-01", "Luhansk"),
    }
    table = all_sources(overlap_store).set_index(["date", "oblast", "source_id"])
    for row in rows:
        measured = table.loc[(date.fromisoformat(row["date"]), row["area"], LAYERS), "occupied_pct"]
        assert abs(measured - float(row["value"])) <= float(row["tolerance"]), row
