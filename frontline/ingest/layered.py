"""DeepState's layered map (`UNIXTIME.geojson`): one valid geometry per status, and its source.

A layered file holds DeepState's whole map as many named features: polygons for each status
(see `frontline.ingest.layers`) beside points and lines (places, notes), which carry no area
and are ignored. A polygon whose status neither its name nor its colour tells fails the whole
file, with every such polygon named: a week with an unknown piece is left out of the history
rather than measured without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import shapely

from frontline.ingest.geometry import (
    POLYGONAL,
    Box,
    keep_polygons,
    outside_share,
    split_by_box,
    valid_parts,
)
from frontline.ingest.layers import Status, classify
from frontline.ingest.measure import Region
from frontline.ingest.snapshots import (
    SNAPSHOT_NAME,
    SnapshotError,
    _check_lonlat,
    _crs_of,
    _polygonal,
    _to_wgs84,
    may_hold_booleans,
)
from frontline.ingest.sources import Entry, FolderSource
from frontline.ingest.store import LAYERS, LIVE, OCCUPIED, Fingerprint, Record

LAYERED_NAME = re.compile(r"^(\d{9,11})\.geojson$")

# The layers the store keeps, as the daily archive means "occupied": everything occupied,
# before and since 2022. Liberated and outside areas are parsed but not stored.
PRE2022 = Status.PRE2022.value
GREY = Status.GREY.value
STORED_LAYERS = (OCCUPIED, PRE2022, GREY)
# The sources whose days are DeepState's whole layered map: the weekly archive and the feed.
LAYERED_SOURCES = (LAYERS, LIVE)
MEASURED = (Status.PRE2022, Status.GREY)

DAILY_FORMAT = "daily"
LAYERED_FORMAT = "layered"
SNAPSHOT_FORMATS = (DAILY_FORMAT, LAYERED_FORMAT)

# How each format's files are named, in words and as a pattern.
NAMES = {
    DAILY_FORMAT: ("deepstatemap_data_YYYYMMDD.geojson", SNAPSHOT_NAME),
    LAYERED_FORMAT: ("UNIXTIME.geojson", LAYERED_NAME),
}

_AREAL = frozenset({"Polygon", "MultiPolygon", "GeometryCollection"})


def date_from_timestamp_name(name: str) -> date:
    """The UTC date of the timestamp in a `UNIXTIME.geojson` file name."""
    match = LAYERED_NAME.match(name)
    if not match:
        raise SnapshotError(name, "not a UNIXTIME.geojson file name")
    return datetime.fromtimestamp(int(match.group(1)), tz=UTC).date()


def parse_layered(
    data: bytes,
    name: str = "<layered snapshot>",
    within: tuple[float, float, float, float] | None = None,
    statuses: tuple[Status, ...] = tuple(Status),
) -> dict[Status, shapely.Geometry]:
    """Each of `statuses`' area in a layered file, in WGS84 longitude/latitude, made valid.

    Polygons of one status are unioned, so overlaps count once; statuses are returned as
    DeepState drew them and may overlap each other. With `within` (a lon/lat box), polygons
    wholly outside it are dropped before repair, as in `parse_snapshot`, and the rest cut to
    it. Every polygon is classified, whichever statuses are asked for; only the polygons of
    those statuses are read as geometry. Raises
    `SnapshotError` for unreadable files and for polygons no rule classifies.
    """
    found = _areas(data, name, statuses)
    return {status: _merge(found[status], name, within) for status in statuses}


def _areas(
    data: bytes, name: str, statuses: tuple[Status, ...], source: str = LAYERS
) -> dict[Status, list[shapely.Geometry]]:
    """The polygons of each of `statuses` in a layered file, as drawn (not yet merged)."""
    doc = _load(data, name, source)
    crs = _crs_of(doc, name)
    found: dict[Status, list[shapely.Geometry]] = {status: [] for status in Status}
    wanted = frozenset(statuses)
    unknown: list[str] = []
    booleans = may_hold_booleans(data)
    for index, feature in enumerate(_features(doc, name)):
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in _AREAL:
            continue
        properties = feature.get("properties") or {}
        status = classify(properties.get("name"), properties.get("fill"))
        # Most polygons are of statuses the caller does not want: their coordinates are
        # never turned into geometry.
        if status is not None and status not in wanted:
            continue
        area = _polygonal(geometry, name, booleans)
        if area.is_empty:
            continue
        if status is None:
            unknown.append(
                f"feature {index} (name {properties.get('name')!r}, "
                f"fill {properties.get('fill')!r})"
            )
            continue
        found[status].append(_to_wgs84(area, crs, name) if crs is not None else area)
    if unknown:
        raise SnapshotError(name, "polygons of unknown status: " + "; ".join(unknown))
    return found


def _load(data: bytes, name: str, source: str = LAYERS) -> dict[str, Any]:
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as err:
        raise SnapshotError(name, f"not valid JSON ({err})") from err
    if source == LIVE:
        return feed_collection(doc, name)
    if not _is_collection(doc):
        raise SnapshotError(name, "a layered map must be a GeoJSON FeatureCollection")
    return doc


def feed_collection(doc: Any, name: str) -> dict[str, Any]:
    """The FeatureCollection of a feed's map body, in one of the shapes public clients show.

    `/api/history/{id}/geojson` gives the FeatureCollection itself; `/api/history/last` gives
    an object whose `map` is one, which one client also received as a JSON-encoded string.
    Anything else raises SnapshotError naming what came.
    """
    if _is_collection(doc):
        return doc
    if isinstance(doc, str):
        try:
            doc = orjson.loads(doc)
        except orjson.JSONDecodeError:
            raise SnapshotError(name, "a JSON string that does not hold JSON") from None
        if not (isinstance(doc, dict) and _is_collection(doc.get("map"))):
            raise SnapshotError(name, f"a JSON string holding {json_shape(doc)}, not a map")
    if isinstance(doc, dict) and _is_collection(doc.get("map")):
        return doc["map"]
    raise SnapshotError(
        name,
        f"an unknown body: {json_shape(doc)} (expected a GeoJSON FeatureCollection, "
        'or {"map": FeatureCollection})',
    )


def _is_collection(doc: Any) -> bool:
    return isinstance(doc, dict) and doc.get("type") == "FeatureCollection"


def json_shape(doc: Any) -> str:
    """A few words on what a JSON value is, for a message."""
    if isinstance(doc, dict):
        keys = ", ".join(repr(k) for k in list(doc)[:5])
        kind = f" of type {doc['type']!r}" if isinstance(doc.get("type"), str) else ""
        return f"a JSON object{kind} with keys {keys or 'none'}"
    if isinstance(doc, list):
        return f"a JSON array of {len(doc)} item(s)"
    return f"a JSON {type(doc).__name__}"


def _features(doc: dict[str, Any], name: str) -> list[dict[str, Any]]:
    features = doc.get("features")
    if not isinstance(features, list):
        raise SnapshotError(name, "FeatureCollection without a `features` list")
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise SnapshotError(name, f"feature {i} is not a GeoJSON Feature")
    return features


def _merge(
    areas: list[shapely.Geometry], name: str, within: tuple[float, float, float, float] | None
) -> shapely.Geometry:
    """One valid geometry from a status's polygons, keeping only those that reach `within`."""
    parts = _parts(areas, name, within)[0]
    if len(parts) == 0:
        return shapely.MultiPolygon()
    if within is not None:
        # Cut to the box before the union: outside it nothing is measured, and the union
        # (and the layers' overlay after it) then works on a fraction of the vertices.
        parts = shapely.clip_by_rect(parts, *within)
    return _only_polygons(shapely.union_all(parts))


def _parts(
    areas: list[shapely.Geometry], name: str, within: Box | None
) -> tuple[np.ndarray, np.ndarray]:
    """A status's polygons, each valid, that reach `within` (they may overlap one another), and
    those wholly outside it, as drawn."""
    parts = shapely.get_parts(areas)
    far = parts[:0]
    if len(parts) == 0:
        return parts, far
    bounds = shapely.bounds(parts)
    _check_lonlat(shapely.box(*bounds[:, :2].min(axis=0), *bounds[:, 2:].max(axis=0)), name)
    if within is not None:
        parts, far = split_by_box(parts, within)
    return valid_parts(parts), far


def _only_polygons(geometry: shapely.Geometry) -> shapely.Geometry:
    """Repair and overlay may leave lines beside polygons: the union keeps the polygons valid."""
    if geometry.geom_type in POLYGONAL:
        return geometry
    return shapely.union_all(keep_polygons(geometry))


def is_layered(doc: object) -> bool:
    """Whether a parsed GeoJSON document is a layered map: named features, not one bare area."""
    if not isinstance(doc, dict) or not isinstance(doc.get("features"), list):
        return False
    return any(
        isinstance(f, dict) and "name" in (f.get("properties") or {}) for f in doc["features"]
    )


@dataclass(frozen=True)
class LayeredDay:
    """The stored layers of one layered file, and the share of its occupied area outside the
    region's box (see `plausibility`)."""

    records: tuple[Record, ...]
    outside_share: float


def records_from_layered(
    data: bytes, entry: Entry, fingerprint: Fingerprint, region: Region, source: str = LAYERS
) -> LayeredDay:
    """The stored layers of one layered file, measured against the region.

    `occupied` is everything occupied (since and before 2022), as in the daily archive. The
    grey zone is what DeepState left uncertain outside it: where a grey polygon overlaps an
    occupied one, the area counts as occupied, so no km² is counted in two layers.
    """
    found = _areas(data, entry.name, (Status.OCCUPIED, *MEASURED), source)
    box = region.clip_box
    pre2022, pre2022_far = _parts(found[Status.PRE2022], entry.name, box)
    since, since_far = _parts(found[Status.OCCUPIED], entry.name, box)
    occupied = np.concatenate([since, pre2022])
    outside = outside_share(occupied, np.concatenate([since_far, pre2022_far]), box)
    grey = _parts(found[Status.GREY], entry.name, box)[0]
    # Each layer's polygons go to the region as drawn, overlapping: the union of each layer and
    # the grey zone's difference with the occupied area are done only in the tiles that changed
    # since the week before, not on the whole map every week.
    measured = {
        OCCUPIED: region.measure(occupied, OCCUPIED, overlapping=True),
        PRE2022: region.measure(pre2022, PRE2022, overlapping=True),
        GREY: region.measure(grey, GREY, overlapping=True, without=occupied),
    }
    records = tuple(
        Record(
            source,
            layer,
            entry.date,
            entry.name,
            fingerprint,
            tuple(measured[layer]),
            region.fingerprint,
        )
        for layer in STORED_LAYERS
    )
    return LayeredDay(records, outside)


class LayeredFolderSource(FolderSource):
    """A folder of DeepState layered maps named `UNIXTIME.geojson` (UTC seconds).

    The snapshot date is the UTC date of the timestamp. When two files fall on one UTC day,
    the later one stands for the day, as the last map published that day.
    """

    source_id = LAYERS

    def is_snapshot(self, name: str) -> bool:
        return name.endswith(".geojson")

    def date_of(self, name: str) -> date:
        return date_from_timestamp_name(name)

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
        """Every day's latest file, oldest first; unusable files come back as errors."""
        found, errors = super().entries()
        latest: dict[date, Entry] = {}
        for entry in found:
            known = latest.get(entry.date)
            if known is None or _stamp(entry.name) > _stamp(known.name):
                latest[entry.date] = entry
        return [latest[day] for day in sorted(latest)], errors


def _stamp(name: str) -> int:
    match = LAYERED_NAME.match(name)
    assert match is not None  # entries are only made of names date_of accepted
    return int(match.group(1))


def sniff_format(folder: Path | str) -> str:
    """`layered` or `daily`, from the content of the folder's first GeoJSON file."""
    if not Path(folder).is_dir():
        raise FileNotFoundError(f"snapshot folder {folder} does not exist")
    files = sorted(Path(folder).glob("*.geojson"))
    if not files:
        return DAILY_FORMAT  # nothing to read either way; the daily source says so
    try:
        doc = orjson.loads(files[0].read_bytes())
    except (OSError, orjson.JSONDecodeError) as err:
        raise SnapshotError(files[0].name, f"cannot tell its format ({err})") from err
    return LAYERED_FORMAT if is_layered(doc) else DAILY_FORMAT


def open_folder(folder: Path | str, format: str | None = None) -> FolderSource:
    """The source for a folder: `format` (daily or layered) if given, else sniffed from it.

    A folder without a single file named as that format names its files is refused (SnapshotError)
    before anything is read: refreshed, it would mark every stored day as gone from it.
    """
    chosen = format or sniff_format(folder)
    source = LayeredFolderSource(folder) if chosen == LAYERED_FORMAT else FolderSource(folder)
    names = [path.name for path in Path(folder).iterdir()]
    count = {
        kind: sum(1 for n in names if pattern.fullmatch(n)) for kind, (_, pattern) in NAMES.items()
    }
    if count[chosen] == 0:
        other = LAYERED_FORMAT if chosen == DAILY_FORMAT else DAILY_FORMAT
        hint = (
            f"; it holds {count[other]} {other} file(s) ({NAMES[other][0]}): use --format {other}"
            if count[other]
            else ""
        )
        raise SnapshotError(
            str(folder),
            f"holds no {chosen} snapshot file ({NAMES[chosen][0]}){hint}; nothing was changed",
        )
    return source
