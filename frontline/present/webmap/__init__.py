"""The interactive map: the date's layers as data, their folium assembly, and the legend."""
