"""Fixtures shared by the unit, page and browser tests: paths to ../shared and small stores."""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from frontline.config import PROJECT_ROOT
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.boundaries import measuring_region
from tests.synthetic import donbas_week, write_snapshot

SHARED = Path(os.environ.get("FRONTLINE_SHARED", PROJECT_ROOT.parent / "shared"))
ARCHIVE = SHARED / "deepstate"
LAYERED_ARCHIVE = SHARED / "deepstate-layers"

# Days of the archive that the store-backed tests use: enough around the Paris summit
# (2026-01-06) for 7- and 30-day changes, plus the archive's first day.
STORE_DAYS = [date(2024, 7, 8)] + [date(2025, 12, 1) + timedelta(days=i) for i in range(43)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Wall-clock budgets depend on the machine: they run only when asked for (`-m bench`)."""
    if "bench" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="a timing budget: run with `make bench-map` (-m bench)")
    for item in items:
        if item.get_closest_marker("bench"):
            item.add_marker(skip)


# The test runner's own module: AppTest installs the script it runs as `__main__` and leaves it
# there, so a process started afterwards with "spawn" would run the app before its target.
RUNNER_MAIN = sys.modules["__main__"]


@pytest.fixture(autouse=True)
def runner_main() -> Iterator[None]:
    """Each test starts and ends with the test runner as `__main__`, whatever AppTest ran."""
    sys.modules["__main__"] = RUNNER_MAIN
    yield
    sys.modules["__main__"] = RUNNER_MAIN


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """A folder that `build` fills once per test run. Under pytest-xdist the workers share it:
    the first one builds it while the others wait on a lock, then all read the same folder."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / name
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


@pytest.fixture(autouse=True)
def no_local_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test reads the developer's own store: after `make data`, data/store holds the whole
    archive, and pages would show it instead of what a test set up. A test that wants a store
    names it (FRONTLINE_STORE or --store)."""
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)
    monkeypatch.setattr(
        "frontline.config.DEFAULT_STORE", tmp_path_factory.mktemp("local") / "store"
    )


@pytest.fixture(scope="session")
def archive() -> Path:
    """The shared DeepStateMap archive; tests that need it skip with a reason when it is absent."""
    if not ARCHIVE.is_dir():
        pytest.skip(f"the DeepStateMap archive is not at {ARCHIVE} (set FRONTLINE_SHARED)")
    return ARCHIVE


@pytest.fixture(scope="session")
def region() -> Region:
    return measuring_region()


@pytest.fixture(scope="session")
def archive_store(archive: Path, tmp_path_factory: pytest.TempPathFactory, region: Region) -> Path:
    """A store folder refreshed from 44 real days of the archive (2024-07-08, 2025-12-01..),
    measured once per test run; tests only read it."""

    def build(root: Path) -> None:
        folder = root / "days"
        folder.mkdir()
        for day in STORE_DAYS:
            name = f"deepstatemap_data_{day:%Y%m%d}.geojson"
            if (archive / name).exists():
                (folder / name).symlink_to(archive / name)
        refresh(FolderSource(folder), Store(root / "store", create=True), region, workers=1)

    return built_once(tmp_path_factory, "archive-store", build) / "store"


@pytest.fixture(scope="session")
def layered_archive() -> Path:
    """DeepState's weekly layered maps in ../shared; skips with a reason when absent."""
    if not LAYERED_ARCHIVE.is_dir():
        pytest.skip(f"the layered DeepState maps are not at {LAYERED_ARCHIVE}")
    return LAYERED_ARCHIVE


# Two weekly layered maps (Sundays) just before two daily snapshots, made in code.
LAYERED_WEEKS = [date(2024, 6, 23), date(2024, 6, 30)]
DAILY_DAYS = [date(2024, 7, 8), date(2024, 7, 9)]


@pytest.fixture(scope="session")
def two_source_store(tmp_path_factory: pytest.TempPathFactory, region: Region) -> Path:
    """A store with weekly layered maps (pre-2022 and grey layers) before two daily days."""

    layers = tmp_path_factory.mktemp("layered-weeks")
    for i, day in enumerate(LAYERED_WEEKS):
        noon = int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp())
        donbas_week(layers, noon, 37.6 - 0.2 * i)
    daily = tmp_path_factory.mktemp("daily-days")
    for i, day in enumerate(DAILY_DAYS):
        write_snapshot(daily, day, [shapely.box(37.3 - 0.1 * i, 47, 40.5, 50.5)])
    store_dir = tmp_path_factory.mktemp("two-source-store")
    store = Store(store_dir, create=True)
    refresh(LayeredFolderSource(layers), store, region, workers=1)
    refresh(FolderSource(daily), store, region, workers=1)
    return store_dir


APP = PROJECT_ROOT / "app.py"


def app_test(timeout: float = 90) -> AppTest:
    """The whole app (navigation and sidebar) in Streamlit's AppTest, not yet run."""
    return AppTest.from_file(str(APP), default_timeout=timeout)


def run_page(
    page: str, store: Path, monkeypatch: pytest.MonkeyPatch, timeout: float = 120, **params: str
) -> AppTest:
    """One page of the app (`pages/{page}.py`) on `store` with query `params`, run once."""
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    app = app_test(timeout)
    app.switch_page(f"pages/{page}.py")
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app
