"""DeepStateMap's own history feed: every update of its layered map since April 2022.

The list of updates is `BASE/api/history/public`, a JSON array of records with at least `id`
(the update's Unix time in seconds, as in the layered archive's file names) and `createdAt`
(ISO 8601, UTC); records with `"status": false` are not published and are left alone. Each
update's map is `BASE/api/history/{id}/geojson`. Every update is fetched once and kept at its own
time, each layer's figures per area (`Store.update_figures`); the history keeps one update per
day, the last of each day in Kyiv time (DeepState's own clock), with its geometry. A day is
fetched again only when its last update changes to one not yet fetched (a later one was
published), or when the update that now stands for it was kept without its geometry (the later
one left the list). Fetching is polite: at
most `PARALLEL` requests at a time, a pause between one thread's requests, bounded bodies
(`frontline.ingest.fetch`), and maps are measured as they arrive and written in batches, so an
interrupted first fill keeps what it finished.

Map bodies are accepted only in the shapes public clients of this API show: a GeoJSON
FeatureCollection (`/geojson`, read this way by awitwicki/DeepStateEtl), or the `/last` shape,
an object whose `map` is that FeatureCollection (cyterat/deepstate-map-data,
sgofferj/tak-feeder-deepstate), which one client also received as a JSON-encoded string of that
object. Any other shape fails its update with a message naming what came.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urljoin, urlsplit

import orjson
import requests

from frontline import settings
from frontline.ingest.fetch import (
    Deadline,
    Downloader,
    FetchError,
    Limits,
    Progress,
    Unreachable,
    fetch_body,
    make_session,
)
from frontline.ingest.layered import json_shape
from frontline.ingest.measure import Region
from frontline.ingest.refresh import RefreshReport, refresh
from frontline.ingest.remote import NetworkError, archive_base
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.sources import Entry
from frontline.ingest.store import Store
from frontline.registry import LIVE, OCCUPIED
from frontline.registry import source as registered


@dataclass(frozen=True)
class FeedFacts:
    """How the live feed is asked, beside its registry entry (`frontline.registry`): where it
    lives, its first day and its clock (a day's history is its last update before midnight in
    Kyiv, DeepState's own time)."""

    source_id: str = LIVE
    # Everything the feed serves sits under this path of its site.
    api: str = "api/history"

    @property
    def list_path(self) -> str:
        return f"{self.api}/public"

    @property
    def map_path(self) -> str:
        return f"{self.api}/{{id}}/geojson"

    @property
    def base_url(self) -> str:
        return registered(self.source_id).base_url

    @property
    def first_day(self) -> date:
        return registered(self.source_id).first_day


FEED = FeedFacts()
PARALLEL = 2
PAUSE_S = 1.0
# Bodies waiting to be measured: enough to keep the measuring busy, few enough to hold little.
AHEAD = 8
# Seconds one map takes to arrive, for the first fill's estimate.
TYPICAL_FETCH_S = 1.0


def feed_url() -> str:
    """The feed to refresh from: $FRONTLINE_FEED_URL, else DeepStateMap's own."""
    return settings.FEED_URL.get() or FEED.base_url


class FeedError(ValueError):
    """The list of updates cannot be used at all (not JSON, not an array of records)."""


def feed_base(url: str) -> str:
    """The feed's base URL from `url`: the part before `/api/history/`, with a trailing slash."""
    url = archive_base(url)
    path = urlsplit(url).path
    cut = path.find(f"/{FEED.api}")
    if cut >= 0:
        url = url[: url.index(path)] + path[: cut + 1]
    return url


def is_feed_url(url: str) -> bool:
    """Whether an http(s) --source names the feed (its site, or under /api/history/) rather than
    an archive of daily files (whose files sit in a folder such as /data/)."""
    path = urlsplit(url).path
    return f"/{FEED.api}" in path or path in ("", "/")


@dataclass(frozen=True)
class Update:
    """One update in the list: its id (Unix seconds) and the Kyiv day it stands for."""

    id: int
    created_at: str

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.id, tz=UTC)

    @property
    def day(self) -> date:
        return registered(LIVE).naming.day_of(self.id)

    @property
    def name(self) -> str:
        return registered(LIVE).naming.name_for_stamp(self.id)


def parse_list(data: bytes) -> tuple[list[Update], list[SnapshotError]]:
    """The published updates in the list body, and the records that cannot be used."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as err:
        raise FeedError(f"the list of updates is not valid JSON ({err})") from None
    if not isinstance(doc, list):
        raise FeedError(f"the list of updates is {json_shape(doc)}, not a JSON array of records")
    updates: list[Update] = []
    errors: list[SnapshotError] = []
    for index, record in enumerate(doc):
        if not isinstance(record, dict):
            errors.append(SnapshotError(f"record {index}", f"{json_shape(record)}, not a record"))
            continue
        ident = record.get("id")
        if isinstance(ident, bool) or not isinstance(ident, int) or not 0 < ident < 2**33:
            errors.append(SnapshotError(f"record {index}", f"id {ident!r} is not a Unix time"))
            continue
        if record.get("status") is False:
            continue
        created = record.get("createdAt")
        updates.append(Update(ident, created if isinstance(created, str) else ""))
    return updates, errors


def last_of_each_day(updates: list[Update], first_day: date = FEED.first_day) -> list[Update]:
    """The last update of each Kyiv day from `first_day` on, oldest day first."""
    latest: dict[date, Update] = {}
    for update in updates:
        if update.day >= first_day and (
            update.day not in latest or update.id > latest[update.day].id
        ):
            latest[update.day] = update
    return [latest[day] for day in sorted(latest)]


def _id(update: Update) -> int:
    return update.id


def first_fill_words(count: int, parallel: int = PARALLEL, pause_s: float = PAUSE_S) -> str:
    """How long fetching `count` updates will take, in words."""
    seconds = count * (pause_s + TYPICAL_FETCH_S) / max(parallel, 1)
    minutes = math.ceil(seconds / 60)
    return (
        f"{count} update(s) to fetch, about {minutes} min at {parallel} at a time with a "
        f"{pause_s:g} s pause; an interrupted run keeps what it finished"
    )


class FeedSource:
    """The feed as a SnapshotSource: lists the days whose last update the store lacks.

    Listing is done under the refresh lock: it reads the list, marks stored days whose update
    left it (and those back in it), and starts the downloads; `read` waits for each map in turn.
    """

    source_id = LIVE

    def __init__(
        self,
        base_url: str,
        store: Store,
        region: Region,
        *,
        session: requests.Session | None = None,
        parallel: int = PARALLEL,
        pause_s: float = PAUSE_S,
        limits: Limits | None = None,
        deadline: Deadline | None = None,
        announce: Callable[[str], None] | None = None,
    ) -> None:
        self.base_url = feed_base(base_url)
        self.label = self.base_url
        self.lists_everything = False
        self.listed = 0
        self.gone: list[date] = []
        self._store = store
        self._region = region
        self._session = session or make_session(parallel=parallel)
        self._parallel = parallel
        self._pause_s = pause_s
        self._limits = limits or Limits()
        self._deadline = deadline or Deadline()
        self._announce = announce
        self._downloads: Downloader | None = None

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
        updates, errors = self._list()
        listed = sorted({u.id: u for u in updates if u.day >= FEED.first_day}.values(), key=_id)
        last = {u.id for u in last_of_each_day(listed)}
        self.listed = len(updates)
        stored = self._store.stored(LIVE, OCCUPIED)
        offered = {update.day for update in listed}
        changed = {
            d: d in offered for d, known in stored.items() if known.in_source != (d in offered)
        }
        for layer in registered(LIVE).layers:
            self._store.set_in_source(LIVE, layer, changed)
        self.gone = sorted(d for d in stored if d not in offered)
        boundaries = self._region.fingerprint
        measured = self._store.updates(LIVE)

        def day_missing(u: Update) -> bool:
            known = stored.get(u.day)
            return known is None or known.file_name != u.name or known.boundaries != boundaries

        wanted = [
            u
            for u in listed
            if measured.get(u.id) != boundaries or (u.id in last and day_missing(u))
        ]
        if self._announce and wanted:
            self._announce(first_fill_words(len(wanted), self._parallel, self._pause_s))
        items = [(u.id, urljoin(self.base_url, FEED.map_path.format(id=u.id))) for u in wanted]
        self._downloads = Downloader(
            self._session,
            items,
            parallel=self._parallel,
            pause_s=self._pause_s,
            limits=self._limits,
            deadline=self._deadline,
            ahead=AHEAD,
        )
        entries = [Entry(u.day, u.name, 0, 0, stamp=u.id, keeps_day=u.id in last) for u in wanted]
        return entries, errors

    def _list(self) -> tuple[list[Update], list[SnapshotError]]:
        url = urljoin(self.base_url, FEED.list_path)
        try:
            body = fetch_body(self._session, url, self._limits, self._deadline)
        except Unreachable as err:
            raise NetworkError(err.saying(urlsplit(url).netloc)) from None
        except FetchError as err:
            raise FeedError(f"the list of updates at {url}: {err.problem}") from None
        return parse_list(body)

    def read(self, entry: Entry) -> bytes:
        """The update's map as it came, once it has arrived (its shape is checked when it is
        measured, in `layered.feed_collection`, so that it is parsed once)."""
        assert self._downloads is not None, "entries() starts the downloads"
        try:
            return self._downloads.take(int(entry.name.split(".")[0]))
        except FetchError as err:
            raise SnapshotError(entry.name, err.problem) from None


@dataclass
class FeedReport:
    """What a feed refresh did: updates listed, the refresh's report, days whose update left."""

    source: str
    listed: int = 0
    refresh: RefreshReport = field(default_factory=RefreshReport)

    @property
    def failed(self) -> dict[str, str]:
        """Why each update failed, by its id and Kyiv day (`ID (YYYY-MM-DD)`)."""
        return {_id_and_day(err): err.problem for err in self.refresh.failed}

    @property
    def failed_days(self) -> dict[date, str]:
        """Why each day's updates failed, by Kyiv day (as the app lists failed days); a record
        the list could not use is under `date.min`."""
        days: dict[date, list[str]] = {}
        for err in self.refresh.failed:
            stem = err.name.split(".")[0]
            day = Update(int(stem), "").day if stem.isdigit() else date.min
            days.setdefault(day, []).append(err.problem)
        return {day: "; ".join(problems) for day, problems in days.items()}

    def summary(self) -> str:
        r = self.refresh
        return (
            f"{self.listed} updates listed, {len(r.updates)} stored at their own time: "
            f"{len(r.added)} days added, {len(r.replaced)} replaced by a later update, "
            f"{len(r.failed)} failed, {len(r.gone)} whose update left the list, "
            f"in {r.seconds:.1f} s"
        )


def _id_and_day(err: SnapshotError) -> str:
    stem = err.name.split(".")[0]
    if stem.isdigit():
        return f"{stem} ({Update(int(stem), '').day.isoformat()})"
    return err.name


def update_from_feed(
    base_url: str,
    store: Store,
    region: Region,
    *,
    session: requests.Session | None = None,
    parallel: int = PARALLEL,
    pause_s: float = PAUSE_S,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    announce: Callable[[str], None] | None = None,
    lock_wait_s: float = 120.0,
    accept_implausible: Collection[date] = (),
) -> FeedReport:
    """Fetch the days whose last update the store lacks, measure them and write them.

    Raises NetworkError (store untouched) when the feed cannot be reached at all, and
    FeedError when its list cannot be used.
    """
    source = FeedSource(
        base_url,
        store,
        region,
        session=session,
        parallel=parallel,
        pause_s=pause_s,
        limits=limits,
        deadline=deadline,
        announce=announce,
    )
    report = FeedReport(source.base_url)
    report.refresh = refresh(
        source,
        store,
        region,
        workers=workers,
        progress=progress,
        lock_wait_s=lock_wait_s,
        accept_implausible=accept_implausible,
    )
    report.refresh.gone = source.gone
    report.listed = source.listed
    return report
