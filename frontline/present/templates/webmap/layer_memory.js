{# Keeps the overlays the user turned off turned off when a date's layers are re-added: the
   user's clicks in a layer control are remembered by layer name in sessionStorage, and every
   layer control, once on the map, hides the overlays so remembered. #}
{% macro script(this, kwargs) %}
(function () {
    var proto = L.Control.Layers.prototype;
    if (proto._frontlineMemory) { return; }
    proto._frontlineMemory = true;
    var key = "frontline-hidden-layers";
    function hidden() {
        try { return JSON.parse(window.sessionStorage.getItem(key) || "[]"); }
        catch (err) { return []; }
    }
    function remember(control) {
        var off = hidden().filter(function (name) {
            return !control._layers.some(function (o) { return o.name === name; });
        });
        control._layers.forEach(function (o) {
            if (o.overlay && !control._map.hasLayer(o.layer)) { off.push(o.name); }
        });
        try { window.sessionStorage.setItem(key, JSON.stringify(off)); } catch (err) {}
    }
    var click = proto._onInputClick;
    proto._onInputClick = function () {
        click.apply(this, arguments);
        remember(this);
    };
    var add = proto.onAdd;
    proto.onAdd = function (map) {
        var container = add.call(this, map);
        var off = hidden();
        this._layers.forEach(function (o) {
            if (o.overlay && off.indexOf(o.name) >= 0 && map.hasLayer(o.layer)) {
                map.removeLayer(o.layer);
            }
        });
        return container;
    };
})();
{% endmacro %}
