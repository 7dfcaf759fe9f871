"""The container files, checked without a container runtime: what they copy and mount exists,
the image builds the wheel from every folder the wheel carries, and the entry point's misuse
ends in one line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from frontline.bundle import PATTERNS
from frontline.config import PROJECT_ROOT

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
COMPOSE = (PROJECT_ROOT / "compose.yaml").read_text()
ENTRYPOINT = PROJECT_ROOT / "deploy" / "entrypoint.sh"
# Filled at build time from the xstatic packages (setup.py), never copied from the checkout.
BUILT = {"static"}


def copied() -> list[str]:
    """The checkout paths the Dockerfile's COPY lines take (not those from another stage)."""
    sources = []
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            words = [w for w in line.split()[1:] if not w.startswith("--")]
            sources += words[:-1]
    return sources


def test_every_copied_and_mounted_file_exists() -> None:
    mounted = re.findall(r"\s- \./([^:]+):", COMPOSE)
    assert mounted
    for path in [*copied(), *mounted]:
        assert (PROJECT_ROOT / path).exists(), path


def test_the_image_builds_the_wheel_from_every_folder_the_wheel_carries() -> None:
    tops = {Path(pattern).parts[0] for pattern in PATTERNS} - BUILT
    taken = {Path(path).parts[0] for path in copied()}
    assert sorted(tops - taken) == []


def test_the_container_never_offers_readers_an_update() -> None:
    assert re.search(r"^\s+FRONTLINE_ALLOW_UPDATE=0", DOCKERFILE, re.MULTILINE)
    assert re.search(r"^USER frontline$", DOCKERFILE, re.MULTILINE)
    assert "/_stcore/health" in DOCKERFILE


def test_a_bad_refresh_interval_ends_in_one_line(tmp_path: Path) -> None:
    run = subprocess.run(
        [ENTRYPOINT, "refresh-every", "soon"],
        env={"PATH": "/usr/bin:/bin", "FRONTLINE_STORE": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stdout.strip().endswith("refresh-every: 'soon' is not a whole number of seconds")
    assert run.stdout.count("\n") == 1
