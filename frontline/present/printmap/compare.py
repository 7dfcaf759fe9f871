"""The comparison of two dates as a print map: kept, gained and lost ground, with its figures."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PIL import Image

from frontline.config import AREA_CRS
from frontline.model.boundaries import FOCUS, load_oblasts
from frontline.model.changes import AreaChange, AreaFigures
from frontline.model.provenance import attribution
from frontline.present import style
from frontline.present.printmap.basemap import add_oblasts, add_shapes, draw_basemap
from frontline.present.printmap.framing import frame_view
from frontline.present.printmap.layout import (
    DRAW_CRS,
    INCHES,
    MAP_BOX,
    PANEL_TOPS,
    SIDE_X,
)

# The day map's town symbol: towns look the same in both legends.
from frontline.present.printmap.legend import place_legend, town_symbol
from frontline.present.printmap.places import fixed_extents, place_labels
from frontline.present.printmap.scalebar import draw_scale_bar
from frontline.present.wording import format_day, format_km2, format_share

LABELLED_TOWNS = 12
# Villages are marked but not named: at 350 m a pixel their names would cover the ground.
LABEL_MIN_POPULATION = 5_000
NOTE_TOP = 0.17  # lower than the day map's: this legend has more entries


@dataclass(frozen=True)
class ComparisonMap:
    """What the comparison map shows.

    `changes` are each area's kept, gained and lost ground in EPSG:3035; `figures` the
    per-area figures of both snapshots; `towns` the towns whose state changed (`name`,
    `population`, `state_after`, points in any CRS); `sources` the snapshots' source text.
    """

    start: date
    end: date
    changes: Sequence[AreaChange]
    figures: Sequence[AreaFigures]
    towns: gpd.GeoDataFrame
    sources: str


def draw_comparison(comparison: ComparisonMap, width_px: int) -> Image.Image:
    """The comparison map as an RGB image `width_px` wide (4:3)."""
    figure = Figure(figsize=INCHES, dpi=width_px / INCHES[0], facecolor=style.WHITE)
    canvas = FigureCanvasAgg(figure)
    ax = figure.add_axes(MAP_BOX)
    oblasts = load_oblasts().to_crs(DRAW_CRS)
    frame_view(ax, oblasts.total_bounds)
    draw_basemap(ax, oblasts)
    # The shared pieces are drawn per frame for animations; this map is drawn once, in order.
    fill, outline = add_oblasts(ax, oblasts)
    outline.set_zorder(3)
    artists: list[Artist] = [fill, outline]
    for kind, (_, colour, opacity) in style.CHANGE_KINDS.items():
        artists += add_shapes(ax, _draw_shapes(comparison.changes, kind), colour, opacity, colour)
    for artist in artists:
        artist.set_animated(False)
    draw_scale_bar(ax, oblasts.union_all())
    ax.set_xlabel("")
    ax.set_ylabel("")
    _draw_towns(ax, comparison.towns)
    _draw_legend(figure, towns=not comparison.towns.empty)
    _draw_texts(figure, comparison)
    canvas.draw()
    return Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())


def _draw_shapes(changes: Sequence[AreaChange], kind: str) -> list[shapely.Geometry]:
    """One kind of ground of the oblasts, simplified for drawing, in the map's CRS."""
    shapes = [getattr(c, kind) for c in changes if c.area in FOCUS]
    simple = shapely.simplify(shapes, style.DRAW_TOLERANCE_M, preserve_topology=True)
    drawn = gpd.GeoSeries(list(simple), crs=AREA_CRS).to_crs(DRAW_CRS)
    return [g for g in drawn if g is not None and not g.is_empty]


def _draw_towns(ax: Axes, towns: gpd.GeoDataFrame) -> None:
    """The towns whose state changed, filled by their state on the later date; the largest named."""
    if towns.empty:
        return
    points = towns.to_crs(DRAW_CRS)
    ax.scatter(
        points.geometry.x,
        points.geometry.y,
        s=style.town_marker_area(points["population"].to_numpy()),
        facecolors=[style.STATE_FILLS[state] for state in points["state_after"]],
        edgecolors=style.INK,
        linewidths=0.8,
        zorder=5,
    )
    named = points[points["population"] >= LABEL_MIN_POPULATION]
    biggest = named.sort_values("population", ascending=False).head(LABELLED_TOWNS)
    place_labels(ax, biggest["name"], biggest.geometry, fixed_extents(ax))


def _draw_legend(figure: Figure, *, towns: bool) -> None:
    handles: list[Artist] = [
        Patch(facecolor=colour, alpha=opacity, edgecolor=colour, label=label)
        for label, colour, opacity in style.CHANGE_KINDS.values()
    ]
    handles += [
        Patch(facecolor=style.WHITE, edgecolor=style.INK, label="Not occupied on either date"),
        Patch(
            facecolor=style.OTHER_OBLAST, edgecolor=style.BORDER, label="Other oblasts of Ukraine"
        ),
        Patch(facecolor=style.OUTSIDE, edgecolor=style.BORDER, label="Outside Ukraine"),
    ]
    if towns:
        handles += [
            town_symbol(fill, f"Town now {state}") for state, fill in style.STATE_FILLS.items()
        ]
    place_legend(figure, handles)


def _draw_texts(figure: Figure, comparison: ComparisonMap) -> None:
    def text(x: float, y: float, words: str, size: float, **kw) -> None:
        kw.setdefault("color", style.INK)
        figure.text(x, y, words, fontsize=size, parse_math=False, va="top", **kw)

    start, end = comparison.start.isoformat(), comparison.end.isoformat()
    text(
        0.02,
        0.975,
        f"Donetsk and Luhansk oblasts: ground gained and lost, {start} to {end}",
        16,
        weight="bold",
    )
    text(
        0.02,
        0.928,
        f"From {format_day(comparison.start)} to {format_day(comparison.end)}: DeepStateMap "
        f"snapshots of {start} and {end}. Areas measured in EPSG:3035.",
        10.5,
        color=style.MUTED,
    )
    text(SIDE_X, 0.875, f"From {start} to {end}", 11, weight="bold")
    rows = [f for f in comparison.figures if f.area in FOCUS]
    for top, row in zip(PANEL_TOPS, rows, strict=False):
        text(SIDE_X, top, f"{row.area} oblast", 10, weight="bold")
        # Adding 0.0 turns a rounded -0.0 into 0.0, so no change never reads "-0.00".
        net_pp, net_km2 = round(row.net_pp, 2) + 0.0, round(row.net_km2) + 0.0
        text(SIDE_X, top - 0.03, f"{net_pp:+.2f} pp", 22, weight="bold", color=style.INK)
        lines = [
            f"{format_share(row.start_pct)} → {format_share(row.end_pct)} of the oblast",
            f"gained {format_km2(row.gained_km2 or 0)}, lost {format_km2(row.lost_km2 or 0)}, "
            f"net {net_km2:+,.0f} km²",
        ]
        text(SIDE_X, top - 0.09, "\n".join(lines), 9, linespacing=1.5)
    note = (
        "DeepStateMap marks the area it assesses as occupied by Russian forces; its contested "
        "zone is not included. Net change in percentage points (pp) of each oblast's "
        "Natural Earth area; gained and lost ground are measured on the polygons."
    )
    text(SIDE_X, NOTE_TOP, textwrap.fill(note, 62), 8, color=style.MUTED, linespacing=1.4)
    text(
        0.02,
        0.065,
        textwrap.fill(f"Snapshots used: {start} and {end}. Source: {comparison.sources}.", 165)
        + f"\n{attribution('print')}. UTM zone 37N.",
        7.5,
        color=style.MUTED,
        linespacing=1.5,
    )
