{# Where Leaflet's marker images are, set before any marker is made (see folium_map.IconPath). #}
{% macro script(this, kwargs) %}
L.Icon.Default.imagePath = {{ this.path|tojson }};
{% endmacro %}
