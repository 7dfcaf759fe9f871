""" "Cite this": what a reader quotes under a figure taken from the map (source, snapshot, link)."""

from __future__ import annotations

from datetime import UTC, datetime

from frontline.model.figures import DayFigures
from frontline.present.wording import format_share
from frontline.registry import SOURCES, UNIX_STAMP


def snapshot_time(source_id: str | None, source_text: str) -> datetime | None:
    """When the snapshot was published (UTC), for a source that names its files by Unix time;
    None for the daily archive, whose files carry a day only."""
    known = SOURCES.get(source_id or "")
    if known is None or known.naming.stamp != UNIX_STAMP:
        return None
    name = source_text.rsplit(", ", 1)[-1]
    try:
        return datetime.fromtimestamp(known.naming.stamp_of(name), tz=UTC)
    except ValueError:
        return None


def cite_text(figures: DayFigures, link: str | None) -> str:
    """One paragraph to quote: the source and its file, the snapshot's date and time, the link."""
    first = figures.oblasts[0]
    snapshot = figures.resolved.snapshot.isoformat()
    published = snapshot_time(first.source_id, first.source)
    when = (
        f"snapshot of {snapshot}, published {published:%Y-%m-%d %H:%M} UTC"
        if published is not None
        else f"snapshot of {snapshot} (a daily file: no time of day)"
    )
    shares = "; ".join(f"{o.oblast} {format_share(o.occupied_pct)}" for o in figures.oblasts)
    words = f"Occupied share ({shares}): {figures.sources}, {when}. Measured by frontline"
    return f"{words}: {link}" if link else f"{words}."
