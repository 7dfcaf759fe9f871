"""A local stand-in for the public archive: a thread serving snapshot files on 127.0.0.1.

It serves a folder in the archive's layout (`/deepstatemap_data_YYYYMMDD.geojson`), optionally
only some of its days, and can be told to answer a day with a fault instead.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from frontline.ingest.snapshots import SnapshotError, date_from_name
from tests.hostile import HOSTILE, answer_hostile
from tests.local_server import serve_locally

# How each fault answers; "slow" waits SLOW_S before sending the file; see also HOSTILE.
FAULTS = ("500", "slow", "truncated", "malformed", "html", "404", "reset", *HOSTILE)
SLOW_S = 1.5


@dataclass
class Archive:
    """What the server serves and how: the folder, which days, faults by day, requests seen."""

    folder: Path
    days: set[date] | None = None
    faults: dict[date, str] = field(default_factory=dict)
    # Every answer waits this long, so a browser test can watch the progress bar move.
    delay_s: float = 0.0
    asked: list[date] = field(default_factory=list)
    agents: set[str] = field(default_factory=set)
    # Every connection opened, whether or not it became a request (a TLS handshake does not).
    connections: list[object] = field(default_factory=list)
    url: str = ""
    # Set when the server shuts down: ends hostile answers still running.
    stop: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    archive: Archive

    def setup(self) -> None:
        super().setup()
        self.archive.connections.append(self.client_address)

    def do_GET(self) -> None:
        try:
            day = date_from_name(self.path.rsplit("/", 1)[-1])
        except SnapshotError:
            self.send_error(404)
            return
        self.archive.asked.append(day)
        time.sleep(self.archive.delay_s)
        self.archive.agents.add(self.headers.get("User-Agent", ""))
        path = self.archive.folder / self.path.rsplit("/", 1)[-1]
        served = self.archive.days is None or day in self.archive.days
        fault = self.archive.faults.get(day)
        if fault in HOSTILE:
            answer_hostile(self, fault, self.archive.stop)
        elif fault == "404" or not served or not path.is_file():
            self.send_error(404)
        elif fault == "500":
            self.send_error(500)
        elif fault == "html":
            self._send(b"<html><body>Rate limit exceeded</body></html>", "text/html")
        elif fault == "malformed":
            self._send(b'{"type": "FeatureCollection", "features": [{"type": ', "text/plain")
        elif fault == "reset":
            # Linger 0 makes close() send a TCP reset instead of an orderly end.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif fault == "truncated":
            body = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        else:
            if fault == "slow":
                time.sleep(SLOW_S)
            # raw.githubusercontent.com serves the files as text/plain.
            self._send(path.read_bytes(), "text/plain; charset=utf-8")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: the tests look at `archive.asked` instead."""

    def finish(self) -> None:
        # The "reset" fault closed the socket under the handler.
        with contextlib.suppress(OSError):
            super().finish()


@contextmanager
def serve_archive(archive: Archive) -> Iterator[Archive]:
    """Serve `archive` on a free port of 127.0.0.1 from a thread; `archive.url` is its base."""
    handler = type("Handler", (_Handler,), {"archive": archive})
    with serve_locally(handler, archive.stop) as base:
        archive.url = f"{base}/data/"
        yield archive
