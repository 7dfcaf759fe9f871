"""The print map's words, set per frame: title, figures panel, oblast labels and source line."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from frontline.model.figures import DayFigures, OblastFigures
from frontline.model.provenance import attribution
from frontline.present.printmap.layout import HALO, PANEL_CHARS, PANEL_TOPS, SIDE_X
from frontline.present.style import INK, MUTED, OCCUPIED_EDGE
from frontline.present.war_layers import compact_line
from frontline.present.wording import format_change, format_day, format_km2, format_share


class Texts:
    """Every text that changes with the date, drawn over the cached static layers."""

    def __init__(
        self, figure: Figure, ax: Axes, label_points: Sequence[shapely.Point], geometry: bool
    ) -> None:
        def text(x: float, y: float, size: float, **kw) -> Text:
            kw.setdefault("color", INK)
            return figure.text(
                x, y, "", fontsize=size, animated=True, parse_math=False, va="top", **kw
            )

        self.geometry = geometry
        self.title = text(0.02, 0.975, 17, weight="bold")
        self.subtitle = text(0.02, 0.928, 10.5, color=MUTED)
        self.panel_head = text(SIDE_X, 0.875, 11, weight="bold")
        self.panels = [
            (
                text(SIDE_X, top, 10, weight="bold"),
                text(SIDE_X, top - 0.03, 22, weight="bold", color=OCCUPIED_EDGE),
                text(SIDE_X, top - 0.08, 9, linespacing=1.4),
            )
            for top in PANEL_TOPS
        ]
        self.footer = text(0.02, 0.065, 7.5, color=MUTED, linespacing=1.5)
        # Figures-only maps print each oblast's share on the oblast, clear of the towns.
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
            for point in label_points
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
            f"{attribution('print')}. UTM zone 37N."
        )
        for label, figures in zip(self.centres, day.oblasts, strict=True):
            if not self.geometry:
                label.set_text(f"{figures.oblast}\n{format_share(figures.occupied_pct)}")
        for artist in (self.title, self.subtitle, self.panel_head, self.footer, *self.centres):
            figure.draw_artist(artist)
        for group in self.panels:
            for artist in group:
                figure.draw_artist(artist)


def _figure_lines(figures: OblastFigures) -> list[str]:
    """The panel's lines, wrapped to the right-hand column's width."""
    lines = [
        f"{format_km2(figures.occupied_km2)} occupied",
        *compact_line(figures),
        *(format_change(change, change.days) for change in figures.changes),
    ]
    return [part for line in lines for part in textwrap.wrap(line, PANEL_CHARS)]
