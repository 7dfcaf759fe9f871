"""A real browser against a real server: `streamlit run app.py` and Debian's Chromium.

Every request to anything but the app is aborted and recorded, so a test can assert that a
page asked for nothing from outside. Without Chromium the tests skip locally; CI (the `CI`
variable set) installs it, so there a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import Store
from frontline.model.dataset import open_dataset
from frontline.model.town_table import town_shares
from tests.browser.harness import (
    CHROMIUM,
    Blocked,
    open_cached_context,
    open_context,
    screenshot,
    serve_app,
    server_log_tails,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """On a failing browser test, keep the report for the `page` fixture and print the logs."""
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
        if report.failed:
            report.sections.append(("streamlit server logs", server_log_tails()))
    return report


FAILED = pytest.StashKey[bool]()
VIEWPORT = {"width": 1400, "height": 1000}


@pytest.fixture(scope="session")
def app_url(archive_store: Path) -> Iterator[str]:
    """The app on a store of 44 real archive days (2024-07-08, 2025-12-01 to 2026-01-12)."""
    with serve_app({"FRONTLINE_STORE": str(archive_store)}) as url:
        yield url


@pytest.fixture(scope="session")
def bare_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as a fresh clone runs it: no store, figures from data/control.csv only."""
    empty = tmp_path_factory.mktemp("no-store")
    with serve_app({"FRONTLINE_STORE": str(empty / "absent")}) as url:
        yield url


BENCH_STORE_ENV = "FRONTLINE_BENCH_STORE"


@pytest.fixture(scope="session")
def bench_store(archive_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store to time pages on, with its town table measured as `frontline refresh` does: a
    copy of the archive store, or of the store folder $FRONTLINE_BENCH_STORE names (such as
    the whole history; copied, since the app writes its town table beside the store)."""
    given = os.environ.get(BENCH_STORE_ENV)
    source = Path(given) if given else archive_store
    store = tmp_path_factory.mktemp("bench") / "store"
    shutil.copytree(source, store)
    assert town_shares(open_dataset(store)) is not None
    return store


# The weekly maps of Russia's spring and summer 2022 offensive in Luhansk oblast up to the
# liberation of Lyman (2022-10-01), before three days of the daily archive.
WEEKS_2022 = (date(2022, 4, 3), date(2022, 10, 9))
DAILY_DAYS = ("20240708", "20240709", "20240710")


@pytest.fixture(scope="session")
def history_url(
    archive: Path, layered_archive: Path, tmp_path_factory: pytest.TempPathFactory, region: Region
) -> Iterator[str]:
    """The app on a store of the real weekly maps of April to October 2022 and three daily days."""
    layers = tmp_path_factory.mktemp("weeks-2022")
    for entry in LayeredFolderSource(layered_archive).entries()[0]:
        if WEEKS_2022[0] <= entry.date <= WEEKS_2022[1]:
            (layers / entry.name).symlink_to(layered_archive / entry.name)
    daily = tmp_path_factory.mktemp("days-2024")
    for day in DAILY_DAYS:
        name = f"deepstatemap_data_{day}.geojson"
        (daily / name).symlink_to(archive / name)
    store_dir = tmp_path_factory.mktemp("history-store")
    store = Store(store_dir, create=True)
    for source in (LayeredFolderSource(layers), FolderSource(daily)):
        assert not refresh(source, store, region).failed
    with serve_app({"FRONTLINE_STORE": str(store_dir)}) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}: .ci/run installs it with apt-get")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def blocked() -> Blocked:
    return Blocked()


@pytest.fixture
def page(
    browser, app_url: str, blocked: Blocked, request: pytest.FixtureRequest
) -> Iterator[object]:
    """A page on the app with every request to anything but the app aborted and recorded.

    When the test fails, a screenshot of the page is saved under test-artifacts/.
    """
    context = open_context(browser, app_url, blocked, viewport=VIEWPORT)
    yield from _page_in(context, request)


@pytest.fixture
def history_page(
    browser, history_url: str, blocked: Blocked, request: pytest.FixtureRequest
) -> Iterator[object]:
    """A page as `page`, on the app of `history_url`; its `blocked` records what was aborted."""
    context = open_context(browser, history_url, blocked, viewport=VIEWPORT)
    opened = context.new_page()
    opened.blocked = blocked
    yield from _page_in(context, request, opened)


@pytest.fixture
def cached_page(
    browser, app_url: str, blocked: Blocked, request: pytest.FixtureRequest
) -> Iterator[object]:
    """A page as `page`, but with the browser's HTTP cache on: for timing what a reader waits
    for (see `open_cached_context`)."""
    context = open_cached_context(browser, app_url, blocked, viewport=VIEWPORT)
    yield from _page_in(context, request)


def _page_in(context, request: pytest.FixtureRequest, opened=None) -> Iterator[object]:
    opened = context.new_page() if opened is None else opened
    yield opened
    if request.node.stash.get(FAILED, False):
        path = screenshot(opened, f"failed-{request.node.name}")
        print(f"screenshot of the failing page: {path}")
    context.close()
