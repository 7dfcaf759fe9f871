"""The dashboard's files outside the package that an installed frontline carries with it.

A checkout keeps the user's layout (app.py, pages/, geo/, data/, static/ at the top level); the
wheel copies them into `frontline/dashboard/` (see setup.py), and `frontline.config` reads them
from there when the package is installed. This module imports nothing outside the standard
library, so the build can use it before any dependency is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

FOLDER = "dashboard"

# Globs relative to the checkout. data/ is taken file by file, one level deep: its store/
# subfolder is the developer's own and never ships. static/vendor/ is filled at build time from
# the xstatic packages, as `frontline assets` fills it in a checkout.
PATTERNS = (
    "app.py",
    "pages/*.py",
    ".streamlit/config.toml",
    "geo/*",
    "data/*",
    "static/**/*",
)
SKIPPED = ("static/vendor/",)


def bundled_files(root: Path) -> Iterator[Path]:
    """Every file under `root` the wheel carries, as paths relative to `root`."""
    seen: set[Path] = set()
    for pattern in PATTERNS:
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root)
            if (
                path.is_file()
                and relative not in seen
                and not relative.as_posix().startswith(SKIPPED)
            ):
                seen.add(relative)
                yield relative


def installed_root(package: Path) -> Path | None:
    """The dashboard's folder inside an installed package, or None in a checkout."""
    folder = package / FOLDER
    return folder if (folder / "app.py").is_file() else None
