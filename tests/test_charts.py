"""The timeline chart's Vega-Lite spec: both oblasts, the event marks, the report's figures."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest

from frontline.model.events import CATEGORIES, load_events
from frontline.present.charts import PICKS, build_timeline_chart
from frontline.present.style import OBLAST_COLOURS

PAYLOAD = '<img src=x onerror="window.pwned=1">'
EVENTS_CSV = f"""date,date_precision,title,summary,category,place,lat,lon,source
2022-02-24,day,Invasion,War begins.,military,Kyiv,50.45,30.52,test
2026-01-03,day,Raid in Caracas,Maduro captured.,international,Caracas,10.48,-66.90,test
2026-01-06,day,Summit opens,Leaders meet.,diplomacy,Paris,48.87,2.32,test
2026-01-06,day,"{PAYLOAD.replace('"', '""')}",Leaders talk.,diplomacy,Paris,48.87,2.32,test
2026-01-06,day,Force planned,After a ceasefire.,security,Paris,48.87,2.32,test
2026-01,month,Energy strikes,In winter.,energy,Ukraine,48.38,31.17,test
"""


def figures(first: date = date(2025, 12, 20), days: int = 30) -> pd.DataFrame:
    rows = []
    for i in range(days):
        day = first + timedelta(days=i)
        for oblast, share in (("Donetsk", 77.0 + i / 100), ("Luhansk", 98.7)):
            rows.append(
                {
                    "date": day,
                    "oblast": oblast,
                    "occupied_km2": share * 265,
                    "occupied_pct": share,
                    "source": f"test file {day:%Y%m%d}",
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events(io.StringIO(EVENTS_CSV))


@pytest.fixture(scope="module")
def spec(events: pd.DataFrame) -> dict[str, Any]:
    return build_timeline_chart(figures(), events).to_dict()


def leaves(spec: dict[str, Any], data: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every single-mark view in a (nested) layer spec, with the data it inherits."""
    data = spec.get("data", data)
    if "layer" in spec:
        return [leaf for child in spec["layer"] for leaf in leaves(child, data)]
    return [{**spec, "data": data}]


def mark_type(leaf: dict[str, Any]) -> str:
    mark = leaf["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def rows(spec: dict[str, Any], leaf: dict[str, Any]) -> list[dict[str, Any]]:
    return spec["datasets"][leaf["data"]["name"]]


def leaf_with(spec: dict[str, Any], kind: str, field: str) -> dict[str, Any]:
    """The leaf of mark `kind` whose data rows carry `field`."""
    found = [
        leaf
        for leaf in leaves(spec)
        if mark_type(leaf) == kind and rows(spec, leaf) and field in rows(spec, leaf)[0]
    ]
    assert len(found) == 1, f"{len(found)} {kind} layers with {field}"
    return found[0]


def leaves_with(spec: dict[str, Any], kind: str, field: str) -> dict[str, dict[str, Any]]:
    """The leaves of mark `kind` whose rows carry `field`, by the oblast of their rows."""
    return {
        rows(spec, leaf)[0]["oblast"]: leaf
        for leaf in leaves(spec)
        if mark_type(leaf) == kind and rows(spec, leaf) and field in rows(spec, leaf)[0]
    }


def test_each_oblast_has_its_own_line_in_its_colour(spec: dict[str, Any]) -> None:
    lines = leaves_with(spec, "line", "occupied_pct")
    assert set(lines) == {"Donetsk", "Luhansk"}
    for oblast, line in lines.items():
        assert {r["oblast"] for r in rows(spec, line)} == {oblast}
        scale = line["encoding"]["color"]["scale"]
        assert dict(zip(scale["domain"], scale["range"], strict=True)) == OBLAST_COLOURS


def test_the_curve_tooltip_gives_the_snapshot_date_in_words(spec: dict[str, Any]) -> None:
    for hover in leaves_with(spec, "circle", "source").values():
        tooltip = {t["field"]: t["title"] for t in hover["encoding"]["tooltip"]}
        # `date` itself is parsed into a time stamp for the x axis; the tooltip reads words.
        assert tooltip["when"] == "Snapshot" and "date" not in tooltip
        assert {"oblast", "occupied_pct", "source"} <= set(tooltip)
        first = rows(spec, hover)[0]
        assert (first["when"], first["source"]) == ("20 December 2025", "test file 20251220")


def test_axes_have_titles_with_units(spec: dict[str, Any]) -> None:
    for oblast, line in leaves_with(spec, "line", "occupied_pct").items():
        assert line["encoding"]["y"]["title"] == f"{oblast} (% occupied)"
        assert line["encoding"]["x"]["title"] == "Date"


def test_a_click_on_a_snapshot_or_an_event_selects_its_date(spec: dict[str, Any]) -> None:
    params = {p["name"]: p for leaf in leaves(spec) for p in leaf.get("params", [])}
    params |= {p["name"]: p for p in spec.get("params", [])}
    assert set(params) == set(PICKS)
    for param in params.values():
        assert param["select"]["fields"] == ["link"] and param["select"]["on"] == "click"
    snapshots = leaves_with(spec, "circle", "source")["Donetsk"]
    assert rows(spec, snapshots)[0]["link"] == "2025-12-20"
    marks = leaf_with(spec, "point", "category")
    links = {(r["date"], r["category"]): r["link"] for r in rows(spec, marks)}
    # A month-precision event selects the month, not a day it does not claim.
    assert links[("2026-01-01", "energy")] == "2026-01"
    assert links[("2026-01-06", "diplomacy")] == "2026-01-06"


def test_events_are_marked_one_per_date_and_category(spec: dict[str, Any]) -> None:
    marks = leaf_with(spec, "point", "category")
    groups = {(r["date"], r["category"]): r for r in rows(spec, marks)}
    assert set(groups) == {
        ("2026-01-01", "energy"),
        ("2026-01-03", "international"),
        ("2026-01-06", "diplomacy"),
        ("2026-01-06", "security"),
    }
    summit = groups[("2026-01-06", "diplomacy")]
    assert summit["count"] == 2
    assert (summit["title_1"], summit["title_2"]) == ("Summit opens", PAYLOAD)
    assert groups[("2026-01-01", "energy")]["when"] == "January 2026"


def test_event_rules_stand_at_each_event_date(spec: dict[str, Any]) -> None:
    drawn = {
        r["date"] for leaf in leaves(spec) if mark_type(leaf) == "rule" for r in rows(spec, leaf)
    }
    assert drawn == {"2026-01-01", "2026-01-03", "2026-01-06"}


def test_events_before_the_first_snapshot_are_left_off_the_chart(spec: dict[str, Any]) -> None:
    marks = leaf_with(spec, "point", "category")
    assert "Invasion" not in str(rows(spec, marks))


def test_event_categories_have_colour_and_shape(spec: dict[str, Any]) -> None:
    encoding = leaf_with(spec, "point", "category")["encoding"]
    categories = encoding["color"]["scale"]["domain"]
    colours, shapes = encoding["color"]["scale"]["range"], encoding["shape"]["scale"]["range"]
    assert set(categories) == set(CATEGORIES)
    # Told apart by colour and, for readers who cannot see the colours, by shape.
    assert len(set(colours)) == len(set(shapes)) == len(categories)


def test_reported_figures_sit_at_the_summit_beside_the_curve(spec: dict[str, Any]) -> None:
    reported = {
        r["oblast"]: r
        for leaf in leaves_with(spec, "point", "wording").values()
        for r in rows(spec, leaf)
    }
    assert reported["Donetsk"]["occupied_pct"] == 75.0
    assert reported["Luhansk"]["occupied_pct"] == 99.0
    assert "nearly all" in reported["Luhansk"]["wording"]
    assert {r["date"] for r in reported.values()} == {"2026-01-06"}
    assert all(r["source"] for r in reported.values())
    lines = leaves_with(spec, "line", "occupied_pct")
    for oblast, drawn in leaves_with(spec, "point", "wording").items():
        assert drawn["encoding"]["y"] == lines[oblast]["encoding"]["y"]


def test_reported_figures_outside_the_dates_are_left_out(events: pd.DataFrame) -> None:
    spec = build_timeline_chart(figures(date(2024, 7, 8), 10), events).to_dict()
    every_row = [r for leaf in leaves(spec) for r in rows(spec, leaf)]
    assert every_row and not any("wording" in r for r in every_row)


def test_a_chart_without_events_still_draws_the_curve(events: pd.DataFrame) -> None:
    spec = build_timeline_chart(figures(), events.iloc[0:0]).to_dict()
    assert set(leaves_with(spec, "line", "occupied_pct")) == {"Donetsk", "Luhansk"}


def test_the_maps_date_is_drawn_when_it_falls_in_the_period(events: pd.DataFrame) -> None:
    spec = build_timeline_chart(figures(), events, map_date=date(2026, 1, 6)).to_dict()
    rule = leaf_with(spec, "rule", "map_date")
    assert rows(spec, rule)[0]["map_date"] == "2026-01-06"
    outside = build_timeline_chart(figures(), events, map_date=date(2024, 1, 1)).to_dict()
    assert not any("map_date" in r for leaf in leaves(outside) for r in rows(outside, leaf))


def test_a_short_period_labels_days_and_a_long_one_months(events: pd.DataFrame) -> None:
    def tick_format(chart_figures: pd.DataFrame) -> str:
        spec = build_timeline_chart(chart_figures, events).to_dict()
        return leaves_with(spec, "line", "occupied_pct")["Donetsk"]["encoding"]["x"]["axis"][
            "format"
        ]

    assert tick_format(figures(date(2025, 12, 1), 62)) == "%e %b %Y"
    assert tick_format(figures(date(2024, 7, 8), 400)) == "%b %Y"


def test_the_measured_curve_holds_each_share_until_the_next_snapshot(
    spec: dict[str, Any],
) -> None:
    # Weekly history before 2024-07-08 must read as weekly: steps, never slopes between weeks.
    lines = leaves_with(spec, "line", "occupied_pct")
    assert len(lines) == 2
    assert all(leaf["mark"]["interpolate"] == "step-after" for leaf in lines.values())
