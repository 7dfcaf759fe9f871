"""Snapshots over HTTP: the public DeepStateMap daily archive, or any server with its file layout.

Downloads go through `frontline.ingest.fetch`: a few in parallel, bounded in size and time, with
retries and a User-Agent that names the project. Each day's fault (an error status, a timeout, a
cut, oversized or dropped body, an HTML page sent as 200) becomes a `SnapshotError` for that day
alone; only a server that cannot be reached at all stops the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from urllib.parse import urljoin, urlsplit

import requests

from frontline.ingest.fetch import (
    Deadline,
    Downloader,
    FetchError,
    Limits,
    Progress,
    Stopped,
    Unreachable,
    make_session,
)
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.sources import Entry
from frontline.registry import DAILY
from frontline.registry import source as registered

PARALLEL = 4


class NetworkError(RuntimeError):
    """The server cannot be reached at all: no network, no DNS, or it refuses."""


class MissingDay(SnapshotError):
    """The archive answered 404: it has no file for that day."""


def is_url(text: str | os.PathLike[str]) -> bool:
    """Whether a --source names an http(s) server rather than a folder."""
    return urlsplit(str(text)).scheme in ("http", "https")


def archive_base(url: str) -> str:
    """The base URL with the one trailing slash that `urljoin` needs to keep its last folder."""
    if not is_url(url):
        raise ValueError(f"{url!r} is not an http(s) URL")
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError(f"{url!r} names no host")
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        raise ValueError(f"{url!r} has no valid port (a whole number up to 65535)") from None
    return url if url.endswith("/") else url + "/"


def snapshot_name(day: date) -> str:
    return registered(DAILY).naming.name_for(day)


def unreachable(host: str, outcomes: Iterable[bytes | FetchError]) -> NetworkError | None:
    """A NetworkError when nothing could connect at all (every outcome is Unreachable)."""
    found = list(outcomes)
    if found and all(isinstance(o, Unreachable) for o in found):
        first = found[0]
        assert isinstance(first, Unreachable)
        return NetworkError(first.saying(host))
    return None


def download(
    session: requests.Session,
    base_url: str,
    days: Iterable[date],
    *,
    parallel: int = PARALLEL,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
    progress: Progress | None = None,
) -> tuple[dict[date, bytes], list[date], list[SnapshotError]]:
    """Fetch days in parallel: (bytes by day, missing days, failures).

    NetworkError when no day could connect at all; once the server stops answering, or the
    deadline passes, the days not yet asked fail as not tried.
    """
    days = sorted(days)
    items = [(day, urljoin(base_url, snapshot_name(day))) for day in days]
    downloads = Downloader(
        session, items, parallel=parallel, limits=limits, deadline=deadline, progress=progress
    )
    outcomes = downloads.take_all()
    host = urlsplit(base_url).netloc
    # Days "not tried" after the first refusals say nothing more about the network.
    tried = [o for o in outcomes.values() if not isinstance(o, Stopped)]
    if (error := unreachable(host, tried)) is not None:
        raise error
    fetched: dict[date, bytes] = {}
    missing: list[date] = []
    failed: list[SnapshotError] = []
    for day, outcome in outcomes.items():
        assert isinstance(day, date)
        if isinstance(outcome, bytes):
            fetched[day] = outcome
        elif outcome.status == 404:
            missing.append(day)
        else:
            failed.append(SnapshotError(snapshot_name(day), outcome.problem))
    failed.sort(key=lambda err: err.name)
    return fetched, missing, failed


class HttpSource:
    """Days of an archive served over HTTP in the DeepStateMap layout, as a SnapshotSource.

    `wanted` is asked for the days to fetch when the refresh lists entries (under the store's
    refresh lock, so it sees the store as it is then); all of them are downloaded at that point,
    and `read` hands out the bytes. Days the archive lacks end up in `missing`.
    """

    source_id = DAILY

    def __init__(
        self,
        base_url: str,
        wanted: Callable[[], Iterable[date]],
        *,
        session: requests.Session | None = None,
        parallel: int = PARALLEL,
        limits: Limits | None = None,
        deadline: Deadline | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.base_url = archive_base(base_url)
        self.label = self.base_url
        self.lists_everything = False
        self.asked: list[date] = []
        self.missing: list[date] = []
        self._wanted = wanted
        self._session = session or make_session(parallel=parallel)
        self._parallel = parallel
        self._limits = limits
        self._deadline = deadline
        self._progress = progress
        self._fetched: dict[date, bytes] = {}
        self.fetched: list[date] = []

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
        self.asked = sorted(self._wanted())
        self._fetched, self.missing, failed = download(
            self._session,
            self.base_url,
            self.asked,
            parallel=self._parallel,
            limits=self._limits,
            deadline=self._deadline,
            progress=self._progress,
        )
        self.fetched = sorted(self._fetched)
        # Size and mtime are unknown before a download; the SHA-256 tells changed bytes apart.
        found = [Entry(day, snapshot_name(day), 0, 0) for day in sorted(self._fetched)]
        return found, failed

    def read(self, entry: Entry) -> bytes:
        """The day's bytes, handed out once: the store keeps what matters of them."""
        try:
            return self._fetched.pop(entry.date)
        except KeyError:
            raise SnapshotError(entry.name, "was not downloaded") from None
