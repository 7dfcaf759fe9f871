"""Whether a measured day is plausible enough to store: in the region, not all of it, near the last.

A snapshot can parse cleanly and still be wrong: latitude and longitude swapped (the area lands
far outside Ukraine and measures 0 %), one polygon covering the whole world (100 %), a file of
points only after a day with a front (0 %). Each rule below catches one of these; a day that
breaks any of them is not stored unless a person has looked and accepts it. The thresholds and
the real history they were measured against are in data/README.md ("Plausibility").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from frontline.ingest.snapshots import SnapshotError

# More than this share of a snapshot's area outside the region's box: not a map of Ukraine.
MAX_OUTSIDE_SHARE = 0.5
# More than this share of the country occupied: 1.7 times the most ever measured (20.7 %).
MAX_COUNTRY_PCT = 35.0
# A change of more than this share of the country since the previous stored day: 1.7 times the
# largest real step (1.46 %, a week of the Kharkiv counter-offensive); daily steps are far smaller.
MAX_STEP_PCT = 2.5
EMPTY_FILE = "no occupied area in this file (it holds no polygons)"


@dataclass(frozen=True)
class DayShape:
    """What the rules look at in one measured day."""

    day: date
    outside_share: float  # of the snapshot's area (square degrees) outside the region's box
    country_pct: float | None  # occupied share of the country, None when no country is measured
    has_polygons: bool


@dataclass(frozen=True)
class Previous:
    """The stored day before, which a day is compared with."""

    day: date
    country_pct: float


def implausible(
    shape: DayShape, previous: Previous | None, country: str, country_km2: float
) -> list[str]:
    """Why a measured day is implausible, in words; an empty list when it is plausible."""
    reasons = []
    if shape.outside_share > MAX_OUTSIDE_SHARE:
        limit = f"at most {100 * MAX_OUTSIDE_SHARE:.0f} % is plausible"
        reasons.append(
            f"{100 * shape.outside_share:.0f} % of its area lies outside {country}'s bounding box "
            f"({limit}; latitude and longitude swapped?)"
        )
    pct = shape.country_pct
    if pct is None:
        return reasons
    if pct > MAX_COUNTRY_PCT:
        reasons.append(
            f"{pct:.1f} % of {country} occupied (more than {MAX_COUNTRY_PCT:g} % is implausible; "
            "a polygon covering far more than the front?)"
        )
    if previous is not None and abs(pct - previous.country_pct) > MAX_STEP_PCT:
        change = pct - previous.country_pct
        km2 = abs(change) / 100 * country_km2
        was = f"{previous.country_pct:.1f} % on {previous.day}"
        limit = f"more than {MAX_STEP_PCT:g} % of {country} between stored days is implausible"
        if not shape.has_polygons:
            reasons.append(f"{EMPTY_FILE}, after {was} ({limit})")
        else:
            grew = "grew" if change > 0 else "shrank"
            reasons.append(
                f"the occupied area {grew} by {abs(change):.1f} % of {country} ({km2:,.0f} km²), "
                f"from {was} to {pct:.1f} % ({limit})"
            )
    return reasons


def accept_hint(day: date) -> str:
    """What a person runs to store a day they have looked at and found right."""
    return f"if it is right, store it with `frontline refresh --accept-implausible {day}`"


class Implausible(SnapshotError):
    """A day that was read and measured, but is not stored: its figures are implausible."""


def implausible_error(name: str, day: date, reasons: list[str]) -> Implausible:
    """The failure of a day that broke the rules, naming the day, every reason and the way out."""
    return Implausible(name, f"implausible on {day}: {'; '.join(reasons)}; {accept_hint(day)}")


class History:
    """The country's occupied share on each stored day, kept current as a refresh adds days."""

    def __init__(self, shares: dict[date, float]) -> None:
        self._shares = dict(shares)
        self._days = sorted(shares)

    def before(self, day: date) -> Previous | None:
        """The latest stored day before `day`, if any."""
        index = bisect.bisect_left(self._days, day)
        if index == 0:
            return None
        previous = self._days[index - 1]
        return Previous(previous, self._shares[previous])

    def add(self, day: date, country_pct: float) -> None:
        if day not in self._shares:
            bisect.insort(self._days, day)
        self._shares[day] = country_pct
