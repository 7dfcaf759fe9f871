"""Links between the app's pages, relative so they survive `--server.baseUrlPath`."""

from __future__ import annotations

from datetime import date, timedelta

from frontline.model.changes import DEFAULT_SPAN_DAYS

COMPARE_PATH = "compare"


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


def carried_query(
    url_path: str, carried: dict[str, str] | None, shown: date
) -> dict[str, str] | None:
    """What the sidebar's link to a page carries: the map's query (`?date=` as typed); for the
    compare page, the snapshot shown and DEFAULT_SPAN_DAYS before it. Nothing when no date was
    asked for: every page then shows the latest."""
    if carried and url_path == COMPARE_PATH:
        start = shown - timedelta(days=DEFAULT_SPAN_DAYS)
        return {"from": start.isoformat(), "to": shown.isoformat()}
    return carried
