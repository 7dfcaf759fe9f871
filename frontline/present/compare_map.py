"""The compare map: ground occupied on both dates, newly occupied, and no longer occupied.

Like the day map, a deterministic offline base (the app's own Leaflet) that never remounts,
and the pair's layers as feature groups, so changing the dates redraws only them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import folium
import geopandas as gpd
import shapely

from frontline.config import AREA_CRS, DISPLAY_CRS
from frontline.model.changes import COUNTRY, AreaChange
from frontline.model.towns import TownChange, format_state
from frontline.present import style
from frontline.present.escaping import escape_html
from frontline.present.geojson import DRAW_DECIMALS, geojson_feature
from frontline.present.templates import render
from frontline.present.webmap.folium_map import base_map, with_groups
from frontline.present.webmap.legend import Legend

KINDS = style.CHANGE_KINDS
TOWN_LAYER = "Towns whose state changed"


@dataclass(frozen=True)
class ChangedTown(TownChange):
    """A town whose state differs between the two dates, with the name and place the map and
    the list show."""

    name: str
    oblast: str
    lat: float
    lon: float

    @property
    def before(self) -> str:
        """`contested (35 % occupied)` on the first date."""
        return format_state(self.state_before, self.share_before)

    @property
    def after(self) -> str:
        """`inside (96 % occupied)` on the second date."""
        return format_state(self.state_after, self.share_after)


@dataclass(frozen=True)
class CompareLayers:
    """What the compare map draws for one pair of dates, as plain data to cache."""

    start: date
    end: date
    areas: dict[str, dict]
    towns: tuple[ChangedTown, ...]


def changed_towns(changes: Sequence[TownChange], towns: gpd.GeoDataFrame) -> list[ChangedTown]:
    """The changed towns with their names and places, in the order of `changes`."""
    by_id = towns.set_index("id")
    return [
        ChangedTown(
            **dataclasses.asdict(c),
            name=str(by_id.at[c.id, "name"]),
            oblast=str(by_id.at[c.id, "oblast"]),
            lat=float(by_id.at[c.id, "geometry"].y),
            lon=float(by_id.at[c.id, "geometry"].x),
        )
        for c in changes
    ]


def compare_layers(
    start: date, end: date, changes: Sequence[AreaChange], towns: Sequence[ChangedTown]
) -> CompareLayers:
    """Kept, gained and lost ground of every area, simplified for drawing, in EPSG:4326.

    The whole country's total is left out: it covers the oblasts' ground a second time.
    """
    changes = [c for c in changes if c.area != COUNTRY]
    areas = {}
    for kind in KINDS:
        names = [c.area for c in changes]
        geometries = shapely.simplify(
            [getattr(c, kind) for c in changes], style.DRAW_TOLERANCE_M, preserve_topology=True
        )
        frame = gpd.GeoDataFrame({"area": names}, geometry=list(geometries), crs=AREA_CRS)
        frame = frame.to_crs(DISPLAY_CRS)
        areas[kind] = {
            "type": "FeatureCollection",
            "features": [
                geojson_feature(g, {"area": escape_html(n)}, DRAW_DECIMALS)
                for n, g in zip(frame["area"], frame.geometry, strict=True)
                if g is not None and not g.is_empty
            ],
        }
    return CompareLayers(start, end, areas, tuple(towns))


def legend_html() -> str:
    """The compare map's legend: one swatch per kind of ground, and the towns' symbols."""
    return render("compare_legend.html", kinds=list(KINDS.values()))


def compare_base_map(*, online_tiles: bool = True) -> folium.Map:
    """The part of the compare map that no pair of dates changes: outline map and legend."""
    return base_map(None, online_tiles=online_tiles, legend=Legend(html=legend_html()))


def compare_groups(layers: CompareLayers) -> list[folium.FeatureGroup]:
    """The pair's layers: one group per kind of ground, then the towns that changed side."""
    groups = []
    for kind, (label, colour, opacity) in KINDS.items():
        group = folium.FeatureGroup(name=label)
        if layers.areas[kind]["features"]:
            when = {
                "kept": f"on {layers.start} and {layers.end}",
                "gained": f"on {layers.end}, not on {layers.start}",
                "lost": f"on {layers.start}, not on {layers.end}",
            }[kind]
            folium.GeoJson(
                layers.areas[kind],
                name=label,
                style_function=lambda _, c=colour, o=opacity: {
                    "fillColor": c,
                    "fillOpacity": o,
                    "color": c,
                    "weight": 1,
                },
                tooltip=folium.Tooltip(f"{label}: occupied {when}", sticky=True),
            ).add_to(group)
        groups.append(group)
    groups.append(_towns_group(layers))
    return groups


def _towns_group(layers: CompareLayers) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=TOWN_LAYER)
    for town in layers.towns:
        tooltip = render(
            "compare_town_tooltip.html",
            name=town.name,
            oblast=town.oblast,
            before=town.before,
            after=town.after,
            changed_on=town.changed_on,
            previous=town.previous_snapshot,
        )
        folium.CircleMarker(
            [town.lat, town.lon],
            radius=5,
            color=style.INK,
            weight=1.5,
            fill=True,
            fill_color=style.STATE_FILLS[town.state_after],
            fill_opacity=1,
            tooltip=folium.Tooltip(tooltip, sticky=True),
        ).add_to(group)
    return group


def build_compare_map(layers: CompareLayers, *, online_tiles: bool = True) -> folium.Map:
    """The whole compare map in one folium Map: what tests inspect and exports save."""
    return with_groups(compare_base_map(online_tiles=online_tiles), compare_groups(layers))
