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


def store_problem(problem: str) -> str:
    """Why the page shows the embedded figures though a store was asked for (plain text)."""
    return (
        f"The store cannot be used ({problem}): the page shows the embedded figures of "
        f"{CONTROL_CSV.name} instead."
    )


def snapshot_span(available: Sequence[date], origin: str) -> str:
    """`Snapshots 2022-04-03 to 2026-01-06 (1,234 dates), from the store at ...`."""
    return (
        f"Snapshots {available[0].isoformat()} to {available[-1].isoformat()} "
        f"({len(available)} dates), from the {origin}."
    )
