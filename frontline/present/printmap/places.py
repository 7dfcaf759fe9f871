"""The print map's towns: markers re-filled per frame (in or outside), the front's towns named
first, then the biggest, each label clear of every other text on the map."""

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

LABELLED = 18
# A town this close to the front line (either side) is named before any bigger town away from it.
NEAR_FRONT_M = 15_000.0
# Where a town's label may go, tried in order: right of the marker, then left, above, below.
LABEL_SPOTS = (((4, 3), "left"), ((-4, 3), "right"), ((0, 6), "center"), ((0, -12), "center"))


def label_order(
    points: gpd.GeoSeries, population: np.ndarray, front: shapely.Geometry | None
) -> np.ndarray:
    """The towns' indices in the order they are named: those within NEAR_FRONT_M of the front
    (points and front in the map's metres) nearest first, then the rest by population."""
    by_size = np.argsort(-population, kind="stable")
    if front is None or front.is_empty:
        return by_size
    distance = shapely.distance(np.asarray(points), front)
    near = np.flatnonzero(distance <= NEAR_FRONT_M)
    near = near[np.argsort(distance[near], kind="stable")]
    return np.concatenate([near, by_size[~np.isin(by_size, near)]])


class Places:
    """The towns of the canvas; `draw` fills each marker by whether it is in the occupied area
    and names the towns of that frame's front first."""

    def __init__(self, ax: Axes, settlements: gpd.GeoDataFrame | None) -> None:
        self.ax = ax
        self.count = 0 if settlements is None else len(settlements)
        self.labels: list[Text] = []
        # What an oblast's own label should keep clear of: markers and names, in metres.
        self.obstacles: list[shapely.Geometry] = []
        if settlements is None or not self.count:
            return
        points = settlements.to_crs(DRAW_CRS)
        self.points = points.geometry
        self.names = list(points["name"])
        self.population = points["population"].to_numpy()
        self.markers = ax.scatter(
            self.points.x,
            self.points.y,
            s=town_marker_area(self.population),
            facecolors=WHITE,
            edgecolors=INK,
            linewidths=0.8,
            zorder=5,
            animated=True,
        )
        # Names cover neither the map's fixed words nor any town's marker.
        self.fixed = fixed_extents(ax) + marker_extents(ax, self.points, self.markers.get_sizes())
        self._label(None)
        self.obstacles = [*self.points, *(_extent_in_metres(ax, label) for label in self.labels)]

    @property
    def artists(self) -> list[Artist]:
        return [self.markers, *self.labels] if self.count else []

    def draw(
        self,
        figure: Figure,
        inside: Sequence[bool] | np.ndarray | None,
        front: shapely.Geometry | None = None,
    ) -> None:
        """One frame's towns; `front` is the frame's front line in the map's metres."""
        if not self.count:
            return
        if front is not None:
            self._label(front)
        inside = [False] * self.count if inside is None else inside
        self.markers.set_facecolor([TOWN_FILLS[bool(flag)] for flag in inside])
        for artist in self.artists:
            figure.draw_artist(artist)

    def _label(self, front: shapely.Geometry | None) -> None:
        for text in self.labels:
            text.remove()
        order = label_order(self.points, self.population, front)
        chosen = [int(i) for i in order[:LABELLED]]
        self.labels = place_labels(
            self.ax, [self.names[i] for i in chosen], self.points.iloc[chosen], self.fixed
        )
        for text in self.labels:
            text.set_animated(True)


def place_labels(
    ax: Axes, names: Sequence[str], points: gpd.GeoSeries, avoid: Sequence[Bbox] = ()
) -> list[Text]:
    """Label the towns in the order given, each in the first spot inside the map and clear of
    `avoid` (window extents) and of the labels before it.

    A label with no clear spot is left out: in the Donetsk-Makiivka cluster a map with every
    name overprinted is less readable than one with the first names alone.
    """
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    taken: list[Bbox] = list(avoid)
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
            if within(extent, frame) and not any(extent.overlaps(other) for other in taken):
                taken.append(extent)
                labels.append(text)
                break
            text.remove()
    return labels


def fixed_extents(ax: Axes) -> list[Bbox]:
    """Where the map's fixed words are (oblast names, seas, scale bar, north), which no town's
    name may cover."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    return [text.get_window_extent(renderer) for text in ax.texts if text.get_text()]


def marker_extents(ax: Axes, points: gpd.GeoSeries, sizes: np.ndarray) -> list[Bbox]:
    """The window box of each town's marker (`sizes` in points², as `scatter` takes them)."""
    centres = ax.transData.transform(np.column_stack([points.x, points.y]))
    radii = np.sqrt(sizes) / 2 * ax.figure.dpi / 72
    return [
        Bbox.from_extents(x - r, y - r, x + r, y + r)
        for (x, y), r in zip(centres, np.broadcast_to(radii, len(centres)), strict=True)
    ]


def within(inner: Bbox, outer: Bbox) -> bool:
    """Whether a window box lies wholly inside another."""
    return (
        outer.x0 <= inner.x0 <= inner.x1 <= outer.x1
        and outer.y0 <= inner.y0 <= inner.y1 <= outer.y1
    )


def _extent_in_metres(ax: Axes, text: Text) -> shapely.Geometry:
    """The box a drawn text covers, in the map's coordinates."""
    extent = text.get_window_extent(ax.figure.canvas.get_renderer())  # type: ignore[attr-defined]
    (x0, y0), (x1, y1) = ax.transData.inverted().transform(extent.get_points())
    return shapely.box(x0, y0, x1, y1)
