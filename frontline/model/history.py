"""One history from every registered source (`frontline.registry`), checked against each other.

The store holds each source's figures apart, one row per date, oblast and layer. Here they
become one wide row per date, oblast and source (`source_table`, `all_sources`, what
`frontline stats` writes), and one history for the views (`merge_history`): each source in the
registry's order of preference over the stretch it covers, the next one only outside it (with
the archives: the weekly layered maps until the daily archive starts, the daily one from then
on). Nothing is interpolated: weekly history stays weekly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from frontline.ingest.store import Store
from frontline.model.figures import FRONT_KM, SOURCE_ID, measure_columns
from frontline.model.steps import nth_step
from frontline.registry import (
    DAILY,
    OCCUPIED,
    SOURCES,
    citation_of,
    extra_layers,
    name_of,
)


def source_table(store: Store, source_id: str, *, in_source_only: bool = False) -> pd.DataFrame:
    """A source's figures, one row per date and oblast, with its extra layers as columns.

    Columns: `date, oblast, occupied_km2, occupied_pct, source, source_id` and each registered
    layer's (`layer_columns()`), which are NaN where the source lacks the layer (the daily
    archive has no pre-2022 or grey layer), and `front_km`, NaN where no front was measured.
    `in_source_only` leaves out the days the source no longer offers.
    """
    table = store.figures(source_id, OCCUPIED, in_source_only=in_source_only)
    days = set(table["date"])
    for layer in extra_layers():
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
    for layer in extra_layers():
        # A date the source measured for this layer but whose layer misses an area: 0 there,
        # not unknown (only the drawn oblasts get a piece of every layer on every date).
        measured = table["date"].isin(set(store.dates(source_id, layer)))
        for column in (f"{layer}_km2", f"{layer}_pct"):
            table.loc[measured, column] = table.loc[measured, column].fillna(0.0)
    fronts = store.fronts(source_id, OCCUPIED)
    table = table.merge(fronts[fronts["date"].isin(days)], on=["date", "oblast"], how="outer")
    # On a date whose front was measured, an area the line does not reach has 0 km of it.
    measured = table["date"].isin(set(fronts["date"]))
    table.loc[measured, FRONT_KM] = table.loc[measured, FRONT_KM].fillna(0.0)
    unoccupied = table["occupied_km2"].isna()
    table.loc[unoccupied, ["occupied_km2", "occupied_pct"]] = 0.0
    # Each date's file is named by its other rows (a drawn oblast has a row on every date).
    table["source"] = table.groupby("date")["source"].transform("first")
    table[SOURCE_ID] = source_id
    for column in measure_columns():
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
    """One row per date and oblast: each source over the stretch from its first to its last
    date, in the registry's order of preference, and a less preferred one only outside the
    stretches of those before it (the weekly layered maps before the daily archive's first day,
    the daily archive from then on).

    `table` is `all_sources`' shape; a table with one source comes back unchanged. A source the
    registry does not know (an old store's) comes last.
    """
    present = list(dict.fromkeys(table[SOURCE_ID])) if SOURCE_ID in table else []
    if len(present) < 2:
        return table.reset_index(drop=True)
    ranked = [s for s in SOURCES if s in present] + [s for s in present if s not in SOURCES]
    kept: list[pd.DataFrame] = []
    covered: list[tuple[date, date]] = []
    for source_id in ranked:
        rows = table[table[SOURCE_ID] == source_id]
        outside = ~rows["date"].map(lambda d: any(a <= d <= b for a, b in covered))
        kept.append(rows[outside])
        covered.append((min(rows["date"]), max(rows["date"])))
    merged = pd.concat(kept, ignore_index=True)
    return merged.sort_values(["date", "oblast"]).reset_index(drop=True)


def day_sources(table: pd.DataFrame) -> dict[date, tuple[str, ...]]:
    """Every source with rows on each date of an unmerged table (`all_sources`), in the
    registry's order of preference."""
    if SOURCE_ID not in table:
        return {}
    order = {source_id: rank for rank, source_id in enumerate(SOURCES)}
    pairs = table[["date", SOURCE_ID]].drop_duplicates()
    found: dict[date, list[str]] = {}
    for day, source_id in zip(pairs["date"], pairs[SOURCE_ID], strict=True):
        found.setdefault(day, []).append(str(source_id))
    return {
        day: tuple(sorted(ids, key=lambda s: (order.get(s, len(order)), s)))
        for day, ids in found.items()
    }


@dataclass(frozen=True)
class SnapshotNote:
    """Which snapshot a requested date falls on, from which source, and how often it runs;
    `others` are the sources that also have that day, not shown."""

    requested: date
    snapshot: date
    source_id: str
    others: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        when = (
            f"{self.requested.isoformat()} falls on the snapshot of {self.snapshot.isoformat()}"
            if self.requested != self.snapshot
            else f"Snapshot of {self.snapshot.isoformat()}"
        )
        shown = name_of(self.source_id)
        also = ""
        if self.others:
            names = " and the ".join(name_of(s) for s in self.others)
            has = "has" if len(self.others) == 1 else "have"
            also = f" The {names} also {has} this day; the {shown} is shown, as it comes first."
        return (
            f"{when}, from the {shown} "
            f"({cadence_of(self.source_id)}; {citation_of(self.source_id)}).{also}"
        )


def cadence_of(source_id: str) -> str:
    """How often a source publishes, in a word (daily for one the registry does not know)."""
    known = SOURCES.get(source_id)
    return known.cadence if known else "daily"


def snapshot_note(
    table: pd.DataFrame,
    requested: date,
    snapshot: date,
    sources: dict[date, tuple[str, ...]] | None = None,
) -> SnapshotNote:
    """The note for a date resolved to `snapshot` in a merged history; `sources` (`day_sources`
    of the unmerged table) names the other sources that have the day."""
    shown = source_of(table, snapshot)
    others = tuple(s for s in (sources or {}).get(snapshot, ()) if s != shown)
    return SnapshotNote(requested, snapshot, shown, others)


def source_of(figures: pd.DataFrame, day: date) -> str:
    """The source id of a date's rows (daily when the table does not say)."""
    if SOURCE_ID not in figures:
        return DAILY
    ids = figures.loc[figures["date"] == day, SOURCE_ID]
    return str(ids.iloc[0]) if len(ids) else DAILY


def sources_of(figures: pd.DataFrame) -> dict[date, str]:
    """Each date's source id, as `source_of` gives it, for the whole table at once."""
    if SOURCE_ID not in figures:
        return {day: DAILY for day in figures["date"].unique()}
    first = figures.drop_duplicates("date")
    return dict(zip(first["date"], first[SOURCE_ID].astype(str), strict=True))


def sparse_until(table: pd.DataFrame) -> date | None:
    """The day after the last snapshot of a history's sources that publish less than daily
    (weekly history ends the day before it); None when there are none."""
    if SOURCE_ID not in table:
        return None
    sparse = [s for s, known in SOURCES.items() if known.cadence_days > 1]
    dates = table.loc[table[SOURCE_ID].isin(sparse), "date"]
    return max(dates) + timedelta(days=1) if len(dates) else None


def sparse_help(table: pd.DataFrame) -> str | None:
    """What a reader should know of the weekly stretch of a history, if it has one."""
    until = sparse_until(table)
    if until is None:
        return None
    return (
        f"Before {until.isoformat()} there is one snapshot a week; a date between two shows "
        "the week's snapshot before it, never a value in between."
    )


def play_label(table: pd.DataFrame) -> str:
    """The play control's step chooser: the step applies after the weekly stretch."""
    until = sparse_until(table)
    return (
        "Play: step" if until is None else f"Play: step after {until.isoformat()} (weekly before)"
    )


def play_steps(dates: Sequence[date], table: pd.DataFrame, step: str) -> list[date]:
    """The snapshots a play-through shows: every weekly one, then daily ones a `step` apart.

    Weekly snapshots are all shown (they are the only history there is); the daily archive
    starts at its first snapshot, then frame n is the first snapshot on or after n steps
    (see `nth_step`) from it.
    """
    sparse = [s for s, known in SOURCES.items() if known.cadence_days > 1]
    weekly = set(table.loc[table[SOURCE_ID].isin(sparse), "date"]) if SOURCE_ID in table else set()
    steps: list[date] = []
    anchor, count = date.min, 0  # the frame the steps count from, and the steps counted
    for day in sorted(dates):
        if not steps or day in weekly or steps[-1] in weekly:
            steps.append(day)
            anchor, count = day, 0
        elif day >= nth_step(anchor, step, count + 1):
            steps.append(day)
            while nth_step(anchor, step, count + 1) <= day:  # past a gap, count on
                count += 1
    return steps


@dataclass(frozen=True)
class Coverage:
    """The stretch of a history one source covers."""

    source_id: str
    dates: tuple[date, ...]

    @property
    def daily(self) -> bool:
        """Whether the source publishes every day, so that a day without a snapshot is a gap."""
        known = SOURCES.get(self.source_id)
        return known is None or known.cadence_days == 1

    @property
    def text(self) -> str:
        return (
            f"{len(self.dates)} {cadence_of(self.source_id)} snapshots from "
            f"{self.dates[0].isoformat()} to {self.dates[-1].isoformat()} "
            f"({name_of(self.source_id)})"
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
