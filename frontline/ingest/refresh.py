"""Refresh the store from a source: only new or changed days are read, measured and written."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import shapely

from frontline.ingest.layered import records_from_layered
from frontline.ingest.measure import Region
from frontline.ingest.snapshots import SnapshotError, parse_snapshot
from frontline.ingest.sources import Entry, SnapshotSource, fingerprint
from frontline.ingest.store import (
    DAILY,
    LAYERS,
    OCCUPIED,
    Fingerprint,
    Record,
    Store,
    refresh_lock,
)

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
        # issue 12: each source keeps its own dates and boundaries' hash, so refreshing one
        # never makes the other look current.
        stored = store.fingerprints(source.source_id, OCCUPIED)
        remeasure = store.get_meta(boundaries_key(source.source_id)) != region.fingerprint
        todo = [e for e in entries if remeasure or not _same_file(e, stored.get(e.date))]
        report.unchanged = len(entries) - len(todo)
        batch: list[Record] = []
        # On new boundaries every day is measured again, even if its file is unchanged.
        known = {} if remeasure else stored
        outcomes = _measure_all(source, todo, known, region, workers)
        # Each outcome is all the layers of one file: one record per layer.
        for done, (entry, outcome) in enumerate(outcomes, 1):
            if isinstance(outcome, SnapshotError):
                report.failed.append(outcome)
            elif outcome is None:
                report.unchanged += 1
            else:
                batch.extend(outcome)
                (report.replaced if entry.date in stored else report.added).append(entry.date)
            if len(batch) >= BATCH:
                store.write(batch)
                batch = []
            if progress:
                progress(done, len(todo), entry.name)
        store.write(batch)
        if remeasure and not report.failed:
            store.set_meta(boundaries_key(source.source_id), region.fingerprint)
    report.seconds = time.perf_counter() - started
    return report


def boundaries_key(source_id: str) -> str:
    """The meta key of the boundaries a source was measured against (daily: the original)."""
    return BOUNDARIES_KEY if source_id == DAILY else f"{BOUNDARIES_KEY}:{source_id}"


def _same_file(entry: Entry, known: tuple[str, Fingerprint] | None) -> bool:
    """Cheap check: same name, size and modification time as the stored day."""
    if known is None:
        return False
    name, fp = known
    return name == entry.name and fp.size == entry.size and fp.mtime_ns == entry.mtime_ns


Outcome = tuple[Record, ...] | SnapshotError | None
# One day's work: the entry, its bytes (or why they could not be read), their fingerprint,
# the SHA-256 already stored for that date, if any, and the source's id (its file format).
Job = tuple[Entry, bytes | SnapshotError, Fingerprint | None, str | None, str]


def _measure_all(
    source: SnapshotSource,
    todo: list[Entry],
    known: dict[date, tuple[str, Fingerprint]],
    region: Region,
    workers: int | None,
) -> Iterator[tuple[Entry, Outcome]]:
    """Measure every entry in order, in a process pool when there are enough of them.

    Jobs are produced lazily, so workers measure early files while later ones are read.
    """
    jobs = _read_all(source, todo, known)
    workers = workers or min(os.cpu_count() or 1, 4)
    if workers < 2 or len(todo) < POOL_MIN_FILES:
        for job in jobs:
            yield job[0], _measure(job, region)
        return
    wkb = {name: shapely.to_wkb(g) for name, g in region.oblasts.items()}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init, initargs=(wkb,)
    ) as pool:
        chunk = max(1, min(32, len(todo) // (workers * 4)))
        outcomes = pool.map(_measure_in_worker, jobs, chunksize=chunk)
        yield from zip(todo, outcomes, strict=True)


def _read_all(
    source: SnapshotSource, todo: list[Entry], known: dict[date, tuple[str, Fingerprint]]
) -> Iterator[Job]:
    for entry in todo:
        previous = known.get(entry.date)
        known_sha = previous[1].sha256 if previous else None
        try:
            data = source.read(entry)
        except SnapshotError as err:
            yield entry, err, None, known_sha, source.source_id
            continue
        yield entry, data, fingerprint(entry, data), known_sha, source.source_id


_WORKER_REGION: Region | None = None


def _init(wkb: dict[str, bytes]) -> None:
    global _WORKER_REGION
    _WORKER_REGION = Region({name: shapely.from_wkb(b) for name, b in wkb.items()})


def _measure_in_worker(job: Job) -> Outcome:
    assert _WORKER_REGION is not None
    return _measure(job, _WORKER_REGION)


def _measure(job: Job, region: Region) -> Outcome:
    """The job's records, one per layer; None when the bytes are those already stored."""
    entry, data, fp, known_sha, source_id = job
    if isinstance(data, SnapshotError):
        return data
    assert fp is not None
    if fp.sha256 == known_sha:
        return None
    try:
        if source_id == LAYERS:
            return records_from_layered(data, entry, fp, region)
        occupied = parse_snapshot(data, entry.name, within=region.clip_box)
    except SnapshotError as err:
        return err
    pieces = tuple(region.measure(occupied))
    return (Record(DAILY, OCCUPIED, entry.date, entry.name, fp, pieces),)
