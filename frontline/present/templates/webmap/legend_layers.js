{# Shows the legend's rows of the extra layers this date draws and hides the others: the
   legend belongs to the base map, which no date changes; this comes with the date's layers. #}
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.on("add", function (event) {
    var drawn = {{ this.layers|tojson }};
    var legend = event.target._map.getContainer().querySelector(".frontline-legend");
    if (!legend) { return; }
    legend.querySelectorAll("[data-layer]").forEach(function (row) {
        row.hidden = drawn.indexOf(row.getAttribute("data-layer")) < 0;
    });
    legend.querySelectorAll("[data-layer-note]").forEach(function (row) {
        row.hidden = drawn.length === 0;
    });
});
{% endmacro %}
