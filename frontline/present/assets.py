"""The map's scripts and stylesheets, copied from the xstatic packages into static/ for offline use.

Streamlit serves static/ at /app/static/ (server.enableStaticServing). It refuses symlinks that
point outside the folder, so the files are copied, and only when missing or different.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import xstatic.pkg.jquery as xjquery
import xstatic.pkg.leaflet as xleaflet

from frontline.atomic import write_atomic
from frontline.config import STATIC_DIR

VENDOR = "vendor"
LEAFLET_VERSION = xleaflet.VERSION
JQUERY_VERSION = xjquery.VERSION

# (package data folder, files to copy, folder under static/vendor)
_BUNDLES = (
    (Path(xleaflet.BASE_DIR), ("leaflet.js", "leaflet.css"), f"leaflet-{LEAFLET_VERSION}"),
    (
        Path(xleaflet.BASE_DIR) / "images",
        (
            "layers.png",
            "layers-2x.png",
            "marker-icon.png",
            "marker-icon-2x.png",
            "marker-shadow.png",
        ),
        f"leaflet-{LEAFLET_VERSION}/images",
    ),
    (Path(xjquery.BASE_DIR), ("jquery.min.js",), f"jquery-{JQUERY_VERSION}"),
)

LEAFLET_JS = f"{VENDOR}/leaflet-{LEAFLET_VERSION}/leaflet.js"
LEAFLET_CSS = f"{VENDOR}/leaflet-{LEAFLET_VERSION}/leaflet.css"
LEAFLET_IMAGES = f"{VENDOR}/leaflet-{LEAFLET_VERSION}/images/"
JQUERY_JS = f"{VENDOR}/jquery-{JQUERY_VERSION}/jquery.min.js"
# Leaflet.draw has no Python package: its files are committed under static/ with their licence
# and provenance (static/leaflet-draw-1.0.4/SOURCE.md).
LEAFLET_DRAW_JS = "leaflet-draw-1.0.4/leaflet.draw.js"
LEAFLET_DRAW_CSS = "leaflet-draw-1.0.4/leaflet.draw.css"


def install_assets(static_dir: Path = STATIC_DIR) -> list[Path]:
    """Copy the vendored files into `static_dir`; return the ones that were (re)written."""
    written = []
    for source_dir, names, target in _BUNDLES:
        folder = static_dir / VENDOR / target
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            source, dest = source_dir / name, folder / name
            if dest.exists() and filecmp.cmp(source, dest, shallow=False):
                continue
            # A unique temporary name per writer: two processes installing at once (the app
            # and `frontline assets`) must not write into each other's file.
            write_atomic(dest, source.read_bytes())
            written.append(dest)
    return written


def read_asset(relative: str, static_dir: Path = STATIC_DIR) -> str:
    """The text of an installed vendored file (for inlining into standalone HTML exports)."""
    return (static_dir / relative).read_text(encoding="utf-8")
