"""The command line starts fast: help, the source list and misuse import no part of the pipeline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT

HEAVY = ("geopandas", "shapely", "pandas", "pyproj", "matplotlib", "folium", "numpy", "requests")

PROBE = """
import json, sys
from frontline.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exit:
    status = exit.code
print(json.dumps([status, sorted(m for m in {heavy!r} if m in sys.modules)]))
"""


def imported_by(*args: str) -> tuple[object, list[str]]:
    """The exit status of `frontline ARGS` in a fresh interpreter, and the heavy modules loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, loaded = json.loads(done.stdout.strip().splitlines()[-1])
    return status, loaded


@pytest.mark.parametrize(
    "args", [("--help",), ("sources",), ("refresh", "--help"), ("stats", "--no-such-option")]
)
def test_help_sources_and_misuse_import_nothing_heavy(args: tuple[str, ...]) -> None:
    status, loaded = imported_by(*args)
    assert status in (0, 1) and loaded == []


def test_the_probe_sees_a_command_that_needs_the_pipeline() -> None:
    """`export --help` reads the export registry, which imports the map makers."""
    status, loaded = imported_by("export", "--help")
    assert status == 0 and {"pandas", "shapely", "matplotlib"} <= set(loaded)
