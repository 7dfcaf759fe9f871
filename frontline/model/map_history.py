"""The embedded map history: every stored day's outlines at display precision, in one GeoParquet.

A fresh clone has the figures (`data/control.csv`) but no store; this file gives it the map too.
The store keeps each oblast's occupied part of a day as the pieces of its lon/lat tiles, and a
tile the front did not cross keeps the very same piece from day to day. Each distinct piece is
simplified (about 100 m) and snapped to a grid once, and stored as one row valid over a run of
the source's snapshot dates. A piece's vertices on a tile's edge are kept where they are, so
the simplified pieces of neighbouring tiles still meet edge to edge and join without slivers.

Outlines at display precision are for drawing; figures always come from the full-precision
measurement (`control.csv` or the store).
"""

from __future__ import annotations

import hashlib
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from frontline.atomic import write_atomic
from frontline.config import DISPLAY_CRS, MAP_HISTORY
from frontline.ingest.geometry import keep_polygons
from frontline.ingest.measure import Region, to_area_crs
from frontline.ingest.store import Store

# Douglas-Peucker tolerance in degrees: 0.001° is about 110 m north-south, 75 m east-west here.
SIMPLIFY_DEG = 0.001
# Parts whose area over perimeter is small (islands, slivers) get a tolerance of this times it.
SMALL_PART_FACTOR = 0.02
# Coordinates are snapped to a grid of 2^-14 degrees (about 7 m by 5 m): well under the
# simplification, and a power of two, so the stored doubles end in zero bits and compress.
GRID_DEG = 2.0**-14
COLUMNS = ("source", "layer", "oblast", "first", "last")


class MapHistoryError(ValueError):
    """The embedded map history cannot be read or written."""


@dataclass(frozen=True)
class _Run:
    """One distinct piece, valid on every snapshot date of its series from `first` to `last`."""

    source: str
    layer: str
    oblast: str
    first: date
    last: date
    key: bytes


def build_map_history(
    store: Store, region: Region, *, full_precision: bool = False
) -> gpd.GeoDataFrame:
    """Every stored piece of every source, layer and drawn area, as runs of display outlines
    (or, with `full_precision`, of the pieces as stored).

    Rows are sorted by source, layer, oblast, first date and piece, so the same store gives the
    same table. Geometry is in EPSG:4326 (lon/lat), each row a Polygon or MultiPolygon.
    """
    edges = region.tile_edges()
    runs: list[_Run] = []
    outlines: dict[bytes, shapely.Geometry] = {}
    for source, layer in store.series():
        dates = store.dates(source, layer)
        by_area: dict[str, dict[date, list[bytes]]] = {}
        for piece in store.all_pieces(source, layer):
            if piece.oblast not in region.drawn or piece.oblast == region.total:
                continue
            keys = by_area.setdefault(piece.oblast, {}).setdefault(piece.date, [])
            for part in _stored_parts(piece.wkb, f"{source} {layer} {piece.date}"):
                key = hashlib.blake2b(part.wkb, digest_size=16).digest()
                if key not in outlines:
                    outlines[key] = part if full_precision else display_outline(part, edges)
                keys.append(key)
        for oblast, days in by_area.items():
            runs += _runs(source, layer, oblast, dates, days)
    runs = [run for run in runs if not outlines[run.key].is_empty]
    runs.sort(key=lambda r: (r.source, r.layer, r.oblast, r.first, r.last, r.key))
    frame = pd.DataFrame(
        {name: [getattr(run, name) for run in runs] for name in COLUMNS}, columns=list(COLUMNS)
    )
    geometry = [outlines[run.key] for run in runs]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=DISPLAY_CRS)


def _stored_parts(wkb: bytes, where: str) -> np.ndarray:
    """The polygons of a stored piece, as the refresh keeps them: tile by tile, in lon/lat."""
    geometry = shapely.from_wkb(wkb)
    if geometry.geom_type != "GeometryCollection":
        raise MapHistoryError(
            f"{where}: the store keeps this piece joined, as older versions did; "
            "refresh it to measure it again"
        )
    return shapely.get_parts(geometry)


def _runs(
    source: str, layer: str, oblast: str, dates: list[date], days: dict[date, list[bytes]]
) -> Iterator[_Run]:
    """Runs of consecutive snapshot dates over which each piece stays in the oblast's part."""
    open_: dict[bytes, date] = {}
    previous: date | None = None
    for day in dates:
        keys = set(days.get(day, ()))
        for key in sorted(set(open_) - keys):
            assert previous is not None
            yield _Run(source, layer, oblast, open_.pop(key), previous, key)
        for key in sorted(keys - set(open_)):
            open_[key] = day
        previous = day
    for key in sorted(open_):
        assert previous is not None
        yield _Run(source, layer, oblast, open_[key], previous, key)


def display_outline(
    part: shapely.Geometry, edges: tuple[np.ndarray, np.ndarray]
) -> shapely.Geometry:
    """A tile's polygon simplified to SIMPLIFY_DEG and snapped to GRID_DEG, valid, in lon/lat.

    Each ring is cut at its vertices on a tile edge (`edges`: the tiles' x and y lines), and only
    the stretches between them are simplified, so the neighbouring tile's piece keeps the same
    vertices on the shared edge. A ring that touches no tile edge is simplified whole.
    """
    # A small part is simplified less, so that its area stays within about 0.1 % (a ring's
    # simplification moves its area by much less than perimeter x tolerance: the moves cancel).
    tolerance = min(SIMPLIFY_DEG, SMALL_PART_FACTOR * part.area / part.length)
    rings = [_simplified_ring(part.exterior, edges, tolerance)]
    holes = [_simplified_ring(ring, edges, tolerance) for ring in part.interiors]
    polygon = shapely.Polygon(rings[0], [h for h in holes if len(h) >= 4])
    snapped = shapely.set_precision(shapely.make_valid(polygon), GRID_DEG)
    outline = keep_polygons(snapped)
    if len(outline.geoms) == 1:
        return outline.geoms[0]
    return outline


def _simplified_ring(
    ring: shapely.LinearRing, edges: tuple[np.ndarray, np.ndarray], tolerance: float
) -> np.ndarray:
    """A ring's coordinates, simplified between the vertices that lie on a tile edge."""
    xy = shapely.get_coordinates(ring)
    # The closing vertex repeats the first: only the open ring's vertices are looked at.
    on_edge = np.isin(xy[:-1, 0], edges[0]) | np.isin(xy[:-1, 1], edges[1])
    fixed = np.flatnonzero(on_edge)
    if len(fixed) == 0:
        return shapely.get_coordinates(shapely.simplify(shapely.Polygon(xy), tolerance))
    # Start the ring at a fixed vertex, then simplify each stretch from one fixed vertex to the
    # next: Douglas-Peucker keeps a line's ends.
    start = fixed[0]
    xy = np.vstack([xy[start:-1], xy[:start], xy[start : start + 1]])
    fixed = np.append(fixed - start, len(xy) - 1)
    kept = [xy[:1]]
    for a, b in itertools.pairwise(fixed):
        stretch = shapely.simplify(shapely.LineString(xy[a : b + 1]), tolerance)
        kept.append(shapely.get_coordinates(stretch)[1:])
    return np.vstack(kept)


def write_map_history(frame: gpd.GeoDataFrame, path: Path = MAP_HISTORY) -> int:
    """Write the history as GeoParquet, byte for byte the same for the same table; its size.

    Written to a temporary file and renamed into place. Row groups, compression and metadata
    are fixed, and nothing time-dependent (no writer timestamps) goes into the file.
    """
    sink = io.BytesIO()
    frame.to_parquet(
        sink,
        index=False,
        compression="zstd",
        compression_level=19,
        row_group_size=1 << 20,
        schema_version="1.0.0",
        write_covering_bbox=False,
    )
    data = sink.getvalue()
    write_atomic(path, data)
    return len(data)


class MapHistory:
    """The embedded outlines, read once, answering one date's pieces per source and layer."""

    def __init__(self, frame: gpd.GeoDataFrame) -> None:
        self._keys = frame[["source", "layer", "oblast"]].astype(str).to_numpy()
        self._first = pd.to_datetime(frame["first"]).dt.date.to_numpy()
        self._last = pd.to_datetime(frame["last"]).dt.date.to_numpy()
        self._geometry = np.asarray(frame.geometry.values, dtype=object)

    def __len__(self) -> int:
        return len(self._geometry)

    @property
    def oblasts(self) -> list[str]:
        """Every area the history has outlines of, sorted."""
        return sorted(set(self._keys[:, 2]))

    def pieces(
        self, day: date, oblasts: Iterable[str], source: str, layer: str
    ) -> dict[str, shapely.Geometry]:
        """Each of `oblasts` with outlines on `day` (a snapshot date of `source`), joined, in
        EPSG:3035 as the store's pieces are: edges densified, then projected."""
        names = list(oblasts)
        on_day = (
            (self._keys[:, 0] == source)
            & (self._keys[:, 1] == layer)
            & np.isin(self._keys[:, 2], names)
            & (self._first <= day)
            & (day <= self._last)
        )
        found: dict[str, shapely.Geometry] = {}
        for oblast in names:
            parts = self._geometry[on_day & (self._keys[:, 2] == oblast)]
            if len(parts):
                joined = keep_polygons(shapely.union_all(parts, grid_size=GRID_DEG))
                found[oblast] = to_area_crs(joined)
        return found

    def runs(
        self, days: Sequence[date], sources: Sequence[str], oblasts: Iterable[str], layer: str
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows of `oblasts` and `layer` (EPSG:3035, as `pieces` gives them, but not
        joined), and for each of `days`, with its source in `sources`, which rows it holds:
        a days by rows array of booleans."""
        rows = np.flatnonzero(
            (self._keys[:, 1] == layer) & np.isin(self._keys[:, 2], list(oblasts))
        )
        when = np.array(days, dtype=object)[:, None]
        on_day = (
            (np.array(sources, dtype=object)[:, None] == self._keys[rows, 0][None, :])
            & (self._first[rows][None, :] <= when)
            & (when <= self._last[rows][None, :])
        )
        return to_area_crs(self._geometry[rows]), on_day


def read_map_history(path: Path = MAP_HISTORY) -> MapHistory | None:
    """The embedded history, or None when the file is absent; MapHistoryError if unreadable."""
    frame = read_runs(path)
    return None if frame is None else MapHistory(frame)


def read_runs(path: Path = MAP_HISTORY) -> gpd.GeoDataFrame | None:
    """The embedded history's rows (COLUMNS and geometry, lon/lat), or None when the file is
    absent; MapHistoryError if unreadable."""
    if not path.is_file():
        return None
    try:
        frame = gpd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as err:
        raise MapHistoryError(f"{path.name} cannot be read: {err}") from err
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise MapHistoryError(f"{path.name} lacks columns: {', '.join(missing)}")
    return frame
