"""The interactive map's legend and credit line, drawn as a Leaflet control (no branca)."""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

from frontline.model.provenance import attribution
from frontline.present import style
from frontline.present.templates import render
from frontline.present.war_layers import legend_rows


def legend_html(polygons: bool = True) -> str:
    """The legend: the share scale, the occupied area, the towns' symbols and the events.

    Without polygons (no store) it shows the towns' grey "not known" symbol instead of the
    occupied area and the in/out symbols, as the map draws them.
    """
    html = render(
        "legend.html",
        colours=style.SHARE_COLOURS,
        breaks=style.SHARE_BREAKS,
        share_opacity=style.SHARE_OPACITY,
        occupied=style.OCCUPIED,
        occupied_opacity=style.OCCUPIED_OPACITY,
        fills=style.TOWN_FILLS,
        polygons=polygons,
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

    def __init__(self, polygons: bool = True, html: str | None = None) -> None:
        super().__init__()
        self._name = "Legend"
        # `html` replaces the day map's legend on maps that draw other symbols (compare).
        self.html = _script_string(html if html is not None else legend_html(polygons))
        self.attribution = _script_string(attribution("web"))


def _script_string(text: str) -> str:
    """`text` as a JavaScript string literal that cannot close the surrounding <script>."""
    return json.dumps(text).replace("</", "<\\/")
