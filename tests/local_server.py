"""A threaded HTTP server on a free port of 127.0.0.1, under every test server of a source."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that give up on a slow answer close their end; that is expected here."""


@contextmanager
def serve_locally(handler: type[BaseHTTPRequestHandler], stop: threading.Event) -> Iterator[str]:
    """Serve `handler` from a thread until the block ends, yielding `http://127.0.0.1:PORT`;
    `stop` is set before shutting down, so hostile answers still running can end."""
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
