"""The print map's canvas: static layers drawn once, one date's layers drawn per frame."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from frontline.model.boundaries import load_oblasts
from frontline.model.figures import DayFigures
from frontline.present.labels import label_point
from frontline.present.printmap.basemap import (
    add_extra,
    add_oblasts,
    add_occupied,
    draw_basemap,
    occupied_shapes,
)
from frontline.present.printmap.framing import frame_view
from frontline.present.printmap.layout import DRAW_CRS, INCHES, MAP_BOX
from frontline.present.printmap.legend import draw_legend, draw_note
from frontline.present.printmap.places import Places
from frontline.present.printmap.scalebar import draw_scale_bar
from frontline.present.printmap.texts import Texts
from frontline.present.style import WHITE, share_shade

LABEL_GRID_M = 5_000.0
# The occupied area's outline this far inside the oblasts' outer border is the front.
FRONT_INSET_M = 2_000.0


@dataclass(frozen=True)
class MapFrame:
    """What one map shows: the figures of a date and what to draw for it.

    `pieces` are the occupied pieces per oblast in EPSG:3035 (empty without a store: the
    oblasts are then shaded by their share). `inside` flags each settlement of the canvas as
    in the occupied area (None when unknown).
    """

    figures: DayFigures
    pieces: dict[str, shapely.Geometry]
    inside: Sequence[bool] | np.ndarray | None = None
    # The pre-2022 and grey-zone pieces per oblast, where the snapshot's source has them.
    extra: Mapping[str, Mapping[str, shapely.Geometry]] = field(default_factory=dict)


class MapCanvas:
    """A figure whose static layers are drawn once; `render` adds one date's layers on top.

    The static part (basemap, legend, scale bar) is rasterised once and restored for every
    frame (matplotlib blitting), so an animation pays only for what changes. `layers` are the
    extra layers the frames draw (`figures.drawn_layers`), the only ones the legend lists.
    """

    def __init__(
        self,
        width_px: int,
        settlements: gpd.GeoDataFrame | None,
        *,
        geometry: bool,
        layers: Sequence[str] = (),
    ) -> None:
        self.figure = Figure(figsize=INCHES, dpi=width_px / INCHES[0], facecolor=WHITE)
        self.canvas = FigureCanvasAgg(self.figure)
        self.geometry = geometry
        self.ax = self.figure.add_axes(MAP_BOX)
        self.oblasts = load_oblasts().to_crs(DRAW_CRS)
        frame_view(self.ax, self.oblasts.total_bounds)
        self.inner = self.oblasts.union_all().buffer(-FRONT_INSET_M)
        draw_basemap(self.ax, self.oblasts)
        self.fill, self.outline = add_oblasts(self.ax, self.oblasts)
        draw_scale_bar(self.ax, self.oblasts.union_all())
        self.places = Places(self.ax, settlements)
        draw_legend(self.figure, geometry=geometry, towns=bool(self.places.count), layers=layers)
        self.overlays = draw_note(self.figure, self.ax, self.oblasts, geometry=geometry)
        self.ax.set_xlabel("")
        self.ax.set_ylabel("")
        centres = [
            label_point(shape, self.places.obstacles, LABEL_GRID_M)
            for shape in self.oblasts.geometry
        ]
        self.texts = Texts(self.figure, self.ax, centres, geometry)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def _front(self, shapes: gpd.GeoSeries) -> shapely.Geometry | None:
        """Where the occupied area meets the rest of the oblasts: its outline inside them, away
        from the Russian border and the coast (None without the occupied area)."""
        if shapes.empty:
            return None
        return shapely.intersection(shapely.union_all(shapes.to_numpy()).boundary, self.inner)

    def render(self, frame: MapFrame) -> Image.Image:
        """The map of one date as an RGB image."""
        shapes = occupied_shapes(frame.pieces)
        occupied = add_occupied(self.ax, shapes) + add_extra(self.ax, frame.extra)
        self.canvas.restore_region(self.background)
        shares = [frame.figures[name].occupied_pct for name in self.oblasts["name"]]
        self.fill.set_facecolor([WHITE if self.geometry else share_shade(s) for s in shares])
        for artist in (self.fill, *occupied, self.outline):
            self.figure.draw_artist(artist)
        for artist in occupied:
            artist.remove()
        self.places.draw(self.figure, frame.inside, self._front(shapes))
        self.texts.draw(self.figure, frame.figures)
        for artist in self.overlays:
            self.figure.draw_artist(artist)
        rgba = np.asarray(self.canvas.buffer_rgba())
        return Image.fromarray(rgba[..., :3].copy())
