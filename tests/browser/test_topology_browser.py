"""Three replicas behind Debian's nginx reading one store (tests/topology.py): a reader stays on
one replica, a date change works, and a refresh between two reads reaches every replica."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.sync_api import expect

from tests.browser.harness import wait_idle
from tests.synthetic import west_of, write_snapshot
from tests.topology import COOKIE, NGINX, Topology, replicas_behind_nginx

T = TypeVar("T")
REPLICAS = 3
DATE_BOX = "Date"


def add_day(folder: Path, day: date, meridian: float) -> None:
    write_snapshot(folder, day, [west_of(meridian)])


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("snapshots")
    add_day(folder, date(2026, 1, 1), 37.5)
    add_day(folder, date(2026, 1, 2), 37.6)
    return folder


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory, snapshots: Path) -> Iterator[Topology]:
    if not NGINX.exists():
        if os.environ.get("CI"):
            pytest.fail(f"no nginx at {NGINX}: .ci/run installs it with apt-get")
        pytest.skip(f"no nginx at {NGINX} (apt-get install nginx; .ci/run installs it)")
    home = tmp_path_factory.mktemp("topology")
    store = home / "store"
    with replicas_behind_nginx(home, store, REPLICAS) as running:
        running.refresh(snapshots)
        yield running


def is_stream(line: dict[str, str]) -> bool:
    return "/_stcore/stream" in line["request"] and line["status"] == "101"


def poll(read: Callable[[], T], done: Callable[[T], bool], timeout_s: float = 15) -> T:
    """`read()` again until `done` holds of it; fail after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not done(value := read()):
        if time.monotonic() > deadline:
            pytest.fail(f"still not done after {timeout_s} s: {value!r}")
        time.sleep(0.2)
    return value


def keys_per_replica(topology: Topology) -> dict[str, str]:
    """A cookie key that lands on each replica."""
    found: dict[str, str] = {}
    for n in range(200):
        found.setdefault(topology.replica_of(f"reader-{n}"), f"reader-{n}")
        if len(found) == REPLICAS:
            return found
    pytest.fail(f"200 keys reached only {sorted(found)}")


def reader(browser, topology: Topology, key: str | None = None):
    context = browser.new_context()
    if key is not None:
        context.add_cookies([{"name": COOKIE, "value": key, "url": topology.url}])
    return context.new_page()


def header(page):
    return page.get_by_test_id("stMain").get_by_text("Showing").first


def shown_date(page) -> str:
    found = re.search(r"\d{4}-\d{2}-\d{2}", header(page).inner_text())
    assert found, header(page).inner_text()
    return found.group()


def test_a_reader_stays_on_one_replica_and_changes_the_date(browser, topology: Topology) -> None:
    page = reader(browser, topology)
    page.goto(topology.url)
    wait_idle(page)
    assert shown_date(page) == "2026-01-02"
    box = page.get_by_test_id("stSidebar").get_by_role("textbox", name=DATE_BOX, exact=True)
    box.fill("2026-01-01")
    box.press("Enter")
    expect(header(page)).to_contain_text("Showing 2026-01-01")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == COOKIE]
    page.context.close()
    # nginx logs a WebSocket (answered 101) when it closes, a moment after the tab does.
    mine = poll(
        lambda: topology.lines_of(cookie["value"]), lambda lines: any(map(is_stream, lines))
    )
    # The page, its scripts and its WebSocket, all from one replica.
    assert len({line["replica"] for line in mine}) == 1, mine


def test_readers_spread_over_the_replicas(topology: Topology) -> None:
    assert sorted(keys_per_replica(topology)) == sorted(topology.replicas)


def test_a_refresh_between_two_reads_shows_the_new_day_on_every_replica(
    browser, topology: Topology, snapshots: Path
) -> None:
    pages = [reader(browser, topology, key) for key in keys_per_replica(topology).values()]
    for page in pages:
        page.goto(topology.url)
        wait_idle(page)
        assert shown_date(page) == "2026-01-02"
    add_day(snapshots, date(2026, 1, 3), 37.7)
    topology.refresh(snapshots)
    for page in pages:
        page.reload()
        wait_idle(page)
        assert shown_date(page) == "2026-01-03"
        page.context.close()
    # No replica was restarted to see the new day.
    assert all(Path(f"/proc/{pid}").exists() for pid in topology.pids)
    pages_served = {line["replica"] for line in topology.served() if "GET / " in line["request"]}
    assert pages_served == set(topology.replicas)
