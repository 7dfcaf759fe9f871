"""What the interactive map draws for one date, as plain data: oblasts, occupied area, towns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely

from frontline.model.boundaries import load_oblasts
from frontline.model.dataset import occupied_frame
from frontline.model.figures import DayFigures
from frontline.model.settlements import inside_occupied, load_settlements
from frontline.present.escaping import escape_html
from frontline.present.geojson import geojson_feature
from frontline.present.style import DRAW_TOLERANCE_M, share_colour
from frontline.present.webmap.outlines import display_oblasts
from frontline.present.wording import format_km2, format_share

COORD_DECIMALS = 4  # 1e-4 degrees is about 10 m
LABELLED_TOWNS = 12
TOWN_LABEL_CHAR_PX = 6.2  # mean advance of an 11 px system-ui glyph
# Both oblasts (3.3 degrees of latitude) fit a map 600 px high at zoom 7, with room around.
FRAMING_ZOOM = 7


@dataclass(frozen=True)
class Town:
    """A town as the map draws it; `inside` is None when the occupied area is not known."""

    name: str
    oblast: str
    population: int
    lat: float
    lon: float
    inside: bool | None


@dataclass(frozen=True)
class DayLayers:
    """What the map draws for one date, as plain data that is cheap to cache and to draw."""

    snapshot: date
    oblasts: dict
    occupied: dict | None
    towns: tuple[Town, ...]
    # issue 12: pre-2022 and grey-zone collections, where the snapshot's source has them.
    extra: dict[str, dict] = field(default_factory=dict)


def day_layers(
    figures: DayFigures,
    pieces: Mapping[str, shapely.Geometry],
    towns: gpd.GeoDataFrame | None = None,
    extra: dict[str, dict] | None = None,
) -> DayLayers:
    """The date's layers: oblasts with their figures, the occupied area and the towns.

    `pieces` are the occupied pieces per oblast in EPSG:3035 ({} without a store: the
    occupied area and the towns' status are then unknown, and say so).
    """
    known = bool(pieces)
    occupied = (
        _feature_collection(occupied_frame(dict(pieces), DRAW_TOLERANCE_M)) if known else None
    )
    if towns is None:
        towns = load_settlements()
    inside = inside_occupied(towns, pieces) if known else [None] * len(towns)
    drawn = tuple(
        Town(name, oblast, int(population), point.y, point.x, None if flag is None else bool(flag))
        for name, oblast, population, point, flag in zip(
            towns["name"], towns["oblast"], towns["population"], towns.geometry, inside, strict=True
        )
    )
    return DayLayers(
        snapshot=figures.resolved.snapshot,
        oblasts=_oblast_collection(figures),
        occupied=occupied,
        towns=drawn,
        extra=extra or {},
    )


def _oblast_collection(figures: DayFigures) -> dict:
    """The two oblasts, with escaped tooltip text and fill colour as properties."""
    oblasts = display_oblasts()
    features = []
    for name, geometry in zip(oblasts["name"], oblasts.geometry, strict=True):
        numbers = figures[name]
        properties = {
            "oblast": escape_html(f"{name} oblast"),
            "share": format_share(numbers.occupied_pct),
            "area": f"{format_km2(numbers.occupied_km2)} of {format_km2(oblasts_area(name))}",
            "snapshot": figures.resolved.snapshot.isoformat(),
            "source": escape_html(numbers.source),
            "fill": share_colour(numbers.occupied_pct),
        }
        features.append(feature(geometry, properties))
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=2)
def oblasts_area(name: str) -> float:
    """An oblast's whole area in km² (EPSG:3035)."""
    oblasts = load_oblasts()
    return float(oblasts.loc[oblasts["name"] == name, "area_km2"].iloc[0])


def _feature_collection(frame: gpd.GeoDataFrame) -> dict:
    features = [
        feature(geometry, {"oblast": escape_html(name)})
        for name, geometry in zip(frame["oblast"], frame.geometry, strict=True)
        if geometry is not None and not geometry.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}


def feature(geometry: shapely.Geometry, properties: dict) -> dict:
    """A GeoJSON feature rounded to what the map can show."""
    return geojson_feature(geometry, properties, COORD_DECIMALS)


def _pixels(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at `zoom` (256 px tiles)."""
    scale = 256 * 2**zoom
    sin_lat = np.sin(np.radians(lat))
    y = (0.5 - np.log((1 + sin_lat) / (1 - sin_lat)) / (4 * np.pi)) * scale
    return (lon + 180) / 360 * scale, float(y)


def labelled_towns(towns: Sequence[Town], zoom: int = FRAMING_ZOOM) -> list[Town]:
    """The towns to name, largest first, each label clear of those before it at `zoom`.

    At the framing zoom a label spans tens of kilometres, so twin cities (Sievierodonetsk
    and Lysychansk, Donetsk and Makiivka) would print over each other; the smaller one keeps
    its marker and tooltip but loses its label. The box mirrors the label's CSS (11 px text,
    drawn 6 px right of the point).
    """
    boxes: list[tuple[float, float, float, float]] = []
    chosen: list[Town] = []
    for town in sorted(towns, key=lambda t: -t.population):
        x, y = _pixels(town.lat, town.lon, zoom)
        box = (x + 4, y - 8, x + 8 + TOWN_LABEL_CHAR_PX * len(town.name), y + 8)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        chosen.append(town)
        if len(chosen) == LABELLED_TOWNS:
            break
    return chosen
