"""The print map's geography: the rest of Ukraine with its names, the oblasts, the occupied area."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import geopandas as gpd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.patches import PathPatch
from shapely.ops import polylabel

from frontline.model.boundaries import load_basemap
from frontline.model.dataset import occupied_frame
from frontline.present.printmap.framing import view_box
from frontline.present.printmap.layout import DRAW_CRS, label, polygon_path
from frontline.present.style import (
    BORDER,
    DRAW_TOLERANCE_M,
    INK,
    LAYER_STYLES,
    MUTED,
    OCCUPIED_EDGE,
    OCCUPIED_FILL,
    OCCUPIED_OPACITY,
    OTHER_OBLAST,
    WHITE,
)

# Places outside Ukraine's oblasts worth naming, in degrees.
SEAS_AND_NEIGHBOURS = (("RUSSIA", 39.75, 47.75), ("Sea of Azov", 37.95, 46.88))


def draw_basemap(ax: Axes, oblasts: gpd.GeoDataFrame) -> None:
    """The other oblasts of Ukraine, named where there is room, and the neighbours in view."""
    basemap = load_basemap().to_crs(DRAW_CRS)
    others = basemap[~basemap["name"].isin(oblasts["name"])]
    others.plot(ax=ax, color=OTHER_OBLAST, edgecolor=BORDER, linewidth=0.7)
    view = view_box(ax)
    for name, shape in zip(others["name"], others.geometry, strict=True):
        # Keep labels inside the frame and clear of the borders; skip slivers.
        room = shape.intersection(view.buffer(-15_000)).buffer(-25_000)
        if room.area > 1e8:
            point = polylabel(max(shapely.get_parts(room), key=lambda p: p.area), 500)
            label(ax, point.x, point.y, f"{name}\noblast", 8, MUTED, style="italic")
    for text, lon, lat in SEAS_AND_NEIGHBOURS:
        point = gpd.GeoSeries([shapely.Point(lon, lat)], crs="EPSG:4326").to_crs(DRAW_CRS).iloc[0]
        if view.contains(point):
            label(ax, point.x, point.y, text, 9, MUTED, style="italic")


def add_oblasts(ax: Axes, oblasts: gpd.GeoDataFrame) -> tuple[Collection, Collection]:
    """The two oblasts' fill (re-coloured per frame) and their outline (drawn on top)."""
    oblasts.plot(ax=ax, color=WHITE, linewidth=0)
    fill = ax.collections[-1]
    fill.set_animated(True)
    oblasts.boundary.plot(ax=ax, color=INK, linewidth=1.6)
    outline = ax.collections[-1]
    outline.set_animated(True)
    return fill, outline


def occupied_shapes(pieces: dict[str, shapely.Geometry]) -> gpd.GeoSeries:
    """The occupied pieces (EPSG:3035), simplified for drawing, in the map's CRS."""
    if not pieces:
        return gpd.GeoSeries([], crs=DRAW_CRS)
    return occupied_frame(pieces, DRAW_TOLERANCE_M).to_crs(DRAW_CRS).geometry


def add_occupied(ax: Axes, shapes: gpd.GeoSeries) -> list[PathPatch]:
    """The occupied shapes as patches (not geopandas: its plot redraws the whole figure)."""
    return add_shapes(ax, shapes, OCCUPIED_FILL, OCCUPIED_OPACITY, OCCUPIED_EDGE)


def add_shapes(
    ax: Axes, geometries: Iterable[shapely.Geometry], fill: str, alpha: float, edge: str
) -> list[PathPatch]:
    """(Multi)polygons in the map's CRS as patches drawn per frame, one per geometry."""
    patches = []
    for geometry in geometries:
        patch = PathPatch(
            polygon_path(geometry),
            facecolor=fill,
            alpha=alpha,
            edgecolor=edge,
            linewidth=0.8,
            animated=True,
        )
        ax.add_patch(patch)
        patches.append(patch)
    return patches


def add_extra(ax: Axes, extra: Mapping[str, Mapping[str, shapely.Geometry]]) -> list[PathPatch]:
    """The extra layers' pieces (pre-2022, grey zone, ...), over the occupied area."""
    patches = []
    for layer, pieces in extra.items():
        drawn = {k: g for k, g in pieces.items() if not g.is_empty}
        if not drawn:
            continue
        style = LAYER_STYLES[layer]
        for geometry in occupied_frame(drawn, DRAW_TOLERANCE_M).to_crs(DRAW_CRS).geometry:
            patch = PathPatch(
                polygon_path(geometry),
                facecolor=style["fillColor"],
                alpha=style["fillOpacity"],
                edgecolor=style["color"],
                linewidth=0.6,
                animated=True,
            )
            ax.add_patch(patch)
            patches.append(patch)
    return patches
