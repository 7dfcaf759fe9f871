"""Provenance: the sources listed, the days without a snapshot, and the sources page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from frontline.config import CONTROL_CSV
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import Region
from frontline.model.figures import read_figures
from frontline.model.provenance import attribution, data_sources, missing_dates
from frontline.model.published import compare_published, read_published
from tests.conftest import app_test
from tests.synthetic import make_days


def test_missing_dates_lists_the_gaps() -> None:
    dates = [date(2025, 3, 30), date(2025, 4, 2), date(2025, 4, 3)]
    assert missing_dates(dates) == [date(2025, 3, 31), date(2025, 4, 1)]
    assert missing_dates([]) == []


@pytest.mark.parametrize("medium", ["plain", "print", "web"])
def test_every_credit_line_names_each_map_source_and_the_cc_by_licence(medium: str) -> None:
    for source in data_sources():
        assert source.licence and source.provides
    line = attribution(medium)
    for name in ("DeepStateMap", "Natural Earth", "OpenStreetMap", "GeoNames"):
        assert name in line
    assert "CC BY 4.0" in line
    assert "News report" not in line


@pytest.mark.archive
def test_archive_gaps_are_the_ones_the_archive_documents(archive: Path) -> None:
    from frontline.ingest.snapshots import date_from_name

    dates = sorted(date_from_name(p.name) for p in archive.glob("deepstatemap_data_*.geojson"))
    assert [d.isoformat() for d in missing_dates(dates)] == [
        "2024-08-18",
        "2024-08-19",
        "2025-01-01",
        "2025-03-31",
        "2025-04-01",
        "2025-11-26",
        "2026-07-09",
    ]


def run_sources_page(store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    app = app_test(60)
    app.run()
    app.switch_page("pages/sources.py").run()
    assert not app.exception
    return app


def test_sources_page_without_a_store_uses_the_embedded_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_sources_page(tmp_path / "no-store", monkeypatch)
    text = " ".join(m.value for m in app.markdown)
    assert (
        "119 weekly snapshots from 2022-04-03 to 2024-07-07 (weekly layered maps), then "
        "769 daily snapshots from 2024-07-08 to 2026-08-22 (daily archive)"
    ) in text
    assert "embedded control.csv" in text
    assert "2025-11-26" in text
    # The map comes from the embedded outlines: one quiet line says so, and no command.
    assert not app.info
    captions = " ".join(c.value for c in app.caption)
    assert "Map outlines at display precision; figures computed at full precision." in captions
    assert "full precision" in captions and "README" in captions
    assert "make data" not in text + captions


def test_sources_page_with_a_store_reads_it(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_sources_page(archive_store, monkeypatch)
    text = " ".join(m.value for m in app.markdown)
    assert "read from the local store" in text and str(archive_store) not in text
    assert not app.info


def test_sources_page_sets_deepstatemaps_published_figures_beside_frontlines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_sources_page(tmp_path / "no-store", monkeypatch)
    (table,) = [h.proto.body for h in app.get("html") if "frontline-published" in h.proto.body]
    compared = compare_published(read_published(), read_figures(CONTROL_CSV))
    assert table.count("<tr>") == len(compared) + 1  # the header row and one row per figure
    first = compared.iloc[0]
    assert f'<td data-label="Difference">{first.difference:+,.2f} pp</td>' in table
    snapshot = first.snapshot.isoformat()
    assert f'<td data-label="Snapshot used" class="date">{snapshot}</td>' in table
    text = " ".join(m.value for m in app.markdown)
    assert "Where the differences come from" in text


def test_sources_page_on_a_store_that_ends_in_2025_leaves_the_2026_figures_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, region: Region
) -> None:
    """The store's last snapshot is 2025-01-01: DeepStateMap's figures of that day are
    compared, those of 2026 are said to wait for a refresh, and the page raises nothing."""
    folder = tmp_path / "days"
    folder.mkdir()
    make_days(folder, 3, start=date(2024, 12, 30))
    refresh(FolderSource(folder), Store(tmp_path / "store", create=True), region, workers=1)
    app = run_sources_page(tmp_path / "store", monkeypatch)
    (table,) = [h.proto.body for h in app.get("html") if "frontline-published" in h.proto.body]
    published = read_published()
    in_2025 = published[published["date"] == date(2025, 1, 1)]
    assert table.count("<tr>") == len(in_2025) + 1
    assert 'class="date">2026-01-01<' not in table
    captions = " ".join(c.value for c in app.caption)
    assert (
        "DeepStateMap's figures of 2023-01-01 are not compared: they fall before the first "
        "snapshot (2024-12-30)."
    ) in captions
    assert "figures of 2026-01-01 are not compared yet" in captions
    assert "after the last snapshot (2025-01-01)" in captions
    assert not app.error
