"""A child process's own peak memory, for the tests that bound it."""

from __future__ import annotations

from pathlib import Path


def own_peak_mb() -> float:
    """This process's peak resident memory in MB, counted from its own start.

    Not `ru_maxrss`: Linux carries that across fork and exec, so a child started by a large test
    worker (pytest-xdist) reports the worker's size. `VmHWM` belongs to the child's own memory.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM line in /proc/self/status")
