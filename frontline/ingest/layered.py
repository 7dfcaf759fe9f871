"""DeepState's layered map (every status named): one valid geometry per status, and its source.

A layered file holds DeepState's whole map as many named features: polygons for each status
(see `frontline.ingest.layers`) beside points and lines (places, notes), which carry no area
and are ignored. A polygon whose status neither its name nor its colour tells fails the whole
file, with every such polygon named: a week with an unknown piece is left out of the history
rather than measured without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
    SnapshotError,
    check_lonlat,
    crs_of,
    may_hold_booleans,
    polygonal,
    to_wgs84,
)
from frontline.ingest.sources import Entry, FolderSource
from frontline.ingest.store import Fingerprint, Record
from frontline.registry import (
    DAILY,
    DAILY_FORMAT,
    FEED_FORMAT,
    LAYERED_FORMAT,
    LAYERED_FORMATS,
    LAYERS,
    OCCUPIED,
    WEEKLY,
    Layer,
)
from frontline.registry import source as registered

_AREAL = frozenset({"Polygon", "MultiPolygon", "GeometryCollection"})


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
    data: bytes, name: str, statuses: tuple[Status, ...], format: str = LAYERED_FORMAT
) -> dict[Status, list[shapely.Geometry]]:
    """The polygons of each of `statuses` in a layered file, as drawn (not yet merged)."""
    doc = _load(data, name, format)
    crs = crs_of(doc, name)
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
        area = polygonal(geometry, name, booleans)
        if area.is_empty:
            continue
        if status is None:
            unknown.append(
                f"feature {index} (name {properties.get('name')!r}, "
                f"fill {properties.get('fill')!r})"
            )
            continue
        found[status].append(to_wgs84(area, crs, name) if crs is not None else area)
    if unknown:
        raise SnapshotError(name, "polygons of unknown status: " + "; ".join(unknown))
    return found


def _load(data: bytes, name: str, format: str = LAYERED_FORMAT) -> dict[str, Any]:
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as err:
        raise SnapshotError(name, f"not valid JSON ({err})") from err
    if format == FEED_FORMAT:
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
    check_lonlat(shapely.box(*bounds[:, :2].min(axis=0), *bounds[:, 2:].max(axis=0)), name)
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
    data: bytes, entry: Entry, fingerprint: Fingerprint, region: Region, source_id: str = WEEKLY
) -> LayeredDay:
    """The layers the source has (see `frontline.registry`), from one layered file, measured
    against the region.

    Each layer is the union of its statuses' polygons (`occupied` is everything occupied, since
    and before 2022, as in the daily archive), less the layers it is `without`: where a grey
    polygon overlaps an occupied one, the area counts as occupied, so no km² is counted twice.
    """
    layers = [LAYERS[layer] for layer in registered(source_id).layers]
    statuses = tuple(s for s in Status if any(s.value in layer.statuses for layer in layers))
    found = _areas(data, entry.name, statuses, registered(source_id).format)
    box = region.clip_box
    parts = {s.value: _parts(found[s], entry.name, box) for s in statuses}
    near = {status: pair[0] for status, pair in parts.items()}
    drawn = {layer.id: _drawn(layer, near) for layer in layers}
    far = {status: pair[1] for status, pair in parts.items()}
    outside = outside_share(drawn[OCCUPIED], _drawn(LAYERS[OCCUPIED], far), box)
    # Each layer's polygons go to the region as drawn, overlapping: the union of each layer and
    # its difference with the layers it is without are done only in the tiles that changed
    # since the snapshot before, not on the whole map every time.
    front = region.measure_front(drawn[OCCUPIED])
    records = tuple(
        Record(
            source_id,
            layer.id,
            entry.date,
            entry.name,
            fingerprint,
            tuple(
                region.measure(
                    drawn[layer.id],
                    layer.id,
                    overlapping=True,
                    without=_drawn_together(layer.without, drawn),
                )
            ),
            region.fingerprint,
            front if layer.id == OCCUPIED else None,
        )
        for layer in layers
    )
    return LayeredDay(records, outside)


def _drawn(layer: Layer, parts: dict[str, np.ndarray]) -> np.ndarray:
    return np.concatenate([parts[status] for status in layer.statuses])


def _drawn_together(ids: tuple[str, ...], drawn: dict[str, np.ndarray]) -> np.ndarray | None:
    return np.concatenate([drawn[layer] for layer in ids]) if ids else None


class LayeredFolderSource(FolderSource):
    """A folder of DeepState layered maps, named as the source names them (by default the
    weekly archive's, by the map's Unix time in UTC seconds).

    The snapshot date is the UTC date of the timestamp. When two files fall on one UTC day,
    the later one stands for the day, as the last map published that day.
    """

    def __init__(self, folder: Path | str, source_id: str = WEEKLY) -> None:
        super().__init__(folder, source_id)

    def entries(self) -> tuple[list[Entry], list[SnapshotError]]:
        """Every day's latest file, oldest first; unusable files come back as errors."""
        found, errors = super().entries()
        latest: dict[date, Entry] = {}
        for entry in found:
            known = latest.get(entry.date)
            stamp = self.naming.stamp_of
            if known is None or stamp(entry.name) > stamp(known.name):
                latest[entry.date] = entry
        return [latest[day] for day in sorted(latest)], errors


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


# The source a folder is stored as, by its format.
FOLDER_SOURCES = {DAILY_FORMAT: DAILY, LAYERED_FORMAT: WEEKLY}


def open_folder(
    folder: Path | str, format: str | None = None, source_id: str | None = None
) -> FolderSource:
    """The source for a folder: `source_id`'s files if given, else those of the archive of
    `format` (daily or layered), else of the format sniffed from the folder.

    A folder without a single file named as that source names its files is refused
    (SnapshotError) before anything is read: refreshed, it would mark every stored day as gone
    from it.
    """
    chosen = source_id or FOLDER_SOURCES[format or sniff_format(folder)]
    if registered(chosen).format in LAYERED_FORMATS:
        source: FolderSource = LayeredFolderSource(folder, chosen)
    else:
        source = FolderSource(folder, chosen)
    names = [path.name for path in Path(folder).iterdir()]
    candidates = {chosen, *FOLDER_SOURCES.values()}
    count = {
        s: sum(1 for n in names if registered(s).naming.pattern.fullmatch(n)) for s in candidates
    }
    if count[chosen] == 0:
        others = [s for s in FOLDER_SOURCES.values() if s != chosen and count[s]]
        hint = "".join(
            f"; it holds {count[s]} {registered(s).format} file(s) ({registered(s).naming.shown})"
            f": use --format {registered(s).format}"
            for s in others
        )
        raise SnapshotError(
            str(folder),
            f"holds no {registered(chosen).format} snapshot file "
            f"({registered(chosen).naming.shown}){hint}; nothing was changed",
        )
    return source
