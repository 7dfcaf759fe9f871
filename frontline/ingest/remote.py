"""Snapshots over HTTP: the public DeepStateMap archive, or any server with its file layout.

Downloads go through requests with urllib3's `Retry`: a few in parallel, a timeout, retries with
back-off on server errors and timeouts, and a User-Agent that names the project. Each day's fault
(an error status, a timeout, a cut or dropped body, an HTML page sent as 200) becomes a
`SnapshotError` for that day alone; only a server that cannot be reached at all stops the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import date
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import IncompleteRead, NewConnectionError, ReadTimeoutError
from urllib3.util.retry import Retry

from frontline import __version__
from frontline.ingest.snapshots import SnapshotError
from frontline.ingest.sources import Entry
from frontline.registry import DAILY
from frontline.registry import source as registered

PARALLEL = 4
# (connect, read) in seconds: a snapshot is about 80 KB, so a slow answer is a stuck one.
TIMEOUT_S = (10.0, 30.0)
RETRIES = 3
# urllib3 sleeps 0, 2 x, 4 x this between retries.
BACKOFF_S = 0.5
RETRY_STATUSES = (429, 500, 502, 503, 504)
# An error page served with status 200 (a proxy, a captive portal) is not a snapshot.
HTML_TYPES = ("text/html", "application/xhtml+xml")
CONTACT_ENV = "FRONTLINE_CONTACT"

Progress = Callable[[int, int, str], None]


class NetworkError(RuntimeError):
    """The archive's server cannot be reached at all: no network, no DNS, or it refuses."""


class MissingDay(SnapshotError):
    """The archive answered 404: it has no file for that day."""


class _Unreachable(SnapshotError):
    """No connection could be made for this day."""


def is_url(text: str | os.PathLike[str]) -> bool:
    """Whether a --source names an http(s) archive rather than a folder."""
    return urlsplit(str(text)).scheme in ("http", "https")


def archive_base(url: str) -> str:
    """The base URL with the one trailing slash that `urljoin` needs to keep its last folder."""
    if not is_url(url):
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url if url.endswith("/") else url + "/"


def snapshot_name(day: date) -> str:
    return registered(DAILY).naming.name_for(day)


def user_agent() -> str:
    """Who is asking, so the archive's owners can tell this client apart (and reach its user)."""
    contact = os.environ.get(CONTACT_ENV)
    about = "Donetsk and Luhansk control dashboard" + (f"; +{contact}" if contact else "")
    return f"frontline/{__version__} ({about}) python-requests/{requests.__version__}"


def make_session(retries: int = RETRIES, backoff_s: float = BACKOFF_S) -> requests.Session:
    """A session that retries connection faults, timeouts and 429/5xx answers with back-off."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        backoff_factor=backoff_s,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        # A Retry-After of an hour would stall the whole refresh; the next run asks again.
        respect_retry_after_header=False,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_connections=PARALLEL, pool_maxsize=PARALLEL)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent()
    return session


def fetch_day(
    session: requests.Session,
    base_url: str,
    day: date,
    timeout: tuple[float, float] = TIMEOUT_S,
) -> bytes:
    """One day's file; raises MissingDay on 404 and SnapshotError naming any other fault."""
    name = snapshot_name(day)
    try:
        response = session.get(urljoin(base_url, name), timeout=timeout)
        if response.status_code == 404:
            raise MissingDay(name, "the archive has no file for this day (404)")
        if response.status_code != 200:
            retried = f" after {RETRIES} retries" if response.status_code in RETRY_STATUSES else ""
            raise SnapshotError(name, f"HTTP {response.status_code} {response.reason}{retried}")
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind in HTML_TYPES:
            raise SnapshotError(name, f"the server sent an HTML page ({kind}), not GeoJSON")
        return response.content
    except requests.RequestException as err:
        if isinstance(err, requests.ConnectTimeout) or _cannot_connect(err):
            why = str(_innermost(err)).split("): ", 1)[-1]
            raise _Unreachable(name, f"cannot connect ({why})") from err
        raise SnapshotError(name, _describe(err, timeout[1])) from err


def _cannot_connect(err: requests.RequestException) -> bool:
    """True when no connection was made at all (DNS, refused, no route), not when one broke."""
    reason = getattr(err.args[0], "reason", None) if err.args else None
    return isinstance(reason, NewConnectionError)


def _innermost(err: BaseException) -> BaseException:
    """The root cause under requests' and urllib3's wrappers."""
    while True:
        nested = getattr(err, "reason", None)
        if not isinstance(nested, BaseException):
            nested = next((a for a in err.args if isinstance(a, BaseException)), None)
        if nested is None:
            return err
        err = nested


def _describe(err: requests.RequestException, read_timeout_s: float) -> str:
    """What went wrong with a download, in words, for the report by date."""
    cause = _innermost(err)
    if isinstance(err, requests.Timeout) or isinstance(cause, ReadTimeoutError | TimeoutError):
        return f"no answer within {read_timeout_s:g} s, after {RETRIES} retries"
    if isinstance(cause, IncompleteRead):
        return f"download cut short: {cause.partial} bytes, {cause.expected} more expected"
    if isinstance(cause, ConnectionResetError):
        return "the server reset the connection"
    return f"download failed ({cause})"


def download(
    session: requests.Session,
    base_url: str,
    days: Iterable[date],
    *,
    parallel: int = PARALLEL,
    timeout: tuple[float, float] = TIMEOUT_S,
    progress: Progress | None = None,
) -> tuple[dict[date, bytes], list[date], list[SnapshotError]]:
    """Fetch days in parallel: (bytes by day, missing days, failures).

    NetworkError when the first day cannot connect at all; once the server cannot be reached
    later on, the days not yet asked are failed without asking.
    """
    days = sorted(days)
    fetched: dict[date, bytes] = {}
    missing: list[date] = []
    failed: list[SnapshotError] = []
    unreachable = threading.Event()
    host = urlsplit(base_url).netloc

    def one(day: date) -> bytes:
        if unreachable.is_set():
            raise SnapshotError(snapshot_name(day), f"not asked: {host} could not be reached")
        try:
            return fetch_day(session, base_url, day, timeout)
        except _Unreachable:
            unreachable.set()
            raise

    pool = ThreadPoolExecutor(parallel, thread_name_prefix="frontline-download")
    try:
        # The first day is asked alone: with no network, one quick failure says so for all.
        probe = pool.submit(one, days[0]) if days else None
        failure = probe.exception() if probe is not None else None
        if isinstance(failure, _Unreachable):
            raise NetworkError(f"cannot reach {host}: {failure.problem}; is the network up?")
        futures = {pool.submit(one, day): day for day in days[1:]}
        if probe is not None:
            futures[probe] = days[0]
        for done, future in enumerate(as_completed(futures), 1):
            day = futures[future]
            try:
                fetched[day] = future.result()
            except MissingDay:
                missing.append(day)
            except SnapshotError as err:
                failed.append(err)
            if progress:
                progress(done, len(days), day.isoformat())
    finally:
        # On Ctrl-C, do not wait for hundreds of queued downloads.
        pool.shutdown(wait=False, cancel_futures=True)
    failed.sort(key=lambda err: err.name)
    return fetched, sorted(missing), failed


class HttpSource:
    """Days of an archive served over HTTP in the DeepStateMap layout, as a SnapshotSource.

    `wanted` is asked for the days to fetch when the refresh lists entries (under the store's
    refresh lock, so it sees the store as it is then); all of them are downloaded at that point,
    and `read` hands out the bytes. Days the archive lacks end up in `missing`.
    """

    source_id = DAILY  # the daily archive's layout, stored as the daily source

    def __init__(
        self,
        base_url: str,
        wanted: Callable[[], Iterable[date]],
        *,
        session: requests.Session | None = None,
        parallel: int = PARALLEL,
        timeout: tuple[float, float] = TIMEOUT_S,
        progress: Progress | None = None,
    ) -> None:
        self.base_url = archive_base(base_url)
        self.label = self.base_url
        self.lists_everything = False
        self.asked: list[date] = []
        self.missing: list[date] = []
        self._wanted = wanted
        self._session = session or make_session()
        self._parallel = parallel
        self._timeout = timeout
        self._progress = progress
        self._fetched: dict[date, bytes] = {}

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
        self.asked = sorted(self._wanted())
        self._fetched, self.missing, failed = download(
            self._session,
            self.base_url,
            self.asked,
            parallel=self._parallel,
            timeout=self._timeout,
            progress=self._progress,
        )
        # Size and mtime are unknown before a download; the SHA-256 tells changed bytes apart.
        found = [Entry(day, snapshot_name(day), 0, 0) for day in sorted(self._fetched)]
        return found, failed

    @property
    def fetched(self) -> list[date]:
        return sorted(self._fetched)

    def read(self, entry: Entry) -> bytes:
        try:
            return self._fetched[entry.date]
        except KeyError:
            raise SnapshotError(entry.name, "was not downloaded") from None
