"""Refresh the store from a source: only new or changed days are read, measured and written.

A file is changed when its bytes are (SHA-256), whatever its size and modification time say:
hashing every file of the archive costs well under a second, and trusting the cheap signs let a
rewritten file keep an old figure. One bad file, of any kind, never stops a refresh: it is named
with its reason and the rest is stored.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date

from frontline.ingest.layered import records_from_layered
from frontline.ingest.measure import Region
from frontline.ingest.plausibility import (
    EMPTY_FILE,
    DayShape,
    History,
    implausible,
    implausible_error,
)
from frontline.ingest.snapshots import SnapshotError, date_from_name, read_snapshot
from frontline.ingest.sources import Entry, SnapshotSource, fingerprint
from frontline.ingest.store import Fingerprint, Record, Store, Stored, refresh_lock
from frontline.registry import LAYERED_FORMATS, OCCUPIED
from frontline.registry import source as registered

# Records are committed in batches: one transaction each, so an interruption loses at most
# the batch in flight and never leaves a half-written day.
BATCH = 64
# Below this many files a process pool costs more than it saves.
POOL_MIN_FILES = 8
# Jobs go to the pool in runs of consecutive days, at most this many: a worker measuring day
# after day overlays again only the tiles where the front moved since the day before (days dealt
# out one by one alternate between workers, and each sees twice the change), and pays for one
# round trip per run instead of one per day.
RUN_DAYS = 16
# Runs handed to the pool ahead of the results per worker: enough to keep workers busy while the
# parent reads, few enough that a crash leaves a short list of suspects to run alone.
AHEAD_PER_WORKER = 2

Progress = Callable[[int, int, str], None]


@dataclass
class RefreshReport:
    """What a refresh did: dates written, dates already current, files that failed, notes."""

    added: list[date] = field(default_factory=list)
    replaced: list[date] = field(default_factory=list)
    unchanged: int = 0
    failed: list[SnapshotError] = field(default_factory=list)
    # Days stored without any occupied area, named so that an analyst notices.
    empty: list[str] = field(default_factory=list)
    # Days stored although implausible, because a person accepted them, with the reasons.
    accepted: list[str] = field(default_factory=list)
    # Stored days whose file the source no longer offers (kept, and marked so).
    gone: list[date] = field(default_factory=list)
    # Updates stored at their own time (a source kept update by update), by id.
    updates: list[int] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, {self.unchanged} unchanged, "
            f"{len(self.failed)} failed, {len(self.gone)} no longer in the source "
            f"in {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class Job:
    """One day to measure: its entry, bytes, their fingerprint and the source's id (its format)."""

    entry: Entry
    data: bytes
    fingerprint: Fingerprint
    source_id: str


@dataclass(frozen=True)
class Measured:
    """A measured day, one record per layer its source keeps, and whether it held any polygon."""

    records: tuple[Record, ...]
    has_polygons: bool
    outside_share: float


Outcome = Measured | SnapshotError | None


def refresh(
    source: SnapshotSource,
    store: Store,
    region: Region,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    lock_wait_s: float = 120.0,
    accept_implausible: Collection[date] = (),
) -> RefreshReport:
    """Bring the store up to date with `source`; bad files are reported and skipped.

    Days are checked in date order against the plausibility rules, each against the stored
    day before it; an implausible day fails unless its date is in `accept_implausible`.
    """
    started = time.perf_counter()
    report = RefreshReport()
    with refresh_lock(store.directory, lock_wait_s) as lock_fd:
        entries, report.failed = source.entries()
        # Each source keeps its own days, files and boundaries, so refreshing one never makes
        # another look current.
        stored = store.stored(source.source_id, OCCUPIED)
        if source.lists_everything:
            offered = {e.date for e in entries} | _dates_named(source.source_id, report.failed)
            report.gone = _mark_offered(store, source.source_id, stored, offered)
        batch: list[Record] = []
        history = History(_country_shares(store, source.source_id, region))
        outcomes = _in_order(
            entries, _measure_all(source, entries, stored, region, workers, lock_fd)
        )
        for done, (entry, measured) in enumerate(outcomes, 1):
            outcome = _checked(entry, measured, region, history, accept_implausible, report)
            if isinstance(outcome, SnapshotError):
                report.failed.append(outcome)
            elif outcome is None:
                report.unchanged += 1
            else:
                batch.extend(_as_entry(outcome.records, entry))
                if entry.stamp is not None:
                    report.updates.append(entry.stamp)
                if entry.keeps_day:
                    (report.replaced if entry.date in stored else report.added).append(entry.date)
                if not outcome.has_polygons:
                    report.empty.append(f"{entry.date} ({entry.name}): {EMPTY_FILE}")
            if len(batch) >= BATCH:
                store.write(batch)
                batch = []
            if progress:
                progress(done, len(entries), entry.name)
        store.write(batch)
    report.added.sort()
    report.replaced.sort()
    report.updates.sort()
    report.empty.sort()
    report.accepted.sort()
    report.failed.sort(key=str)
    report.seconds = time.perf_counter() - started
    return report


def _as_entry(records: tuple[Record, ...], entry: Entry) -> tuple[Record, ...]:
    """The records of an update, marked with its id and whether it stands for its day."""
    if entry.stamp is None:
        return records
    return tuple(replace(r, stamp=entry.stamp, keeps_day=entry.keeps_day) for r in records)


def _country_shares(store: Store, source_id: str, region: Region) -> dict[date, float]:
    """The country's occupied share on every stored day of a source."""
    if region.total is None:
        return {}
    figures = store.figures(source_id, OCCUPIED)
    country = figures[figures["oblast"] == region.total]
    return dict(zip(country["date"], country["occupied_pct"], strict=True))


def _in_order(
    entries: list[Entry], outcomes: Iterable[tuple[Entry, Outcome]]
) -> Iterator[tuple[Entry, Outcome]]:
    """Outcomes in the entries' (date) order, whatever order the pool finished them in: each day
    is compared with the day before it, so the result cannot depend on the workers' timing."""
    position = {entry: i for i, entry in enumerate(entries)}
    waiting: dict[int, tuple[Entry, Outcome]] = {}
    following = 0
    for entry, outcome in outcomes:
        waiting[position[entry]] = (entry, outcome)
        while following in waiting:
            yield waiting.pop(following)
            following += 1
    for index in sorted(waiting):  # only if the pool skipped an entry, which it never should
        yield waiting[index]


def _checked(
    entry: Entry,
    outcome: Outcome,
    region: Region,
    history: History,
    accepted: Collection[date],
    report: RefreshReport,
) -> Outcome:
    """A measured day that passes the plausibility rules (or was accepted), else its failure."""
    if not isinstance(outcome, Measured):
        return outcome
    pct = _country_pct(outcome, region)
    shape = DayShape(entry.date, outcome.outside_share, pct, outcome.has_polygons)
    country = region.total or "the region"
    km2 = region.areas[region.total] / 1e6 if region.total else 0.0
    reasons = implausible(shape, history.before(entry.date), country, km2)
    if reasons and entry.date not in accepted:
        return implausible_error(entry.name, entry.date, reasons)
    if reasons:
        report.accepted.append(f"{entry.date} ({entry.name}), accepted: {'; '.join(reasons)}")
    if pct is not None:
        history.add(entry.date, pct)
    return outcome


def _country_pct(measured: Measured, region: Region) -> float | None:
    """The country's occupied share in a measured day, when the region measures a country."""
    for record in measured.records:
        if record.layer == OCCUPIED:
            for piece in record.pieces:
                if piece.oblast == region.total:
                    return piece.occupied_pct
    return None


def _dates_named(source_id: str, errors: list[SnapshotError]) -> set[date]:
    """The dates of listed files that cannot be used: they are still in the source."""
    dates = set()
    for error in errors:
        with contextlib.suppress(SnapshotError):
            dates.add(date_from_name(error.name, source_id))
    return dates


def _mark_offered(
    store: Store, source_id: str, stored: dict[date, Stored], offered: set[date]
) -> list[date]:
    """Record which stored days the source still offers; the days it dropped, oldest first."""
    changed = {
        day: day in offered for day, known in stored.items() if known.in_source != (day in offered)
    }
    for layer in registered(source_id).layers:
        store.set_in_source(source_id, layer, changed)
    return sorted(day for day, known in stored.items() if day not in offered)


def _measure_all(
    source: SnapshotSource,
    entries: list[Entry],
    stored: dict[date, Stored],
    region: Region,
    workers: int | None,
    lock_fd: int | None,
) -> Iterator[tuple[Entry, Outcome]]:
    """The outcome of every entry, measured in a process pool when there are enough of them.

    Files are read and hashed here, as the pool asks for work; unchanged ones never reach it.
    """
    workers = workers or min(os.cpu_count() or 1, 4)
    jobs = _jobs(source, entries, stored, region)
    if workers < 2 or len(entries) < POOL_MIN_FILES:
        for entry, job in jobs:
            yield entry, _measure(job, region) if isinstance(job, Job) else job
        return
    pool = _Pool(region, workers, lock_fd)
    # Short runs when there are few days, so that every worker still gets several.
    run_days = max(1, min(RUN_DAYS, len(entries) // (workers * AHEAD_PER_WORKER * 2)))
    try:
        yield from pool.run(_runs(jobs, run_days))
    finally:
        pool.close()


def _jobs(
    source: SnapshotSource, entries: list[Entry], stored: dict[date, Stored], region: Region
) -> Iterator[tuple[Entry, Job | Outcome]]:
    """Each entry with its job, or with its outcome when there is nothing to measure."""
    for entry in entries:
        try:
            data = source.read(entry)
        except SnapshotError as err:
            yield entry, err
            continue
        fp = fingerprint(entry, data)
        known = stored.get(entry.date)
        # An update is listed only when some of it is missing: it is always measured.
        current = (
            entry.stamp is None
            and known is not None
            and known.fingerprint.sha256 == fp.sha256
            and known.file_name == entry.name
            and known.boundaries == region.fingerprint
        )
        yield entry, None if current else Job(entry, data, fp, source.source_id)


class _Pool:
    """Worker processes that measure jobs; a worker that dies costs only the file it measured.

    When a worker dies (a signal, `os._exit`, the kernel's out-of-memory killer) every job in
    flight fails with it. Those few are then measured one at a time in a pool of their own, which
    finds the file that kills a worker, names it, and measures the others.
    """

    def __init__(self, region: Region, workers: int, lock_fd: int | None) -> None:
        self.workers = workers
        lock = None
        if lock_fd is not None:
            info = os.fstat(lock_fd)
            lock = (lock_fd, info.st_dev, info.st_ino)
        # Workers are forked, so the region reaches them as it is, prepared: nothing is
        # pickled, and no worker spends its first half second building it again.
        self._initargs = (region, os.getpid(), lock)
        self._executor = self._start(workers)

    def _start(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_init,
            initargs=self._initargs,
        )

    def run(
        self, runs: Iterable[tuple[Entry, Outcome] | list[Job]]
    ) -> Iterator[tuple[Entry, Outcome]]:
        """The outcome of every job, from runs of jobs and of outcomes already known."""
        waiting = iter(runs)
        in_flight: dict[Future[list[Outcome]], list[Job]] = {}
        exhausted = False
        while True:
            suspects: list[Job] = []
            while (
                not exhausted and not suspects and len(in_flight) < self.workers * AHEAD_PER_WORKER
            ):
                item = next(waiting, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, list):
                    try:
                        in_flight[self._executor.submit(_measure_run_in_worker, item)] = item
                    except BrokenProcessPool:  # a worker died since the last results came in
                        suspects += item
                else:
                    yield item
            if not in_flight and not suspects:
                return
            done = wait(in_flight, return_when=FIRST_COMPLETED)[0] if in_flight else set()
            for future in done:
                run = in_flight.pop(future)
                try:
                    outcomes = future.result()
                except Exception:  # a worker died, or a result cannot be unpickled
                    suspects += run
                    continue
                yield from zip((job.entry for job in run), outcomes, strict=True)
            if suspects:
                for run in in_flight.values():
                    suspects += run
                in_flight.clear()
                self._executor.shutdown(wait=True, cancel_futures=True)
                yield from self._one_by_one(suspects)
                self._executor = self._start(self.workers)

    def _one_by_one(self, suspects: list[Job]) -> Iterator[tuple[Entry, Outcome]]:
        alone = self._start(1)
        try:
            for job in sorted(suspects, key=lambda j: j.entry.date):
                try:
                    yield job.entry, alone.submit(_measure_in_worker, job).result()
                except BrokenProcessPool:
                    alone.shutdown(wait=True)
                    alone = self._start(1)
                    yield (
                        job.entry,
                        SnapshotError(
                            job.entry.name, "the process measuring it died (killed or crashed)"
                        ),
                    )
                except Exception as err:  # e.g. a result that cannot be unpickled
                    yield job.entry, SnapshotError(job.entry.name, f"cannot be measured ({err})")
        finally:
            alone.shutdown(wait=True)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


_WORKER_REGION: Region | None = None
PR_SET_PDEATHSIG = 1


def _init(region: Region, parent: int, lock: tuple[int, int, int] | None) -> None:
    """Set a worker up: die with the refresh, let go of its lock, keep the region."""
    global _WORKER_REGION
    if sys.platform == "linux":
        # A worker whose refresh is killed (kill -9) would wait for work for ever.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the refresh died before the line above took effect
        os._exit(1)
    if lock is not None:
        fd, dev, ino = lock
        # Fork copied the lock's descriptor; the lock lasts while any copy is open.
        with contextlib.suppress(OSError):
            info = os.fstat(fd)
            if (info.st_dev, info.st_ino) == (dev, ino):
                os.close(fd)
    _WORKER_REGION = region
    # The region and the modules live as long as the worker: frozen, they are no longer walked by
    # every collection that parsing a file's many small objects sets off (a third of its time).
    gc.freeze()


def _measure_in_worker(job: Job) -> Outcome:
    assert _WORKER_REGION is not None
    return _measure(job, _WORKER_REGION)


def _measure_run_in_worker(run: list[Job]) -> list[Outcome]:
    return [_measure_in_worker(job) for job in run]


def _runs(
    jobs: Iterable[tuple[Entry, Job | Outcome]], size: int
) -> Iterator[tuple[Entry, Outcome] | list[Job]]:
    """Jobs gathered into runs of up to `size` consecutive ones; known outcomes passed on."""
    run: list[Job] = []
    for entry, item in jobs:
        if not isinstance(item, Job):
            yield entry, item
            continue
        run.append(item)
        if len(run) == size:
            yield run
            run = []
    if run:
        yield run


def _measure(job: Job, region: Region) -> Outcome:
    """The measured day, or the error that names its file and why it cannot be measured."""
    entry = job.entry
    try:
        if registered(job.source_id).format in LAYERED_FORMATS:
            day = records_from_layered(job.data, entry, job.fingerprint, region, job.source_id)
            records = day.records
            area = any(p.occupied_km2 > 0 for r in records for p in r.pieces)
            return Measured(records, area, day.outside_share)
        snapshot = read_snapshot(job.data, entry.name, within=region.clip_box)
        pieces = tuple(region.measure(snapshot.occupied))
        front = region.measure_front(snapshot.occupied)
    except SnapshotError as err:
        return err
    except Exception as err:  # any failure of one file is named, not raised
        return SnapshotError(entry.name, f"cannot be measured ({type(err).__name__}: {err})")
    record = Record(
        job.source_id,
        OCCUPIED,
        entry.date,
        entry.name,
        job.fingerprint,
        pieces,
        region.fingerprint,
        front,
    )
    return Measured((record,), snapshot.has_polygons, snapshot.outside_share)
