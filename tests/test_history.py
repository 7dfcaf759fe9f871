"""One history from two sources: the weekly layered maps, then the daily archive."""

from __future__ import annotations

import io
import itertools
from datetime import date, timedelta

import pandas as pd
import pytest

from frontline.model.figures import FiguresError, figures_on, read_figures, to_csv_bytes
from frontline.model.history import (
    day_sources,
    merge_history,
    play_steps,
    snapshot_note,
    source_of,
    sources_of,
)
from frontline.registry import DAILY, LIVE
from frontline.registry import WEEKLY as LAYERS

SWITCH = date(2024, 7, 8)


def rows(source_id: str, days: list[date], pct: float) -> list[dict[str, object]]:
    layered = source_id == LAYERS
    return [
        {
            "date": day,
            "oblast": oblast,
            "occupied_km2": pct * 100,
            "occupied_pct": pct,
            "source": f"{source_id}, file {day}",
            "source_id": source_id,
            "pre2022_pct": 30.0 if layered else float("nan"),
            "pre2022_km2": 3000.0 if layered else float("nan"),
            "grey_pct": 1.0 if layered else float("nan"),
            "grey_km2": 100.0 if layered else float("nan"),
        }
        for day in days
        for oblast in ("Donetsk", "Luhansk")
    ]


@pytest.fixture
def both() -> pd.DataFrame:
    # Four Sundays before the daily archive starts, and one inside it.
    weekly = [SWITCH - timedelta(days=7 * i + 1) for i in (3, 2, 1, 0)]
    weekly.append(SWITCH + timedelta(days=6))
    daily = [SWITCH + timedelta(days=i) for i in range(10)]
    return pd.DataFrame(rows(LAYERS, weekly, 50.0) + rows(DAILY, daily, 60.0))


def test_history_is_layered_before_the_daily_archive_and_daily_from_its_first_day(
    both: pd.DataFrame,
) -> None:
    merged = merge_history(both)
    assert not merged.duplicated(["date", "oblast"]).any()
    before = merged[merged["date"] < SWITCH]
    after = merged[merged["date"] >= SWITCH]
    assert set(before["source_id"]) == {LAYERS} and len(before) == 8
    assert set(after["source_id"]) == {DAILY} and len(after) == 20


def test_weekly_history_stays_weekly(both: pd.DataFrame) -> None:
    dates = sorted(set(merge_history(both)["date"]))
    gaps = {(b - a).days for a, b in itertools.pairwise(dates) if b < SWITCH}
    assert gaps == {7}


def test_a_single_source_comes_back_unchanged(both: pd.DataFrame) -> None:
    layered = both[both["source_id"] == LAYERS]
    assert merge_history(layered).equals(layered.reset_index(drop=True))


def test_a_date_between_weekly_snapshots_says_which_snapshot_and_source(
    both: pd.DataFrame,
) -> None:
    merged = merge_history(both)
    figures = figures_on(merged, SWITCH - timedelta(days=3))
    note = snapshot_note(merged, figures.resolved.requested, figures.resolved.snapshot)
    assert note.source_id == LAYERS and note.snapshot == SWITCH - timedelta(days=8)
    assert "falls on the snapshot of 2024-06-30" in note.text and "weekly" in note.text


def test_a_day_two_sources_have_says_which_one_is_shown(both: pd.DataFrame) -> None:
    day = SWITCH + timedelta(days=3)
    table = pd.concat([both, pd.DataFrame(rows(LIVE, [day], 61.0))], ignore_index=True)
    sources = day_sources(table)
    assert sources[day] == (LIVE, DAILY) and sources[SWITCH] == (DAILY,)
    merged = merge_history(table)
    note = snapshot_note(merged, day, day, sources).text
    assert note.startswith(f"Snapshot of {day}, from the live feed (daily; DeepStateMap")
    assert note.endswith(
        " The daily archive also has this day; the live feed is shown, as it comes first."
    )
    assert "also" not in snapshot_note(merged, SWITCH, SWITCH, sources).text


def test_figures_split_the_occupied_share_before_and_since_2022(both: pd.DataFrame) -> None:
    merged = merge_history(both)
    old = figures_on(merged, SWITCH - timedelta(days=1))["Donetsk"]
    assert old.layers["pre2022"].pct == 30.0
    since = old.rest("pre2022")
    assert since is not None and since.pct == pytest.approx(20.0)
    assert old.layers["grey"].km2 == 100.0 and old.rest("grey") is None
    new = figures_on(merged, SWITCH)["Donetsk"]
    assert new.layers == {} and new.rest("pre2022") is None


def test_play_steps_keep_every_week_and_space_the_daily_ones(both: pd.DataFrame) -> None:
    merged = merge_history(both)
    steps = play_steps(sorted(set(merged["date"])), merged, "3d")
    assert steps[:4] == sorted(set(merged.loc[merged["date"] < SWITCH, "date"]))
    assert steps[4:] == [SWITCH + timedelta(days=i) for i in (0, 3, 6, 9)]


def test_layer_columns_survive_a_csv_round_trip(both: pd.DataFrame) -> None:
    merged = merge_history(both)
    again = read_figures(io.BytesIO(to_csv_bytes(merged)))
    assert again["pre2022_pct"].isna().sum() == 20
    assert again.loc[again["date"] < SWITCH, "grey_km2"].eq(100.0).all()


def test_a_layer_cell_that_is_not_a_number_is_named(both: pd.DataFrame) -> None:
    text = to_csv_bytes(merge_history(both)).decode().replace(",30.0,", ",thirty,", 1)
    with pytest.raises(FiguresError, match=r"line 2: pre2022_pct 'thirty'"):
        read_figures(io.StringIO(text))


def test_each_dates_source_is_the_same_read_at_once_or_date_by_date(both: pd.DataFrame) -> None:
    by_day = sources_of(both)
    assert set(by_day) == set(both["date"])
    assert all(by_day[day] == source_of(both, day) for day in by_day)
    assert by_day[SWITCH - timedelta(days=1)] == LAYERS and by_day[SWITCH] == DAILY
    bare = both.drop(columns="source_id")
    assert set(sources_of(bare).values()) == {DAILY} == {source_of(bare, SWITCH)}
