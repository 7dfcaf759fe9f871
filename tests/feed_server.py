"""A local stand-in for DeepStateMap's history feed, serving a folder of `UNIXTIME.geojson` maps.

`/api/history/public` lists the folder's maps (each file name is an update's id), and
`/api/history/{id}/geojson` serves one, as the feed does; faults by id make an update answer
otherwise, or leave the list.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import orjson

from tests.hostile import HOSTILE, answer_hostile
from tests.local_server import serve_locally

# "429" answers 429 with `Retry-After: RETRY_AFTER_S` the first time, then the map; "wait-long"
# always asks to wait an hour; "timeout" answers after TIMEOUT_S; "vanish" leaves the list;
# "wrapped" sends the map as the JSON string of {"map": ...}, as /api/history/last has been seen.
FAULTS = (
    "unknown-shape",
    "429",
    "wait-long",
    "truncated",
    "timeout",
    "vanish",
    "wrapped",
    *HOSTILE,
)
RETRY_AFTER_S = 1
TIMEOUT_S = 3.0
MAP_PATH = re.compile(r"^/api/history/([0-9]+)/geojson$")


@dataclass
class Feed:
    """What the server serves: the folder, which ids, faults by id, and what it was asked."""

    folder: Path
    ids: set[int] | None = None
    faults: dict[int, str] = field(default_factory=dict)
    asked: list[int] = field(default_factory=list)
    lists: int = 0
    agents: set[str] = field(default_factory=set)
    url: str = ""
    stop: threading.Event = field(default_factory=threading.Event)
    _throttled: set[int] = field(default_factory=set)

    def served_ids(self) -> list[int]:
        found = sorted(int(p.stem) for p in self.folder.glob("*.geojson") if p.stem.isdigit())
        return [i for i in found if self.ids is None or i in self.ids]


class _Handler(BaseHTTPRequestHandler):
    feed: Feed

    def do_GET(self) -> None:
        feed = self.feed
        feed.agents.add(self.headers.get("User-Agent", ""))
        if self.path == "/api/history/public":
            feed.lists += 1
            self._send(
                orjson.dumps(
                    [_record(i) for i in feed.served_ids() if feed.faults.get(i) != "vanish"]
                )
            )
            return
        match = MAP_PATH.match(self.path)
        if match is None or int(match.group(1)) not in feed.served_ids():
            self.send_error(404)
            return
        ident = int(match.group(1))
        feed.asked.append(ident)
        body = (feed.folder / f"{ident}.geojson").read_bytes()
        fault = feed.faults.get(ident)
        if fault in HOSTILE:
            answer_hostile(self, fault, feed.stop)
        elif fault == "unknown-shape":
            self._send(orjson.dumps({"error": "no such map", "features": None}))
        elif fault == "429" and ident not in feed._throttled:
            feed._throttled.add(ident)
            self._throttle(RETRY_AFTER_S)
        elif fault == "wait-long":
            self._throttle(3600)
        elif fault == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        elif fault == "timeout":
            feed.stop.wait(TIMEOUT_S)
            self._send(body)
        elif fault == "wrapped":
            self._send(
                orjson.dumps(orjson.dumps({"id": ident, "map": orjson.loads(body)}).decode())
            )
        else:
            self._send(body)

    def _throttle(self, seconds: int) -> None:
        self.send_response(429)
        self.send_header("Retry-After", str(seconds))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: the tests look at `feed.asked` instead."""


def _record(ident: int) -> dict[str, object]:
    created = datetime.fromtimestamp(ident, tz=UTC).isoformat(timespec="milliseconds")
    return {
        "id": ident,
        "createdAt": created.replace("+00:00", "Z"),
        "status": True,
        "description": "",
        "descriptionEn": "",
    }


@contextmanager
def serve_feed(feed: Feed) -> Iterator[Feed]:
    """Serve `feed` on a free port of 127.0.0.1 from a thread; `feed.url` is its base."""
    handler = type("Handler", (_Handler,), {"feed": feed})
    with serve_locally(handler, feed.stop) as base:
        feed.url = f"{base}/"
        yield feed
