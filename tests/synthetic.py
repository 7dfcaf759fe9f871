"""Snapshot files made in code: GeoJSON written the way the DeepStateMap archive writes it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import shapely

CRS84 = "urn:ogc:def:crs:OGC:1.3:CRS84"


def feature_collection(
    geometries: list[shapely.Geometry] | list[dict[str, Any]], crs: str | None = CRS84
) -> dict[str, Any]:
    """A FeatureCollection of the geometries (shapely objects or raw GeoJSON dicts)."""
    features = [
        {
            "type": "Feature",
            "properties": {},
            "geometry": g if isinstance(g, dict) else shapely.geometry.mapping(g),
        }
        for g in geometries
    ]
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs is not None:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return doc


def snapshot_name(day: date) -> str:
    return f"deepstatemap_data_{day:%Y%m%d}.geojson"


def write_snapshot(
    folder: Path,
    day: date,
    geometries: list[shapely.Geometry] | list[dict[str, Any]],
    crs: str | None = CRS84,
) -> Path:
    """Write one day's snapshot file into `folder` and return its path."""
    path = folder / snapshot_name(day)
    path.write_text(json.dumps(feature_collection(geometries, crs)))
    return path


def bow_tie(x0: float, y0: float, size: float) -> dict[str, Any]:
    """A self-intersecting ring: two triangles meeting at the centre (invalid as a polygon)."""
    ring = [
        [x0, y0],
        [x0 + size, y0 + size],
        [x0 + size, y0],
        [x0, y0 + size],
        [x0, y0],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def west_of(meridian: float) -> shapely.Geometry:
    """Occupied area: everything west of `meridian` across the region's latitudes."""
    return shapely.box(30.0, 44.0, meridian, 53.0)


def make_days(folder: Path, count: int, start: date = date(2026, 1, 1)) -> list[date]:
    """`count` consecutive days whose occupied area grows eastward by 0.05° a day."""
    days = [start + timedelta(days=i) for i in range(count)]
    for i, day in enumerate(days):
        write_snapshot(folder, day, [west_of(37.5 + 0.05 * i)])
    return days
