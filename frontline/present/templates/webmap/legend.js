{# The legend as a Leaflet control, and the map's credit line in its attribution. #}
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
        // On a narrow map (a phone) the legend starts folded behind its button (legend.css).
        var div = L.DomUtil.create("div", "frontline-legend");
        var button = L.DomUtil.create("button", "frontline-legend-toggle", div);
        button.type = "button";
        button.textContent = "Legend";
        button.setAttribute("aria-expanded", "false");
        var body = L.DomUtil.create("div", "frontline-legend-body", div);
        body.innerHTML = {{ this.html|tojson }};
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.on(button, "click", function () {
            var open = div.classList.toggle("open");
            button.setAttribute("aria-expanded", open ? "true" : "false");
            button.textContent = open ? "Hide legend" : "Legend";
        });
        return div;
    };
    legend.addTo(map);
    map.attributionControl.addAttribution({{ this.attribution|tojson }});
})();
{% endmacro %}
