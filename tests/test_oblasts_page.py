"""The every-oblast page in AppTest: the table of every oblast and the country on the date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from frontline.config import CONTROL_CSV
from frontline.model.boundaries import COUNTRY, NE_NAMES
from frontline.model.figures import areas_on, read_figures
from tests.conftest import app_test


def run_oblasts_page(store: Path, monkeypatch: pytest.MonkeyPatch, day: str) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    app = app_test(60)
    app.query_params["date"] = day
    app.run()
    app.switch_page("pages/oblasts.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_table_lists_the_country_then_every_oblast_with_the_chosen_days_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_oblasts_page(tmp_path / "no-store", monkeypatch, "2026-01-01")
    (table,) = [t.value for t in app.dataframe]
    assert list(table.columns) == ["Oblast", "Occupied %", "Occupied km²", "Area km²"]
    assert table["Oblast"].iloc[0] == COUNTRY
    assert sorted(table["Oblast"].iloc[1:]) == sorted(NE_NAMES.values())
    _, expected = areas_on(read_figures(CONTROL_CSV), date(2026, 1, 1))
    assert table["Occupied %"].tolist() == expected["occupied_pct"].tolist()
    assert table["Occupied km²"].tolist() == expected["occupied_km2"].round(0).tolist()
    text = " ".join(m.value for m in app.markdown)
    assert "Showing **2026-01-01**" in text


def test_an_oblast_the_snapshot_does_not_reach_shows_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_oblasts_page(tmp_path / "no-store", monkeypatch, "2026-01-01")
    (table,) = [t.value for t in app.dataframe]
    lviv = table.set_index("Oblast").loc["Lviv"]
    assert lviv["Occupied %"] == 0 and lviv["Occupied km²"] == 0 and lviv["Area km²"] > 0
