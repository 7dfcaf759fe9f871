"""The interactive map's legend and credit line, drawn as a Leaflet control (no branca)."""

from __future__ import annotations

import json
from itertools import pairwise

from branca.element import MacroElement
from jinja2 import Template

from frontline.model.provenance import attribution
from frontline.present import style
from frontline.present.templates import render
from frontline.present.war_layers import legend_rows


def legend_html(polygons: bool = True, events: bool = False, region_events: bool = False) -> str:
    """The legend of what the map draws, and nothing else.

    With polygons (a store): the occupied area and the towns outside, contested or inside.
    Without: each whole oblast shaded by its share, said in words, and the towns' grey
    "not known" symbol.
    `events` and `region_events` say which event markers are drawn.
    """
    html = render(
        "legend.html",
        shades=[style.share_opacity((a + b) / 2) for a, b in pairwise(style.SHARE_TICKS)],
        ticks=style.SHARE_TICKS,
        occupied=style.OCCUPIED,
        occupied_opacity=style.OCCUPIED_OPACITY,
        fills=style.TOWN_FILLS,
        states=style.STATE_FILLS,
        polygons=polygons,
        events=events,
        region_events=region_events,
    )
    return html + legend_rows() if polygons else html  # issue 12: the weekly maps' layers


class Legend(MacroElement):
    """The legend as a Leaflet control, and the map's credit line in its attribution."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "frontline-legend");
                div.innerHTML = {{ this.html }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = _script_string(html)
        self.attribution = _script_string(attribution("web"))


def _script_string(text: str) -> str:
    """`text` as a JavaScript string literal that cannot close the surrounding <script>."""
    return json.dumps(text).replace("</", "<\\/")
