"""ISW's assessed Russian control as one national km² figure a day, from The Economist's table.

The Economist measures every layer of the Institute for the Study of War's daily maps and
publishes the areas as one CSV (the registry's `NationalSource.url`), a row per day and layer:
`date` (YYYY-MM-DD), `name` (ISW's file), `type` (the layer), `area` (m²), `area_in_square_km`
and more. The rows of the source's `row_type` are the series. The whole table is fetched
through `frontline.ingest.fetch` and checked before anything is stored: a wrong header, a body
that is an HTML page or cut short, an area that is not a number or not plausible, days out of
order each fail with the line at fault, and the store keeps what it had.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import time
from dataclasses import dataclass
from datetime import date

from frontline.ingest.fetch import (
    Deadline,
    FetchError,
    Limits,
    Unreachable,
    fetch_body,
    make_session,
)
from frontline.ingest.remote import NetworkError, archive_base
from frontline.ingest.store import NationalDay, NationalTable, Store, refresh_lock
from frontline.registry import NationalSource

# The columns read; the table has others (percentages, day-on-day changes, the source's name).
DATE, FILE, TYPE, AREA_M2, AREA_KM2 = "date", "name", "type", "area", "area_in_square_km"
COLUMNS = (DATE, FILE, TYPE, AREA_M2, AREA_KM2)
# Below the ground held before 24 February 2022 (Crimea and parts of Donbas, about 43,000 km²)
# or over half of Ukraine (603,500 km²): a table in other units, or a damaged one.
PLAUSIBLE_KM2 = (30_000.0, 300_000.0)
# The two area columns must agree (m² and km²) to this fraction.
AGREEMENT = 1e-6
# The real table was 0.66 MB in November 2023 and grows by about 0.3 MB a year.
LIMITS = Limits(max_bytes=16 * 2**20)
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class TableError(ValueError):
    """The table cannot be used; the message names the line and field at fault."""


@dataclass(frozen=True)
class NationalReport:
    """What a refresh of a national series stored: its days, and how many were new."""

    label: str
    days: list[NationalDay]
    new: int

    def summary(self) -> str:
        first, last = self.days[0].date, self.days[-1].date
        return (
            f"{self.label}: {len(self.days):,} days from {first.isoformat()} to "
            f"{last.isoformat()}, {self.new:,} new"
        )


def parse_table(body: bytes, source: NationalSource) -> list[NationalDay]:
    """The days of `source.row_type` in a table's bytes, oldest first; TableError if unusable."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TableError(f"not UTF-8 text (byte {err.start})") from None
    if text.lstrip()[:1] == "<":
        raise TableError("an HTML or XML page, not the CSV table")
    if not text.strip():
        raise TableError("the table is empty")
    if not text.endswith("\n"):
        raise TableError("the table ends in the middle of a line: the download was cut short")
    rows = csv.reader(io.StringIO(text))
    header = next(rows)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        shown = ",".join(header)[:200]
        raise TableError(f"the header lacks {', '.join(missing)} (it reads: {shown})")
    at = {name: header.index(name) for name in COLUMNS}
    days: list[NationalDay] = []
    for line, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise TableError(
                f"line {line} has {len(row)} fields where the header has {len(header)}"
            )
        if row[at[TYPE]] != source.row_type:
            continue
        day = NationalDay(_day(row[at[DATE]], line), _km2(row, at, line), row[at[FILE]].strip())
        if days and day.date <= days[-1].date:
            if day.date == days[-1].date and math.isclose(day.km2, days[-1].km2):
                continue  # the same day listed twice alike
            raise TableError(
                f"line {line}: {day.date.isoformat()} comes after {days[-1].date.isoformat()}"
                + (" with another area" if day.date == days[-1].date else "")
            )
        days.append(day)
    if not days:
        raise TableError(f"no row of type {source.row_type!r}")
    return days


def _day(text: str, line: int) -> date:
    if not DAY.fullmatch(text):
        raise TableError(f"line {line}: date {text[:40]!r} is not YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TableError(f"line {line}: {text} is not a calendar date") from None


def _km2(row: list[str], at: dict[str, int], line: int) -> float:
    """The row's area in km², checked against its area in m² and the plausible range."""
    km2, m2 = (_number(row[at[column]], column, line) for column in (AREA_KM2, AREA_M2))
    if not math.isclose(km2 * 1e6, m2, rel_tol=AGREEMENT):
        raise TableError(f"line {line}: {AREA_KM2} {km2:,.3f} is not {AREA_M2} {m2:,.0f} in km²")
    low, high = PLAUSIBLE_KM2
    if not low <= km2 <= high:
        raise TableError(
            f"line {line}: {km2:,.0f} km² is outside the plausible {low:,.0f} to {high:,.0f} km²"
        )
    return km2


def _number(text: str, column: str, line: int) -> float:
    if not NUMBER.fullmatch(text.strip()):
        raise TableError(f"line {line}: {column} {text[:40]!r} is not a number")
    return float(text)


def fetch_table(url: str, deadline: Deadline | None = None) -> bytes:
    """The table's bytes over HTTP, bounded in size and time; TableError or NetworkError."""
    session = make_session(parallel=1)
    try:
        return fetch_body(session, url, LIMITS, deadline, expected="a CSV table")
    except Unreachable as err:
        raise NetworkError(f"cannot reach {url}: {err.problem}; is the network up?") from None
    except FetchError as err:
        raise TableError(err.problem) from None
    finally:
        session.close()


def refresh_national(
    store: Store,
    source: NationalSource,
    url: str | None = None,
    deadline: Deadline | None = None,
    lock_wait_s: float = 120.0,
) -> NationalReport:
    """Fetch a national source's whole table, check it, and replace its series in the store.

    `url` stands in for the registered one (a mirror, a test's server). Nothing is stored
    unless the whole table is good; the store's refresh lock is held only while writing.
    """
    where = url or source.url
    archive_base(where)  # a URL without a host or with a bad port fails here, before a request
    try:
        body = fetch_table(where, deadline)
        days = parse_table(body, source)
    except TableError as err:
        raise TableError(f"{where}: {err}; nothing stored") from None
    table = NationalTable(
        where,
        len(body),
        hashlib.sha256(body).hexdigest(),
        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        len(days),
    )
    with refresh_lock(store.directory, lock_wait_s):
        before = {d.date for d in store.national(source.id)}
        store.write_national(source.id, days, table)
    return NationalReport(source.credit, days, sum(d.date not in before for d in days))
