"""Where the print map's parts sit on the page, and the text and shape helpers they share."""

from __future__ import annotations

import shapely
from matplotlib.axes import Axes
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from matplotlib.text import Text

from frontline.present.style import WHITE

DRAW_CRS = "EPSG:32637"
INCHES = (32 / 3, 8.0)  # 4:3; 150 dpi gives 1600 x 1200 px, 90 dpi gives 960 x 720 px
MAP_BOX = (0.02, 0.085, 0.55, 0.80)  # left, bottom, width, height in figure fractions
PAD_M = 12_000
PANEL_TOPS = (0.845, 0.645)  # the two oblasts' figures in the right-hand column
PANEL_CHARS = 54  # a line of the figures panel, wrapped to the column's width
LEGEND_TOP = 0.445
NOTE_TOP = 0.2  # low enough to sit under the legend's rows for the weekly layers
SIDE_X = 0.605  # left edge of the right-hand column
HALO = [withStroke(linewidth=2.5, foreground=WHITE)]


def label(ax: Axes, x: float, y: float, text: str, size: float, colour: str, **kw) -> Text:
    """A centred label with a white halo; text from data stays plain (no mathtext for `$`)."""
    return ax.text(
        x,
        y,
        text,
        fontsize=size,
        color=colour,
        ha="center",
        va="center",
        path_effects=HALO,
        parse_math=False,
        **kw,
    )


def polygon_path(geometry: shapely.Geometry) -> Path:
    """A (multi)polygon as one matplotlib path, holes wound against their shells."""
    oriented = shapely.orient_polygons(geometry)
    rings = shapely.get_rings(shapely.get_parts(oriented))
    return Path.make_compound_path(*(Path(shapely.get_coordinates(r), closed=True) for r in rings))
