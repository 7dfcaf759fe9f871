"""Helpers for browser tests: serve the app, open contexts that block the network, wait."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from frontline.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
STARTUP_S = 60
IDLE = "[data-test-script-state='notRunning']"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
# Each server's output, by URL: a failing browser test prints the tail of every log.
SERVER_LOGS: dict[str, Path] = {}
LOG_TAIL_LINES = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def serve_app(
    env: dict[str, str] | None = None, base_path: str = "", root: Path = PROJECT_ROOT
) -> Iterator[str]:
    """A `streamlit run app.py` on a free port, polled until its health check answers.

    With `base_path`, the app is served under it (`--server.baseUrlPath`), as behind a proxy
    that gives it a folder of a larger site; the URL given back includes it. `root` is the
    checkout whose app.py (and package) is served.
    """
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"server-{port}.log"
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    if base_path:
        command += ["--server.baseUrlPath", base_path]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command,
            cwd=root,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    SERVER_LOGS[url] = log_path
    try:
        deadline = time.monotonic() + STARTUP_S
        while not answers(f"{url}/_stcore/health"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer on {url} within {STARTUP_S} s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        SERVER_LOGS.pop(url, None)


@dataclass
class Blocked:
    """The URLs a page tried to reach outside the app; all of them were aborted."""

    urls: list[str] = field(default_factory=list)


def open_context(browser, allowed: str, blocked: Blocked, **options):
    """A browser context that lets through requests to `allowed` only."""
    context = browser.new_context(**options)

    def route(route) -> None:
        url = route.request.url
        if url.startswith((allowed, "data:", "blob:")):
            route.continue_()
        else:
            blocked.urls.append(url)
            route.abort()

    context.route("**/*", route)
    return context


def open_cached_context(browser, allowed: str, blocked: Blocked, **options):
    """A browser context that reaches `allowed` only and keeps Chromium's HTTP cache, as a
    returning reader's browser does: for timing what a reader waits for.

    `open_context` routes every request through the test process, and Playwright turns the
    HTTP cache off while a route is set: each load would fetch all of Streamlit's scripts
    again, one round trip to the test process each, a wait no reader has. Here every
    request for another host goes to a proxy nobody listens on and fails; those failures
    are recorded.
    """
    context = browser.new_context(
        proxy={"server": f"http://127.0.0.1:{free_port()}", "bypass": urlsplit(allowed).hostname},
        **options,
    )

    def failed(request) -> None:
        if not request.url.startswith(allowed):
            blocked.urls.append(request.url)

    context.on("requestfailed", failed)
    return context


def wait_idle(page) -> None:
    """Wait until the script has finished its run (Streamlit's own marker)."""
    page.wait_for_selector(IDLE, state="attached", timeout=STARTUP_S * 1000)


def open_with_map(page, url: str, ready: str, state: str = "attached"):
    """Open `url`, wait for the script to finish and for `ready` in the map's frame; the frame.

    The map's iframe has no height until Leaflet starts, so `attached` is the usual state.
    """
    page.goto(url)
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(ready).first.wait_for(state=state, timeout=STARTUP_S * 1000)
    return frame


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-artifacts/ to be looked at by a person."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def server_log_tails() -> str:
    """The last lines each running server wrote, to print beside a failing test."""
    parts = []
    for url, path in SERVER_LOGS.items():
        lines = path.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
        parts.append(f"--- {url} ({path}) ---\n" + "\n".join(lines))
    return "\n".join(parts)
