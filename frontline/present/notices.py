"""What a page says about the data under it: a store that cannot be used, polygons not loaded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from frontline.config import CONTROL_CSV

POLYGONS_NOT_LOADED = (
    "The occupied-area polygons are not loaded: the figures come from the embedded "
    "`data/control.csv`. Run `make data` (or `python -m frontline refresh`, or press "
    "**Update data** in the sidebar) to build the local store with the daily snapshots."
)


# The store's own problem names server paths: it goes to the log, and readers get this.
STORE_UNUSABLE = (
    "The data store this server was configured with cannot be read, so the page shows "
    f"the embedded figures of {CONTROL_CSV.name}."
)


def snapshot_span(available: Sequence[date], origin: str) -> str:
    """`Snapshots 2022-04-10 to 2026-01-06 (1,234 dates), from the store at ...`."""
    return (
        f"Snapshots {available[0].isoformat()} to {available[-1].isoformat()} "
        f"({len(available)} dates), from the {origin}."
    )


def unreadable_notice(days: Sequence[date]) -> str:
    """What a page says when the stored geometry of some days cannot be read, and what it shows."""
    named = ", ".join(d.isoformat() for d in days[:5])
    if len(days) > 5:
        named += f" and {len(days) - 5} more days"
    which = "that day" if len(days) == 1 else "those days"
    return (
        f"The stored occupied area of {named} cannot be read: the data store is damaged there. "
        f"This page leaves {which} out and shows everything else. "
        "`python -m frontline check` names the damage; rebuilding the store (`make data`) "
        "repairs it."
    )
