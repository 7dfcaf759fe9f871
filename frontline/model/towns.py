"""How much of each town is occupied, its three states, and their history over the snapshots.

A town's extent is a circle around its GeoNames point whose area is its population at
DENSITY_PER_KM2 (never smaller than MIN_RADIUS_KM), cut to the two oblasts: no shipped source
of built-up areas covers them, so the circle stands in for the town and is named as such
wherever a share is shown. The share is the part of that extent inside the occupied area, and
the state follows from it: outside below CONTESTED_FROM, inside from INSIDE_FROM, contested in
between.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline.config import AREA_CRS
from frontline.ingest.store import UnreadableDay
from frontline.model.boundaries import load_oblasts
from frontline.model.events import COLUMNS as EVENT_COLUMNS
from frontline.model.events import DERIVED
from frontline.projection import to_area

# A town's circle holds its people at this density (urban Donbas: 1,500-3,000 people per km²).
DENSITY_PER_KM2 = 2_000.0
# A village's circle is never smaller than this, nor one whose population GeoNames lacks.
MIN_RADIUS_KM = 0.5
# Below this share a town is outside: a sliver of its circle is the line's width, not a fight.
CONTESTED_FROM = 0.02
# From this share a town is inside: all but a margin of outskirts the map may still leave out.
# Checked against the reported dates of eight towns (geo/README.md): at 0.85 Bakhmut went
# inside two weeks before it was reported taken, at 0.92 Sievierodonetsk a week after.
INSIDE_FROM = 0.90
# Derived events are written for places of at least this many people; smaller ones keep
# their history (the town search), without filling the timeline.
EVENT_MIN_POPULATION = 1_000
CIRCLE_QUAD_SEGS = 16

OUTSIDE, CONTESTED, INSIDE = "outside", "contested", "inside"
STATES = (OUTSIDE, CONTESTED, INSIDE)
METHOD = (
    f"a circle around the town's GeoNames point holding its population at "
    f"{DENSITY_PER_KM2:,.0f} people per km² (a radius of at least {MIN_RADIUS_KM} km), "
    "less any part beyond Donetsk and Luhansk oblasts (sea, border); "
    f"outside below {CONTESTED_FROM:.0%} of it occupied, contested from {CONTESTED_FROM:.0%}, "
    f"inside from {INSIDE_FROM:.0%}"
)

PiecesOn = Callable[[date], Mapping[str, shapely.Geometry]]


def radius_km(population: np.ndarray) -> np.ndarray:
    """Each town's circle radius: its population at DENSITY_PER_KM2, at least MIN_RADIUS_KM."""
    area = np.asarray(population, dtype=float) / DENSITY_PER_KM2
    return np.maximum(np.sqrt(area / np.pi), MIN_RADIUS_KM)


@lru_cache(maxsize=1)
def measured_land() -> shapely.Geometry:
    """The two oblasts in EPSG:3035: the only ground the occupied pieces can cover."""
    land = shapely.union_all(to_area(load_oblasts().geometry.to_numpy()))
    shapely.prepare(land)
    return land


def town_extents(towns: gpd.GeoDataFrame) -> np.ndarray:
    """Each town's circle in EPSG:3035, from its point and `population`, less what lies
    beyond the two oblasts (the sea off Mariupol, Russia beyond the border), which no
    snapshot measures."""
    points = towns.geometry.to_crs(AREA_CRS).to_numpy()
    radii = radius_km(towns["population"].to_numpy()) * 1_000
    circles = shapely.buffer(points, radii, quad_segs=CIRCLE_QUAD_SEGS)
    land = measured_land()
    edge = ~shapely.contains(land, circles)
    circles[edge] = shapely.intersection(circles[edge], land)
    return circles


def occupied_shares(extents: np.ndarray, pieces: Mapping[str, shapely.Geometry]) -> np.ndarray:
    """The share (0-1) of each extent (EPSG:3035) inside the occupied pieces (EPSG:3035).

    The pieces (one per oblast) do not overlap, so a town on an oblast's edge adds its parts.
    Only the circles the line crosses are overlaid, on the piece clipped to their box.
    """
    areas = shapely.area(extents)
    occupied = np.zeros(len(extents))
    for piece in pieces.values():
        if piece is None or piece.is_empty:
            continue
        shapely.prepare(piece)
        within = shapely.contains(piece, extents)
        occupied[within] += areas[within]
        for i in np.flatnonzero(shapely.intersects(piece, extents) & ~within):
            near = shapely.clip_by_rect(piece, *extents[i].bounds)
            occupied[i] += shapely.area(shapely.intersection(near, extents[i]))
    return as_shares(occupied, extents)


def as_shares(occupied: np.ndarray, extents: np.ndarray) -> np.ndarray:
    """Occupied m² of each extent (the last axis) as its share, 0-1; 0 for an empty extent."""
    areas = shapely.area(extents)
    measured = areas > 0
    shares = np.zeros(np.shape(occupied))
    shares[..., measured] = occupied[..., measured] / areas[measured]
    return np.clip(shares, 0.0, 1.0)


def state_of(shares: np.ndarray | float) -> np.ndarray:
    """The state of each share: OUTSIDE, CONTESTED or INSIDE."""
    shares = np.asarray(shares, dtype=float)
    return np.select(
        [shares >= INSIDE_FROM, shares >= CONTESTED_FROM], [INSIDE, CONTESTED], OUTSIDE
    )


def share_table(towns: gpd.GeoDataFrame, days: Sequence[date], pieces_on: PiecesOn) -> pd.DataFrame:
    """Every town's occupied share on every date: one row per date, one column per town `id`.

    A date whose stored geometry cannot be read (`UnreadableDay`) has no row: one damaged day
    costs that day, not every town's history.
    """
    extents = town_extents(towns)
    shares, read = [], []
    for day in days:
        try:
            pieces = pieces_on(day)
        except UnreadableDay:
            continue
        shares.append(occupied_shares(extents, pieces))
        read.append(day)
    rows = np.array(shares).reshape(len(read), len(towns))
    return frame_of(rows, read, towns["id"])


def run_share_table(
    towns: gpd.GeoDataFrame, days: Sequence[date], runs: np.ndarray, on_day: np.ndarray
) -> pd.DataFrame:
    """`share_table` from pieces each valid on many dates, as the embedded map history keeps
    them: `runs` (EPSG:3035, pieces that do not overlap) and `on_day` (dates by runs, whether
    each run is part of the occupied area on each date).

    Each run is overlaid with the towns once, not once per date, and a date's share is the sum
    over its runs: the same figures as measuring each date's joined pieces, in a fraction of
    the time. Only the towns a run's edge crosses are intersected with it (about one pair in
    eight); a town wholly inside a run adds its whole extent.
    """
    extents = town_extents(towns)
    tree = shapely.STRtree(extents)
    run, town = tree.query(runs, predicate="intersects")
    within_run, within_town = tree.query(runs, predicate="contains")
    crossed = ~np.isin(run * len(extents) + town, within_run * len(extents) + within_town)
    run, town = run[crossed], town[crossed]
    inside = np.zeros((len(runs), len(extents)))
    inside[within_run, within_town] = shapely.area(extents[within_town])
    np.add.at(inside, (run, town), shapely.area(shapely.intersection(runs[run], extents[town])))
    rows = as_shares(on_day.astype(float) @ inside, extents)
    return frame_of(rows, days, towns["id"])


def frame_of(rows: np.ndarray, days: Sequence[date], ids: Sequence[int]) -> pd.DataFrame:
    """Shares as a table indexed by date with one column per town id."""
    return pd.DataFrame(
        rows, index=pd.Index(list(days), name="date"), columns=[int(i) for i in ids]
    )


def states_table(shares: pd.DataFrame) -> pd.DataFrame:
    """The state of every town on every date, in the shape of `shares`."""
    return pd.DataFrame(state_of(shares.to_numpy()), index=shares.index, columns=shares.columns)


@dataclass(frozen=True)
class Period:
    """A run of snapshots in which a town stayed in one state.

    `first` and `last` are the first and last snapshots of the run; `before` is the snapshot
    just before it (None for the first run), so the state began after `before` and on or
    before `first`. `share_first` and `share_last` are the occupied shares on those two days.
    """

    state: str
    first: date
    last: date
    before: date | None
    share_first: float
    share_last: float


def town_periods(shares: pd.DataFrame, town: int) -> list[Period]:
    """A town's whole history as the runs of its states, oldest first."""
    values = shares[town].to_numpy()
    states = state_of(values)
    days = list(shares.index)
    if not days:
        return []
    starts = [0, *(np.flatnonzero(states[1:] != states[:-1]) + 1).tolist()]
    ends = [*(s - 1 for s in starts[1:]), len(days) - 1]
    return [
        Period(
            str(states[s]),
            days[s],
            days[e],
            days[s - 1] if s else None,
            float(values[s]),
            float(values[e]),
        )
        for s, e in zip(starts, ends, strict=True)
    ]


@dataclass(frozen=True)
class TownChange:
    """A town whose state differs between two dates, and when it first left its first state."""

    id: int
    state_before: str
    state_after: str
    share_before: float
    share_after: float
    changed_on: date
    previous_snapshot: date


def town_changes(shares: pd.DataFrame, start: date, end: date) -> list[TownChange]:
    """The towns in one state on `start` and another on `end`, with the first snapshot after
    `start` on which each was no longer in its state of `start`; in the order they changed."""
    window = shares.loc[(shares.index >= start) & (shares.index <= end)]
    if window.empty:
        return []
    states = state_of(window.to_numpy())
    changed = []
    for j in np.flatnonzero(states[0] != states[-1]):
        at = int(np.argmax(states[:, j] != states[0, j]))
        changed.append(
            TownChange(
                int(window.columns[j]),
                str(states[0, j]),
                str(states[-1, j]),
                float(window.iat[0, j]),
                float(window.iat[-1, j]),
                window.index[at],
                window.index[at - 1],
            )
        )
    return sorted(changed, key=lambda c: (c.changed_on, c.id))


def format_state(state: str, share: float) -> str:
    """`inside (96 % occupied)`, `contested (35 % occupied)`, `outside`."""
    if state == OUTSIDE and share < 0.005:
        return OUTSIDE
    return f"{state} ({share:.0%} occupied)".replace("%", " %")


def derived_events(shares: pd.DataFrame, towns: gpd.GeoDataFrame) -> pd.DataFrame:
    """Every change of state of a town of EVENT_MIN_POPULATION or more between consecutive
    snapshots, as timeline events.

    Columns as `events.load_events` gives them; category `derived`, the source naming the two
    snapshot dates compared.
    """
    by_id = towns.set_index("id")
    large = by_id.index[by_id["population"] >= EVENT_MIN_POPULATION]
    shares = shares[[c for c in shares.columns if c in large]]
    values = shares.to_numpy()
    states = state_of(values)
    days = list(shares.index)
    rows = []
    for i, j in zip(*np.nonzero(states[1:] != states[:-1]), strict=True):
        before, after = days[i], days[i + 1]
        town = by_id.loc[shares.columns[j]]
        then = format_state(str(states[i, j]), float(values[i, j]))
        now = format_state(str(states[i + 1, j]), float(values[i + 1, j]))
        rows.append(
            {
                "date": after,
                "date_precision": "day",
                "title": f"{town['name']}: {states[i, j]} → {states[i + 1, j]}",
                "summary": (
                    f"{town['name']} ({town['oblast']} oblast) was {then} on "
                    f"{before.isoformat()} and {now} on {after.isoformat()}, measured by "
                    "frontline on the two DeepStateMap snapshots over a circle standing for "
                    "the town."
                ),
                "category": DERIVED,
                "place": town["name"],
                "lat": float(town.geometry.y),
                "lon": float(town.geometry.x),
                "source": (
                    f"DeepStateMap snapshots of {before.isoformat()} and {after.isoformat()}"
                ),
                "date_end": after,
                "source_detail": "",
            }
        )
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
