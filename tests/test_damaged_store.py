"""One damaged record costs its day, not the page: the map, a comparison and the timeline."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from frontline.ingest.store import DB_NAME
from tests.conftest import run_page
from tests.test_map_page import as_shown
from tests.test_timeline_page import listed

DAMAGED = date(2026, 1, 6)


@pytest.fixture
def damaged_store(archive_store: Path, tmp_path: Path) -> Path:
    """The real-days store with the stored Donetsk geometry of one day cut to two bytes."""
    store = Path(shutil.copytree(archive_store, tmp_path / "store"))
    (store / "towns.npz").unlink(missing_ok=True)  # measured again, so the damage is met
    with sqlite3.connect(store / DB_NAME) as db:
        changed = db.execute(
            "UPDATE pieces SET geometry = x'0102' WHERE date = ? AND oblast = 'Donetsk'",
            (DAMAGED.isoformat(),),
        ).rowcount
    assert changed == 1
    return store


def warnings(app) -> list[str]:
    return [as_shown(w.value) for w in app.warning]


def names_the_day(app) -> bool:
    return any(
        f"The stored occupied area of {DAMAGED} cannot be read" in text for text in warnings(app)
    )


def test_the_map_of_a_damaged_day_names_it_and_shows_its_figures(
    damaged_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("map", damaged_store, monkeypatch, date=DAMAGED.isoformat())
    assert names_the_day(app)
    assert "frontline.sqlite" not in " ".join(warnings(app))  # no server path for readers
    shown = " ".join(m.value for m in app.markdown)
    assert "**Donetsk**" in shown and "km²** of 26,622 km²" in shown


def test_the_next_day_is_drawn_as_ever(
    damaged_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("map", damaged_store, monkeypatch, date="2026-01-07")
    assert not names_the_day(app)


def test_a_comparison_with_a_damaged_day_shows_its_figures(
    damaged_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(
        "compare", damaged_store, monkeypatch, **{"from": "2025-12-07", "to": "2026-01-06"}
    )
    assert names_the_day(app)
    assert any("Donetsk" in str(frame.value) for frame in app.dataframe) or "Donetsk" in " ".join(
        m.value for m in app.markdown
    )


def test_a_comparison_across_a_damaged_day_names_it(
    damaged_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(
        "compare", damaged_store, monkeypatch, **{"from": "2025-12-20", "to": "2026-01-12"}
    )
    assert names_the_day(app)


def test_the_timeline_names_the_damaged_day_and_lists_the_events(
    damaged_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("timeline", damaged_store, monkeypatch)
    assert names_the_day(app)
    assert "Paris" in listed(app)
    assert app.get("vega_lite_chart"), "the chart of the shares is drawn"
