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
from frontline.model.figures import DayFigures, drawn_layers
from frontline.model.settlements import load_settlements
from frontline.model.towns import occupied_shares, state_of, town_extents
from frontline.present.escaping import escape_html
from frontline.present.geojson import DRAW_DECIMALS, geojson_feature
from frontline.present.style import DRAW_TOLERANCE_M, share_opacity
from frontline.present.webmap.outlines import display_oblasts
from frontline.present.wording import format_km2, format_share

LABELLED_TOWNS = 12
TOWN_LABEL_CHAR_PX = 6.2  # mean advance of an 11 px system-ui glyph
# Both oblasts (3.3 degrees of latitude) fit a map 600 px high at zoom 7, with room around.
FRAMING_ZOOM = 7
# The zooms the map allows (min_zoom to max_zoom): each town label shows from one of them on.
LABEL_ZOOMS = range(5, 14)
# Zoomed out beyond the framing zoom only cities are named, however much room there is.
LABEL_MIN_POPULATION = {5: 300_000, 6: 150_000}


@dataclass(frozen=True)
class Town:
    """A town as the map draws it: `share` is the occupied part of its extent (0-1), None when
    the occupied area is not known."""

    name: str
    oblast: str
    population: int
    lat: float
    lon: float
    share: float | None
    geonames_name: str = ""

    @property
    def state(self) -> str | None:
        """Outside, contested or inside (frontline.model.towns); None when not known."""
        return None if self.share is None else str(state_of(self.share))


@dataclass(frozen=True)
class DayLayers:
    """What the map draws for one date, as plain data that is cheap to cache and to draw."""

    snapshot: date
    oblasts: dict
    occupied: dict | None
    towns: tuple[Town, ...]
    # The extra layers' collections (pre-2022, grey zone, ...) that the snapshot's source has.
    extra: dict[str, dict] = field(default_factory=dict)
    # The extra layers with ground on the date, as its legend lists them (none when the
    # occupied area is not drawn).
    drawn: tuple[str, ...] = ()


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
    shares = occupied_shares(town_extents(towns), pieces) if known else None
    drawn = as_towns(towns, shares)
    return DayLayers(
        snapshot=figures.resolved.snapshot,
        oblasts=_oblast_collection(figures),
        occupied=occupied,
        towns=drawn,
        extra=extra or {},
        drawn=drawn_layers([figures]) if known else (),
    )


def as_towns(
    towns: gpd.GeoDataFrame, shares: Sequence[float] | np.ndarray | None = None
) -> tuple[Town, ...]:
    """The settlements as the map draws them; `shares` None when the occupied area is unknown."""
    known = [None] * len(towns) if shares is None else [float(share) for share in shares]
    return tuple(
        Town(name, oblast, int(population), point.y, point.x, share, geonames_name)
        for name, oblast, population, point, share, geonames_name in zip(
            towns["name"],
            towns["oblast"],
            towns["population"],
            towns.geometry,
            known,
            towns.get("geonames_name", towns["name"]),
            strict=True,
        )
    )


def _oblast_collection(figures: DayFigures) -> dict:
    """The two oblasts, with escaped tooltip text and their shade's opacity as properties."""
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
            "opacity": round(share_opacity(numbers.occupied_pct), 3),
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
    return geojson_feature(geometry, properties, DRAW_DECIMALS)


def _pixels(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at `zoom` (256 px tiles)."""
    scale = 256 * 2**zoom
    sin_lat = np.sin(np.radians(lat))
    y = (0.5 - np.log((1 + sin_lat) / (1 - sin_lat)) / (4 * np.pi)) * scale
    return (lon + 180) / 360 * scale, float(y)


@dataclass(frozen=True)
class Obstacle:
    """Something drawn at a point that town labels keep clear of: its box in CSS pixels,
    as offsets from the point (left and top negative)."""

    lat: float
    lon: float
    box: tuple[float, float, float, float]


Box = tuple[float, float, float, float]


def _town_label_box(town: Town, zoom: int) -> Box:
    """The label's CSS box at `zoom`: 11 px text drawn 6 px right of the point."""
    x, y = _pixels(town.lat, town.lon, zoom)
    return (x + 4, y - 8, x + 8 + TOWN_LABEL_CHAR_PX * len(town.name), y + 8)


def _obstacle_box(obstacle: Obstacle, zoom: int) -> Box:
    x, y = _pixels(obstacle.lat, obstacle.lon, zoom)
    left, top, right, bottom = obstacle.box
    return (x + left, y + top, x + right, y + bottom)


def _overlaps(box: Box, others: Sequence[Box]) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in others)


def town_label_zooms(towns: Sequence[Town], obstacles: Sequence[Obstacle] = ()) -> dict[Town, int]:
    """The zoom from which each named town shows its label, the largest towns named first.

    Zoom by zoom, the labels already shown stay and more towns get one wherever a label fits
    clear of them, of the `obstacles` (oblast names, event markers) and of the spots of
    larger towns still waiting for room: zoomed out, twin
    cities (Sievierodonetsk and Lysychansk) would print over each other, so the smaller one
    waits for a closer zoom. At the framing zoom and below, at most LABELLED_TOWNS are named.
    Farther out, only the cities of LABEL_MIN_POPULATION. A town missing from the answer has
    no room at any zoom.
    """
    order = sorted(towns, key=lambda t: -t.population)
    shown: dict[Town, int] = {}
    for zoom in LABEL_ZOOMS:
        taken = [_obstacle_box(o, zoom) for o in obstacles]
        taken += [_town_label_box(town, zoom) for town in shown]
        for town in order:
            if zoom <= FRAMING_ZOOM and len(shown) >= LABELLED_TOWNS:
                break
            if town in shown or town.population < LABEL_MIN_POPULATION.get(zoom, 0):
                continue
            box = _town_label_box(town, zoom)
            if not _overlaps(box, taken):
                shown[town] = zoom
            # A town that finds no room still holds its spot against smaller ones, so that
            # Makiivka's name never takes the place that Donetsk's waits for.
            taken.append(box)
    return shown


def labelled_towns(
    towns: Sequence[Town], zoom: int = FRAMING_ZOOM, obstacles: Sequence[Obstacle] = ()
) -> list[Town]:
    """The towns named at `zoom`, largest first."""
    zooms = town_label_zooms(towns, obstacles)
    return sorted((t for t, z in zooms.items() if z <= zoom), key=lambda t: -t.population)
