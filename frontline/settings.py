"""Every setting frontline reads from the environment or Streamlit's secrets, in one table.

The code reads each setting through its entry here, and the README's settings table is
`markdown_table()` (tests/test_docs.py checks both): a setting added here is documented there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from frontline.registry import DAILY, ISW, LIVE, NATIONAL_SOURCES, SOURCES, WEEKLY


@dataclass(frozen=True)
class Setting:
    """An environment variable: its name, its default in words, and what it changes."""

    name: str
    default: str
    meaning: str
    # The key in `.streamlit/secrets.toml` that sets it too (the environment wins).
    secret: str | None = None

    def get(self) -> str | None:
        """The environment's value; None when it is unset or empty."""
        return os.environ.get(self.name) or None


STORE = Setting(
    "FRONTLINE_STORE",
    "`data/store/`; an installed package: `$XDG_DATA_HOME/frontline/store`",
    "the store folder the app and every command read (`--store` overrides it)",
)
USER_DATA = Setting(
    "XDG_DATA_HOME",
    "`~/.local/share`",
    "where an installed package keeps its store",
)
EVENTS = Setting(
    "FRONTLINE_EVENTS",
    "`data/events.csv`",
    "the events file of the timeline and the map's event layer",
)
FEED_URL = Setting(
    "FRONTLINE_FEED_URL",
    SOURCES[LIVE].base_url,
    "the server whose history feed `refresh` without `--source` and the app's **Update data** read",
)
ARCHIVE_URL = Setting(
    "FRONTLINE_ARCHIVE_URL",
    SOURCES[DAILY].base_url,
    "the daily archive `refresh --source daily` fetches from",
)
LAYERS = Setting(
    "FRONTLINE_LAYERS",
    f"`../shared/{WEEKLY}`",
    "the folder of weekly layered maps `refresh --source layers` reads",
)
ISW_URL = Setting(
    "FRONTLINE_ISW_URL",
    NATIONAL_SOURCES[ISW].url,
    "the table of ISW's assessed control `refresh --source isw` reads",
)
CONTACT = Setting(
    "FRONTLINE_CONTACT",
    "none",
    "a URL or e-mail address added to the User-Agent of every request",
)
ALLOW_UPDATE_SECRET = "allow_update"
ALLOW_UPDATE = Setting(
    "FRONTLINE_ALLOW_UPDATE",
    "on",
    "`0`, `false`, `no` or `off` hides the app's **Update data** button",
    secret=ALLOW_UPDATE_SECRET,
)

SETTINGS = (
    STORE,
    USER_DATA,
    EVENTS,
    FEED_URL,
    ARCHIVE_URL,
    LAYERS,
    ISW_URL,
    CONTACT,
    ALLOW_UPDATE,
)


def markdown_table() -> str:
    """The README's settings table."""
    rows = ["| setting | default | meaning |", "| --- | --- | --- |"]
    for setting in SETTINGS:
        name = f"`{setting.name}`"
        if setting.secret:
            name += f" (secret `{setting.secret}`)"
        rows.append(f"| {name} | {setting.default} | {setting.meaning} |")
    return "\n".join(rows) + "\n"
