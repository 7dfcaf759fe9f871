"""Bounded HTTP downloads: a size limit after decompression, a time limit per request, a deadline.

Every download of the project goes through `fetch_body`, run by `Downloader` threads: a few in
parallel, a pause between one thread's requests, requests with urllib3's `Retry` (back-off on
connection faults and 429/5xx answers, honouring a `Retry-After` of at most `MAX_RETRY_AFTER_S`),
and a User-Agent that names the project. A body is read in small pieces, decompressed a piece at
a time, so a hostile server costs at most `Limits.max_bytes` of memory (a gzip bomb, an endless
body) and `Limits.request_s` of time (a 1 byte/s drip, a server that accepts and never answers).
The threads are daemons that look at a stop flag between pieces: Ctrl-C ends the process at
once instead of waiting for downloads in flight.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    IncompleteRead,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from frontline import __version__, settings
from frontline.ingest.sources import MAX_SNAPSHOT_BYTES

MAX_BODY_BYTES = MAX_SNAPSHOT_BYTES
CONNECT_S = 10.0
# No byte for this long: the server is stuck.
IDLE_S = 30.0
# A whole request, retries included: a drip of bytes never trips the idle timeout.
REQUEST_S = 120.0
RETRIES = 3
# urllib3 sleeps 0, 2 x, 4 x this between retries.
BACKOFF_S = 0.5
RETRY_STATUSES = (429, 500, 502, 503, 504)
# A longer Retry-After is not waited for: the item fails, and the next run asks again.
MAX_RETRY_AFTER_S = 60.0
# After this many items in a row got no answer at all, the rest are not asked.
SILENT_IN_A_ROW = 3
PIECE = 64 * 1024
# An error page served with status 200 (a proxy, a captive portal) is not a map.
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Limits:
    """How much one request may cost: bytes after decompression, and seconds."""

    max_bytes: int = MAX_BODY_BYTES
    connect_s: float = CONNECT_S
    idle_s: float = IDLE_S
    request_s: float = REQUEST_S


class FetchError(Exception):
    """One download failed; `problem` says why in words, `silent` when nothing answered."""

    def __init__(self, problem: str, *, status: int | None = None, silent: bool = False) -> None:
        super().__init__(problem)
        self.problem = problem
        self.status = status
        self.silent = silent


class Unreachable(FetchError):
    """No usable connection could be made at all (no network, no DNS, refused, no TLS), with a
    hint at the likely mistake."""

    def __init__(self, problem: str, hint: str = "is the network up?") -> None:
        super().__init__(problem, silent=True)
        self.hint = hint

    def saying(self, host: str) -> str:
        """The one line a refresh that could reach nothing ends with."""
        return f"cannot reach {host}: {self.problem}; {self.hint}"


class Stopped(FetchError):
    """Not asked: the refresh's deadline passed, it was interrupted, or the server went silent."""


class _BoundedRetry(Retry):
    """urllib3's Retry, but a Retry-After longer than `MAX_RETRY_AFTER_S` ends the retries."""

    def sleep_for_retry(self, response: Any) -> bool:
        after = self.get_retry_after(response)
        if after is not None and after > MAX_RETRY_AFTER_S:
            raise _WaitTooLong(after)
        return super().sleep_for_retry(response)


class _WaitTooLong(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


def user_agent() -> str:
    """Who is asking, so a server's owners can tell this client apart (and reach its user)."""
    contact = settings.CONTACT.get()
    about = "Donetsk and Luhansk control dashboard" + (f"; +{contact}" if contact else "")
    return f"frontline/{__version__} ({about}) python-requests/{requests.__version__}"


def make_session(
    retries: int = RETRIES, backoff_s: float = BACKOFF_S, parallel: int = 4
) -> requests.Session:
    """A session that retries connection faults and 429/5xx answers with back-off.

    A read that times out is not retried: a server that accepted and went quiet is seldom
    helped by asking again at once, and each retry would cost another idle timeout.
    """
    retry = _BoundedRetry(
        total=retries,
        connect=retries,
        read=0,
        status=retries,
        other=0,
        backoff_factor=backoff_s,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_connections=parallel, pool_maxsize=parallel)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent()
    return session


class Deadline:
    """When a whole refresh must end, and a flag that stops it early (Ctrl-C, a silent server)."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = seconds
        self._end = None if seconds is None else time.monotonic() + seconds
        self.stopped = threading.Event()
        self.why = ""

    def left(self) -> float | None:
        return None if self._end is None else self._end - time.monotonic()

    def stop(self, why: str) -> None:
        if not self.stopped.is_set():
            self.why = why
            self.stopped.set()

    def check(self) -> None:
        """Raise Stopped when the refresh must not start another request."""
        left = self.left()
        if left is not None and left <= 0:
            self.stop(f"the refresh's deadline of {self.seconds:g} s passed")
        if self.stopped.is_set():
            raise Stopped(f"not tried: {self.why}")


def fetch_body(
    session: requests.Session,
    url: str,
    limits: Limits,
    deadline: Deadline | None = None,
    expected: str = "GeoJSON",
) -> bytes:
    """The body of a 200 answer to GET `url`, within `limits`; FetchError naming any fault
    (an HTML page is refused as not the `expected` kind of file)."""
    deadline = deadline or Deadline()
    deadline.check()
    started = time.monotonic()
    budget = limits.request_s
    left = deadline.left()
    if left is not None:
        budget = min(budget, left)
    try:
        response = session.get(
            url, timeout=(limits.connect_s, min(limits.idle_s, budget)), stream=True
        )
    except _WaitTooLong as err:
        raise FetchError(
            f"the server asked to wait {err.seconds:g} s (Retry-After); not waited for",
            status=429,
        ) from None
    except requests.RequestException as err:
        raise _request_error(err, limits) from err
    with contextlib.closing(response):
        if response.status_code != 200:
            retried = f" after {RETRIES} retries" if response.status_code in RETRY_STATUSES else ""
            raise FetchError(
                f"HTTP {response.status_code} {response.reason}{retried}",
                status=response.status_code,
            )
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind in HTML_TYPES:
            raise FetchError(f"the server sent an HTML page ({kind}), not {expected}")
        declared = response.headers.get("Content-Length", "")
        encoded = response.headers.get("Content-Encoding", "identity").lower()
        if encoded in ("", "identity") and declared.isdigit() and int(declared) > limits.max_bytes:
            raise _too_large(limits)  # said before a byte of it is read
        return _read_body(response, limits, started + budget, deadline)


def _too_large(limits: Limits) -> FetchError:
    return FetchError(
        f"larger than {limits.max_bytes / 2**20:g} MB after decompression; "
        "no real map is near that size"
    )


def _read_body(
    response: requests.Response, limits: Limits, end: float, deadline: Deadline
) -> bytes:
    """Read and decompress piece by piece, stopping at the size limit or the time limit."""
    body = bytearray()
    raw = response.raw
    try:
        while True:
            if time.monotonic() > end:
                raise FetchError(
                    f"not finished within {limits.request_s:g} s ({len(body):,} bytes received)"
                )
            if deadline.stopped.is_set():
                raise Stopped(f"not finished: {deadline.why}")
            piece = raw.read1(PIECE, decode_content=True)
            if not piece:
                break
            body += piece
            if len(body) > limits.max_bytes:
                raise _too_large(limits)
    except (ProtocolError, ReadTimeoutError, OSError, requests.RequestException) as err:
        received = len(body)
        body.clear()
        raise _body_error(err, limits, received) from err
    except BaseException:
        # A kept failure's traceback keeps this frame alive: it must not keep the body too.
        body.clear()
        raise
    expected = response.headers.get("Content-Length")
    encoded = response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
    if expected and expected.isdigit() and not encoded and len(body) < int(expected):
        raise FetchError(f"download cut short: {len(body)} of {expected} bytes")
    return bytes(body)


def _body_error(err: BaseException, limits: Limits, received: int) -> FetchError:
    cause = _innermost(err)
    if isinstance(cause, ReadTimeoutError | TimeoutError):
        return FetchError(
            f"no byte for {limits.idle_s:g} s ({received:,} bytes received)", silent=received == 0
        )
    if isinstance(cause, IncompleteRead):
        return FetchError(
            f"download cut short: {cause.partial} bytes, {cause.expected} more expected"
        )
    if isinstance(cause, ConnectionResetError):
        return FetchError("the server reset the connection")
    return FetchError(f"download failed ({cause})")


def _request_error(err: requests.RequestException, limits: Limits) -> FetchError:
    """What went wrong before an answer came, in words."""
    reason = getattr(err.args[0], "reason", None) if err.args else None
    cause = _innermost(err)
    if isinstance(err, requests.ConnectTimeout) or isinstance(reason, NewConnectionError):
        return _unconnected(reason, str(cause).split("): ", 1)[-1])
    if isinstance(err, requests.exceptions.SSLError):
        if getattr(cause, "reason", None) == "WRONG_VERSION_NUMBER":
            # The usual cause: https:// asked of a server that speaks plain HTTP.
            return Unreachable(
                "it does not answer in TLS (SSL: wrong version number)",
                hint="is it http:// rather than https://?",
            )
        return Unreachable(
            f"no secure connection ({cause})", hint="is the URL right, and its certificate valid?"
        )
    if isinstance(err, requests.Timeout) or isinstance(cause, ReadTimeoutError | TimeoutError):
        return FetchError(f"no answer within {limits.idle_s:g} s", silent=True)
    if isinstance(cause, ConnectionResetError):
        return FetchError("the server reset the connection")
    return FetchError(f"download failed ({cause})")


def _unconnected(reason: object, why: str) -> Unreachable:
    """A connection that could not be opened, with the hint its kind of fault calls for."""
    if isinstance(reason, NameResolutionError):
        return Unreachable(f"cannot connect ({why})", "is the host name right, and the network up?")
    if isinstance(reason, NewConnectionError) and "refused" in why.lower():
        return Unreachable(f"cannot connect ({why})", "is a server listening at that port?")
    return Unreachable(f"cannot connect ({why})")


def _innermost(err: BaseException) -> BaseException:
    """The root cause under requests' and urllib3's wrappers."""
    while True:
        nested = getattr(err, "reason", None)
        if not isinstance(nested, BaseException):
            nested = next((a for a in err.args if isinstance(a, BaseException)), None)
        if nested is None:
            return err
        err = nested


Key = Hashable
Progress = Callable[[int, int, str], None]


class Downloader:
    """Downloads (key, url) items in order with at most `parallel` in flight, in daemon threads.

    Each thread pauses `pause_s` between its requests. With `ahead`, at most that many bodies
    wait to be taken (`take`), so a long first fill holds a few maps in memory, not all of them.
    Once `SILENT_IN_A_ROW` items in a row got no answer, or the deadline passes, the items not
    yet asked fail as not tried, without asking.
    """

    def __init__(
        self,
        session: requests.Session,
        items: Iterable[tuple[Key, str]],
        *,
        parallel: int,
        pause_s: float = 0.0,
        limits: Limits | None = None,
        deadline: Deadline | None = None,
        ahead: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        self._items = list(items)
        self._session = session
        self._pause_s = pause_s
        self._limits = limits or Limits()
        self.deadline = deadline or Deadline()
        self._ahead = ahead
        self._progress = progress
        self._results: dict[Key, bytes | FetchError] = {}
        self._next = 0
        self._done = 0  # items taken that were tried
        self._waiting = 0  # bodies fetched and not yet taken
        self._silent = 0
        self._lock = threading.Condition()
        for n in range(max(1, min(parallel, len(self._items)))):
            threading.Thread(target=self._work, name=f"frontline-fetch-{n}", daemon=True).start()

    def _claim(self) -> tuple[Key, str] | None:
        with self._lock:
            while self._ahead is not None and self._waiting >= self._ahead:
                self._lock.wait(0.5)
            if self._next >= len(self._items):
                return None
            item = self._items[self._next]
            self._next += 1
            self._waiting += 1
            return item

    def _work(self) -> None:
        first = True
        while (item := self._claim()) is not None:
            key, url = item
            if not first and self._pause_s > 0:
                self.deadline.stopped.wait(self._pause_s)
            first = False
            try:
                outcome: bytes | FetchError = fetch_body(
                    self._session, url, self._limits, self.deadline
                )
            except FetchError as err:
                outcome = err
            except Exception as err:  # any fault of one item fails that item only
                outcome = FetchError(f"download failed ({type(err).__name__}: {err})")
            self._settle(key, outcome)

    def _settle(self, key: Key, outcome: bytes | FetchError) -> None:
        with self._lock:
            silent = isinstance(outcome, FetchError) and outcome.silent
            self._silent = self._silent + 1 if silent else 0
            if self._silent >= SILENT_IN_A_ROW:
                self.deadline.stop(f"{SILENT_IN_A_ROW} requests in a row got no answer")
            self._results[key] = outcome
            self._lock.notify_all()

    def take(self, key: Key) -> bytes:
        """The body fetched for `key`, waiting for it; raises its FetchError."""
        with self._lock:
            while key not in self._results:
                # A timed wait, so that Ctrl-C reaches the waiting thread at once.
                self._lock.wait(0.5)
            outcome = self._results.pop(key)
            self._waiting -= 1
            self._lock.notify_all()
        # Reported here, in the caller's thread: a page's progress bar can only be drawn there.
        # Items not tried are not progress: a refused first request is one line, not a bar.
        if not isinstance(outcome, Stopped):
            self._done += 1
            if self._progress:
                self._progress(self._done, len(self._items), str(key))
        if isinstance(outcome, FetchError):
            raise outcome
        return outcome

    def take_all(self) -> dict[Key, bytes | FetchError]:
        """Every item's outcome, once all are settled."""
        out: dict[Key, bytes | FetchError] = {}
        for key, _ in self._items:
            try:
                out[key] = self.take(key)
            except FetchError as err:
                out[key] = err
        return out
