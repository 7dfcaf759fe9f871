"""DeepStateMap's and ISW's national series side by side: the comparison, the chart, the pages."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from frontline.ingest.store import NationalDay, NationalTable, Store
from frontline.model.national import compare_national
from frontline.present.national_chart import build_national_chart, national_caption
from frontline.registry import ISW, NATIONAL_SOURCES
from tests.conftest import DAILY_DAYS, LAYERED_WEEKS, STORE_DAYS, run_page

SOURCE = NATIONAL_SOURCES[ISW]
ISW_LABEL = SOURCE.credit


def _areas(days: list[date], km2: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": days,
            "oblast": "Ukraine",
            "occupied_km2": km2,
            "occupied_pct": [k / 6035 for k in km2],
            "source": [f"DeepStateMap file {d}" for d in days],
            "source_id": "deepstate-daily",
        }
    )


DS_DAYS = [date(2025, 1, 1), date(2025, 1, 2), date(2025, 1, 4)]
AREAS = pd.concat(
    [
        _areas(DS_DAYS, [110_000.0, 110_010.0, 110_030.0]),
        _areas(DS_DAYS, [20_000.0] * 3).assign(oblast="Donetsk"),
    ]
)
ISW_DAYS = [NationalDay(date(2025, 1, d), 111_000.0 + d, f"map{d}.geojson") for d in (1, 2, 3)]


def test_the_gap_is_isw_minus_deepstate_on_the_dates_both_have() -> None:
    comparison = compare_national(AREAS, ISW_DAYS, SOURCE)
    assert comparison.deepstate == "DeepStateMap" and comparison.other == ISW_LABEL
    assert list(comparison.gap["date"]) == DS_DAYS[:2]
    assert list(comparison.gap["gap_km2"]) == [1_001.0, 992.0]
    counts = comparison.series["series"].value_counts().to_dict()
    assert counts == {"DeepStateMap": 3, ISW_LABEL: 3}
    cited = comparison.series.set_index(["series", "date"])["cited"]
    assert cited[(ISW_LABEL, date(2025, 1, 3))] == f"{SOURCE.citation}, map3.geojson"
    assert cited[("DeepStateMap", date(2025, 1, 4))] == "DeepStateMap file 2025-01-04"


def test_the_range_limits_both_series_and_the_gap() -> None:
    comparison = compare_national(AREAS, ISW_DAYS, SOURCE, date(2025, 1, 2), date(2025, 1, 3))
    assert sorted(set(comparison.series["date"])) == [date(2025, 1, 2), date(2025, 1, 3)]
    assert list(comparison.gap["date"]) == [date(2025, 1, 2)]


def test_the_caption_gives_the_last_gap_or_says_the_series_is_missing() -> None:
    caption = national_caption(compare_national(AREAS, ISW_DAYS, SOURCE))
    assert "On 2025-01-02: 111,002 km² against 110,010 km², a gap of +992 km²" in caption
    alone = national_caption(compare_national(AREAS, [], SOURCE))
    assert alone.startswith("Only DeepStateMap's figure is shown") and "--source isw" in alone


def _tables(spec_datasets) -> list[pa.Table]:
    return [pa.ipc.open_stream(d.data.data).read_all() for d in spec_datasets]


def test_the_chart_labels_both_series_and_names_the_source_in_the_tooltip() -> None:
    spec = build_national_chart(compare_national(AREAS, ISW_DAYS, SOURCE)).to_dict()
    text = json.dumps(spec)
    assert '"title": "Source"' in text and '"field": "cited"' in text
    assert f'"domain": ["DeepStateMap", "{ISW_LABEL}"]' in text
    assert "gap_km2" in text


def _with_isw(base: Path, folder: Path, days: list[date]) -> Path:
    """A copy of the store `base`, with ISW on each of `days` and on the day after the first."""
    shutil.copytree(base, folder)
    isw = [NationalDay(d, 30_500.0 + i, f"isw{i}.geojson") for i, d in enumerate(days)]
    isw.insert(1, NationalDay(days[0] + timedelta(days=1), 30_600.0, "extra.geojson"))
    table = NationalTable("http://127.0.0.1/t.csv", 1, "0" * 64, "2026-12-07T00:00:00Z", len(isw))
    Store(folder).write_national(ISW, isw, table)
    return folder


@pytest.fixture
def store_with_isw(two_source_store: Path, tmp_path: Path) -> Path:
    """The two archives' store (weekly maps, then daily days), with ISW on each of its days."""
    return _with_isw(two_source_store, tmp_path / "store", [*LAYERED_WEEKS, *DAILY_DAYS])


def _national_chart(app) -> dict:
    charts = [c for c in app.get("vega_lite_chart") if "gap_km2" in c.proto.spec]
    assert len(charts) == 1
    proto = charts[0].proto
    return {"spec": proto.spec, "tables": _tables(proto.datasets)}


def test_the_timeline_draws_both_national_series_and_their_gap(
    store_with_isw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("timeline", store_with_isw, monkeypatch)
    chart = _national_chart(app)
    series = next(t for t in chart["tables"] if "series" in t.column_names).to_pandas()
    assert set(series["series"]) == {"DeepStateMap", ISW_LABEL}
    assert (series["series"] == ISW_LABEL).sum() == 5
    store = Store(store_with_isw, readonly=True)
    figures = store.figures()
    deepstate = figures[figures["oblast"] == "Ukraine"].set_index("date")["occupied_km2"]
    gap = next(t for t in chart["tables"] if "gap_km2" in t.column_names).to_pandas()
    # The gap on the daily days: ISW's figure minus frontline's measure of DeepStateMap's.
    for i, day in enumerate(DAILY_DAYS, start=len(LAYERED_WEEKS)):
        row = gap[pd.to_datetime(gap["date"]).dt.date == day]
        assert row["gap_km2"].iloc[0] == round(30_500.0 + i - deepstate[day])
    assert len(gap) == 4  # not on ISW's extra day, which DeepStateMap lacks
    captions = " ".join(c.value for c in app.caption)
    assert f"{ISW_LABEL} minus DeepStateMap on the dates both have" in captions


def test_without_isw_the_timeline_says_how_to_read_it(
    two_source_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("timeline", two_source_store, monkeypatch)
    captions = " ".join(c.value for c in app.caption)
    assert "Only DeepStateMap's figure is shown" in captions


def test_the_sources_page_lists_isw_and_says_why_the_two_differ(
    archive_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Real days: the page sets DeepStateMap's published figures of 2026 beside the store's.
    store = _with_isw(archive_store, tmp_path / "store", STORE_DAYS[1::10])
    app = run_page("sources", store, monkeypatch)
    text = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert f"**{SOURCE.title}**" in text and SOURCE.home in text and "CC BY 4.0" in text
    assert "DeepStateMap and ISW" in [h.value for h in app.subheader]
    assert SOURCE.counts in text and "grey zone" in text
