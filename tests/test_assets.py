"""The vendored scripts and images copied into static/, safely when several processes do it."""

from __future__ import annotations

import filecmp
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from frontline.present.assets import LEAFLET_JS, install_assets


def test_installs_running_at_once_never_collide(tmp_path: Path) -> None:
    for attempt in range(8):
        folder = tmp_path / str(attempt)
        with ThreadPoolExecutor(max_workers=6) as pool:
            # Each install raises if another one moved its temporary file away.
            list(pool.map(install_assets, [folder] * 6))
        assert not list(folder.rglob("*.tmp"))
    reference = tmp_path / "reference"
    install_assets(reference)
    for path in (p for p in reference.rglob("*") if p.is_file()):
        assert filecmp.cmp(path, folder / path.relative_to(reference), shallow=False), path
    assert (folder / LEAFLET_JS).stat().st_size > 100_000
