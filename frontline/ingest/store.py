"""The snapshot store: occupied geometry and figures per date, source and layer, in one SQLite file.

One row per (source, layer, date) records which file it came from (name, size, SHA-256), the
boundaries it was measured against and whether the source still offers it; one row per area a
snapshot reaches (an oblast, or the country) holds the occupied piece (WKB, read back in
EPSG:3035 by `piece_geometry`) with its km² and share. A source that publishes several updates
a day (the live feed) also keeps every update at its own time: one row per (source, update,
layer) and its figures per area, without geometry (the day's geometry is its last update's).
SQLite gives what the store needs: every batch is one transaction, so a crash or a bad file
leaves the store as it was, and readers never see half a day. A refresh lock keeps two writers
from working twice.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

import filelock
import pandas as pd
import shapely

from frontline.ingest.front import Front
from frontline.ingest.measure import Piece, piece_geometry
from frontline.registry import DAILY, OCCUPIED, citation_of

SCHEMA_VERSION = 2
DB_NAME = "frontline.sqlite"
LOCK_NAME = "refresh.lock"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    source TEXT NOT NULL,
    layer TEXT NOT NULL,
    date TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    boundaries TEXT NOT NULL DEFAULT '',
    in_source INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (source, layer, date)
);
CREATE TABLE IF NOT EXISTS pieces (
    source TEXT NOT NULL,
    layer TEXT NOT NULL,
    date TEXT NOT NULL,
    oblast TEXT NOT NULL,
    occupied_km2 REAL NOT NULL,
    occupied_pct REAL NOT NULL,
    geometry BLOB NOT NULL,
    PRIMARY KEY (source, layer, date, oblast),
    FOREIGN KEY (source, layer, date) REFERENCES snapshots ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS fronts (
    source TEXT NOT NULL,
    layer TEXT NOT NULL,
    date TEXT NOT NULL,
    area TEXT NOT NULL,
    length_km REAL NOT NULL,
    line BLOB,
    PRIMARY KEY (source, layer, date, area),
    FOREIGN KEY (source, layer, date) REFERENCES snapshots ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS updates (
    source TEXT NOT NULL,
    stamp INTEGER NOT NULL,
    layer TEXT NOT NULL,
    date TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    boundaries TEXT NOT NULL,
    PRIMARY KEY (source, stamp, layer)
);
CREATE TABLE IF NOT EXISTS update_figures (
    source TEXT NOT NULL,
    stamp INTEGER NOT NULL,
    layer TEXT NOT NULL,
    oblast TEXT NOT NULL,
    occupied_km2 REAL NOT NULL,
    occupied_pct REAL NOT NULL,
    PRIMARY KEY (source, stamp, layer, oblast),
    FOREIGN KEY (source, stamp, layer) REFERENCES updates ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS national (
    source TEXT NOT NULL,
    date TEXT NOT NULL,
    km2 REAL NOT NULL,
    file_name TEXT NOT NULL,
    PRIMARY KEY (source, date)
);
CREATE TABLE IF NOT EXISTS national_tables (
    source TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    days INTEGER NOT NULL
);
"""

# Schema 1 kept one boundaries hash for the whole store; schema 2 keeps it per day, so a day
# that failed to re-measure on new boundaries is retried alone, and marks days the source dropped.
_FROM_1 = """
ALTER TABLE snapshots ADD COLUMN boundaries TEXT NOT NULL DEFAULT '';
ALTER TABLE snapshots ADD COLUMN in_source INTEGER NOT NULL DEFAULT 1;
UPDATE snapshots SET boundaries = coalesce(
    (SELECT value FROM meta WHERE key = 'boundaries_sha256'), '');
DELETE FROM meta WHERE key = 'boundaries_sha256';
UPDATE meta SET value = '2' WHERE key = 'schema_version';
"""


class StoreError(RuntimeError):
    """The store is missing, unreadable, from another version, or busy."""


class UnreadableDay(StoreError):
    """One stored day's geometry cannot be read: that day is lost, not the store."""

    def __init__(self, message: str, day: date) -> None:
        super().__init__(message)
        self.day = day


class RefreshBusy(StoreError):
    """Another refresh holds the store's lock: a wait to report, not a fault of the store."""


@dataclass(frozen=True)
class Fingerprint:
    """What identifies a snapshot file's content: cheap (size, mtime) and exact (SHA-256)."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class Stored:
    """What the store knows of one stored day: its file, content and boundaries."""

    file_name: str
    fingerprint: Fingerprint
    boundaries: str
    in_source: bool


@dataclass(frozen=True)
class Record:
    """One measured snapshot, ready to be written."""

    source: str
    layer: str
    date: date
    file_name: str
    fingerprint: Fingerprint
    pieces: tuple[Piece, ...]
    boundaries: str = ""
    # The front line, on the record of the layer it is measured on (everything occupied).
    front: Front | None = None
    # The update it measures (its Unix time), for a source kept update by update; and whether
    # it stands for its day (its last update): only that one replaces the day and its geometry.
    stamp: int | None = None
    keeps_day: bool = True


@dataclass(frozen=True)
class NationalDay:
    """One day of a national series (`frontline.registry.NationalSource`): its km², and the
    file the source names for it."""

    date: date
    km2: float
    file_name: str


@dataclass(frozen=True)
class NationalTable:
    """Where a national series was read from: the table's URL, size, SHA-256 and when."""

    url: str
    size: int
    sha256: str
    fetched_at: str
    days: int


@dataclass(frozen=True)
class StoredPiece:
    """One stored oblast piece as written: figures and the geometry's WKB, unparsed."""

    date: date
    oblast: str
    occupied_km2: float
    occupied_pct: float
    wkb: bytes
    boundaries: str


class Store:
    """A folder holding the SQLite store. Opening never creates it unless asked.

    `readonly` opens the file with SQLite's `mode=ro`: no schema set-up and no journal change, so a
    store on a read-only disk, or owned by another user, can still be read.
    """

    def __init__(
        self, directory: Path | str, *, create: bool = False, readonly: bool = False
    ) -> None:
        self.directory = Path(directory)
        self.path = self.directory / DB_NAME
        self.readonly = readonly
        # Whether opening it rolled back a write that a stopped refresh left unfinished.
        self.rolled_back = False
        if self.directory.exists() and not self.directory.is_dir():
            raise StoreError(f"the store {self.directory} is a file, not a folder")
        if not self.path.is_file():
            if not create or readonly:
                raise StoreError(
                    f"no store at {self.directory}: run `python -m frontline refresh` first"
                )
            self.directory.mkdir(parents=True, exist_ok=True)
        if readonly:
            self._check_schema()
        else:
            self._set_up()

    def _set_up(self) -> None:
        with self._connect() as db:
            self._use_rollback_journal(db)
            if self._tables(db) and "meta" not in self._tables(db):
                raise StoreError(f"{self.path} is not a frontline store")
            db.executescript(_SCHEMA)
            found = self._meta(db, "schema_version")
            if found is None:
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif found == "1":
                db.executescript(_FROM_1)
            elif found != str(SCHEMA_VERSION):
                raise self._wrong_schema(found)

    @staticmethod
    def _use_rollback_journal(db: sqlite3.Connection, wait_s: float = 60.0) -> None:
        """Keep the file out of WAL mode (stores written before schema 2 used it).

        A WAL store cannot be read without writing its -shm and -wal files, so it could not be
        read from a read-only disk. Readers of a rollback-journal store write nothing; they wait
        (busy timeout) only while a batch commits. Leaving WAL needs the file to itself and fails
        at once, without SQLite's busy wait, while another process has it open: so it is retried.
        """
        deadline = time.monotonic() + wait_s
        while True:
            try:
                db.execute("PRAGMA journal_mode = DELETE")
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _check_schema(self) -> None:
        with self._connect() as db:
            if "meta" not in self._tables(db):
                raise StoreError(f"{self.path} is empty or not a frontline store")
            found = self._meta(db, "schema_version")
        if found == "1":
            raise StoreError(
                f"{self.path} has schema 1: run `python -m frontline refresh` to upgrade it"
            )
        if found != str(SCHEMA_VERSION):
            raise self._wrong_schema(found)

    def _wrong_schema(self, found: str | None) -> StoreError:
        return StoreError(
            f"{self.path} has schema {found}, this version reads {SCHEMA_VERSION}: "
            "delete it and refresh again"
        )

    @staticmethod
    def _tables(db: sqlite3.Connection) -> set[str]:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {name for (name,) in rows}

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            db = self._open_readonly() if self.readonly else sqlite3.connect(self.path, timeout=60)
        except sqlite3.Error as err:
            raise StoreError(f"cannot open {self.path}: {err}") from err
        try:
            db.execute("PRAGMA foreign_keys = ON")
            with db:
                yield db
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: {err}") from err
        finally:
            db.close()

    def _open_readonly(self) -> sqlite3.Connection:
        """A read-only connection, after rolling back a write left unfinished (a hot journal).

        A refresh stopped mid-commit (a full disk, a power cut) leaves the store's journal
        behind; SQLite must roll it back before anyone may read, and a read-only connection
        cannot, so every read would fail with "attempt to write a readonly database". One
        connection that may write rolls it back, as any writer would on opening.
        """
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        db = sqlite3.connect(uri, uri=True, timeout=60)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError as err:
            db.close()
            if "readonly" not in str(err) or not self.journal.is_file():
                raise
        self._roll_back()
        return sqlite3.connect(uri, uri=True, timeout=60)

    @property
    def journal(self) -> Path:
        """SQLite's rollback journal beside the store: present only while a write is under way,
        or after one stopped before it finished."""
        return self.path.with_name(self.path.name + "-journal")

    def _roll_back(self) -> None:
        try:
            with contextlib.closing(sqlite3.connect(self.path, timeout=60)) as db:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as err:
            raise StoreError(
                f"{self.path} holds a write that did not finish (its journal {self.journal.name}, "
                "left by a refresh that stopped, for example on a full disk), and this process "
                f"cannot roll it back ({err}): run `python -m frontline check --store "
                f"{self.directory}` as a user who may write to {self.directory}"
            ) from err
        self.rolled_back = True

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def get_meta(self, key: str) -> str | None:
        """A value kept beside the data (the schema version, ...)."""
        with self._connect() as db:
            return self._meta(db, key)

    def set_meta(self, key: str, value: str) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def stored(self, source: str, layer: str) -> dict[date, Stored]:
        """What is stored of every date of a source and layer."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT date, file_name, size, mtime_ns, sha256, boundaries, in_source "
                "FROM snapshots WHERE source = ? AND layer = ?",
                (source, layer),
            ).fetchall()
        return {
            date.fromisoformat(d): Stored(name, Fingerprint(size, mtime, sha), bounds, bool(kept))
            for d, name, size, mtime, sha, bounds, kept in rows
        }

    def set_in_source(self, source: str, layer: str, days: dict[date, bool]) -> None:
        """Mark stored days as still offered by the source (True) or dropped from it (False)."""
        with self._connect() as db:
            db.executemany(
                "UPDATE snapshots SET in_source = ? WHERE source = ? AND layer = ? AND date = ?",
                [(int(kept), source, layer, day.isoformat()) for day, kept in days.items()],
            )

    def write(self, records: Iterable[Record]) -> int:
        """Write records in one transaction, replacing any stored day (and update) they cover."""
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        count = 0
        with self._connect() as db:
            for record in records:
                if record.stamp is not None:
                    _write_update(db, record)
                if record.keeps_day:
                    _write_day(db, record, now)
                count += 1
        return count

    def updates(self, source: str, layer: str = OCCUPIED) -> dict[int, str]:
        """The updates of a source stored at their own time: each one's boundaries hash."""
        with self._connect() as db:
            if "updates" not in self._tables(db):
                return {}
            rows = db.execute(
                "SELECT stamp, boundaries FROM updates WHERE source = ? AND layer = ?",
                (source, layer),
            ).fetchall()
        return dict(rows)

    def update_figures(self, source: str | None = None) -> pd.DataFrame:
        """Every stored update's figures, oldest first: `time` (UTC, ISO 8601), `date` (the day
        it belongs to), `source_id`, `update` (its id), `layer`, `oblast`, `occupied_km2`,
        `occupied_pct`."""
        columns = [
            "time",
            "date",
            "source_id",
            "update",
            "layer",
            "oblast",
            "occupied_km2",
            "occupied_pct",
        ]
        only = " WHERE u.source = ?" if source else ""
        with self._connect() as db:
            if "updates" not in self._tables(db):
                return pd.DataFrame(columns=columns)
            frame = pd.read_sql_query(
                'SELECT u.date, u.source AS source_id, u.stamp AS "update", u.layer, f.oblast, '
                "f.occupied_km2, f.occupied_pct FROM updates u JOIN update_figures f "
                f"USING (source, stamp, layer){only} ORDER BY u.stamp, u.source, u.layer, f.oblast",
                db,
                params=(source,) if source else (),
            )
        stamps = pd.to_datetime(frame["update"], unit="s", utc=True)
        frame.insert(0, "time", stamps.dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        return frame[columns]

    def figures(
        self, source: str = DAILY, layer: str = OCCUPIED, *, in_source_only: bool = False
    ) -> pd.DataFrame:
        """One row per date and oblast: `date, oblast, occupied_km2, occupied_pct, source`.

        `in_source_only` leaves out the days whose file the source no longer offers.
        """
        kept = " AND s.in_source = 1" if in_source_only else ""
        with self._connect() as db:
            frame = pd.read_sql_query(
                "SELECT p.date, p.oblast, p.occupied_km2, p.occupied_pct, s.file_name "
                "FROM pieces p JOIN snapshots s USING (source, layer, date) "
                f"WHERE p.source = ? AND p.layer = ?{kept} ORDER BY p.date, p.oblast",
                db,
                params=(source, layer),
            )
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        frame["source"] = citation_of(source) + ", " + frame.pop("file_name")
        return frame

    def fronts(self, source: str = DAILY, layer: str = OCCUPIED) -> pd.DataFrame:
        """The front line's length per date and area: `date, oblast, front_km` (none for a store
        written before fronts were measured: a refresh measures them)."""
        with self._connect() as db:
            if "fronts" not in self._tables(db):
                rows: list[tuple[str, str, float]] = []
            else:
                rows = db.execute(
                    "SELECT date, area, length_km FROM fronts WHERE source = ? AND layer = ? "
                    "ORDER BY date, area",
                    (source, layer),
                ).fetchall()
        frame = pd.DataFrame(rows, columns=["date", "oblast", "front_km"])
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        return frame

    def front_line(
        self, day: date, source: str = DAILY, layer: str = OCCUPIED
    ) -> shapely.Geometry | None:
        """The front line of a stored date in lon/lat, or None if it was not measured."""
        with self._connect() as db:
            if "fronts" not in self._tables(db):
                return None
            row = db.execute(
                "SELECT line FROM fronts WHERE source = ? AND layer = ? AND date = ? "
                "AND line IS NOT NULL",
                (source, layer, day.isoformat()),
            ).fetchone()
        if row is None:
            return None
        try:
            return shapely.from_wkb(row[0])
        except shapely.errors.ShapelyError as err:
            raise StoreError(f"{self.path}: the stored front line of {day} is corrupt") from err

    def write_national(
        self, source: str, days: Sequence[NationalDay], table: NationalTable
    ) -> None:
        """Replace a national series and its table's provenance, in one transaction."""
        with self._connect() as db:
            db.execute("DELETE FROM national WHERE source = ?", (source,))
            db.executemany(
                "INSERT INTO national VALUES (?, ?, ?, ?)",
                [(source, d.date.isoformat(), d.km2, d.file_name) for d in days],
            )
            db.execute(
                "INSERT OR REPLACE INTO national_tables VALUES (?, ?, ?, ?, ?, ?)",
                (source, table.url, table.size, table.sha256, table.fetched_at, table.days),
            )

    def national(self, source: str) -> list[NationalDay]:
        """A national series, oldest first (none in a store that never read one)."""
        with self._connect() as db:
            if "national" not in self._tables(db):
                return []
            rows = db.execute(
                "SELECT date, km2, file_name FROM national WHERE source = ? ORDER BY date",
                (source,),
            ).fetchall()
        return [NationalDay(date.fromisoformat(d), km2, name) for d, km2, name in rows]

    def national_table(self, source: str) -> NationalTable | None:
        """Where the stored national series of a source was read from, if it was."""
        with self._connect() as db:
            if "national_tables" not in self._tables(db):
                return None
            row = db.execute(
                "SELECT url, size, sha256, fetched_at, days FROM national_tables WHERE source = ?",
                (source,),
            ).fetchone()
        return NationalTable(*row) if row else None

    def series(self) -> list[tuple[str, str]]:
        """Every (source, layer) the store holds days of."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT DISTINCT source, layer FROM snapshots ORDER BY source, layer"
            ).fetchall()
        return [(source, layer) for source, layer in rows]

    def dates(self, source: str = DAILY, layer: str = OCCUPIED) -> list[date]:
        """Every stored date of a source and layer, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT date FROM snapshots WHERE source = ? AND layer = ? ORDER BY date",
                (source, layer),
            ).fetchall()
        return [date.fromisoformat(d) for (d,) in rows]

    def pieces(
        self, day: date, oblasts: Iterable[str], source: str = DAILY, layer: str = OCCUPIED
    ) -> dict[str, shapely.Geometry]:
        """The occupied piece of each of `oblasts` on a stored date, in EPSG:3035 (if any)."""
        names = list(oblasts)
        with self._connect() as db:
            rows = db.execute(
                "SELECT oblast, geometry FROM pieces WHERE source = ? AND layer = ? AND date = ? "
                f"AND oblast IN ({', '.join('?' * len(names))})",
                (source, layer, day.isoformat(), *names),
            ).fetchall()
        try:
            return {oblast: piece_geometry(blob) for oblast, blob in rows}
        except shapely.errors.ShapelyError as err:
            raise UnreadableDay(
                f"{self.path}: the stored geometry of {day} is corrupt ({err})", day
            ) from err

    def all_pieces(self, source: str = DAILY, layer: str = OCCUPIED) -> Iterator[StoredPiece]:
        """Every stored piece with its figures, oldest first: what `frontline check` verifies."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT p.date, p.oblast, p.occupied_km2, p.occupied_pct, p.geometry, s.boundaries "
                "FROM pieces p JOIN snapshots s USING (source, layer, date) "
                "WHERE p.source = ? AND p.layer = ? ORDER BY p.date, p.oblast",
                (source, layer),
            )
            for day, oblast, km2, pct, wkb, bounds in rows:
                yield StoredPiece(date.fromisoformat(day), oblast, km2, pct, wkb, bounds)

    def integrity_problems(self) -> list[str]:
        """SQLite's own integrity check: an empty list when the file is sound."""
        with self._connect() as db:
            rows = db.execute("PRAGMA integrity_check").fetchall()
            rows += db.execute("PRAGMA foreign_key_check").fetchall()
        return [" ".join(map(str, row)) for row in rows if row != ("ok",)]


def _write_day(db: sqlite3.Connection, record: Record, now: str) -> None:
    """A record as its day: the snapshot row, its pieces with their geometry, its front."""
    key = (record.source, record.layer, record.date.isoformat())
    db.execute("DELETE FROM snapshots WHERE source = ? AND layer = ? AND date = ?", key)
    fp = record.fingerprint
    db.execute(
        "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        (*key, record.file_name, fp.size, fp.mtime_ns, fp.sha256, now, record.boundaries),
    )
    db.executemany(
        "INSERT INTO pieces VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(*key, p.oblast, p.occupied_km2, p.occupied_pct, p.wkb) for p in record.pieces],
    )
    if record.front is not None:
        db.executemany(
            "INSERT INTO fronts VALUES (?, ?, ?, ?, ?, ?)",
            [(*key, area, km, line) for area, km, line in record.front.rows()],
        )


def _write_update(db: sqlite3.Connection, record: Record) -> None:
    """A record as one update at its own time: its figures per area, no geometry."""
    key = (record.source, record.stamp, record.layer)
    db.execute("DELETE FROM updates WHERE source = ? AND stamp = ? AND layer = ?", key)
    db.execute(
        "INSERT INTO updates VALUES (?, ?, ?, ?, ?, ?)",
        (*key, record.date.isoformat(), record.fingerprint.sha256, record.boundaries),
    )
    db.executemany(
        "INSERT INTO update_figures VALUES (?, ?, ?, ?, ?, ?)",
        [(*key, p.oblast, p.occupied_km2, p.occupied_pct) for p in record.pieces],
    )


@contextlib.contextmanager
def refresh_lock(directory: Path | str, wait_s: float = 120.0) -> Iterator[int]:
    """Hold the store's refresh lock, waiting up to `wait_s` for another refresh; yield its fd.

    The lock is the kernel's (`flock`), so a refresh that dies, even by kill -9, releases it, and
    the next one takes over at once. Forked workers inherit the descriptor: the refresh closes it
    in them (see `refresh._init`), or a worker outliving its parent would keep the lock.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_NAME
    held: list[int] = []

    def note_holder(fd: int) -> None:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        held.append(fd)

    lock = filelock.FileLock(
        path,
        timeout=wait_s,
        fallback_to_soft=False,
        preserve_lock_file=True,
        on_acquired=note_holder,
    )
    try:
        lock.acquire()
    except filelock.Timeout:
        raise RefreshBusy(
            f"another refresh ({_holder(path)}) holds {path}; gave up after {wait_s:g} s"
        ) from None
    try:
        yield held[0]
    finally:
        lock.release()


def _holder(path: Path) -> str:
    try:
        pid = path.read_text().strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"
