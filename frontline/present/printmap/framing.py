"""The print map's frame: the two oblasts and a margin, fitted to the axes without stretching."""

from __future__ import annotations

import numpy as np
import shapely
from matplotlib.axes import Axes

from frontline.present.printmap.layout import INCHES, MAP_BOX, PAD_M
from frontline.present.style import MUTED, OUTSIDE


def frame_view(ax: Axes, bounds: np.ndarray) -> None:
    """Fit `bounds` (x0, y0, x1, y1 in metres) plus a margin to the axes' shape."""
    x0, y0, x1, y1 = bounds + np.array([-PAD_M, -PAD_M, PAD_M, PAD_M])
    box_w = MAP_BOX[2] * INCHES[0]
    box_h = MAP_BOX[3] * INCHES[1]
    per_inch = max((x1 - x0) / box_w, (y1 - y0) / box_h)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = per_inch * box_w / 2, per_inch * box_h / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_aspect("equal", adjustable="box")
    ax.set_autoscale_on(False)
    ax.set_facecolor(OUTSIDE)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color(MUTED)
        spine.set_linewidth(0.8)


def view_box(ax: Axes) -> shapely.Geometry:
    """What the axes show, as a box in map coordinates."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return shapely.box(x0, y0, x1, y1)
