"""The command-line benchmark: two real processes timed against the plain loop, and its verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline import benchmark
from frontline.ingest.refresh import POOL_MIN_FILES


@pytest.mark.slow
def test_the_two_commands_are_timed_against_the_plain_loop(archive: Path) -> None:
    result = benchmark.run_cli(archive, limit=POOL_MIN_FILES)
    assert result["files"] == POOL_MIN_FILES
    for kind in ("wall", "cpu"):
        seconds = [result[f"{name}_{kind}_s"] for name in ("plain", "refresh", "stats")]
        assert all(s > 0 for s in seconds)
        plain, refresh, stats = seconds
        assert result[f"{kind}_ratio"] == pytest.approx((refresh + stats) / plain, rel=1e-2)


def test_the_verdict_is_the_cpu_ratio_against_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    times = {f"{n}_{k}_s": 1.0 for n in ("plain", "refresh", "stats") for k in ("wall", "cpu")}
    at_limit = {"files": 3, **times, "wall_ratio": 0.9, "cpu_ratio": benchmark.CLI_LIMIT}
    assert benchmark._report_cli(at_limit, as_json=False) == 0
    assert f"limit {benchmark.CLI_LIMIT} in CPU" in capsys.readouterr().out
    over = {**at_limit, "wall_ratio": 0.1, "cpu_ratio": benchmark.CLI_LIMIT + 0.01}
    assert benchmark._report_cli(over, as_json=True) == 1
