"""Hostile answers a test server can give: bodies without bound, in size or in time.

`answer_hostile` writes one of them to a request of `http.server`; the servers of the archive
and of the feed both use it, so every HTTP path meets the same faults.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler

HOSTILE = ("gzip-bomb", "endless", "huge", "drip", "silent")
# 1 MB on the wire, 1 GB once decompressed.
BOMB_BYTES = 2**30
HUGE_BYTES = 300 * 2**20
DRIP_EVERY_S = 0.5
# Handlers that never answer give up after this long, so a server can always shut down.
SILENT_S = 60.0
_PIECE = 2**16


@functools.cache
def gzip_bomb() -> bytes:
    """A gzip stream of BOMB_BYTES zero bytes (about 1 MB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(2**20)
    parts = [packer.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))]
    return b"".join(parts) + packer.flush()


def answer_hostile(handler: BaseHTTPRequestHandler, fault: str, stop: threading.Event) -> None:
    """Answer with `fault`, one of HOSTILE, until the client gives up or `stop` is set."""
    with contextlib.suppress(OSError):
        if fault == "silent":
            stop.wait(SILENT_S)
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if fault == "gzip-bomb":
            body = gzip_bomb()
            handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return
        size = {"huge": HUGE_BYTES, "drip": 10**6}.get(fault)
        if size is not None:
            handler.send_header("Content-Length", str(size))
        handler.end_headers()
        handler.close_connection = True
        sent = 0
        while not stop.is_set() and (size is None or sent < size):
            if fault == "drip":
                handler.wfile.write(b" ")
                handler.wfile.flush()
                sent += 1
                time.sleep(DRIP_EVERY_S)
            else:
                handler.wfile.write(b" " * _PIECE)
                sent += _PIECE
