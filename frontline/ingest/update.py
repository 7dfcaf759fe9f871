"""Stay current from an archive over HTTP: which days to ask for, and the days it lacks.

A day is asked for when it lies between the archive's first day and yesterday, is not in the
store, and has not answered 404 in the past week. With a store that is up to date this is just
the days after its newest one; a day that failed last time is simply still absent, so the next
refresh asks again. Days that answered 404 are kept in their own table (created beside the
store's, without changing its schema version) with the time they were last asked.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import requests

from frontline.ingest.fetch import Deadline, Limits
from frontline.ingest.measure import Region
from frontline.ingest.refresh import RefreshReport, refresh
from frontline.ingest.remote import HttpSource, archive_base
from frontline.ingest.snapshots import SnapshotError, date_from_name
from frontline.ingest.store import Store
from frontline.registry import DAILY, OCCUPIED
from frontline.registry import source as registered

ARCHIVE_START = registered(DAILY).first_day
# A day that answered 404 is asked again after this long, in case it was published late.
RECHECK = timedelta(days=7)
# The newest days may simply not be published yet: a 404 there is not remembered.
UNPUBLISHED = timedelta(days=3)

_MISSING_SCHEMA = """
CREATE TABLE IF NOT EXISTS missing_days (
    source TEXT NOT NULL,
    date TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (source, date)
);
"""

# (stage, done, total, what): stage is "download" or "measure".
StageProgress = Callable[[str, int, int, str], None]


class MissingDays:
    """Days an archive answered 404 for, and when it was last asked, in the store's file."""

    def __init__(self, store: Store) -> None:
        self.path = store.path
        with self._connect() as db:
            db.executescript(_MISSING_SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=60)
        try:
            with db:
                yield db
        finally:
            db.close()

    def checked_after(self, source: str, since: datetime) -> set[date]:
        """Days that answered 404 after `since`."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT date FROM missing_days WHERE source = ? AND checked_at > ?",
                (source, since.isoformat()),
            ).fetchall()
        return {date.fromisoformat(d) for (d,) in rows}

    def all(self, source: str) -> list[date]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT date FROM missing_days WHERE source = ? ORDER BY date", (source,)
            ).fetchall()
        return [date.fromisoformat(d) for (d,) in rows]

    def remember(self, source: str, days: list[date], checked_at: datetime) -> None:
        with self._connect() as db:
            db.executemany(
                "INSERT OR REPLACE INTO missing_days VALUES (?, ?, ?)",
                [(source, d.isoformat(), checked_at.isoformat()) for d in days],
            )

    def forget(self, source: str, days: list[date]) -> None:
        with self._connect() as db:
            db.executemany(
                "DELETE FROM missing_days WHERE source = ? AND date = ?",
                [(source, d.isoformat()) for d in days],
            )


def days_to_ask(
    stored: set[date], missing: set[date], today: date, start: date = ARCHIVE_START
) -> list[date]:
    """Days from `start` to yesterday that are neither stored nor recently found missing."""
    span = (today - start).days
    every = (start + timedelta(days=i) for i in range(max(span, 0)))
    return [d for d in every if d not in stored and d not in missing]


@dataclass
class UpdateReport:
    """What an update asked for and got: the refresh's report, missing days, failures by date."""

    source: str
    asked: int = 0
    missing: list[date] = field(default_factory=list)
    refresh: RefreshReport = field(default_factory=RefreshReport)

    @property
    def failed(self) -> dict[date, str]:
        """Why each day failed (download or parsing), by date."""
        return {_day_of(err): err.problem for err in self.refresh.failed}

    def summary(self) -> str:
        r = self.refresh
        return (
            f"{self.asked} days asked: {len(r.added)} added, {len(r.replaced)} replaced, "
            f"{len(self.missing)} not in the archive, {len(r.failed)} failed "
            f"in {r.seconds:.1f} s"
        )


def _day_of(err: SnapshotError) -> date:
    try:
        return date_from_name(err.name)
    except SnapshotError:
        return date.min


def update(
    base_url: str,
    store: Store,
    region: Region,
    *,
    now: datetime | None = None,
    start: date = ARCHIVE_START,
    progress: StageProgress | None = None,
    session: requests.Session | None = None,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
    workers: int | None = None,
    lock_wait_s: float = 120.0,
    accept_implausible: Collection[date] = (),
) -> UpdateReport:
    """Fetch the days the store lacks from `base_url`, measure them and write them.

    Raises NetworkError (store untouched) when the server cannot be reached at all.
    """
    base_url = archive_base(base_url)
    now = now or datetime.now(UTC)
    today = now.date()
    missing_days = MissingDays(store)
    report = UpdateReport(base_url)

    def wanted() -> list[date]:
        # A day measured on other boundaries is measured again, so it is fetched again.
        stored = {
            day
            for day, known in store.stored(DAILY, OCCUPIED).items()
            if known.boundaries == region.fingerprint
        }
        recent = missing_days.checked_after(base_url, now - RECHECK)
        return days_to_ask(stored, recent, today, start)

    def stage(name: str) -> Callable[[int, int, str], None] | None:
        return None if progress is None else (lambda *a: progress(name, *a))

    source = HttpSource(
        base_url,
        wanted,
        session=session,
        progress=stage("download"),
        limits=limits,
        deadline=deadline,
    )
    report.refresh = refresh(
        source,
        store,
        region,
        workers=workers,
        progress=stage("measure"),
        lock_wait_s=lock_wait_s,
        accept_implausible=accept_implausible,
    )
    report.asked = len(source.asked)
    recent = today - UNPUBLISHED
    report.missing = source.missing
    missing_days.remember(base_url, [d for d in source.missing if d < recent], now)
    missing_days.forget(base_url, source.fetched)
    return report
