"""Snapshot files made in code: GeoJSON written the way the DeepStateMap archive writes it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
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


def layered_feature(
    geometry: shapely.Geometry | dict[str, Any], name: str, fill: str = "#123456"
) -> dict[str, Any]:
    """One feature of DeepState's layered map, named and filled as DeepState's editors did."""
    return {
        "type": "Feature",
        "properties": {"name": name, "fill": fill, "styleUrl": "#poly-000000"},
        "geometry": geometry if isinstance(geometry, dict) else shapely.geometry.mapping(geometry),
    }


def noon(day: date) -> int:
    """A live-feed update's id on `day`: noon UTC, 14:00 in Kyiv, the same day."""
    return int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp())


def write_layered(folder: Path, timestamp: int, features: list[dict[str, Any]]) -> Path:
    """Write a layered map as `UNIXTIME.geojson`, with a place marker beside the polygons."""
    marker = layered_feature(shapely.Point(37.8, 48.0), "Бахмут /// Bakhmut")
    path = folder / f"{timestamp}.geojson"
    doc = {"type": "FeatureCollection", "features": [marker, *features]}
    path.write_text(json.dumps(doc, ensure_ascii=False))
    return path


def donbas_week(folder: Path, timestamp: int, occupied_east_of: float) -> Path:
    """A week with ORDLO, an occupied strip west of it and a grey band overlapping both."""
    return write_layered(
        folder,
        timestamp,
        [
            layered_feature(shapely.box(38.5, 47, 40.5, 50.5), "ОРДЛО", "#000000"),
            layered_feature(shapely.box(occupied_east_of, 47, 38.5, 50.5), "Окуповано", "#a52714"),
            layered_feature(
                shapely.box(occupied_east_of - 0.2, 47, occupied_east_of + 0.2, 50.5),
                "Під питанням",
                "#bcaaa4",
            ),
        ],
    )


def west_of(meridian: float) -> shapely.Geometry:
    """Occupied area: everything from 34.5° E to `meridian` across the region's latitudes.

    From 34.5° E, the country's occupied share stays near the real one (18 % at 37.5° E, 24 %
    at 39° E), which the plausibility rules expect of a snapshot.
    """
    return shapely.box(34.5, 44.0, meridian, 53.0)


def make_days(folder: Path, count: int, start: date = date(2026, 1, 1)) -> list[date]:
    """`count` consecutive days whose occupied area grows eastward by 0.05° a day."""
    days = [start + timedelta(days=i) for i in range(count)]
    for i, day in enumerate(days):
        write_snapshot(folder, day, [west_of(37.5 + 0.05 * i)])
    return days
