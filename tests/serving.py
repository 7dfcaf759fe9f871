"""Start `frontline serve` (or any server command) on 127.0.0.1 and wait for its health check."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.harness import answers, free_port

STARTUP_S = 90


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    """Poll `url`/_stcore/health until it answers 200; fail with the log's tail otherwise."""
    deadline = time.monotonic() + STARTUP_S
    while not answers(f"{url}/_stcore/health"):
        if server.poll() is not None or time.monotonic() > deadline:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            pytest.fail(f"{url} did not answer its health check within {STARTUP_S} s:\n{tail}")
        time.sleep(0.2)


@contextmanager
def running(
    command: Sequence[str], log: Path, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[subprocess.Popen]:
    """Run `command` with its output in `log`; stop it (and wait) on the way out."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def serving(
    frontline: Sequence[str], store: Path, log: Path, env: dict[str, str] | None = None
) -> Iterator[str]:
    """`frontline serve` on a free port of 127.0.0.1 reading `store`; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [*frontline, "serve", "--port", str(port), "--address", "127.0.0.1"]
    with running([*command, "--store", str(store)], log, env) as server:
        wait_until_healthy(url, server, log)
        yield url
