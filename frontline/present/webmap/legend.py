"""The interactive map's legend and credit line, drawn as a Leaflet control (no branca)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from branca.element import MacroElement

from frontline.model.provenance import attribution
from frontline.present import style
from frontline.present.templates import render, template
from frontline.present.war_layers import legend_note, legend_rows


def legend_html(polygons: bool = True, events: bool = False, region_events: bool = False) -> str:
    """The legend of what the map draws, and nothing else.

    With polygons (a store): the occupied area, the towns by state, and a row for each extra
    layer, shown only on the dates that draw it (`LegendLayers`). Without: each whole oblast
    shaded by its share, said in words, and the towns' grey "not known" symbol. `events` and
    `region_events` say which event markers are drawn.
    """
    return render(
        "legend.html",
        shades=[style.share_opacity((a + b) / 2) for a, b in pairwise(style.SHARE_TICKS)],
        ticks=style.SHARE_TICKS,
        polygons=polygons,
        events=events,
        region_events=region_events,
        extra=legend_rows(),
        extra_note=legend_note(),
    )


class Legend(MacroElement):
    """The legend as a Leaflet control, and the map's credit line in its attribution."""

    _template = template("webmap/legend.js")

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.attribution = attribution("web")


class LegendLayers(MacroElement):
    """Shows the legend's rows of the extra `layers` a date draws, and only those.

    Added to one of the date's groups, so it travels with the date's layers and runs each time
    they are added to the map: the legend itself stays in the base map, which no date changes.
    """

    _template = template("webmap/legend_layers.js")

    def __init__(self, layers: Sequence[str]) -> None:
        super().__init__()
        self._name = "LegendLayers"
        self.layers = list(layers)
