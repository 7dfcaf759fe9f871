"""The print map, drawn with matplotlib's Agg canvas (no browser, no network) for PNG and GIF.

The map is drawn in UTM zone 37N (EPSG:32637): metres with a true scale across the two oblasts
(36.5-40.2°E, less than 0.1 % error) and north nearly up, so the scale bar measures what it says.
The layout is set in inches and only the resolution changes between a PNG and a GIF frame.
"""
