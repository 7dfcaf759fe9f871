"""The browser tab's icon, drawn locally (an icon name would make the browser fetch a font)."""

from __future__ import annotations

from PIL import Image, ImageDraw

from frontline.present import style


def favicon(size: int = 32) -> Image.Image:
    """A blue square with the occupied area's vermillion wedge."""
    icon = Image.new("RGB", (size, size), style.FAVICON_GROUND)
    scale = size / 32
    wedge = [(0, 0), (32, 0), (32, 32), (12, 32), (18, 14)]
    ImageDraw.Draw(icon).polygon(
        [(x * scale, y * scale) for x, y in wedge], fill=style.OCCUPIED_FILL
    )
    return icon
