"""The steps between frames, one list for playing the map and for the animated GIF.

A step is written `Nd`, `Nw` or `Nm`: N days, weeks or calendar months.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# The steps the pages offer, with their words; the command line takes any N.
STEPS = {"1d": "1 day", "1w": "1 week", "2w": "2 weeks", "1m": "1 month"}
DEFAULT_STEP = "1w"
_STEP = re.compile(r"([1-9][0-9]{0,3})([dwm])")


def check_step(step: str) -> tuple[int, str]:
    """A step's count and unit ("d", "w" or "m"); ValueError for anything else."""
    match = _STEP.fullmatch(step)
    if match is None:
        raise ValueError(
            f"{step[:40]!r} is not a whole number of days, weeks or months such as 7d, 2w or 1m"
        )
    return int(match[1]), match[2]


def nth_step(start: date, step: str, n: int) -> date:
    """The day `n` steps after `start`.

    A month step keeps the day of the month where it can, counted from `start` so it never
    drifts: from 31 January, 28 (or 29) February, then 31 March. ValueError for a step that is
    not one (see `check_step`) or a negative `n`.
    """
    count, unit = check_step(step)
    if n < 0:
        raise ValueError(f"a step count is never negative, not {n}")
    if unit != "m":
        return start + timedelta(days=count * n * (7 if unit == "w" else 1))
    year, month = divmod(start.year * 12 + start.month - 1 + count * n, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
