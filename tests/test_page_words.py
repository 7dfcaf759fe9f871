"""What the pages say and link to, computed by the package: tested as plain functions."""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from frontline.config import update_allowed
from frontline.model.dataset import data_version, open_dataset
from frontline.model.events import REPORT_PERIOD, chart_period, load_events, with_derived
from frontline.model.figures import figures_on
from frontline.model.towns import Period
from frontline.present import style
from frontline.present.compare_map import ChangedTown
from frontline.present.compare_text import (
    changed_town_lines,
    figures_table,
    gain_loss_line,
    town_history,
)
from frontline.present.day_text import figure_lines, oblast_table, share_cards
from frontline.present.favicon import favicon
from frontline.present.links import compare_href, map_href, map_link
from frontline.present.notices import STORE_UNUSABLE, snapshot_span
from frontline.present.sources_text import gaps_text, method_text
from frontline.present.timeline_text import chart_caption
from frontline.present.update_words import failure_lines, progress_step

DAY = date(2026, 1, 6)


def test_links_are_relative_so_a_base_url_path_keeps_them() -> None:
    assert map_href(DAY) == "./?date=2026-01-06"
    assert map_href("2026-01") == "./?date=2026-01"
    assert map_link(DAY) == "[map](./?date=2026-01-06)"
    assert compare_href(date(2025, 12, 7), DAY) == "compare?from=2025-12-07&to=2026-01-06"
    assert not any(h.startswith("/") for h in (map_href(DAY), compare_href(DAY, DAY)))


@pytest.mark.parametrize(
    ("setting", "secret", "allowed"),
    [
        ("0", True, False),
        (" Off ", True, False),
        ("false", True, False),
        ("no", True, False),
        ("1", False, True),  # the environment wins over the secret
        ("yes", False, True),
        (None, False, False),
        (None, True, True),
    ],
)
def test_update_allowed_reads_the_environment_before_the_secret(
    setting: str | None, secret: bool, allowed: bool
) -> None:
    assert update_allowed(setting, secret) is allowed


def test_data_version_changes_when_the_store_file_changes(tmp_path: Path) -> None:
    csv = tmp_path / "control.csv"
    csv.write_text("x")
    assert data_version(tmp_path, csv)[1] == 0.0  # no store yet
    db = tmp_path / "frontline.sqlite"
    db.write_bytes(b"")
    os.utime(db, (1_000_000, 1_000_000))
    first = data_version(tmp_path, csv)
    os.utime(db, (2_000_000, 2_000_000))
    assert data_version(tmp_path, csv) != first


def test_chart_period_cuts_to_the_summit_only_where_it_overlaps() -> None:
    whole = (date(2025, 1, 1), date(2026, 6, 1))
    assert chart_period(*whole, around_summit=True) == REPORT_PERIOD
    assert chart_period(*whole, around_summit=False) == whole
    inside = (date(2025, 12, 20), date(2026, 1, 10))
    assert chart_period(*inside, around_summit=True) == inside
    before = (date(2024, 1, 1), date(2024, 2, 1))  # no overlap: the whole range, not nothing
    assert chart_period(*before, around_summit=True) == before


def test_with_derived_sorts_both_kinds_of_event_by_date() -> None:
    report = load_events()
    assert with_derived(report, None) is report
    assert with_derived(report, report.head(0)) is report
    derived = report.head(2).assign(date=date(2000, 1, 1), category="derived")
    merged = with_derived(report, derived)
    assert len(merged) == len(report) + 2
    assert list(merged["category"].head(2)) == ["derived", "derived"]
    assert merged["date"].is_monotonic_increasing


def test_map_words_name_each_oblast_with_its_share_and_changes() -> None:
    figures = figures_on(open_dataset().figures, DAY)
    cards = share_cards(figures)
    assert [c["label"] for c in cards] == ["Donetsk oblast occupied", "Luhansk oblast occupied"]
    assert all(c["value"].endswith("%") for c in cards)
    lines = figure_lines(figures["Donetsk"]).split("  \n")
    assert lines[0].startswith("**") and " of " in lines[0]
    assert any("7 days" in line for line in lines) and any("30 days" in line for line in lines)


def test_oblast_table_rounds_km2_and_names_its_columns() -> None:
    table = pd.DataFrame(
        {
            "area": ["Donetsk"],
            "occupied_pct": [78.04],
            "occupied_km2": [20_700.6],
            "area_km2": [1.4],
        }
    )
    shown = oblast_table(table)
    assert list(shown.columns) == ["Oblast", "Occupied %", "Occupied km²", "Area km²"]
    assert shown.iloc[0]["Occupied km²"] == 20_701 and shown.iloc[0]["Occupied %"] == 78.04


def test_compare_words_for_towns_figures_and_history() -> None:
    town = ChangedTown(
        id=1,
        state_before="contested",
        state_after="inside",
        share_before=0.35,
        share_after=0.961,
        changed_on=DAY,
        previous_snapshot=date(2026, 1, 5),
        name="Pokrovsk",
        oblast="Donetsk",
        lat=48.3,
        lon=37.2,
    )
    (line,) = changed_town_lines([town])
    assert line == (
        "- **Pokrovsk** (Donetsk): contested (35 % occupied) → inside (96 % occupied), first "
        "changed on 2026-01-06 (the snapshot after 2026-01-05) · [map](./?date=2026-01-06)"
    )
    back = dataclasses.replace(town, state_after="outside", share_after=0.0)
    assert "contested (35 % occupied) → outside," in changed_town_lines([back])[0]
    periods = [
        Period("outside", date(2025, 1, 1), date(2025, 3, 1), None, 0.0, 0.01),
        Period("contested", date(2025, 3, 2), date(2025, 6, 1), date(2025, 3, 1), 0.04, 0.8),
        Period("inside", date(2025, 6, 2), DAY, date(2025, 6, 1), 0.93, 1.0),
    ]
    text = town_history("Pokrovsk", "Donetsk", 60_000, periods)
    assert text.startswith("**Pokrovsk**, Donetsk oblast (60,000 people):\n- outside from")
    assert (
        "- contested (4 % occupied) since 2025-03-02 (the snapshot after 2025-03-01) until "
        "2025-06-01, 80 % on its last day · [map](./?date=2025-03-02)"
    ) in text
    assert text.endswith("· [map](./?date=2025-06-02)") and text.count("[map]") == 2
    assert "population not recorded" in town_history("X", "Luhansk", 0, periods[:1])
    assert gain_loss_line(float("nan"), float("nan"), 1.0) == ""
    assert gain_loss_line(12.0, 3.0, 78.0).startswith("Gained **12 km²**, lost **3 km²**")
    frame = pd.DataFrame(
        columns=[
            "area",
            "start_pct",
            "end_pct",
            "start_km2",
            "end_km2",
            "gained_km2",
            "lost_km2",
            "net_km2",
            "net_pp",
        ]
    )
    assert "start_km2" not in figures_table(frame) and "Net, pp" in figures_table(frame)


def test_timeline_caption_counts_the_events_it_cannot_draw() -> None:
    measured = pd.DataFrame({"date": [date(2026, 1, 1), date(2026, 1, 10)]})
    inside = pd.DataFrame({"date": [date(2026, 1, 5)]})
    assert "listed below" not in chart_caption(inside, measured)
    outside = pd.DataFrame({"date": [date(2025, 1, 5), date(2026, 1, 5), date(2027, 1, 1)]})
    assert chart_caption(outside, measured).endswith(
        " 2 events outside the chart's dates are listed below, not drawn."
    )
    assert " 1 event outside" in chart_caption(outside.head(1), measured)


def test_sources_words() -> None:
    assert gaps_text([]) == ""
    assert gaps_text([date(2025, 1, 1)]).startswith("1 days have no snapshot")
    method = method_text({"Donetsk": 26_500.0, "Luhansk": 26_700.0}, date(2024, 7, 8))
    assert "Donetsk 26,500 km², Luhansk 26,700 km²" in method
    assert "official figures 26,517 and 26,684 km²" in method and "0.01°" in method
    assert "Before 2024-07-08" in method


def test_notices_name_the_problem_and_the_span() -> None:
    assert "control.csv" in STORE_UNUSABLE and "/" not in STORE_UNUSABLE
    assert snapshot_span([date(2022, 4, 3), DAY], "store at x") == (
        "Snapshots 2022-04-03 to 2026-01-06 (2 dates), from the store at x."
    )


def test_update_progress_and_failure_lines() -> None:
    assert progress_step("download", 0, 0, "a") == (0.0, "Step 1 of 2, downloading: 0 of 0 (a)")
    # The bar shows what the text counts: 442 of 882 is half the bar, in either step.
    assert progress_step("download", 5, 10, "b")[0] == 0.5
    assert progress_step("measure", 441, 882, "d")[0] == 0.5
    assert progress_step("measure", 12, 10, "e")[0] == 1.0
    assert progress_step("measure", 10, 10, "c") == (1.0, "Step 2 of 2, measuring: 10 of 10 (c)")
    assert progress_step("feed", 2, 8, "d") == (0.25, "Fetching and measuring updates: 2 of 8 (d)")
    failed = {date(2025, 1, 2): "HTTP 500", date(2025, 1, 1): "timed out"}
    assert failure_lines(failed) == [
        "2025-01-01: timed out (asked again on the next refresh)",
        "2025-01-02: HTTP 500 (asked again on the next refresh)",
    ]


def test_favicon_is_drawn_in_the_palette() -> None:
    icon = favicon()
    assert icon.size == (32, 32)
    assert icon.getpixel((31, 0)) == tuple(
        int(style.OCCUPIED_FILL[i : i + 2], 16) for i in (1, 3, 5)
    )
    assert icon.getpixel((0, 31)) == tuple(
        int(style.FAVICON_GROUND[i : i + 2], 16) for i in (1, 3, 5)
    )
