"""Refresh the store from a snapshot source: only new or changed days are read, measured and written."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import shapely

from frontline.measure import Region
from frontline.snapshots import SnapshotError, parse_snapshot
from frontline.sources import Entry, SnapshotSource, fingerprint
from frontline.store import DAILY, OCCUPIED, Fingerprint, Record, Store, refresh_lock

BOUNDARIES_KEY = "boundaries_sha256"
# Records are committed in batches: one transaction each, so an interruption loses at most
# the batch in flight and never leaves a half-written day.
BATCH = 64
# Below this many files a process pool costs more than it saves.
POOL_MIN_FILES = 8

Progress = Callable[[int, int, str], None]


@dataclass
class RefreshReport:
    """What a refresh did: dates written, dates already current, files that failed."""

    added: list[date] = field(default_factory=list)
    replaced: list[date] = field(default_factory=list)
    unchanged: int = 0
    failed: list[SnapshotError] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, {self.unchanged} unchanged, "
            f"{len(self.failed)} failed in {self.seconds:.1f} s"
        )


def refresh(
    source: SnapshotSource,
    store: Store,
    region: Region,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    lock_wait_s: float = 120.0,
) -> RefreshReport:
    """Bring the store up to date with `source`; bad files are reported and skipped."""
    started = time.perf_counter()
    report = RefreshReport()
    with refresh_lock(store.directory, lock_wait_s):
        entries, report.failed = source.entries()
        stored = store.fingerprints(DAILY, OCCUPIED)
        remeasure = store.get_meta(BOUNDARIES_KEY) != region.fingerprint
        todo = [e for e in entries if remeasure or not _same_file(e, stored.get(e.date))]
        report.unchanged = len(entries) - len(todo)
        batch: list[Record] = []
        # On new boundaries every day is measured again, even if its file is unchanged.
        known = {} if remeasure else stored
        outcomes = _measure_all(source, todo, known, region, workers)
        for done, (entry, outcome) in enumerate(outcomes, 1):
            if isinstance(outcome, SnapshotError):
                report.failed.append(outcome)
            elif outcome is None:
                report.unchanged += 1
            else:
                batch.append(outcome)
                (report.replaced if entry.date in stored else report.added).append(entry.date)
            if len(batch) >= BATCH:
                store.write(batch)
                batch = []
            if progress:
                progress(done, len(todo), entry.name)
        store.write(batch)
        if remeasure and not report.failed:
            store.set_meta(BOUNDARIES_KEY, region.fingerprint)
    report.seconds = time.perf_counter() - started
    return report


def _same_file(entry: Entry, known: tuple[str, Fingerprint] | None) -> bool:
    """Cheap check: same name, size and modification time as the stored day."""
    if known is None:
        return False
    name, fp = known
    return name == entry.name and fp.size == entry.size and fp.mtime_ns == entry.mtime_ns


Outcome = Record | SnapshotError | None


def _measure_all(
    source: SnapshotSource,
    todo: list[Entry],
    known: dict[date, tuple[str, Fingerprint]],
    region: Region,
    workers: int | None,
) -> Iterator[tuple[Entry, Outcome]]:
    """Read each entry, skip those whose bytes are already known, measure the rest in parallel."""
    jobs: list[tuple[Entry, bytes, Fingerprint]] = []
    for entry in todo:
        try:
            data = source.read(entry)
        except SnapshotError as err:
            yield entry, err
            continue
        fp = fingerprint(entry, data)
        previous = known.get(entry.date)
        if previous and previous[1].sha256 == fp.sha256:
            yield entry, None
            continue
        jobs.append((entry, data, fp))
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers < 2 or len(jobs) < POOL_MIN_FILES:
        for job in jobs:
            yield job[0], _measure(job, region)
        return
    wkb = {name: shapely.to_wkb(g) for name, g in region.oblasts.items()}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=(wkb,)) as pool:
        chunk = max(1, min(32, len(jobs) // (workers * 4)))
        yield from zip((j[0] for j in jobs), pool.map(_measure_in_worker, jobs, chunksize=chunk))


_WORKER_REGION: Region | None = None


def _init(wkb: dict[str, bytes]) -> None:
    global _WORKER_REGION
    _WORKER_REGION = Region({name: shapely.from_wkb(b) for name, b in wkb.items()})


def _measure_in_worker(job: tuple[Entry, bytes, Fingerprint]) -> Outcome:
    assert _WORKER_REGION is not None
    return _measure(job, _WORKER_REGION)


def _measure(job: tuple[Entry, bytes, Fingerprint], region: Region) -> Outcome:
    entry, data, fp = job
    try:
        occupied = parse_snapshot(data, entry.name)
    except SnapshotError as err:
        return err
    pieces = tuple(region.measure(occupied))
    return Record(DAILY, OCCUPIED, entry.date, entry.name, fp, pieces)
