"""The snapshot store: occupied geometry and figures per date, source and layer, in one SQLite file.

One row per (source, layer, date) records which file it came from (name, size, SHA-256), and one
row per oblast holds the occupied piece (WKB in EPSG:3035) with its km² and share. SQLite gives
what the store needs: every batch is one transaction, so a crash or a bad file leaves the store
as it was, and readers never see half a day. A refresh lock keeps two writers from working twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import shapely

from frontline.ingest.measure import Piece

SCHEMA_VERSION = 1
DB_NAME = "frontline.sqlite"
LOCK_NAME = "refresh.lock"

# Source ids name where a layer came from; the label is what figures cite.
DAILY = "deepstate-daily"
LAYERS = "deepstate-layers"  # issue 12: DeepState's weekly layered maps
OCCUPIED = "occupied"
SOURCE_LABELS = {
    DAILY: "DeepStateMap via github.com/cyterat/deepstate-map-data",
    LAYERS: "DeepStateMap via github.com/DanielRose2310/deepstatemaps-history",
}

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
"""


class StoreError(RuntimeError):
    """The store is missing, from another version, or busy."""


@dataclass(frozen=True)
class Fingerprint:
    """What identifies a snapshot file's content: cheap (size, mtime) and exact (SHA-256)."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class Record:
    """One measured snapshot, ready to be written."""

    source: str
    layer: str
    date: date
    file_name: str
    fingerprint: Fingerprint
    pieces: tuple[Piece, ...]


class Store:
    """A folder holding the SQLite store. Opening never creates it unless asked."""

    def __init__(self, directory: Path | str, *, create: bool = False) -> None:
        self.directory = Path(directory)
        self.path = self.directory / DB_NAME
        if not self.path.exists():
            if not create:
                raise StoreError(
                    f"no store at {self.directory}: run `python -m frontline refresh` first"
                )
            self.directory.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)
            found = self._meta(db, "schema_version")
            if found is None:
                db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif found != str(SCHEMA_VERSION):
                raise StoreError(
                    f"{self.path} has schema {found}, this version reads {SCHEMA_VERSION}: "
                    "delete it and refresh again"
                )

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=60)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL never corrupts the store; a power cut can lose the last batch.
            db.execute("PRAGMA synchronous = NORMAL")
            with db:
                yield db
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: {err}") from err
        finally:
            db.close()

    @staticmethod
    def _meta(db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def get_meta(self, key: str) -> str | None:
        """A value kept beside the data (schema version, boundaries' hash)."""
        with self._connect() as db:
            return self._meta(db, key)

    def set_meta(self, key: str, value: str) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def fingerprints(self, source: str, layer: str) -> dict[date, tuple[str, Fingerprint]]:
        """(file name, fingerprint) of every stored date of a source and layer."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT date, file_name, size, mtime_ns, sha256 FROM snapshots "
                "WHERE source = ? AND layer = ?",
                (source, layer),
            ).fetchall()
        return {
            date.fromisoformat(d): (name, Fingerprint(size, mtime, sha))
            for d, name, size, mtime, sha in rows
        }

    def write(self, records: Iterable[Record]) -> int:
        """Write records in one transaction, replacing any stored day they cover."""
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        count = 0
        with self._connect() as db:
            for record in records:
                key = (record.source, record.layer, record.date.isoformat())
                db.execute("DELETE FROM snapshots WHERE source = ? AND layer = ? AND date = ?", key)
                fp = record.fingerprint
                db.execute(
                    "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (*key, record.file_name, fp.size, fp.mtime_ns, fp.sha256, now),
                )
                db.executemany(
                    "INSERT INTO pieces VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (*key, p.oblast, p.occupied_km2, p.occupied_pct, p.wkb)
                        for p in record.pieces
                    ],
                )
                count += 1
        return count

    def figures(self, source: str = DAILY, layer: str = OCCUPIED) -> pd.DataFrame:
        """One row per date and oblast: `date, oblast, occupied_km2, occupied_pct, source`."""
        with self._connect() as db:
            frame = pd.read_sql_query(
                "SELECT p.date, p.oblast, p.occupied_km2, p.occupied_pct, s.file_name "
                "FROM pieces p JOIN snapshots s USING (source, layer, date) "
                "WHERE p.source = ? AND p.layer = ? ORDER BY p.date, p.oblast",
                db,
                params=(source, layer),
            )
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        label = SOURCE_LABELS.get(source, source)
        frame["source"] = label + ", " + frame.pop("file_name")
        return frame

    def dates(self, source: str = DAILY, layer: str = OCCUPIED) -> list[date]:
        """Every stored date of a source and layer, oldest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT date FROM snapshots WHERE source = ? AND layer = ? ORDER BY date",
                (source, layer),
            ).fetchall()
        return [date.fromisoformat(d) for (d,) in rows]

    def pieces(
        self, day: date, source: str = DAILY, layer: str = OCCUPIED
    ) -> dict[str, shapely.Geometry]:
        """The occupied piece of each oblast on a stored date, in EPSG:3035 (empty if none)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT oblast, geometry FROM pieces WHERE source = ? AND layer = ? AND date = ?",
                (source, layer, day.isoformat()),
            ).fetchall()
        return {oblast: shapely.from_wkb(blob) for oblast, blob in rows}


@contextlib.contextmanager
def refresh_lock(directory: Path | str, wait_s: float = 120.0) -> Iterator[None]:
    """Hold the store's refresh lock; wait up to `wait_s` for another refresh, then refuse."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    handle = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"another refresh holds {directory / LOCK_NAME}; gave up after {wait_s:g} s"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(handle)
