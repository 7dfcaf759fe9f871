"""What a page says about the data under it: a store that cannot be used, outlines missing, and
the one quiet line about the embedded map's precision."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from frontline.config import CONTROL_CSV

# Only when neither a store nor the embedded map history can be read: words for a reader.
POLYGONS_NOT_LOADED = (
    "The outlines of the occupied area are not available on this server: each oblast is "
    "shaded by its occupied share instead."
)
# Said where the sources are listed when the map comes from the embedded history.
DISPLAY_OUTLINES = "Map outlines at display precision; figures computed at full precision."
# The Sources page tells whoever runs the dashboard how to draw full-precision outlines.
FULL_PRECISION = (
    "Whoever runs this dashboard can draw the outlines at full precision too, by building the "
    "local data store from DeepStateMap's archives as the project's README describes."
)


# The store's own problem names server paths: it goes to the log, and readers get this.
STORE_UNUSABLE = (
    "The data store this server was configured with cannot be read, so the page shows "
    f"the embedded figures of {CONTROL_CSV.name}."
)


def snapshot_span(available: Sequence[date], origin: str, display_outlines: bool = False) -> str:
    """`Snapshots 2022-04-10 to 2026-01-06 (1,234 dates), from the local store.`, with the
    precision line when the map is drawn from the embedded history."""
    text = (
        f"Snapshots {available[0].isoformat()} to {available[-1].isoformat()} "
        f"({len(available)} dates), from the {origin}."
    )
    return f"{text} {DISPLAY_OUTLINES}" if display_outlines else text


def unreadable_notice(days: Sequence[date]) -> str:
    """What a page says when the stored geometry of some days cannot be read, and what it shows."""
    named = ", ".join(d.isoformat() for d in days[:5])
    if len(days) > 5:
        named += f" and {len(days) - 5} more days"
    which = "that day" if len(days) == 1 else "those days"
    # How to find and repair the damage is the operator's business: the log and the Sources page.
    return (
        f"The stored occupied area of {named} cannot be read: the data store is damaged there. "
        f"This page leaves {which} out and shows everything else."
    )
