"""Read a date as people type it: 2026-01-06, 2026-1-6, 06.01.2026, 6 January 2026, Jan 2026."""

from __future__ import annotations

import calendar
import re
from datetime import date

Precision = str  # "day", "month" or "year"

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH_NAME = "(?P<month_name>[A-Za-z]+)\\.?"
_FORMS = (
    # ISO with or without leading zeros: 2026-01-06, 2026-1-6, 2026/1/6
    re.compile(r"(?P<year>[0-9]{4})[-/](?P<month>[0-9]{1,2})[-/](?P<day>[0-9]{1,2})"),
    # day first with dots, as written across Europe: 06.01.2026, 6.1.2026
    re.compile(r"(?P<day>[0-9]{1,2})\.(?P<month>[0-9]{1,2})\.(?P<year>[0-9]{4})"),
    # 6 January 2026, 6 Jan. 2026
    re.compile(rf"(?P<day>[0-9]{{1,2}})\.?\s+{_MONTH_NAME}\s+(?P<year>[0-9]{{4}})"),
    # January 6, 2026 and January 6 2026
    re.compile(rf"{_MONTH_NAME}\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>[0-9]{{4}})"),
    # a month: 2026-01, 2026-1, January 2026, Jan 2026
    re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})"),
    re.compile(rf"{_MONTH_NAME}\s+(?P<year>[0-9]{{4}})"),
    # a year
    re.compile(r"(?P<year>[0-9]{4})"),
)
EXAMPLES = "2026-01-06, 06.01.2026 or 6 January 2026"


def parse_typed_date(text: str) -> tuple[date, Precision]:
    """The day `text` names and its precision; a month or a year stands for its first day.

    Raises ValueError, with a message a reader can act on, for anything else.
    """
    cleaned = " ".join(text.split())
    shown = repr(cleaned[:100])
    for form in _FORMS:
        match = form.fullmatch(cleaned)
        if match is None:
            continue
        parts = match.groupdict()
        month = _month_of(parts, shown)
        day = parts.get("day")
        precision = "day" if day else ("month" if month else "year")
        try:
            return date(int(parts["year"]), month or 1, int(day or 1)), precision
        except ValueError as err:
            raise ValueError(f"{shown} is not a date on the calendar ({err})") from None
    raise ValueError(f"{shown} is not a date this page can read; type it as {EXAMPLES}")


def _month_of(parts: dict[str, str | None], shown: str) -> int | None:
    """The month number in a match, from digits or a name; None when the match has none."""
    name = parts.get("month_name")
    if name is not None:
        number = _MONTHS.get(name.lower())
        if number is None:
            raise ValueError(f"{shown}: {name!r} is not the name of a month")
        return number
    digits = parts.get("month")
    return int(digits) if digits else None


def canonical(day: date, precision: Precision) -> str:
    """The form the URL keeps: YYYY-MM-DD, YYYY-MM or YYYY."""
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]
