"""Control figures: read and write the figures table, and answer "what was it on this date"."""

from __future__ import annotations

import bisect
import dataclasses
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from frontline.model.boundaries import AREA_NAMES, COUNTRY, FOCUS, country_area_km2, load_areas
from frontline.registry import LAYERS, OCCUPIED, extra_layers, layer_columns

COLUMNS = ["date", "oblast", "occupied_km2", "occupied_pct", "source"]
# Which registered source a row comes from; beside it, each layer some source has besides the
# occupied one (`layer_columns()`), empty where a row's source lacks it. Optional when reading.
SOURCE_ID = "source_id"
# The front line's length in the area (km; see frontline/ingest/front.py), where it was measured.
FRONT_KM = "front_km"
CHANGE_WINDOWS = (7, 30)


def measure_columns() -> list[str]:
    """The figures beside the occupied one: each registered layer's, then the front's length."""
    return [*layer_columns(), FRONT_KM]


def extra_columns() -> list[str]:
    """The columns after `COLUMNS`: the source id, the layers' figures and the front's length."""
    return [SOURCE_ID, *measure_columns()]


class FiguresError(ValueError):
    """A figures table that does not hold what it should; the message names the row and field."""


class DateOutOfRange(ValueError):
    """A date before the first snapshot or after the last one."""


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """The figures as CSV, rounded to 0.001 km² and 0.0001 percentage points."""
    out = table[COLUMNS + [c for c in extra_columns() if c in table]].copy()
    out["date"] = [d.isoformat() for d in out["date"]]
    return _csv_rounded(out)


def updates_csv_bytes(table: pd.DataFrame) -> bytes:
    """Every update's figures (`Store.update_figures`) as CSV, rounded as `to_csv_bytes` is."""
    return _csv_rounded(table.copy())


def _csv_rounded(out: pd.DataFrame) -> bytes:
    for column in out.columns:
        if column.endswith(("_km2", "_km")):
            out[column] = out[column].round(3)
        elif column.endswith("_pct"):
            out[column] = out[column].round(4)
    return out.to_csv(index=False, lineterminator="\n").encode()


RowCheck = Callable[[dict[str, str], str], dict[str, object]]


def read_checked_rows(
    source: Path | str | io.IOBase,
    columns: Sequence[str],
    check: RowCheck,
    error: type[ValueError],
    what: str,
) -> tuple[str, list[dict[str, object]]]:
    """The file's name and its rows, each checked by `check(row, "NAME, line N")`.

    Every field is read as text, so `check` sees exactly what the file holds; `error` is raised
    with the file's name when it cannot be read or lacks a column.
    """
    name, raw = _read_text(source, columns, error, what)
    return name, _checked_rows(raw, name, check)


def _read_text(
    source: Path | str | io.IOBase, columns: Sequence[str], error: type[ValueError], what: str
) -> tuple[str, pd.DataFrame]:
    """The file's name and its cells as text, or `error` when unreadable or lacking a column."""
    name = str(source) if isinstance(source, str | Path) else f"{what} CSV"
    try:
        raw = pd.read_csv(source, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise error(f"{name}: cannot read {what} ({err})") from err
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise error(f"{name}: missing column(s) {', '.join(missing)}")
    return name, raw


def _checked_rows(raw: pd.DataFrame, name: str, check: RowCheck) -> list[dict[str, object]]:
    # Line 1 is the header.
    return [check(row, f"{name}, line {i}") for i, row in enumerate(raw.to_dict("records"), 2)]


def read_figures(source: Path | str | io.IOBase) -> pd.DataFrame:
    """Read and check a figures CSV (`date,oblast,occupied_km2,occupied_pct,source`)."""
    name, raw = _read_text(source, COLUMNS, FiguresError, "figures")
    table = _valid_table(raw)
    if table is None:
        # Some row is wrong: checked row by row, so the error names its line and field.
        rows = _checked_rows(raw, name, _checked_row)
        layered = bool(rows) and SOURCE_ID in rows[0]
        table = pd.DataFrame(rows, columns=COLUMNS + (extra_columns() if layered else []))
        for column in measure_columns() if layered else []:
            table[column] = table[column].astype(float)
    keys = ["date", "oblast"] + ([SOURCE_ID] if SOURCE_ID in table else [])
    duplicated = table.duplicated(keys)
    if duplicated.any():
        first = table[duplicated].iloc[0]
        raise FiguresError(f"{name}: {first['oblast']} on {first['date']} appears twice")
    return table.sort_values(["date", "oblast"]).reset_index(drop=True)


def _valid_table(raw: pd.DataFrame) -> pd.DataFrame | None:
    """The figures of a text table whose every row `_checked_row` accepts, converted column by
    column as it converts them (a whole history in milliseconds, not a second); None when some
    row is wrong or the table is empty."""
    if raw.empty:
        return None
    try:
        days = raw["date"].map(date.fromisoformat)
        numbers = {c: raw[c].map(float) for c in ("occupied_km2", "occupied_pct")}
        layered = SOURCE_ID in raw
        extra = {
            c: (raw[c] if c in raw else pd.Series("", index=raw.index))
            .replace("", "nan")
            .map(float)
            for c in (measure_columns() if layered else [])
        }
    except ValueError:
        return None
    wrong = (
        ~raw["oblast"].isin(AREA_NAMES)
        | ~numbers["occupied_pct"].between(0, 100)
        | (numbers["occupied_km2"] < 0)
        | (raw["source"].str.strip() == "")
    )
    for column, values in extra.items():
        given = raw[column] != "" if column in raw else False
        wrong |= given & ~(values >= 0)
    if wrong.any():
        return None
    table = pd.DataFrame(
        {"date": days, "oblast": raw["oblast"], **numbers, "source": raw["source"]}
    )
    if layered:
        table[SOURCE_ID] = raw[SOURCE_ID]
        for column, values in extra.items():
            table[column] = values.astype(float)
    return table


def row_date(row: dict[str, str], where: str, error: type[ValueError]) -> date:
    """The `date` field of a checked CSV row, or `error` naming the line."""
    try:
        return date.fromisoformat(row["date"])
    except ValueError:
        raise error(f"{where}: date {row['date']!r} is not YYYY-MM-DD") from None


def row_numbers(
    row: dict[str, str], fields: tuple[str, ...], where: str, error: type[ValueError]
) -> dict[str, float]:
    """The named fields of a checked CSV row as numbers, or `error` naming the line and field."""
    numbers = {}
    for field in fields:
        try:
            numbers[field] = float(row[field])
        except ValueError:
            raise error(f"{where}: {field} {row[field]!r} is not a number") from None
    return numbers


def _checked_row(row: dict[str, str], where: str) -> dict[str, object]:
    day = row_date(row, where, FiguresError)
    if row["oblast"] not in AREA_NAMES:
        raise FiguresError(
            f"{where}: oblast {row['oblast']!r} is not one of {', '.join(sorted(AREA_NAMES))}"
        )
    values = row_numbers(row, ("occupied_km2", "occupied_pct"), where, FiguresError)
    if not 0 <= values["occupied_pct"] <= 100:
        raise FiguresError(f"{where}: occupied_pct {values['occupied_pct']} is outside 0-100")
    if values["occupied_km2"] < 0:
        raise FiguresError(f"{where}: occupied_km2 {values['occupied_km2']} is negative")
    if not row["source"].strip():
        raise FiguresError(f"{where}: source is empty")
    checked = {"date": day, "oblast": row["oblast"], **values, "source": row["source"]}
    return checked | _layer_fields(row, where) if SOURCE_ID in row else checked


def _layer_fields(row: dict[str, str], where: str) -> dict[str, object]:
    """The source id, layer figures and front length of a row; a missing or empty cell is NaN."""
    fields: dict[str, object] = {SOURCE_ID: row[SOURCE_ID]}
    for column in measure_columns():
        cell = row.get(column, "")
        try:
            value = float(cell) if cell else float("nan")
        except ValueError:
            raise FiguresError(f"{where}: {column} {cell!r} is not a number") from None
        if cell and not value >= 0:
            raise FiguresError(f"{where}: {column} {cell!r} is negative or not a number")
        fields[column] = value
    return fields


@dataclass(frozen=True)
class Resolved:
    """A requested date and the snapshot that answers it (the latest on or before it)."""

    requested: date
    snapshot: date

    @property
    def exact(self) -> bool:
        return self.requested == self.snapshot


def resolve_date(dates: Sequence[date], requested: date) -> Resolved:
    """The latest snapshot date on or before `requested`, from sorted `dates`."""
    if not dates:
        raise DateOutOfRange("there are no snapshots")
    if requested < dates[0]:
        raise DateOutOfRange(
            f"{requested.isoformat()} is before the first snapshot ({dates[0].isoformat()})"
        )
    if requested > dates[-1]:
        raise DateOutOfRange(
            f"{requested.isoformat()} is after the last snapshot ({dates[-1].isoformat()})"
        )
    return Resolved(requested, dates[bisect.bisect_right(dates, requested) - 1])


@dataclass(frozen=True)
class Change:
    """The change in one oblast's figures since an earlier snapshot."""

    days: int
    since: date
    pct_points: float
    km2: float


@dataclass(frozen=True)
class LayerFigures:
    """One layer's share and km² of an oblast."""

    pct: float
    km2: float


@dataclass(frozen=True)
class OblastFigures:
    """One oblast's figures on a snapshot date, with changes over the last 7 and 30 days.

    `layers` holds the layers besides `occupied` that the snapshot's source has, by layer id.
    """

    oblast: str
    occupied_km2: float
    occupied_pct: float
    source: str
    changes: tuple[Change, ...]
    source_id: str | None = None
    layers: Mapping[str, LayerFigures] = dataclasses.field(default_factory=dict)

    def rest(self, layer: str) -> LayerFigures | None:
        """What is left of the layer a layer is part of once it is taken out (the share
        occupied since 24 February 2022 for `pre2022`); None when the source lacks it."""
        part, whole = self.layers.get(layer), LAYERS[layer].part_of
        if part is None or whole is None:
            return None
        total = self.layers.get(whole)
        if total is None and whole == OCCUPIED:
            total = LayerFigures(self.occupied_pct, self.occupied_km2)
        return None if total is None else LayerFigures(total.pct - part.pct, total.km2 - part.km2)

    def change(self, days: int) -> Change | None:
        return next((c for c in self.changes if c.days == days), None)


@dataclass(frozen=True)
class DayFigures:
    """The FOCUS oblasts' figures for a requested date."""

    resolved: Resolved
    oblasts: tuple[OblastFigures, ...]

    def __getitem__(self, oblast: str) -> OblastFigures:
        return next(o for o in self.oblasts if o.oblast == oblast)

    @property
    def sources(self) -> str:
        """The figures' source text (one file a day, so usually a single entry)."""
        return "; ".join(sorted({o.source for o in self.oblasts}))


def drawn_layers(days: Iterable[DayFigures]) -> tuple[str, ...]:
    """The extra layers (pre-2022, grey zone, ...) with ground in either oblast on any of the
    days, in the registry's order: the maps draw these, and their legends list no others."""
    held = {
        layer
        for day in days
        for oblast in day.oblasts
        for layer, figures in oblast.layers.items()
        if figures.km2 > 0
    }
    return tuple(layer for layer in extra_layers() if layer in held)


def change_between(
    by_day: pd.DataFrame, oblast: str, since: date, until: date, days: int | None = None
) -> Change:
    """One oblast's change from snapshot `since` to snapshot `until`.

    `by_day` is the figures table indexed by (date, oblast). The map page's 7- and 30-day
    changes, the compare page and the weekly pace all take their net change from here.
    `days` names the window asked for; by default the days between the two snapshots.
    """
    now, then = by_day.loc[(until, oblast)], by_day.loc[(since, oblast)]
    return Change(
        days=(until - since).days if days is None else days,
        since=since,
        pct_points=float(now["occupied_pct"] - then["occupied_pct"]),
        km2=float(now["occupied_km2"] - then["occupied_km2"]),
    )


def snapshot_dates(table: pd.DataFrame) -> list[date]:
    """Every date the table has figures for, oldest first."""
    return sorted(set(table["date"]))


def figures_on(table: pd.DataFrame, requested: date) -> DayFigures:
    """Each oblast's figures on `requested` (or the latest snapshot before it), with changes."""
    dates = snapshot_dates(table)
    resolved = resolve_date(dates, requested)
    by_day = table.set_index(["date", "oblast"])
    oblasts = []
    for oblast in FOCUS:
        now = by_day.loc[(resolved.snapshot, oblast)]
        changes = []
        for days in CHANGE_WINDOWS:
            target = resolved.snapshot - timedelta(days=days)
            if target < dates[0]:
                continue
            then_day = resolve_date(dates, target).snapshot
            changes.append(change_between(by_day, oblast, then_day, resolved.snapshot, days))
        oblasts.append(
            OblastFigures(
                oblast=oblast,
                occupied_km2=float(now["occupied_km2"]),
                occupied_pct=float(now["occupied_pct"]),
                source=str(now["source"]),
                changes=tuple(changes),
                **_layer_values(now),
            )
        )
    return DayFigures(resolved, tuple(oblasts))


def _layer_values(row: pd.Series) -> dict[str, Any]:
    """The row's source id and layer figures; absent or empty layers are left out."""
    values: dict[str, Any] = {}
    if SOURCE_ID in row and isinstance(row[SOURCE_ID], str) and row[SOURCE_ID]:
        values[SOURCE_ID] = row[SOURCE_ID]
    layers = {}
    for layer in extra_layers():
        pct, km2 = LAYERS[layer].columns
        if pct in row and km2 in row and pd.notna(row[pct]) and pd.notna(row[km2]):
            layers[layer] = LayerFigures(float(row[pct]), float(row[km2]))
    values["layers"] = layers
    return values


def focus_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of the FOCUS oblasts, the ones the map, the chart and the exports show."""
    return table[table["oblast"].isin(FOCUS)].reset_index(drop=True)


def select_areas(table: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """The rows of the named areas; a name that is not an oblast or the country is an error."""
    unknown = sorted(set(names) - AREA_NAMES)
    if unknown:
        raise FiguresError(
            f"unknown area(s) {', '.join(unknown)}: choose from {', '.join(sorted(AREA_NAMES))}"
        )
    return table[table["oblast"].isin(names)].reset_index(drop=True)


def areas_on(table: pd.DataFrame, requested: date) -> tuple[Resolved, pd.DataFrame]:
    """Every oblast's and the country's figures on `requested` (or the snapshot before it).

    Columns `area`, `occupied_pct`, `occupied_km2`, `area_km2`; the country first, then the
    oblasts by share, largest first. An oblast the snapshot does not reach has 0.
    """
    resolved = resolve_date(snapshot_dates(table), requested)
    day = table[table["date"] == resolved.snapshot].set_index("oblast")
    areas = load_areas().set_index("name")["area_km2"].sort_index()
    rows = pd.DataFrame(
        {
            "area": [COUNTRY, *areas.index],
            "area_km2": [country_area_km2(), *areas.to_numpy()],
        }
    )
    for column in ("occupied_pct", "occupied_km2"):
        rows[column] = rows["area"].map(day[column]).fillna(0.0)
    oblasts = rows[rows["area"] != COUNTRY]
    oblasts = oblasts.sort_values(["occupied_pct", "area"], ascending=[False, True])
    ordered = pd.concat([rows[rows["area"] == COUNTRY], oblasts], ignore_index=True)
    return resolved, ordered[["area", "occupied_pct", "occupied_km2", "area_km2"]]


def figures_between(table: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """The rows from `start` to `end` inclusive; an empty range is an error, not an empty table."""
    if start > end:
        raise DateOutOfRange(f"start {start.isoformat()} is after end {end.isoformat()}")
    rows = table[(table["date"] >= start) & (table["date"] <= end)]
    if rows.empty:
        raise DateOutOfRange(f"no snapshots between {start.isoformat()} and {end.isoformat()}")
    return rows.reset_index(drop=True)
