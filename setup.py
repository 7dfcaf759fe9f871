"""Build hooks: the wheel and the sdist carry the dashboard's files (app.py, pages/, geo/, data/,
static/).

Everything else about the package is in pyproject.toml. The files stay where the user keeps them
in the checkout; `frontline.bundle` names them, this copies them into the built package, and
puts them in the sdist, so that a wheel built from the sdist carries them too.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from frontline.bundle import FOLDER, bundled_files  # noqa: E402


class BuildWithDashboard(build_py):
    """build_py, then the dashboard's files and the vendored map scripts into the package."""

    def run(self) -> None:
        super().run()
        if self.dry_run or getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "frontline" / FOLDER
        for relative in bundled_files(ROOT):
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / relative, target / relative)
        from frontline.present.assets import install_assets

        install_assets(target / "static")


class SdistWithDashboard(sdist):
    """sdist, with the dashboard's files (a MANIFEST.in would name them a second time)."""

    def make_distribution(self) -> None:
        self.filelist.extend(relative.as_posix() for relative in bundled_files(ROOT))
        self.filelist.remove_duplicates()
        super().make_distribution()


setup(cmdclass={"build_py": BuildWithDashboard, "sdist": SdistWithDashboard})
