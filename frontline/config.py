"""Where the project's files live, and the environment variables that move them."""

from __future__ import annotations

import os
from pathlib import Path

from frontline import settings
from frontline.bundle import installed_root
from frontline.registry import WEEKLY

_PACKAGE = Path(__file__).resolve().parent
# Where app.py, pages/, geo/, data/ and static/ are: the checkout's top level, or, in an installed
# package, the copy the wheel carries (frontline/bundle.py).
INSTALLED_ROOT = installed_root(_PACKAGE)
PROJECT_ROOT = INSTALLED_ROOT or _PACKAGE.parent
GEO_DIR = PROJECT_ROOT / "geo"
DATA_DIR = PROJECT_ROOT / "data"
STATIC_DIR = PROJECT_ROOT / "static"

OBLASTS_GEOJSON = GEO_DIR / "oblasts.geojson"
BASEMAP_GEOJSON = GEO_DIR / "ukraine.geojson"
COUNTRY_GEOJSON = GEO_DIR / "country.geojson"
# The country with its territorial sea: what the national total is clipped to.
COUNTRY_WATERS_GEOJSON = GEO_DIR / "country_waters.geojson"
TOWNS_GEOJSON = GEO_DIR / "towns.geojson"
CONTROL_CSV = DATA_DIR / "control.csv"
# The map outlines a clone without a store draws (display precision), written beside it.
MAP_HISTORY = DATA_DIR / "map_history.parquet"
PUBLISHED_CSV = DATA_DIR / "published.csv"
# Another events file (a curated variant, or a test's) replaces the shipped one.
EVENTS_CSV = Path(settings.EVENTS.get() or DATA_DIR / "events.csv")

# The figures' name for the whole country (light here, so the command line can name it).
COUNTRY = "Ukraine"

STORE_ENV = settings.STORE.name
# An installed package never writes into its own folder: its store is the user's.
_USER_DATA = Path(settings.USER_DATA.get() or Path.home() / ".local" / "share")
DEFAULT_STORE = _USER_DATA / "frontline" / "store" if INSTALLED_ROOT else DATA_DIR / "store"

# Where `refresh --source daily` fetches new days from.
ARCHIVE_URL = settings.ARCHIVE_URL.default
ARCHIVE_URL_ENV = settings.ARCHIVE_URL.name
# `refresh` without --source and the app's "Update data" button read DeepStateMap's own history
# feed; this names another server.
FEED_URL_ENV = settings.FEED_URL.name
# `refresh --source layers`: the weekly layered maps, which only ../shared holds.
LAYERS_ENV = settings.LAYERS.name
# ../shared keeps them in a folder named by the source id.
LAYERS_FOLDER = PROJECT_ROOT.parent / "shared" / WEEKLY
# `refresh --source isw` reads ISW's national series from another URL than its own.
ISW_URL_ENV = settings.ISW_URL.name
# Hides the app's "Update data" button (a shared public deployment).
ALLOW_UPDATE_ENV = settings.ALLOW_UPDATE.name

# Areas are measured in ETRS89 / LAEA Europe: equal-area, so km² are true km².
AREA_CRS = "EPSG:3035"
DISPLAY_CRS = "EPSG:4326"


def store_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: an explicit path, else $FRONTLINE_STORE, else data/store/."""
    if explicit:
        return Path(explicit)
    env = settings.STORE.get()
    return Path(env) if env else DEFAULT_STORE


def archive_url() -> str:
    """The archive to refresh from: $FRONTLINE_ARCHIVE_URL, else the public daily archive."""
    return settings.ARCHIVE_URL.get() or ARCHIVE_URL


def isw_url() -> str:
    """Where ISW's national series is read: $FRONTLINE_ISW_URL, else The Economist's table."""
    return settings.ISW_URL.get() or settings.ISW_URL.default


def layers_folder() -> Path:
    """The folder of weekly layered maps: $FRONTLINE_LAYERS, else its folder in ../shared."""
    return Path(settings.LAYERS.get() or LAYERS_FOLDER)


OFF = ("0", "false", "no", "off")


def update_allowed(setting: str | None, secret: object = True) -> bool:
    """Whether the app's "Update data" button shows: off when the environment's setting is
    0/false/no/off; without a setting, as the secrets' `allow_update` says (default on)."""
    if setting is not None:
        return setting.strip().lower() not in OFF
    return bool(secret)
