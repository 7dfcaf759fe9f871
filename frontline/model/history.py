"""One history from two sources: DeepState's weekly layered maps, then the daily archive.

The store holds each source's figures apart, one row per date, oblast and layer. Here they
become one wide row per date, oblast and source (`source_table`, `all_sources`, what
`frontline stats` writes), and one history for the views (`merge_history`): the layered source
up to the day the daily archive starts, the daily one from then on. Nothing is interpolated:
weekly history stays weekly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from frontline.ingest.layered import GREY, PRE2022
from frontline.ingest.store import DAILY, LAYERS, LIVE, OCCUPIED, SOURCE_LABELS, Store
from frontline.model.figures import LAYER_COLUMNS, SOURCE_ID

# The layers beside `occupied` that a source may hold; each gives a `_km2` and `_pct` column.
EXTRA_LAYERS = (PRE2022, GREY)
SOURCES = (DAILY, LAYERS, LIVE)
SOURCE_NAMES = {DAILY: "daily archive", LAYERS: "weekly layered maps", LIVE: "live feed"}


def source_table(store: Store, source_id: str, *, in_source_only: bool = False) -> pd.DataFrame:
    """A source's figures, one row per date and oblast, with its extra layers as columns.

    Columns: `date, oblast, occupied_km2, occupied_pct, source, source_id` and
    `LAYER_COLUMNS`, which are NaN where the source lacks the layer (the daily archive has
    no pre-2022 or grey layer). `in_source_only` leaves out the days the source no longer offers.
    """
    table = store.figures(source_id, OCCUPIED, in_source_only=in_source_only)
    days = set(table["date"])
    for layer in EXTRA_LAYERS:
        extra = store.figures(source_id, layer)
        extra = extra[extra["date"].isin(days)]
        extra = extra.rename(
            columns={"occupied_km2": f"{layer}_km2", "occupied_pct": f"{layer}_pct"}
        )
        table = table.merge(
            extra[["date", "oblast", f"{layer}_km2", f"{layer}_pct"]],
            on=["date", "oblast"],
            # An area may be in the grey zone without any occupied part: it keeps its row.
            how="outer",
        )
    for layer in EXTRA_LAYERS:
        # A date the source measured for this layer but whose layer misses an area: 0 there,
        # not unknown (only the drawn oblasts get a piece of every layer on every date).
        measured = table["date"].isin(set(store.dates(source_id, layer)))
        for column in (f"{layer}_km2", f"{layer}_pct"):
            table.loc[measured, column] = table.loc[measured, column].fillna(0.0)
    unoccupied = table["occupied_km2"].isna()
    table.loc[unoccupied, ["occupied_km2", "occupied_pct"]] = 0.0
    # Each date's file is named by its other rows (a drawn oblast has a row on every date).
    table["source"] = table.groupby("date")["source"].transform("first")
    table[SOURCE_ID] = source_id
    for column in LAYER_COLUMNS:
        table[column] = table[column].astype(float)
    return table.sort_values(["date", "oblast"]).reset_index(drop=True)


def all_sources(store: Store, *, in_source_only: bool = False) -> pd.DataFrame:
    """Every source's figures: one row per date, oblast and source, oldest first."""
    tables = [
        table
        for table in (source_table(store, s, in_source_only=in_source_only) for s in SOURCES)
        if not table.empty
    ]
    if not tables:
        return source_table(store, DAILY, in_source_only=in_source_only)
    both = pd.concat(tables, ignore_index=True)
    return both.sort_values(["date", "oblast", SOURCE_ID]).reset_index(drop=True)


def merge_history(table: pd.DataFrame) -> pd.DataFrame:
    """One row per date and oblast: the layered source before the daily archive's first day,
    the daily archive from that day on (2024-07-08 with the shared archives).

    Where DeepStateMap's live feed has a date, its rows stand for that date, whatever the
    archives hold. `table` is `all_sources`' shape; a table with one source comes back unchanged.
    """
    live = table[table[SOURCE_ID] == LIVE]
    archives = _merge_archives(table[table[SOURCE_ID] != LIVE])
    if live.empty or archives.empty:
        return (archives if live.empty else live).reset_index(drop=True)
    rest = archives[~archives["date"].isin(set(live["date"]))]
    merged = pd.concat([rest, live], ignore_index=True)
    return merged.sort_values(["date", "oblast"]).reset_index(drop=True)


def _merge_archives(table: pd.DataFrame) -> pd.DataFrame:
    """The weekly layered maps before the daily archive's first day, the daily archive after."""
    daily = table[table[SOURCE_ID] == DAILY]
    layered = table[table[SOURCE_ID] == LAYERS]
    if daily.empty or layered.empty:
        return table
    switch = min(daily["date"])
    merged = pd.concat([layered[layered["date"] < switch], daily], ignore_index=True)
    return merged.sort_values(["date", "oblast"]).reset_index(drop=True)


@dataclass(frozen=True)
class SnapshotNote:
    """Which snapshot a requested date falls on, from which source, and how often it runs."""

    requested: date
    snapshot: date
    source_id: str

    @property
    def text(self) -> str:
        name = SOURCE_NAMES.get(self.source_id, self.source_id)
        cadence = "weekly" if self.source_id == LAYERS else "daily"
        label = SOURCE_LABELS.get(self.source_id, self.source_id)
        when = (
            f"{self.requested.isoformat()} falls on the snapshot of {self.snapshot.isoformat()}"
            if self.requested != self.snapshot
            else f"Snapshot of {self.snapshot.isoformat()}"
        )
        return f"{when}, from the {name} ({cadence}; {label})."


def snapshot_note(table: pd.DataFrame, requested: date, snapshot: date) -> SnapshotNote:
    """The note for a date resolved to `snapshot` in a merged history."""
    return SnapshotNote(requested, snapshot, source_of(table, snapshot))


def source_of(figures: pd.DataFrame, day: date) -> str:
    """The source id of a date's rows (daily when the table does not say)."""
    if SOURCE_ID not in figures:
        return DAILY
    ids = figures.loc[figures["date"] == day, SOURCE_ID]
    return str(ids.iloc[0]) if len(ids) else DAILY


# The steps offered between frames, in days, for playing the map and for the animated GIF.
STEPS = {1: "1 day", 7: "1 week", 14: "2 weeks", 30: "30 days"}
DEFAULT_STEP = 7


def play_steps(dates: Sequence[date], table: pd.DataFrame, step_days: int) -> list[date]:
    """The snapshots a play-through shows: every weekly one, then daily ones `step_days` apart.

    Weekly snapshots are all shown (they are the only history there is); the daily archive
    starts at its first snapshot, then each frame is the first snapshot at least `step_days`
    after the previous one.
    """
    weekly = set(table.loc[table[SOURCE_ID] == LAYERS, "date"]) if SOURCE_ID in table else set()
    steps: list[date] = []
    for day in sorted(dates):
        if not steps or day in weekly or steps[-1] in weekly or (day - steps[-1]).days >= step_days:
            steps.append(day)
    return steps


@dataclass(frozen=True)
class Coverage:
    """The stretch of a history one source covers."""

    source_id: str
    dates: tuple[date, ...]

    @property
    def text(self) -> str:
        cadence = "weekly" if self.source_id == LAYERS else "daily"
        name = SOURCE_NAMES.get(self.source_id, self.source_id)
        return (
            f"{len(self.dates)} {cadence} snapshots from {self.dates[0].isoformat()} to "
            f"{self.dates[-1].isoformat()} ({name})"
        )


def coverage(table: pd.DataFrame) -> list[Coverage]:
    """Each source's dates in a merged history, oldest source first."""
    if SOURCE_ID not in table:
        return [Coverage(DAILY, tuple(sorted(set(table["date"]))))]
    spans = [
        Coverage(str(source_id), tuple(sorted(set(rows["date"]))))
        for source_id, rows in table.groupby(SOURCE_ID)
    ]
    return sorted(spans, key=lambda span: span.dates[0])
