"""Static maps drawn with matplotlib's Agg canvas (no browser, no network): PNG and GIF frames.

The map is drawn in UTM zone 37N (EPSG:32637): metres with a true scale across the two oblasts
(36.5-40.2°E, less than 0.1 % error) and north nearly up, so the scale bar measures what it says.
The layout is laid out in inches and only the resolution changes between a PNG and a GIF frame.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from matplotlib.text import Text
from PIL import Image
from shapely.ops import polylabel

from frontline.model.boundaries import load_basemap, load_oblasts
from frontline.model.dataset import occupied_frame
from frontline.model.figures import DayFigures, OblastFigures
from frontline.present.war_layers import LEGEND_LABELS, STYLES, compact_line
from frontline.present.wording import format_day, format_km2, format_share

DRAW_CRS = "EPSG:32637"
INCHES = (32 / 3, 8.0)  # 4:3; 150 dpi gives 1600 x 1200 px, 90 dpi gives 960 x 720 px
MAP_BOX = (0.02, 0.085, 0.55, 0.80)  # left, bottom, width, height in figure fractions
PAD_M = 12_000
PANEL_TOPS = (0.835, 0.64)  # the two oblasts' figures in the right-hand column
LEGEND_TOP = 0.445
NOTE_TOP = 0.2  # issue 12: lower, under the legend's rows for the weekly layers
# Vertices closer than this are invisible even at 1600 px (about 350 m a pixel).
DRAW_TOLERANCE_M = 100.0

# Okabe-Ito vermillion for the occupied area: it stays distinct from the greys for every
# common colour-vision deficiency; settlements differ by fill (solid/hollow), not by hue.
OCCUPIED = "#D55E00"
OCCUPIED_EDGE = "#8C3D00"
OUTSIDE = "#DCE3E9"
OTHER_OBLAST = "#EEEEE8"
OTHER_EDGE = "#A8A8A8"
OBLAST_EDGE = "#1F1F1F"
INK = "#1F1F1F"
MUTED = "#5A5A5A"
HALO = [withStroke(linewidth=2.5, foreground="white")]

ATTRIBUTION = "Map data: DeepStateMap; Natural Earth (boundaries); GeoNames CC BY 4.0 (places)"


@dataclass(frozen=True)
class MapFrame:
    """What one map shows: the figures of a date and what to draw for it.

    `pieces` are the occupied pieces per oblast in EPSG:3035 (empty without a store: the
    oblasts are then shaded by their share). `inside` flags each settlement of the canvas as
    in the occupied area (None when unknown).
    """

    figures: DayFigures
    pieces: dict[str, shapely.Geometry]
    inside: Sequence[bool] | None = None
    # issue 12: the pre-2022 and grey-zone pieces per oblast, on weekly snapshots.
    extra: Mapping[str, Mapping[str, shapely.Geometry]] = field(default_factory=dict)


class MapCanvas:
    """A figure whose static layers are drawn once; `render` adds one date's layers on top.

    The static part (basemap, legend, scale bar) is rasterised once and restored for every
    frame (matplotlib blitting), so an animation pays only for what changes.
    """

    def __init__(
        self, width_px: int, settlements: gpd.GeoDataFrame | None, *, geometry: bool
    ) -> None:
        self.figure = Figure(figsize=INCHES, dpi=width_px / INCHES[0], facecolor="white")
        self.canvas = FigureCanvasAgg(self.figure)
        self.geometry = geometry
        self.overlays: list[Text] = []
        self.ax = self.figure.add_axes(MAP_BOX)
        self.oblasts = load_oblasts().to_crs(DRAW_CRS)
        self._frame_view()
        self._draw_basemap()
        self.fill = self._add_oblasts()
        self.places = _Places(self.ax, settlements)
        self._draw_scale_bar()
        self._draw_legend()
        self._draw_note()
        self.ax.set_xlabel("")
        self.ax.set_ylabel("")
        self.texts = _Texts(self.figure, self.ax, self.oblasts, geometry)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    @property
    def size(self) -> tuple[int, int]:
        width, height = self.canvas.get_width_height()
        return int(width), int(height)

    def render(self, frame: MapFrame) -> Image.Image:
        """The map of one date as an RGB image."""
        occupied = self._add_occupied(frame.pieces) + self._add_extra(frame.extra)
        self.canvas.restore_region(self.background)
        shares = [frame.figures[name].occupied_pct for name in self.oblasts["name"]]
        self.fill.set_facecolor(["white" if self.geometry else _shade(s) for s in shares])
        for artist in (self.fill, *occupied, self.outline):
            self.figure.draw_artist(artist)
        for artist in occupied:
            artist.remove()
        self.places.draw(self.figure, frame.inside)
        self.texts.draw(self.figure, frame.figures)
        for artist in self.overlays:
            self.figure.draw_artist(artist)
        rgba = np.asarray(self.canvas.buffer_rgba())
        return Image.fromarray(rgba[..., :3].copy())

    def _frame_view(self) -> None:
        """Fit the two oblasts (plus a margin) to the axes' shape, so nothing stretches."""
        x0, y0, x1, y1 = self.oblasts.total_bounds + np.array([-PAD_M, -PAD_M, PAD_M, PAD_M])
        box_w = MAP_BOX[2] * INCHES[0]
        box_h = MAP_BOX[3] * INCHES[1]
        per_inch = max((x1 - x0) / box_w, (y1 - y0) / box_h)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        half_w, half_h = per_inch * box_w / 2, per_inch * box_h / 2
        self.ax.set_xlim(cx - half_w, cx + half_w)
        self.ax.set_ylim(cy - half_h, cy + half_h)
        self.ax.set_aspect("equal", adjustable="box")
        self.ax.set_autoscale_on(False)
        self.ax.set_facecolor(OUTSIDE)
        self.ax.set_xticks([])
        self.ax.set_yticks([])
        for spine in self.ax.spines.values():
            spine.set_color(MUTED)
            spine.set_linewidth(0.8)

    def _view(self) -> shapely.Geometry:
        (x0, x1), (y0, y1) = self.ax.get_xlim(), self.ax.get_ylim()
        return shapely.box(x0, y0, x1, y1)

    def _draw_basemap(self) -> None:
        basemap = load_basemap().to_crs(DRAW_CRS)
        others = basemap[~basemap["name"].isin(self.oblasts["name"])]
        others.plot(ax=self.ax, color=OTHER_OBLAST, edgecolor=OTHER_EDGE, linewidth=0.7)
        view = self._view()
        for name, shape in zip(others["name"], others.geometry, strict=True):
            # Keep labels inside the frame and clear of the borders; skip slivers.
            room = shape.intersection(view.buffer(-15_000)).buffer(-25_000)
            if room.area > 1e8:
                point = polylabel(max(shapely.get_parts(room), key=lambda p: p.area), 500)
                _label(self.ax, point.x, point.y, f"{name}\noblast", 8, MUTED, style="italic")
        for text, lon, lat in (("RUSSIA", 39.75, 47.75), ("Sea of Azov", 37.95, 46.88)):
            x, y = (
                gpd.GeoSeries([shapely.Point(lon, lat)], crs="EPSG:4326")
                .to_crs(DRAW_CRS)
                .iloc[0]
                .coords[0]
            )
            if view.contains(shapely.Point(x, y)):
                _label(self.ax, x, y, text, 9, MUTED, style="italic")

    def _add_oblasts(self):
        """The two oblasts' fill (re-coloured per frame) and their outline (drawn on top)."""
        self.oblasts.plot(ax=self.ax, color="white", linewidth=0)
        fill = self.ax.collections[-1]
        fill.set_animated(True)
        self.oblasts.boundary.plot(ax=self.ax, color=OBLAST_EDGE, linewidth=1.6)
        self.outline = self.ax.collections[-1]
        self.outline.set_animated(True)
        return fill

    def _add_occupied(self, pieces: dict[str, shapely.Geometry]) -> list[PathPatch]:
        """The occupied pieces as patches (not geopandas: its plot redraws the whole figure)."""
        if not pieces:
            return []
        frame = occupied_frame(pieces, DRAW_TOLERANCE_M).to_crs(DRAW_CRS)
        patches = []
        for geometry in frame.geometry:
            patch = PathPatch(
                _polygon_path(geometry),
                facecolor=OCCUPIED,
                alpha=0.6,
                edgecolor=OCCUPIED_EDGE,
                linewidth=0.8,
                animated=True,
            )
            self.ax.add_patch(patch)
            patches.append(patch)
        return patches

    def _add_extra(self, extra: Mapping[str, Mapping[str, shapely.Geometry]]) -> list[PathPatch]:
        """The weekly maps' pre-2022 and grey-zone pieces, over the occupied area (issue 12)."""
        patches = []
        for layer, pieces in extra.items():
            drawn = {k: g for k, g in pieces.items() if not g.is_empty}
            if not drawn:
                continue
            style = STYLES[layer]
            for geometry in occupied_frame(drawn, DRAW_TOLERANCE_M).to_crs(DRAW_CRS).geometry:
                patch = PathPatch(
                    _polygon_path(geometry),
                    facecolor=style["fillColor"],
                    alpha=style["fillOpacity"],
                    edgecolor=style["color"],
                    linewidth=0.6,
                    animated=True,
                )
                self.ax.add_patch(patch)
                patches.append(patch)
        return patches

    def _draw_scale_bar(self) -> None:
        """A two-segment bar whose length is a round number of km, about a fifth of the map."""
        (x0, x1), (y0, y1) = self.ax.get_xlim(), self.ax.get_ylim()
        target_km = (x1 - x0) / 5 / 1000
        length_km = max(k for k in (10, 20, 25, 50, 100, 200) if k <= max(target_km, 10))
        left, base = x0 + 0.05 * (x1 - x0), y0 + 0.04 * (y1 - y0)
        height = 0.012 * (y1 - y0)
        half = length_km * 500.0
        for i, colour in enumerate((INK, "white")):
            self.ax.add_patch(
                Rectangle(
                    (left + i * half, base), half, height, facecolor=colour, edgecolor=INK, lw=0.8
                )
            )
        ticks = ((0, "0"), (half, f"{length_km / 2:g}"), (2 * half, f"{length_km} km"))
        for offset, text in ticks:
            _label(self.ax, left + offset, base + 2.2 * height, text, 8, INK)
        north_x, north_y = x0 + 0.06 * (x1 - x0), y1 - 0.1 * (y1 - y0)
        self.ax.annotate(
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

    def _draw_legend(self) -> None:
        if self.geometry:
            handles = [
                Patch(
                    facecolor=OCCUPIED, alpha=0.6, edgecolor=OCCUPIED_EDGE, label="Occupied area"
                ),
                Patch(facecolor="white", edgecolor=OBLAST_EDGE, label="Rest of the oblast"),
                *extra_legend_patches(),  # issue 12
            ]
        else:
            handles = [
                Patch(facecolor=_shade(80), edgecolor=OBLAST_EDGE, label="Oblast, shaded by share"),
            ]
        handles += [
            Patch(facecolor=OTHER_OBLAST, edgecolor=OTHER_EDGE, label="Other oblasts of Ukraine"),
            Patch(facecolor=OUTSIDE, edgecolor=OTHER_EDGE, label="Outside Ukraine"),
        ]
        if self.places.count:
            marker = {"marker": "o", "linestyle": "none", "markeredgecolor": INK, "markersize": 6}
            if self.geometry:
                handles += [
                    Line2D(
                        [], [], markerfacecolor=INK, label="Town in the occupied area", **marker
                    ),
                    Line2D([], [], markerfacecolor="white", label="Town outside it", **marker),
                ]
            else:
                handles.append(Line2D([], [], markerfacecolor="white", label="Town", **marker))
        self.figure.legend(
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

    def _draw_note(self) -> None:
        """What the map does and does not show, under the legend."""
        areas = ", ".join(
            f"{name} {area:,.0f} km²"
            for name, area in zip(self.oblasts["name"], self.oblasts["area_km2"], strict=True)
        )
        if self.geometry:
            note = (
                "DeepStateMap marks the area it assesses as occupied by Russian forces; its "
                "contested (grey) zone is not included. "
            )
        else:
            note = (
                "Figures only: the occupied-area polygons are not in this copy of the data "
                "(data/control.csv). Run `make data` to draw them. "
            )
            # Drawn per frame, above the oblasts' fill.
            self.overlays.append(
                self.ax.text(
                    0.5,
                    0.975,
                    "Figures only: run `make data` to draw the occupied area",
                    transform=self.ax.transAxes,
                    ha="center",
                    va="top",
                    fontsize=10,
                    color=INK,
                    parse_math=False,
                    animated=True,
                    bbox={"facecolor": "white", "edgecolor": MUTED, "pad": 4},
                )
            )
        note += f"Shares are of the oblasts' Natural Earth boundaries ({areas})."
        self.figure.text(
            0.605,
            NOTE_TOP,
            textwrap.fill(note, 62),
            fontsize=8,
            color=MUTED,
            va="top",
            linespacing=1.4,
            parse_math=False,
        )


class _Places:
    """Settlements: markers re-filled per frame (in or outside), the biggest ones labelled."""

    LABELLED = 14

    def __init__(self, ax: Axes, settlements: gpd.GeoDataFrame | None) -> None:
        self.count = 0 if settlements is None else len(settlements)
        self.artists = []
        if not self.count:
            return
        points = settlements.to_crs(DRAW_CRS)
        sizes = 8 + 40 * np.sqrt(points["population"].to_numpy() / 1_000_000)
        xs, ys = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
        self.markers = ax.scatter(
            xs, ys, s=sizes, facecolors="white", edgecolors=INK, linewidths=0.8, zorder=5
        )
        self.artists.append(self.markers)
        biggest = points.sort_values("population", ascending=False).head(self.LABELLED)
        self.artists += _place_labels(ax, biggest["name"], biggest.geometry)
        for artist in self.artists:
            artist.set_animated(True)

    def draw(self, figure: Figure, inside: Sequence[bool] | None) -> None:
        if not self.count:
            return
        inside = [False] * self.count if inside is None else inside
        fills = [INK if flag else "white" for flag in inside]
        self.markers.set_facecolors(fills)
        for artist in self.artists:
            figure.draw_artist(artist)


# Where a town's label may go, tried in order: right of the marker, then left, above, below.
LABEL_SPOTS = (((4, 3), "left"), ((-4, 3), "right"), ((0, 6), "center"), ((0, -12), "center"))


def _place_labels(ax: Axes, names: Sequence[str], points: gpd.GeoSeries) -> list[Text]:
    """Label the towns, largest first, each in the first spot clear of the labels before it.

    A label with no clear spot is left out: in the Donetsk-Makiivka cluster a map with every
    name overprinted is less readable than one with the biggest names alone.
    """
    renderer = ax.figure.canvas.get_renderer()
    taken = []
    labels = []
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


class _Texts:
    """The title, the figures panel, the oblasts' labels and the source line, set per frame."""

    def __init__(self, figure: Figure, ax: Axes, oblasts: gpd.GeoDataFrame, geometry: bool) -> None:
        def text(x: float, y: float, size: float, **kw) -> Text:
            kw.setdefault("color", INK)
            return figure.text(
                x, y, "", fontsize=size, animated=True, parse_math=False, va="top", **kw
            )

        self.geometry = geometry
        self.title = text(0.02, 0.975, 17, weight="bold")
        self.subtitle = text(0.02, 0.928, 10.5, color=MUTED)
        self.panel_head = text(0.605, 0.875, 11, weight="bold")
        self.panels = [
            (
                text(0.605, top, 10, weight="bold"),
                text(0.605, top - 0.03, 22, weight="bold", color=OCCUPIED_EDGE),
                text(0.605, top - 0.09, 9, linespacing=1.5),
            )
            for top in PANEL_TOPS
        ]
        self.footer = text(0.02, 0.065, 7.5, color=MUTED, linespacing=1.5)
        # Figures-only maps print each oblast's share on the oblast itself.
        self.centres = [
            ax.text(
                point.x,
                point.y,
                "",
                fontsize=13,
                weight="bold",
                ha="center",
                va="center",
                color=INK,
                path_effects=HALO,
                animated=True,
                parse_math=False,
            )
            for point in oblasts.geometry.representative_point()
        ]

    def draw(self, figure: Figure, day: DayFigures) -> None:
        resolved = day.resolved
        what = "occupied area" if self.geometry else "share occupied"
        self.title.set_text(
            f"Donetsk and Luhansk oblasts: {what} on {format_day(resolved.requested)}"
        )
        snapshot = f"DeepStateMap snapshot of {resolved.snapshot.isoformat()}"
        if not resolved.exact:
            snapshot += f" (the latest on or before {resolved.requested.isoformat()})"
        self.subtitle.set_text(f"{snapshot}. Shares of each oblast's area, measured in EPSG:3035.")
        self.panel_head.set_text(f"Occupied on {resolved.snapshot.isoformat()}")
        for (name, share, detail), figures in zip(self.panels, day.oblasts, strict=True):
            name.set_text(f"{figures.oblast} oblast")
            share.set_text(format_share(figures.occupied_pct))
            detail.set_text("\n".join(_figure_lines(figures)))
        self.footer.set_text(
            f"Snapshot used: {resolved.snapshot.isoformat()} (requested "
            f"{resolved.requested.isoformat()}). Source: {day.sources}.\n"
            f"{ATTRIBUTION}. UTM zone 37N."
        )
        for label, figures in zip(self.centres, day.oblasts, strict=True):
            if not self.geometry:
                label.set_text(f"{figures.oblast}\n{format_share(figures.occupied_pct)}")
        for artist in (self.title, self.subtitle, self.panel_head, self.footer, *self.centres):
            figure.draw_artist(artist)
        for group in self.panels:
            for artist in group:
                figure.draw_artist(artist)


def extra_legend_patches() -> list[Patch]:
    """Legend entries for the weekly maps' layers (issue 12)."""
    return [
        Patch(
            facecolor=STYLES[layer]["fillColor"],
            alpha=STYLES[layer]["fillOpacity"],
            edgecolor=STYLES[layer]["color"],
            label=f"{LEGEND_LABELS[layer]} (weekly maps)",
        )
        for layer in STYLES
    ]


def _figure_lines(figures: OblastFigures) -> list[str]:
    lines = [f"{format_km2(figures.occupied_km2)} occupied", *compact_line(figures)]  # issue 12
    for change in figures.changes:
        lines.append(
            f"{change.pct_points:+.1f} percentage points ({change.km2:+,.0f} km²) "
            f"in {change.days} days"
        )
    return lines


def _shade(share_pct: float) -> tuple[float, float, float, float]:
    """The occupied colour, more opaque for a larger share (figures-only maps)."""
    red, green, blue = (int(OCCUPIED[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return (red, green, blue, 0.1 + 0.5 * share_pct / 100)


def _polygon_path(geometry: shapely.Geometry) -> Path:
    """A (multi)polygon as one matplotlib path, holes wound against their shells."""
    oriented = shapely.orient_polygons(geometry)
    rings = shapely.get_rings(shapely.get_parts(oriented))
    return Path.make_compound_path(*(Path(shapely.get_coordinates(r), closed=True) for r in rings))


def _label(ax: Axes, x: float, y: float, text: str, size: float, colour: str, **kw) -> None:
    ax.text(
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


def encode_png(image: Image.Image) -> bytes:
    """PNG bytes of an image."""
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def encode_gif(frames: Sequence[Image.Image], frame_ms: int, last_ms: int) -> bytes:
    """An endlessly looping GIF; every frame uses the first frame's palette, so nothing flickers."""
    palette = frames[0].quantize(colors=96, method=Image.Quantize.MEDIANCUT)
    indexed = [palette] + [
        frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames[1:]
    ]
    out = io.BytesIO()
    indexed[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=indexed[1:],
        duration=[frame_ms] * (len(frames) - 1) + [last_ms],
        loop=0,
        optimize=False,
    )
    return out.getvalue()
