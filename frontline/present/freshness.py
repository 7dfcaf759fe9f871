"""How fresh the data is, in words: the newest snapshot and its age in days."""

from __future__ import annotations

from datetime import date


def describe_freshness(latest: date, today: date) -> str:
    """'latest snapshot 2026-08-22, 95 days old' (or 'from today', '1 day old')."""
    age = (today - latest).days
    if age <= 0:
        return f"latest snapshot {latest.isoformat()}, from today"
    return f"latest snapshot {latest.isoformat()}, {age} day{'' if age == 1 else 's'} old"
