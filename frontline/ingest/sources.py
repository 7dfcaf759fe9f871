"""Where snapshots come from: a folder of a registered source's files, as the source names them."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from frontline.ingest.snapshots import SnapshotError, date_from_name
from frontline.ingest.store import Fingerprint
from frontline.registry import DAILY
from frontline.registry import source as registered

# No snapshot, read from a folder or downloaded, may be larger than this (after decompression).
# The largest real files are about 0.6 MB (a layered map) and 90 KB (a daily file); parsing
# costs up to some 25 times a file's size (measured on 100,000 tiny polygons: 24 MB of GeoJSON
# took 560 MB), so this bound keeps a refresh under 500 MB whatever a file holds (an 8 MB file
# of 33,000 polygons: 390 MB for the whole refresh).
MAX_SNAPSHOT_BYTES = 8 * 2**20
TOO_LARGE = f"larger than {MAX_SNAPSHOT_BYTES / 2**20:g} MB; no real map is near that size"


@dataclass(frozen=True)
class Entry:
    """One snapshot a source offers, before it is read.

    An update of a source kept update by update (the live feed) carries its id (`stamp`, its
    Unix time) and whether it is its day's last (`keeps_day`); an earlier update of a day keeps
    only its figures, at its own time.
    """

    date: date
    name: str
    size: int
    mtime_ns: int
    stamp: int | None = None
    keeps_day: bool = True


class SnapshotSource(Protocol):
    """What refresh needs from a source: a listing, and the bytes of one entry."""

    label: str
    source_id: str  # the registry's id: the store's source, the files' naming and format
    # Whether `entries` lists every day the source holds (a folder), or only the days it was
    # asked for (an archive over HTTP): only a full listing can tell that a day was dropped.
    lists_everything: bool

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]: ...

    def read(self, entry: Entry) -> bytes: ...


class FolderSource:
    """A folder of a source's files named as it names them (by default the daily archive's).

    Only regular files are read. A symbolic link is followed when it stays in the folder, or when
    it points at a regular file of the same snapshot name (a folder of links mirroring the
    archive); a link anywhere else, a folder, a FIFO or a device is skipped and named.
    """

    def __init__(self, folder: Path | str, source_id: str = DAILY) -> None:
        self.source_id = source_id
        self.naming = registered(source_id).naming
        self.folder = Path(folder)
        self.label = str(self.folder)
        self.lists_everything = True
        if not self.folder.is_dir():
            raise FileNotFoundError(f"snapshot folder {self.folder} does not exist")
        self._root = self.folder.resolve()

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
        """Every snapshot file by date; misnamed or unusable snapshot files come back as errors."""
        found: list[Entry] = []
        errors: list[SnapshotError] = []
        for path in sorted(self.folder.iterdir()):
            if not self.is_snapshot(path.name):
                continue
            try:
                day = self.date_of(path.name)
                info = self._stat(path)
            except SnapshotError as err:
                errors.append(err)
                continue
            found.append(Entry(day, path.name, info.st_size, info.st_mtime_ns))
        return found, errors

    def is_snapshot(self, name: str) -> bool:
        """Whether a file name is one of this source's snapshots (others are not listed)."""
        return self.naming.lists(name)

    def date_of(self, name: str) -> date:
        """The date a snapshot file stands for, from its name."""
        return date_from_name(name, self.source_id)

    def _stat(self, path: Path) -> os.stat_result:
        """The file's status, when it is one the refresh may read."""
        try:
            own = path.lstat()
            if stat.S_ISLNK(own.st_mode):
                target = path.resolve()
                if not target.is_relative_to(self._root) and target.name != path.name:
                    raise SnapshotError(path.name, f"a link that leaves the folder (to {target})")
            info = path.stat()
        except OSError as err:
            raise SnapshotError(path.name, f"cannot read ({err.strerror})") from err
        if not stat.S_ISREG(info.st_mode):
            raise SnapshotError(path.name, f"not a regular file ({_kind(info.st_mode)})")
        return info

    def read(self, entry: Entry) -> bytes:
        """The file's bytes; opening never blocks, so a FIFO put in its place cannot hang."""
        path = self.folder / entry.name
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError as err:
            raise SnapshotError(entry.name, "vanished from the folder after it was listed") from err
        except OSError as err:
            raise SnapshotError(entry.name, f"cannot read ({err.strerror})") from err
        try:
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode):
                raise SnapshotError(entry.name, f"not a regular file ({_kind(info.st_mode)})")
            if info.st_size > MAX_SNAPSHOT_BYTES:
                raise SnapshotError(entry.name, TOO_LARGE)
            with os.fdopen(handle, "rb", closefd=False) as file:
                data = file.read(MAX_SNAPSHOT_BYTES + 1)  # the file may grow after fstat
            if len(data) > MAX_SNAPSHOT_BYTES:
                raise SnapshotError(entry.name, TOO_LARGE)
            return data
        except OSError as err:
            reason = "a folder" if err.errno == errno.EISDIR else err.strerror
            raise SnapshotError(entry.name, f"cannot read ({reason})") from err
        finally:
            os.close(handle)


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a file"


def fingerprint(entry: Entry, data: bytes) -> Fingerprint:
    """The fingerprint of an entry's bytes."""
    return Fingerprint(len(data), entry.mtime_ns, hashlib.sha256(data).hexdigest())
