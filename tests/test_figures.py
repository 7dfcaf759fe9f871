"""Figures queries: the snapshot that answers a date, changes over time, checked CSV input."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from frontline.model.figures import (
    DateOutOfRange,
    FiguresError,
    figures_between,
    figures_on,
    read_figures,
    resolve_date,
    to_csv_bytes,
)
from frontline.model.selection import choose_date

DATES = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 10), date(2026, 2, 5)]


def table() -> pd.DataFrame:
    rows = []
    for i, day in enumerate(DATES):
        for oblast, base in (("Donetsk", 70.0), ("Luhansk", 95.0)):
            rows.append(
                {
                    "date": day,
                    "oblast": oblast,
                    "occupied_km2": 100.0 * (base + i),
                    "occupied_pct": base + i,
                    "source": f"test source, file {day:%Y%m%d}",
                }
            )
    return pd.DataFrame(rows)


def test_exact_date_resolves_to_itself() -> None:
    resolved = resolve_date(DATES, date(2026, 1, 10))
    assert resolved.snapshot == date(2026, 1, 10) and resolved.exact


def test_missing_date_uses_the_latest_snapshot_before_it() -> None:
    resolved = resolve_date(DATES, date(2026, 1, 9))
    assert resolved.snapshot == date(2026, 1, 2) and not resolved.exact


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2025, 12, 31), "2025-12-31 is before the first snapshot (2026-01-01)"),
        (date(2026, 2, 6), "2026-02-06 is after the last snapshot (2026-02-05)"),
    ],
)
def test_out_of_range_date_is_refused_with_the_range(day: date, message: str) -> None:
    with pytest.raises(DateOutOfRange, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve_date(DATES, day)


def test_figures_on_gives_both_oblasts_with_source() -> None:
    day = figures_on(table(), date(2026, 1, 10))
    assert [o.oblast for o in day.oblasts] == ["Donetsk", "Luhansk"]
    assert day["Donetsk"].occupied_pct == 72.0
    assert day["Luhansk"].source.endswith("20260110")


def test_changes_compare_with_the_snapshot_7_and_30_days_before() -> None:
    day = figures_on(table(), date(2026, 2, 5))
    week = day["Donetsk"].change(7)
    month = day["Donetsk"].change(30)
    # 7 days before 2026-02-05 is 2026-01-29: the latest snapshot then is 2026-01-10.
    assert (week.since, week.pct_points, week.km2) == (date(2026, 1, 10), 1.0, 100.0)
    # 30 days before is 2026-01-06: the latest snapshot then is 2026-01-02.
    assert (month.since, month.pct_points) == (date(2026, 1, 2), 2.0)


def test_no_change_before_the_first_snapshot() -> None:
    assert figures_on(table(), date(2026, 1, 2))["Donetsk"].changes == ()


def test_figures_between_is_inclusive_and_refuses_empty_ranges() -> None:
    assert len(figures_between(table(), date(2026, 1, 2), date(2026, 1, 10))) == 4
    with pytest.raises(DateOutOfRange, match="no snapshots between"):
        figures_between(table(), date(2026, 1, 3), date(2026, 1, 9))
    with pytest.raises(DateOutOfRange, match="is after end"):
        figures_between(table(), date(2026, 1, 10), date(2026, 1, 2))


def test_csv_round_trip() -> None:
    original = table()
    assert read_figures(io.BytesIO(to_csv_bytes(original))).equals(original)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.drop(columns="source"), "missing column"),
        (lambda t: t.assign(date="2026-13-01"), "line 2: date '2026-13-01' is not YYYY-MM-DD"),
        (lambda t: t.assign(oblast="Narnia"), "line 2: oblast 'Narnia' is not one of"),
        (lambda t: t.assign(occupied_pct="lots"), "line 2: occupied_pct 'lots' is not a number"),
        (lambda t: t.assign(occupied_pct="101"), "outside 0-100"),
        (lambda t: t.assign(occupied_km2="-1"), "negative"),
        (lambda t: t.assign(source=" "), "source is empty"),
        (lambda t: pd.concat([t, t.iloc[:1]]), "appears twice"),
    ],
)
def test_bad_figures_csv_names_row_and_field(edit, message: str) -> None:
    text = edit(pd.read_csv(io.BytesIO(to_csv_bytes(table())), dtype=str)).to_csv(index=False)
    with pytest.raises(FiguresError, match=message.replace("(", r"\(")):
        read_figures(io.StringIO(text))


def test_missing_figures_file_is_a_figures_error(tmp_path) -> None:
    with pytest.raises(FiguresError, match="cannot read"):
        read_figures(tmp_path / "absent.csv")


def test_no_date_asked_shows_the_latest_snapshot() -> None:
    choice = choose_date(DATES, None)
    assert choice.shown == DATES[-1] and choice.message is None


def test_gap_date_says_which_snapshot_stands_in() -> None:
    choice = choose_date(DATES, "2026-01-09")
    assert choice.shown == date(2026, 1, 2) and choice.level == "info"
    assert "No snapshot for 2026-01-09" in choice.message and "2026-01-02" in choice.message


@pytest.mark.parametrize(
    ("asked", "shown", "words"),
    [
        ("2020-01-01", date(2026, 1, 1), "before the first snapshot"),
        ("2030-01-01", date(2026, 2, 5), "after the last snapshot"),
    ],
)
def test_a_date_outside_the_snapshots_gets_the_nearest_one_with_a_notice(
    asked: str, shown: date, words: str
) -> None:
    choice = choose_date(DATES, asked)
    assert choice.shown == shown and choice.level == "info" and words in choice.message


@pytest.mark.parametrize("asked", ["yesterday", "2026-02-30", "2026-13", "26-01-06"])
def test_text_that_is_not_a_date_gets_an_error_and_the_latest_snapshot(asked: str) -> None:
    choice = choose_date(DATES, asked)
    assert choice.shown == DATES[-1] and choice.level == "error"
    assert "is not a date" in choice.message


@pytest.mark.parametrize(
    ("asked", "first_day"), [("2026-02", "2026-02-01"), ("2026", "2026-01-01")]
)
def test_a_month_or_year_stands_for_its_first_day_and_says_so(asked: str, first_day: str) -> None:
    choice = choose_date(DATES, asked)
    assert choice.resolved.requested == date.fromisoformat(first_day)
    assert f"{asked} names a" in choice.message and f"its first day, {first_day}" in choice.message
