{# The legend as a Leaflet control, and the map's credit line in its attribution. #}
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "frontline-legend");
        div.innerHTML = {{ this.html|tojson }};
        return div;
    };
    legend.addTo(map);
    map.attributionControl.addAttribution({{ this.attribution|tojson }});
})();
{% endmacro %}
