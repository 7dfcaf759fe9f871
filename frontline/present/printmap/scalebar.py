"""The print map's scale bar and north arrow."""

from __future__ import annotations

import shapely
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from frontline.present.printmap.layout import label
from frontline.present.style import INK, WHITE

ROUND_KM = (10, 20, 25, 50, 100, 200)
# Where the bar's left end may sit, in fractions of the map's width and height, tried in order:
# the lower left corner, lower still, then the upper right (beyond the oblasts to the east).
SPOTS = ((0.05, 0.04), (0.03, 0.015), (0.05, 0.015), (0.7, 0.9), (0.7, 0.04))
# How far from the oblasts' outline the bar and its figures stay, in metres.
CLEARANCE_M = 3_000.0


def draw_scale_bar(ax: Axes, keep_clear: shapely.Geometry | None = None) -> None:
    """A two-segment bar whose length is a round number of km, about a fifth of the map, in
    the first spot where neither it nor its figures touch `keep_clear` (the oblasts, in the
    map's metres); and the north arrow."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    target_km = (x1 - x0) / 5 / 1000
    length_km = max(k for k in ROUND_KM if k <= max(target_km, 10))
    clear = None if keep_clear is None else keep_clear.buffer(CLEARANCE_M)
    for fx, fy in SPOTS:
        left, base = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
        parts = _bar(ax, left, base, length_km, 0.012 * (y1 - y0))
        if clear is None or not _box_in_metres(ax, parts).intersects(clear):
            break
        for part in parts:
            part.remove()
    else:
        # Nowhere clear: the first spot, on a white ground so it stays legible.
        fx, fy = SPOTS[0]
        parts = _bar(ax, x0 + fx * (x1 - x0), y0 + fy * (y1 - y0), length_km, 0.012 * (y1 - y0))
        for part in parts:
            if isinstance(part, Text):
                part.set_backgroundcolor(WHITE)
    north_x, north_y = x0 + 0.06 * (x1 - x0), y1 - 0.1 * (y1 - y0)
    ax.annotate(
        "N",
        xy=(north_x, north_y + 0.06 * (y1 - y0)),
        xytext=(north_x, north_y),
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
        color=INK,
        arrowprops={"arrowstyle": "-|>", "color": INK, "lw": 1.2},
    )


def _bar(ax: Axes, left: float, base: float, length_km: float, height: float) -> list[Artist]:
    """The bar's two segments and its three figures, drawn from (`left`, `base`) in metres."""
    half = length_km * 500.0
    parts: list[Artist] = [
        ax.add_patch(
            Rectangle(
                (left + i * half, base), half, height, facecolor=colour, edgecolor=INK, lw=0.8
            )
        )
        for i, colour in enumerate((INK, WHITE))
    ]
    ticks = ((0, "0"), (half, f"{length_km / 2:g}"), (2 * half, f"{length_km} km"))
    parts += [label(ax, left + offset, base + 2.2 * height, text, 8, INK) for offset, text in ticks]
    return parts


def _box_in_metres(ax: Axes, parts: list[Artist]) -> shapely.Geometry:
    """The box the parts cover on the map, in its metres."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    extent = Bbox.union([part.get_window_extent(renderer) for part in parts])
    (bx0, by0), (bx1, by1) = ax.transData.inverted().transform(extent.get_points())
    return shapely.box(bx0, by0, bx1, by1)
