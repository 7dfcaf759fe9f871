{# Marks the map's container with its zoom as a class (frontline-zoom-N); the style sheet shows
   each town label whose data-minzoom is at or below that zoom. #}
{% macro script(this, kwargs) %}
{% set rules %}
.frontline-town-label[data-minzoom] {display: none;}
{% for zoom in this.zooms %}{% for label in this.zooms if label <= zoom %}
.frontline-zoom-{{ zoom }} .frontline-town-label[data-minzoom="{{ label }}"] {display: block;}
{% endfor %}{% endfor %}
{% endset %}
(function () {
    var map = {{ this._parent.get_name() }};
    var sheet = document.createElement("style");
    sheet.textContent = {{ rules|tojson }};
    document.head.appendChild(sheet);
    var shown = null;
    function mark() {
        var zoom = Math.floor(map.getZoom() + 1e-6);
        var box = map.getContainer().classList;
        if (shown !== null) { box.remove("frontline-zoom-" + shown); }
        box.add("frontline-zoom-" + zoom);
        shown = zoom;
    }
    map.on("zoomend", mark);
    mark();
})();
{% endmacro %}
