"""The print map's scale bar and north arrow."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from frontline.present.printmap.layout import label
from frontline.present.style import INK, WHITE

ROUND_KM = (10, 20, 25, 50, 100, 200)


def draw_scale_bar(ax: Axes) -> None:
    """A two-segment bar whose length is a round number of km, about a fifth of the map."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    target_km = (x1 - x0) / 5 / 1000
    length_km = max(k for k in ROUND_KM if k <= max(target_km, 10))
    left, base = x0 + 0.05 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    height = 0.012 * (y1 - y0)
    half = length_km * 500.0
    for i, colour in enumerate((INK, WHITE)):
        ax.add_patch(
            Rectangle(
                (left + i * half, base), half, height, facecolor=colour, edgecolor=INK, lw=0.8
            )
        )
    ticks = ((0, "0"), (half, f"{length_km / 2:g}"), (2 * half, f"{length_km} km"))
    for offset, text in ticks:
        label(ax, left + offset, base + 2.2 * height, text, 8, INK)
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
