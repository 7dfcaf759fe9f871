"""Where snapshots come from: a folder of DeepStateMap daily files, as the archive names them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from frontline.ingest.snapshots import SNAPSHOT_NAME, SnapshotError, date_from_name
from frontline.ingest.store import DAILY, Fingerprint


@dataclass(frozen=True)
class Entry:
    """One snapshot a source offers, before it is read."""

    date: date
    name: str
    size: int
    mtime_ns: int


class SnapshotSource(Protocol):
    """What refresh needs from a source: a listing, and the bytes of one entry."""

    label: str
    source_id: str  # issue 12: the store's source id, which also names the file format

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]: ...

    def read(self, entry: Entry) -> bytes: ...


class FolderSource:
    """A folder of `deepstatemap_data_YYYYMMDD.geojson` files, as the archive publishes them."""

    source_id = DAILY  # issue 12

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.label = str(self.folder)
        if not self.folder.is_dir():
            raise FileNotFoundError(f"snapshot folder {self.folder} does not exist")

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
        """Every snapshot file by date; misnamed snapshot files come back as errors."""
        found: list[Entry] = []
        errors: list[SnapshotError] = []
        for path in sorted(self.folder.iterdir()):
            if not path.name.startswith("deepstatemap_data_") or not path.is_file():
                continue
            if not SNAPSHOT_NAME.match(path.name):
                errors.append(
                    SnapshotError(path.name, "not a deepstatemap_data_YYYYMMDD.geojson name")
                )
                continue
            try:
                day = date_from_name(path.name)
            except SnapshotError as err:
                errors.append(err)
                continue
            stat = path.stat()
            found.append(Entry(day, path.name, stat.st_size, stat.st_mtime_ns))
        return found, errors

    def read(self, entry: Entry) -> bytes:
        try:
            return (self.folder / entry.name).read_bytes()
        except OSError as err:
            raise SnapshotError(entry.name, f"cannot read ({err.strerror})") from err


def fingerprint(entry: Entry, data: bytes) -> Fingerprint:
    """The fingerprint of an entry's bytes."""
    return Fingerprint(len(data), entry.mtime_ns, hashlib.sha256(data).hexdigest())
