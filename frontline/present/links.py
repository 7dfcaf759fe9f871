"""Links between the app's pages, relative so they survive `--server.baseUrlPath`."""

from __future__ import annotations

from datetime import date


def map_href(day: date | str) -> str:
    """The map page at `day` (a date, or text such as `2026-01` for a month's first day)."""
    text = day.isoformat() if isinstance(day, date) else day
    return f"./?date={text}"


def map_link(day: date) -> str:
    """A Markdown link to the map page at `day`."""
    return f"[map]({map_href(day)})"


def compare_href(start: date, end: date) -> str:
    """The compare page for two dates."""
    return f"compare?from={start.isoformat()}&to={end.isoformat()}"
