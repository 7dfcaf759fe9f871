"""One look for the maps (web and print) and the chart: palette, opacities, tolerance, sizes."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.colors import to_rgba

# Simplifying before drawing: at the zoom that frames both oblasts a pixel is about 800 m, and
# a 1600 px print about 350 m; 100 m still looks exact three zoom levels closer. Areas are
# never measured on the simplified shapes.
DRAW_TOLERANCE_M = 100.0

# Where the occupied area is not drawn (no store), each whole oblast is shaded by its share in
# the occupied area's own colour, more opaque for a larger share: on both maps, so that nothing
# reads as the other side's colour. Where the area is drawn, oblasts are not shaded at all.
SHARE_TICKS = (0, 20, 40, 60, 80, 100)

# Okabe-Ito vermillion for the occupied area: distinct from the greys and the blues for every
# common colour-vision deficiency; towns differ by fill (solid or hollow), not by hue.
OCCUPIED_FILL = "#D55E00"
OCCUPIED_EDGE = "#8C3D00"
OCCUPIED_OPACITY = 0.6
# The tab icon's ground, behind the occupied area's wedge.
FAVICON_GROUND = "#3182BD"
INK = "#1F1F1F"
MUTED = "#5A5A5A"
WHITE = "#FFFFFF"
EVENT = "#6A3D9A"
# The rest of Ukraine: a lighter fill on screen, where it sits under tiles, than on paper.
BASEMAP_FILL = "#F4F4EF"
OTHER_OBLAST = "#EEEEE8"
BORDER = "#A8A8A8"
OUTSIDE = "#DCE3E9"
# Greys for what is neither data nor ink: the "kept" ground, rules and notes.
NEUTRAL = "#7F7F7F"
SYMBOL_EDGE = "#555555"
NOTE = "#444444"
SUBTLE = "#5C5F66"
SHADOW = "#888888"
RULE = "#E6E6E6"
RULE_STRONG = "#CCCCCC"
RULE_DARK = "#999999"
CHIP = "#F0F2F6"
# Panels over the map: the legend nearly opaque, the ring of a region's event half so.
PANEL = "rgba(255, 255, 255, 0.92)"
HALO = "rgba(255, 255, 255, 0.6)"
# The notice that online tiles failed: a pale amber box.
WARNING_FILL = "#FFF7E6"
WARNING_EDGE = "#C77C00"

# The timeline chart, in Okabe-Ito colours that stay apart for the common colour-vision
# deficiencies: the oblasts take blue and orange, the event categories the rest (the military
# one shares the occupied area's vermillion, and each category also has its own shape).
OBLAST_COLOURS = {"Donetsk": "#0072B2", "Luhansk": "#E69F00"}
CATEGORY_COLOURS = {
    "diplomacy": "#56B4E9",
    "security": "#009E73",
    "military": OCCUPIED_FILL,
    "territory": "#000000",
    "energy": "#CC79A7",
    "international": NEUTRAL,
    "derived": "#A6761D",  # towns changing side, read from the snapshots
}

# The national chart: DeepStateMap in the occupied area's vermillion, ISW in Okabe-Ito
# reddish purple beside it, the gap between them in neutral grey.
DEEPSTATE_SERIES = OCCUPIED_FILL
OTHER_SERIES = "#CC79A7"
GAP_FILL = NEUTRAL

# The occupied area as the web maps draw it (Leaflet path options).
OCCUPIED_STYLE: dict[str, Any] = {
    "fillColor": OCCUPIED_FILL,
    "fillOpacity": OCCUPIED_OPACITY,
    "color": OCCUPIED_EDGE,
    "weight": 1,
}

# The layers drawn over the vermillion occupied area, by layer id (`frontline.registry.LAYERS`):
# pre-2022 in a dark brown of the same family, so the two read as one occupied whole split in
# time; the grey zone in neutral grey beside it; liberated ground in Okabe-Ito blue.
LAYER_STYLES: dict[str, dict[str, Any]] = {
    "pre2022": {"fillColor": "#4A1D00", "fillOpacity": 0.55, "color": "#2B1100", "weight": 1},
    "grey": {"fillColor": "#8C8C8C", "fillOpacity": 0.7, "color": "#505050", "weight": 1},
    "liberated": {"fillColor": "#0072B2", "fillOpacity": 0.35, "color": "#004C77", "weight": 1},
}

# Two dates compared: grey for the ground held on both stays behind the vermillion of the newly
# occupied and the Okabe-Ito blue of what is no longer occupied, apart for the common
# colour-vision deficiencies. Label, colour and opacity, for the web map and the print alike.
CHANGE_KINDS = {
    "kept": ("Occupied on both dates", NEUTRAL, 0.45),
    "gained": ("Newly occupied", OCCUPIED_FILL, 0.8),
    "lost": ("No longer occupied", "#0072B2", 0.8),
}

# A town's fill: inside the occupied area, outside it, or not known (no polygons loaded).
TOWN_FILLS = {True: INK, False: WHITE, None: "#C4C4C4"}
# By a town's measured state (frontline.model.towns): contested lies between the two.
STATE_FILLS = {"outside": WHITE, "contested": "#8A8A8A", "inside": INK}


def town_fill(state: str | None) -> str:
    """A town's fill by its state, or the "not known" grey without polygons."""
    return TOWN_FILLS[None] if state is None else STATE_FILLS[state]


# The web map draws markers this many pixels per point of the print's, so a pointer hits them.
WEB_PX_PER_PT = 2.5


def share_opacity(share_pct: float) -> float:
    """How opaque the occupied colour is over an oblast whose share is `share_pct` (0-100)."""
    return 0.1 + 0.5 * share_pct / 100


def share_shade(share_pct: float) -> tuple[float, float, float, float]:
    """The occupied colour, more opaque for a larger share (maps drawn from figures alone)."""
    return to_rgba(OCCUPIED_FILL, share_opacity(share_pct))


def town_marker_area(population: np.ndarray | float) -> np.ndarray | float:
    """A town marker's area in points², growing with the square root of the population."""
    return 8 + 40 * np.sqrt(np.asarray(population) / 1_000_000)


def town_marker_radius_px(population: int) -> float:
    """The same marker's radius on the web map, in CSS pixels."""
    return float(np.sqrt(town_marker_area(population))) * WEB_PX_PER_PT / 2
