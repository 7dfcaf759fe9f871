"""The print map's towns: markers re-filled per frame (in or outside), the biggest ones named."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from frontline.present.printmap.layout import DRAW_CRS, HALO
from frontline.present.style import INK, TOWN_FILLS, WHITE, town_marker_area

LABELLED = 14
# Where a town's label may go, tried in order: right of the marker, then left, above, below.
LABEL_SPOTS = (((4, 3), "left"), ((-4, 3), "right"), ((0, 6), "center"), ((0, -12), "center"))


class Places:
    """The towns of the canvas; `draw` fills each marker by whether it is in the occupied area."""

    def __init__(self, ax: Axes, settlements: gpd.GeoDataFrame | None) -> None:
        self.count = 0 if settlements is None else len(settlements)
        self.artists: list[Artist] = []
        # What an oblast's own label should keep clear of: markers and names, in metres.
        self.obstacles: list[shapely.Geometry] = []
        if settlements is None or not self.count:
            return
        points = settlements.to_crs(DRAW_CRS)
        sizes = town_marker_area(points["population"].to_numpy())
        xs, ys = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
        self.markers = ax.scatter(
            xs, ys, s=sizes, facecolors=WHITE, edgecolors=INK, linewidths=0.8, zorder=5
        )
        self.artists.append(self.markers)
        biggest = points.sort_values("population", ascending=False).head(LABELLED)
        labels = place_labels(ax, biggest["name"], biggest.geometry)
        self.artists += labels
        for artist in self.artists:
            artist.set_animated(True)
        self.obstacles = [*points.geometry, *(_extent_in_metres(ax, label) for label in labels)]

    def draw(self, figure: Figure, inside: Sequence[bool] | np.ndarray | None) -> None:
        if not self.count:
            return
        inside = [False] * self.count if inside is None else inside
        self.markers.set_facecolor([TOWN_FILLS[bool(flag)] for flag in inside])
        for artist in self.artists:
            figure.draw_artist(artist)


def place_labels(ax: Axes, names: Sequence[str], points: gpd.GeoSeries) -> list[Text]:
    """Label the towns, largest first, each in the first spot clear of the labels before it.

    A label with no clear spot is left out: in the Donetsk-Makiivka cluster a map with every
    name overprinted is less readable than one with the biggest names alone.
    """
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken: list[Bbox] = []
    labels: list[Text] = []
    for name, point in zip(names, points, strict=True):
        for offset, align in LABEL_SPOTS:
            # Names are data: drawn as plain text (usetex off, no mathtext for `$`).
            text = ax.annotate(
                name,
                (point.x, point.y),
                xytext=offset,
                textcoords="offset points",
                ha=align,
                fontsize=8,
                color=INK,
                path_effects=HALO,
                zorder=6,
                parse_math=False,
            )
            extent = text.get_window_extent(renderer)
            if not any(extent.overlaps(other) for other in taken):
                taken.append(extent)
                labels.append(text)
                break
            text.remove()
    return labels


def _extent_in_metres(ax: Axes, text: Text) -> shapely.Geometry:
    """The box a drawn text covers, in the map's coordinates."""
    extent = text.get_window_extent(ax.figure.canvas.get_renderer())  # type: ignore[attr-defined]
    (x0, y0), (x1, y1) = ax.transData.inverted().transform(extent.get_points())
    return shapely.box(x0, y0, x1, y1)
