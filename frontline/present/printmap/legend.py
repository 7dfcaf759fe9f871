"""The print map's legend and the note under it on what the map does and does not show."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import geopandas as gpd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from frontline.present import style
from frontline.present.printmap.layout import LEGEND_TOP, NOTE_TOP, SIDE_X
from frontline.present.style import LAYER_STYLES
from frontline.registry import LAYERS

# Words for a reader of the picture: what is and is not drawn, never how to make it.
FIGURES_ONLY_BANNER = "The occupied area is not drawn: each oblast is shaded by its share"


def draw_legend(figure: Figure, *, geometry: bool, towns: bool, layers: Sequence[str] = ()) -> None:
    """The symbols the map draws: with the occupied area (`geometry`) or shades of share, and
    the extra `layers` drawn on it."""
    handles: list[Artist]
    if geometry:
        handles = [
            Patch(
                facecolor=style.OCCUPIED_FILL,
                alpha=style.OCCUPIED_OPACITY,
                edgecolor=style.OCCUPIED_EDGE,
                label="Occupied area",
            ),
            Patch(facecolor=style.WHITE, edgecolor=style.INK, label="Rest of the oblast"),
            *extra_legend_patches(layers),
        ]
    else:
        handles = [
            Patch(
                facecolor=style.share_shade(80),
                edgecolor=style.INK,
                label="Whole oblast, shaded by its\nshare occupied (darker: more)",
            )
        ]
    handles += [
        Patch(
            facecolor=style.OTHER_OBLAST, edgecolor=style.BORDER, label="Other oblasts of Ukraine"
        ),
        Patch(facecolor=style.OUTSIDE, edgecolor=style.BORDER, label="Outside Ukraine"),
    ]
    if towns and geometry:
        handles += [
            town_symbol(style.TOWN_FILLS[True], "Town in the occupied area"),
            town_symbol(style.TOWN_FILLS[False], "Town outside it"),
        ]
    elif towns:
        handles.append(town_symbol(style.TOWN_FILLS[False], "Town"))
    place_legend(figure, handles)


def place_legend(figure: Figure, handles: Sequence[Artist]) -> None:
    """The legend in the right-hand column, under the figures (the day and compare maps)."""
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.598, LEGEND_TOP),
        frameon=False,
        fontsize=9,
        title="Legend",
        title_fontproperties={"weight": "bold", "size": 10},
        alignment="left",
        handlelength=1.6,
        labelspacing=0.5,
    )


def town_symbol(fill: str, label: str) -> Line2D:
    return Line2D(
        [],
        [],
        marker="o",
        linestyle="none",
        markeredgecolor=style.INK,
        markersize=6,
        markerfacecolor=fill,
        label=label,
    )


def draw_note(figure: Figure, ax: Axes, oblasts: gpd.GeoDataFrame, *, geometry: bool) -> list[Text]:
    """The note under the legend; returns what must be drawn again on every frame."""
    areas = ", ".join(
        f"{name} {area:,.0f} km²"
        for name, area in zip(oblasts["name"], oblasts["area_km2"], strict=True)
    )
    overlays = []
    if geometry:
        note = (
            "DeepStateMap marks the area it assesses as occupied by Russian forces; its "
            "contested (grey) zone is not included. "
        )
    else:
        note = (
            "This map is drawn from the figures alone: the outline of the occupied area is "
            "not shown, and each whole oblast is shaded by the share of it that is occupied. "
        )
        # Drawn per frame, above the oblasts' fill.
        overlays.append(
            ax.text(
                0.5,
                0.975,
                FIGURES_ONLY_BANNER,
                transform=ax.transAxes,
                ha="center",
                va="top",
                fontsize=10,
                color=style.INK,
                parse_math=False,
                animated=True,
                bbox={"facecolor": style.WHITE, "edgecolor": style.MUTED, "pad": 4},
            )
        )
    note += f"Shares are of the oblasts' Natural Earth boundaries ({areas})."
    figure.text(
        SIDE_X,
        NOTE_TOP,
        textwrap.fill(note, 62),
        fontsize=8,
        color=style.MUTED,
        va="top",
        linespacing=1.4,
        parse_math=False,
    )
    return overlays


def extra_legend_patches(layers: Sequence[str]) -> list[Patch]:
    """Legend entries for the layers beside the occupied area that the map draws."""
    return [
        Patch(
            facecolor=LAYER_STYLES[layer]["fillColor"],
            alpha=LAYER_STYLES[layer]["fillOpacity"],
            edgecolor=LAYER_STYLES[layer]["color"],
            label=LAYERS[layer].legend,
        )
        for layer in layers
    ]
