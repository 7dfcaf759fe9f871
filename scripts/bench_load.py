"""`make bench-load`: K browser sessions changing dates and comparing, against 1 then 3 replicas.

Each replica is `frontline serve` through deploy/entrypoint.sh behind Debian's nginx
(tests/topology.py, as in the replica test), on one store. One headless Chromium opens K
sessions at once; each loads the map, changes the date CHANGES times with a reader's pause
between, then opens one comparison. Reported per (replicas, K): p50 and p95 seconds per date
change (from the Enter key to the new date's header with the script finished), the comparison's
time, errors, and the replicas' memory (RSS, summed): before, at its peak with the sessions open,
and after each round of sessions has closed and Streamlit has dropped them (after
server.disconnectedSessionTTL, 10 s here, 120 s by default). At the largest count a second round
follows: memory that does not grow again shows closed sessions are freed, not kept.
Results go to test-artifacts/bench-load.json.

Not a test: the figures depend on the machine and on what else it runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontline.config import PROJECT_ROOT, store_dir
from frontline.ingest.store import Store
from tests.browser.harness import ARTIFACTS, CHROMIUM, IDLE
from tests.topology import Topology, replicas_behind_nginx

DATE_BOX = "Date (YYYY-MM-DD)"
ACTION_TIMEOUT_MS = 60_000
PAUSE_S = (0.5, 1.5)  # a reader's pause between two date changes
# Disconnected sessions are dropped after this many seconds (Streamlit's default is 120), so
# the run can see them freed without waiting two minutes per level.
SESSION_TTL_S = 10
ACTIVE = re.compile(r"^active_sessions(?:\{[^}]*\})? (\d+)", re.MULTILINE)


@dataclass
class Level:
    """One run: `sessions` readers against `replicas` replicas."""

    replicas: int
    sessions: int
    changes: list[float] = field(default_factory=list)
    comparisons: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_before_mb: float = 0.0
    rss_open_mb: float = 0.0
    rss_closed_mb: list[float] = field(default_factory=list)  # after each round
    sessions_left: int = 0

    def summary(self) -> dict[str, object]:
        return {
            "replicas": self.replicas,
            "sessions": self.sessions,
            "date_changes": len(self.changes),
            "p50_s": percentile(self.changes, 50),
            "p95_s": percentile(self.changes, 95),
            "compare_p50_s": percentile(self.comparisons, 50),
            "load_p50_s": percentile(self.loads, 50),
            "errors": len(self.errors),
            "rss_before_mb": round(self.rss_before_mb),
            "rss_open_mb": round(self.rss_open_mb),
            "rss_per_session_mb": round((self.rss_open_mb - self.rss_before_mb) / self.sessions, 1),
            "rss_closed_mb": self.rss_closed_mb,
            "sessions_left": self.sessions_left,
        }


def percentile(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 3)
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 3)


def rss_mb(pids: list[int]) -> float:
    """The resident memory of the replicas, summed, in MB."""
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def sessions_held(topology: Topology) -> int:
    """Sessions still connected to the replicas (Streamlit's own metrics), summed."""
    held = 0
    for replica in topology.replicas:
        with urllib.request.urlopen(f"http://{replica}/_stcore/metrics", timeout=10) as answer:
            text = answer.read().decode()
        active = ACTIVE.search(text)
        if active is None:
            raise RuntimeError(f"{replica} reports no active_sessions metric")
        held += int(active.group(1))
    return held


async def reader(browser, url: str, days: list[str], pair: tuple[str, str], level: Level) -> None:
    """One reader: load the map, change the date, compare two dates; times into `level`."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        start = time.perf_counter()
        await page.goto(url)
        await page.wait_for_selector(IDLE, state="attached")
        level.loads.append(time.perf_counter() - start)
        box = page.get_by_test_id("stSidebar").get_by_role("textbox", name=DATE_BOX)
        for day in days:
            await asyncio.sleep(random.uniform(*PAUSE_S))
            start = time.perf_counter()
            await box.fill(day)
            await box.press("Enter")
            await page.get_by_test_id("stMain").get_by_text(f"Showing {day}").first.wait_for()
            await page.wait_for_selector(IDLE, state="attached")
            level.changes.append(time.perf_counter() - start)
        start = time.perf_counter()
        await page.goto(f"{url}/compare?from={pair[0]}&to={pair[1]}")
        await page.get_by_text(f"Snapshots of {pair[0]}").first.wait_for()
        await page.wait_for_selector(IDLE, state="attached")
        level.comparisons.append(time.perf_counter() - start)
        if await page.get_by_test_id("stException").count():
            level.errors.append("a page showed an exception")
    except Exception as err:  # a timeout or a lost page is a measured error, not a crash
        first_line = str(err).splitlines()[0]
        level.errors.append(f"{type(err).__name__}: {first_line}{await what_it_shows(page)}")
    finally:
        await context.close()


async def what_it_shows(page) -> str:
    """The start of the page's main text and a screenshot's path, to tell an error's cause."""
    shot = ARTIFACTS / f"bench-load-error-{time.monotonic_ns()}.png"
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        shown = await page.get_by_test_id("stMain").inner_text(timeout=5000)
        await page.screenshot(path=shot, timeout=5000)
    except Exception:  # the page itself is gone
        return ""
    return f" (page: {shown[:160]!r}; {shot})"


async def run_level(
    topology: Topology, level: Level, dates: list[str], changes: int, rounds: int
) -> None:
    """Warm up, then `rounds` rounds of the level's sessions; memory after each round."""
    from playwright.async_api import async_playwright

    rng = random.Random(level.sessions * 100 + level.replicas)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        # Warm-up: every replica has drawn the map and a comparison once.
        warm = Level(0, 1)
        await asyncio.gather(
            *(
                reader(browser, topology.url, [dates[-2]], (dates[-30], dates[-1]), warm)
                for _ in topology.replicas
            )
        )
        await settle(topology)
        level.rss_before_mb = rss_mb(topology.pids)
        for _ in range(rounds):
            jobs = []
            for _ in range(level.sessions):
                days = rng.sample(dates, changes)
                first, last = sorted(rng.sample(dates, 2))
                jobs.append(reader(browser, topology.url, days, (first, last), level))
            sampler = asyncio.create_task(peak_rss(topology, level))
            await asyncio.gather(*jobs)
            sampler.cancel()
            level.sessions_left = await settle(topology)
            level.rss_closed_mb.append(round(rss_mb(topology.pids)))
        await browser.close()


async def peak_rss(topology: Topology, level: Level) -> None:
    while True:
        level.rss_open_mb = max(level.rss_open_mb, rss_mb(topology.pids))
        await asyncio.sleep(0.5)


async def settle(topology: Topology) -> int:
    """Wait until no session is connected (at most a minute), then for Streamlit to drop the
    disconnected ones (the TTL and a little); the sessions still connected."""
    deadline = time.monotonic() + 60
    while (held := sessions_held(topology)) and time.monotonic() < deadline:
        await asyncio.sleep(1)
    await asyncio.sleep(SESSION_TTL_S + 5)
    return held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None, help="store to serve (default: ours)")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 4, 8, 12])
    parser.add_argument("--changes", type=int, default=6, help="date changes per session")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="rounds of sessions at the largest count: memory after each shows whether closed "
        "sessions are freed (default 2; 1 round at the other counts)",
    )
    parser.add_argument(
        "--out", type=Path, default=PROJECT_ROOT / "test-artifacts" / "bench-load.json"
    )
    args = parser.parse_args(argv)
    store = store_dir(args.store)
    dates = [d.isoformat() for d in Store(store, readonly=True).dates()]
    if len(dates) < args.changes + 30:
        parser.error(f"{store} holds {len(dates)} daily snapshots: too few to change dates over")
    results = []
    for replicas in args.replicas:
        for sessions in args.sessions:
            level = Level(replicas, sessions)
            with tempfile.TemporaryDirectory(prefix="bench-load-") as home:
                settings = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL_S)}
                with replicas_behind_nginx(Path(home), store, replicas, settings) as topology:
                    rounds = args.rounds if sessions == max(args.sessions) else 1
                    asyncio.run(run_level(topology, level, dates, args.changes, rounds))
            results.append(level.summary())
            print(json.dumps(results[-1]), flush=True)
            for error in sorted(set(level.errors)):
                print(f"  error: {error}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"results": results, "changes_per_session": args.changes}, indent=1)
    )
    print_table(results)
    return 0


def print_table(results: list[dict[str, object]]) -> None:
    columns = ["replicas", "sessions", "p50_s", "p95_s", "compare_p50_s", "errors"]
    columns += [
        "rss_before_mb",
        "rss_open_mb",
        "rss_per_session_mb",
        "rss_closed_mb",
        "sessions_left",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in results:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
