"""What a phone and a chart reader met: the pace chart's period and legend, a "no change" badge
without an arrow, the sidebar's Compare link at the date shown, and the Sources table's dates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from frontline.present.links import carried_query
from frontline.present.pace_chart import RECENT_MONTHS, build_pace_chart, recent_weeks
from frontline.present.sources_text import DATE_COLUMNS
from frontline.present.templates import render
from frontline.present.wording import NO_CHANGE, format_shift
from tests.conftest import run_page


def weeks(first: date, count: int) -> pd.DataFrame:
    days = [first + timedelta(weeks=i) for i in range(count)]
    return pd.DataFrame(
        {
            "area": "Donetsk",
            "week": days,
            "since": days,
            "until": days,
            "gained_km2": [2300.0 if d.year == 2022 else 20.0 for d in days],
            "mean_4w_km2": 1.0,
        }
    )


def test_the_pace_chart_shows_the_last_18_months_unless_asked_for_all() -> None:
    gains = weeks(date(2022, 4, 10), 200)
    last = pd.Timestamp(gains["week"].max())
    recent = recent_weeks(gains)
    first = pd.Timestamp(recent["week"].min())
    assert RECENT_MONTHS == 18
    assert (
        last - pd.DateOffset(months=18)
        < first
        <= last - pd.DateOffset(months=18) + pd.Timedelta(weeks=1)
    )
    # 2022's weeks of 2,300 km² no longer set the axis.
    assert recent["gained_km2"].max() == 20.0
    assert recent_weeks(gains, None) is gains
    assert recent_weeks(gains.head(0)).empty


def test_the_pace_chart_legend_sits_above_the_plot() -> None:
    spec = build_pace_chart(weeks(date(2025, 1, 5), 10)).to_dict()
    legends = [
        layer["encoding"]["color"]["legend"]
        for layer in spec["layer"]
        if "color" in layer.get("encoding", {})
    ]
    assert legends and all(legend["orient"] == "top" for legend in legends)


def test_no_change_is_said_in_words_and_the_compare_badge_has_no_arrow(
    archive_store: Path, monkeypatch
) -> None:
    assert format_shift(0.01, 0.2) == NO_CHANGE
    app = run_page(
        "compare", archive_store, monkeypatch, **{"from": "2026-01-05", "to": "2026-01-06"}
    )
    metrics = {m.proto.label: m.proto for m in app.metric}
    assert metrics, "no metric drawn"
    for proto in metrics.values():
        if proto.delta == NO_CHANGE:
            assert proto.direction == proto.NONE
        else:
            assert proto.direction != proto.NONE
    assert NO_CHANGE in {p.delta for p in metrics.values()}


def test_the_sidebars_compare_link_carries_the_date(archive_store: Path, monkeypatch) -> None:
    assert carried_query("compare", {"date": "2026-01-06"}, date(2026, 1, 6)) == {
        "from": "2025-12-07",
        "to": "2026-01-06",
    }
    assert carried_query("timeline", {"date": "2026-01"}, date(2026, 1, 1)) == {"date": "2026-01"}
    assert carried_query("compare", None, date(2026, 1, 6)) is None
    app = run_page("map", archive_store, monkeypatch, date="2026-01-06")
    links = {link.proto.label: link.proto for link in app.sidebar.get("page_link")}
    assert links["Compare"].query_string == "from=2025-12-07&to=2026-01-06"
    assert links["Timeline"].query_string == "date=2026-01-06"


def test_the_sources_tables_dates_never_break() -> None:
    row = {"Date": "2026-01-01", "Area": "Donetsk", "Snapshot used": "2026-01-01", "Link": ""}
    page = render("published.html", columns=list(row), rows=[row], dates=DATE_COLUMNS)
    assert page.count('class="date"') == 2
    assert "overflow-wrap: anywhere" not in page
