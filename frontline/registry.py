"""Every source of snapshots and every layer they hold: each fact readers and code share, once.

A **source** is where snapshots come from (an archive of files, a live feed): its id (the
store's and the figures' `source_id`), the words readers see (its name, the citation in the
figures' `source` column, what it provides, its origin, licence and link), where its files are
fetched from, how often it publishes, its first day, how its files are named, which parser
reads them (`format`) and which layers it has. A **layer** is a kind of area on DeepState's map
(occupied, occupied before 2022, grey zone, liberated): its id (the figures' `{id}_km2` and
`{id}_pct` columns), its words, and which of DeepState's statuses make it up. Colours stay in
`frontline.present.style`, keyed by layer id.

A new source is one `Source` added to `SOURCES` (plus, when its files are in a new format, one
parser in `frontline.ingest` named by `format`); a new layer is one `Layer` in `LAYERS` and its
id in the sources that have it. Nothing else names a source's or a layer's facts: the refresh,
the store, the history, the CLI (`frontline sources`), the pages and the credit lines read them
from here.

`SOURCES` is listed best first: where two sources cover the same day, the history shows the
earlier one's (see `frontline.model.history.merge_history`). DeepStateMap's live history feed
(`deepstate-live`, read by `frontline.ingest.feed`) goes first: its updates are named by their
Unix time, and the day an update stands for is its date in Kyiv, DeepState's own clock.

This module imports nothing heavy, so that `frontline --help` and `frontline sources` start fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

# The layer every source has: everything occupied, before and since 2022.
OCCUPIED = "occupied"

# Formats, each read by one parser in frontline.ingest: one bare occupied area per file
# (`frontline.ingest.snapshots`), DeepState's whole map with every status named
# (`frontline.ingest.layered`), or that map as the live feed serves it (the map itself, or
# wrapped in `{"map": ...}`, also as a JSON string). FORMATS are those a folder can hold.
DAILY_FORMAT = "daily"
LAYERED_FORMAT = "layered"
FEED_FORMAT = "feed"
FORMATS = (DAILY_FORMAT, LAYERED_FORMAT)
LAYERED_FORMATS = (LAYERED_FORMAT, FEED_FORMAT)

DAY_STAMP = "YYYYMMDD"
UNIX_STAMP = "UNIXTIME"


class HasId(Protocol):
    """A registry entry: anything named by its `id`."""

    @property
    def id(self) -> str: ...


Entry = TypeVar("Entry", bound=HasId)


def by_id(*entries: Entry) -> dict[str, Entry]:
    """The entries keyed by their `id`, in order; a repeated id is a mistake in the registry."""
    registry: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in registry:
            raise ValueError(f"two registry entries have the id {entry.id!r}")
        registry[entry.id] = entry
    return registry


@dataclass(frozen=True)
class Layer:
    """A kind of area the figures measure, with its words and how it is drawn from the map.

    `statuses` are DeepState's statuses (`frontline.ingest.layers.Status` values) whose polygons
    make up the layer; `without` names layers whose area is taken out of it, so that no km² is
    counted in two layers. A layer `part_of` another splits that layer's share in two: itself
    (`figure`) and the rest (`rest`); any other layer lies outside the occupied share and is
    given in km².
    """

    id: str
    label: str  # the map's layer control and tooltips
    legend: str  # short: the legend sits over the map, narrow on a phone
    figure: str  # how the figures panel names its figure
    statuses: tuple[str, ...]
    without: tuple[str, ...] = ()
    part_of: str | None = None
    rest: str = ""

    @property
    def columns(self) -> tuple[str, str]:
        """The layer's columns in the figures table."""
        return (f"{self.id}_pct", f"{self.id}_km2")


LAYERS: dict[str, Layer] = by_id(
    Layer(
        OCCUPIED,
        "Occupied",
        "Occupied",
        "Occupied",
        statuses=("occupied", "pre2022"),
    ),
    Layer(
        "pre2022",
        "Occupied before 24 February 2022 (DeepStateMap)",
        "Occupied before 2022",
        "Before 24 Feb 2022",
        statuses=("pre2022",),
        part_of=OCCUPIED,
        rest="Since 24 Feb 2022",
    ),
    Layer(
        "grey",
        "Grey zone: status unknown (DeepStateMap)",
        "Grey zone (unknown)",
        "Grey zone",
        statuses=("grey",),
        without=(OCCUPIED,),
    ),
    Layer(
        "liberated",
        "Liberated (DeepStateMap)",
        "Liberated",
        "Liberated",
        statuses=("liberated",),
        without=(OCCUPIED,),
    ),
)


@dataclass(frozen=True)
class Naming:
    """How a source names its files: `prefix`, a stamp, `suffix`.

    The stamp is the day (`YYYYMMDD`) or the update's Unix time in UTC seconds (`UNIXTIME`),
    whose date in `timezone` is the snapshot's day.
    """

    prefix: str
    stamp: str
    suffix: str = ".geojson"
    timezone: str = "UTC"

    @property
    def shown(self) -> str:
        """The pattern in words, as help and errors give it (`PREFIXYYYYMMDD.geojson`)."""
        return f"{self.prefix}{self.stamp}{self.suffix}"

    @property
    def pattern(self) -> re.Pattern[str]:
        # ASCII digits only: `\d` also matches Arabic-Indic and full-width digits, which would
        # let a stray file claim a real day.
        digits = "[0-9]{8}" if self.stamp == DAY_STAMP else "[0-9]{9,11}"
        return re.compile(f"{re.escape(self.prefix)}({digits}){re.escape(self.suffix)}")

    def lists(self, name: str) -> bool:
        """Whether a file in a folder claims to be one of the source's snapshots: it starts with
        the prefix or, without one, ends with the suffix. A claim that is misnamed (a stray
        character, an impossible day) fails with its reason rather than being passed over."""
        return name.startswith(self.prefix) if self.prefix else name.endswith(self.suffix)

    def date_of(self, name: str) -> date:
        """The day a file name stands for; ValueError says why a name is not one."""
        match = self.pattern.fullmatch(name)
        if not match:
            raise ValueError(f"not a {self.shown} file name")
        digits = match.group(1)
        if self.stamp == UNIX_STAMP:
            return self.day_of(int(digits))
        try:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError as err:
            raise ValueError(f"{digits} is not a calendar date ({err})") from err

    def day_of(self, stamp: int) -> date:
        """The day a Unix time stands for, in the source's time zone."""
        return datetime.fromtimestamp(stamp, tz=ZoneInfo(self.timezone)).date()

    def stamp_of(self, name: str) -> int:
        """The number in a name the naming accepts (a day's files are ordered by it)."""
        match = self.pattern.fullmatch(name)
        if not match:
            raise ValueError(f"not a {self.shown} file name")
        return int(match.group(1))

    def name_for_stamp(self, stamp: int) -> str:
        """The file name of an update, for a source named by Unix time."""
        if self.stamp != UNIX_STAMP:
            raise ValueError(f"{self.shown} files are not named by a Unix time")
        return f"{self.prefix}{stamp}{self.suffix}"

    def name_for(self, day: date) -> str:
        """The file name of a day, for a source named by day."""
        if self.stamp != DAY_STAMP:
            raise ValueError(f"{self.shown} files are not named by their day")
        return f"{self.prefix}{day:%Y%m%d}{self.suffix}"


CADENCES = {1: "daily", 7: "weekly"}


@dataclass(frozen=True)
class Source:
    """One source of snapshots, with everything readers and the pipeline need to know of it."""

    id: str
    name: str  # short, in sentences: "from the daily archive"
    title: str  # its heading on the Sources page
    citation: str  # the figures' `source` column, before the file's name
    credit: str  # the credit line's words for it (sources crediting alike are named once)
    provides: str
    origin: str
    home: str  # the page readers follow
    licence: str
    cadence_days: int
    first_day: date
    last_day: date | None  # None: still publishing
    naming: Naming
    format: str
    layers: tuple[str, ...]
    cli_name: str  # `frontline refresh --source NAME`
    base_url: str = ""  # where its files are fetched over HTTP ("" when they cannot be)

    @property
    def cadence(self) -> str:
        return CADENCES.get(self.cadence_days, f"every {self.cadence_days} days")

    @property
    def span(self) -> str:
        end = self.last_day.isoformat() if self.last_day else "today"
        return f"{self.first_day.isoformat()} to {end}"

    @property
    def extra_layers(self) -> tuple[str, ...]:
        return tuple(layer for layer in self.layers if layer != OCCUPIED)


LIVE = "deepstate-live"
DAILY = "deepstate-daily"
WEEKLY = "deepstate-layers"

_DEEPSTATE_ON_GITHUB = "© DeepStateMap; archive published on GitHub"

SOURCES: dict[str, Source] = by_id(
    Source(
        LIVE,
        name="live feed",
        title="DeepStateMap (live history feed)",
        citation="DeepStateMap, deepstatemap.live/api/history",
        credit="DeepStateMap",
        provides="occupied, pre-2022, grey-zone and liberated areas, every update of the "
        "map at its own time (the history keeps each day's last, Kyiv time)",
        origin="DeepStateMap's own history of its map, as its site serves it",
        home="https://deepstatemap.live/",
        licence="DeepStateMap's public map; cite DeepStateMap",
        cadence_days=1,
        first_day=date(2022, 4, 3),
        last_day=None,
        # Stored under the update's id (its Unix time); the day is Kyiv's.
        naming=Naming("", UNIX_STAMP, timezone="Europe/Kyiv"),
        format=FEED_FORMAT,
        layers=(OCCUPIED, "pre2022", "grey", "liberated"),
        cli_name="live",
        base_url="https://deepstatemap.live/",
    ),
    Source(
        DAILY,
        name="daily archive",
        title="DeepStateMap",
        citation="DeepStateMap via github.com/cyterat/deepstate-map-data",
        credit="DeepStateMap",
        provides="the occupied area, one snapshot a day",
        origin="DeepStateMap's occupied-area layer, saved daily by the archive "
        "cyterat/deepstate-map-data",
        home="https://github.com/cyterat/deepstate-map-data",
        licence=_DEEPSTATE_ON_GITHUB,
        cadence_days=1,
        first_day=date(2024, 7, 8),
        last_day=None,
        naming=Naming("deepstatemap_data_", DAY_STAMP),
        format=DAILY_FORMAT,
        layers=(OCCUPIED,),
        cli_name="daily",
        base_url="https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/data/",
    ),
    Source(
        WEEKLY,
        name="weekly layered maps",
        title="DeepStateMap (weekly layered maps)",
        citation="DeepStateMap via github.com/DanielRose2310/deepstatemaps-history",
        credit="DeepStateMap",
        provides="occupied, pre-2022 and grey-zone areas, one snapshot a week",
        origin="DeepStateMap's full layered map, saved by DanielRose2310/deepstatemaps-history",
        home="https://github.com/DanielRose2310/deepstatemaps-history",
        licence=_DEEPSTATE_ON_GITHUB,
        cadence_days=7,
        first_day=date(2022, 4, 3),
        last_day=date(2025, 8, 3),
        naming=Naming("", UNIX_STAMP),
        format=LAYERED_FORMAT,
        layers=(OCCUPIED, "pre2022", "grey"),
        cli_name="layers",
    ),
)

# Where `frontline refresh` without --source and the app's Update button fetch from
# (`frontline.ingest.feed`).
DEFAULT_SOURCE = LIVE


@dataclass(frozen=True)
class NationalSource:
    """A source of one national figure a day, with no geometry: another count to set beside
    DeepStateMap's. Its table is fetched whole from `url`; the rows of type `row_type` give the
    km² on each day, and `counts` says, for the Sources page, what its figure counts."""

    id: str
    name: str
    title: str
    citation: str  # the series' `source` column, before the row's own file name
    credit: str  # its label on charts
    provides: str
    origin: str
    home: str
    licence: str
    cadence_days: int
    first_day: date
    url: str
    row_type: str
    counts: str
    cli_name: str  # `frontline refresh --source NAME`

    @property
    def cadence(self) -> str:
        return CADENCES.get(self.cadence_days, f"every {self.cadence_days} days")


ISW = "isw-economist"

NATIONAL_SOURCES: dict[str, NationalSource] = by_id(
    NationalSource(
        ISW,
        name="ISW's assessed control, as measured by The Economist",
        title="Institute for the Study of War, via The Economist",
        citation="Institute for the Study of War's control maps, measured by The Economist "
        "(github.com/TheEconomist/the-economist-war-fire-model)",
        credit="ISW (via The Economist)",
        provides="the territory of Ukraine ISW assesses as Russia-controlled, in km², one "
        "figure a day",
        origin="The Economist's daily table of the areas on ISW's maps, "
        "output-data/areas_of_control_daily_summary.csv of its war-fire model",
        home="https://github.com/TheEconomist/the-economist-war-fire-model",
        licence="The Economist's code MIT and its data CC BY 4.0 (cite The Economist); "
        "the maps measured are ISW's",
        cadence_days=1,
        first_day=date(2022, 2, 24),
        url="https://raw.githubusercontent.com/TheEconomist/the-economist-war-fire-model/"
        "master/output-data/areas_of_control_daily_summary.csv",
        row_type="Territory assessed as Russia-controlled",
        counts="the ground ISW assesses Russian forces control, judged each evening from "
        "geolocated footage, both sides' reports and its own analysis; ISW draws assessed "
        "Russian advances and claimed Russian control as layers of their own, which this "
        "figure leaves out",
        cli_name="isw",
    ),
)


def source(source_id: str) -> Source:
    """The registered source of an id; KeyError names the ids there are."""
    try:
        return SOURCES[source_id]
    except KeyError:
        raise KeyError(f"no source {source_id!r}: the sources are {', '.join(SOURCES)}") from None


def by_cli_name(name: str) -> Source | None:
    """The source a `--source` word names (`daily`, `layers`), if any."""
    return next((s for s in SOURCES.values() if s.cli_name == name), None)


def extra_layers() -> tuple[str, ...]:
    """The layers beside `occupied` any source has, in the order of `LAYERS`."""
    held = {layer for s in SOURCES.values() for layer in s.layers}
    return tuple(layer for layer in LAYERS if layer in held and layer != OCCUPIED)


def layer_columns() -> list[str]:
    """The figures table's columns for those layers: `pre2022_pct, pre2022_km2, grey_pct, ...`."""
    return [column for layer in extra_layers() for column in LAYERS[layer].columns]


def name_of(source_id: str) -> str:
    """A source's short name, or its id when it is not registered (an old store's)."""
    known = SOURCES.get(source_id)
    return known.name if known else source_id


def citation_of(source_id: str) -> str:
    """What the figures of a source cite, or its id when it is not registered."""
    known = SOURCES.get(source_id)
    return known.citation if known else source_id
