{# Says so when an online basemap's tiles fail to load; the offline outline stays under. #}
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var notice = L.control({position: "bottomleft"});
    notice.onAdd = function () {
        var div = L.DomUtil.create("div", "frontline-tile-notice");
        div.setAttribute("role", "status");
        div.textContent = {{ this.text|tojson }};
        return div;
    };
    var showing = false;
    function show() {
        if (!showing) { notice.addTo(map); showing = true; }
    }
    map.on("layeradd", function (e) {
        if (e.layer instanceof L.TileLayer) { e.layer.on("tileerror", show); }
    });
    map.on("baselayerchange", function () {
        if (showing) { notice.remove(); showing = false; }
    });
})();
{% endmacro %}
