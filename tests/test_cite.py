""" "Cite this" under the map: the source, the snapshot's date (and time where the source has
one) and the page's link, and the copy-link button served by the app itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontline.config import PROJECT_ROOT
from frontline.model.figures import DayFigures, OblastFigures, Resolved
from frontline.present.cite import cite_text, snapshot_time
from tests.conftest import run_page

DAILY = "DeepStateMap via github.com/cyterat/deepstate-map-data, deepstatemap_data_20260106.geojson"
WEEKLY = "DeepStateMap via github.com/DanielRose2310/deepstatemaps-history, 1685919265.geojson"


def day(source: str, source_id: str, snapshot: date) -> DayFigures:
    oblasts = tuple(
        OblastFigures(name, 100.0, pct, source, (), source_id=source_id)
        for name, pct in (("Donetsk", 78.04), ("Luhansk", 99.6))
    )
    return DayFigures(Resolved(snapshot, snapshot), oblasts)


def test_a_daily_snapshot_is_cited_with_its_file_date_and_link() -> None:
    text = cite_text(day(DAILY, "deepstate-daily", date(2026, 1, 6)), "http://h/?date=2026-01-06")
    assert "deepstatemap_data_20260106.geojson" in text
    assert "snapshot of 2026-01-06" in text and "no time of day" in text
    assert "Donetsk 78.0 %" in text and "Luhansk 99.6 %" in text
    assert text.endswith("http://h/?date=2026-01-06")


def test_a_weekly_snapshot_is_cited_with_the_time_it_was_published() -> None:
    figures = day(WEEKLY, "deepstate-layers", date(2023, 6, 4))
    assert "published 2023-06-04 22:54 UTC" in cite_text(figures, None)
    assert snapshot_time("deepstate-layers", "bad name") is None
    assert snapshot_time("no-such-source", WEEKLY) is None


def test_the_map_page_says_how_to_cite_it(archive_store: Path, monkeypatch) -> None:
    app = run_page("map", archive_store, monkeypatch, date="2026-01-06")
    captions = [c.value for c in app.code if "Measured by frontline" in c.value]
    assert len(captions) == 1 and "snapshot of 2026-01-06" in captions[0]
    assert any(m.value == "**Cite this**" for m in app.markdown)


@pytest.mark.parametrize("name", ["cite.html", "cite.js"])
def test_the_copy_button_is_served_by_the_app_and_loads_nothing_else(name: str) -> None:
    text = (PROJECT_ROOT / "static" / name).read_text()
    assert "http://" not in text and "https://" not in text and "//cdn" not in text
