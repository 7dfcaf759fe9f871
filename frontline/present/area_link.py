"""A reader's area in a link: polygons as quantised, delta-coded varints in base64url.

Coordinates are rounded to QUANTUM degrees (about 11 m north-south, 7 m east-west here), each
vertex stored as the zigzag varint of its step from the one before, so a drawn rectangle takes
about 30 characters. Layout: a version byte, the number of polygons, then per polygon its
number of rings and per ring its number of vertices (the closing one left out) and the steps.
"""

from __future__ import annotations

import base64
import binascii

import numpy as np
import shapely

QUERY_KEY = "area"
QUANTUM = 1e-4
MAX_LINK_CHARS = 2000
_VERSION = 1
# A ring needs three distinct vertices; a link's size bounds everything else.
_MIN_RING = 3


class AreaLinkError(ValueError):
    """A link's area that cannot be read, or an area too detailed for a link."""


def encode_area(area: shapely.Geometry) -> str:
    """The area (lon/lat Polygon or MultiPolygon) as a link's value; AreaLinkError if longer
    than MAX_LINK_CHARS."""
    polygons = list(area.geoms) if area.geom_type == "MultiPolygon" else [area]
    out = bytearray([_VERSION])
    _put(out, len(polygons))
    previous = np.zeros(2, dtype=np.int64)
    for polygon in polygons:
        rings = [polygon.exterior, *polygon.interiors]
        _put(out, len(rings))
        for ring in rings:
            points = np.round(shapely.get_coordinates(ring)[:-1] / QUANTUM).astype(np.int64)
            _put(out, len(points))
            steps = np.diff(np.vstack([previous, points]), axis=0)
            for value in steps.ravel():
                _put(out, _zigzag(int(value)))
            previous = points[-1] if len(points) else previous
    text = base64.urlsafe_b64encode(bytes(out)).decode().rstrip("=")
    if len(text) > MAX_LINK_CHARS:
        raise AreaLinkError(
            f"This area is too detailed to share in a link ({len(text):,} characters; at most "
            f"{MAX_LINK_CHARS:,}). Share its GeoJSON file instead."
        )
    return text


def decode_area(text: str) -> shapely.Geometry:
    """The area a link's value holds, in lon/lat; AreaLinkError in plain words if it is not one.

    The geometry is not checked beyond its encoding: pass it through `checked_area`.
    """
    if len(text) > MAX_LINK_CHARS:
        raise AreaLinkError(f"The link's area is longer than {MAX_LINK_CHARS:,} characters.")
    try:
        # validate: otherwise characters outside the alphabet are silently dropped.
        data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as err:
        raise AreaLinkError("The link's area is not readable (it is not base64url).") from err
    if not data or data[0] != _VERSION:
        raise AreaLinkError("The link's area is not readable (unknown version).")
    reader = _Reader(data, 1)
    polygons = []
    previous = np.zeros(2, dtype=np.int64)
    for _ in range(reader.count()):
        rings = []
        for _ in range(reader.count()):
            size = reader.count()
            if size < _MIN_RING:
                raise AreaLinkError("The link's area has a ring of fewer than three vertices.")
            steps = np.array([_unzigzag(reader.varint()) for _ in range(2 * size)])
            points = previous + np.cumsum(steps.reshape(-1, 2), axis=0)
            previous = points[-1]
            rings.append(points * QUANTUM)
        if not rings:
            raise AreaLinkError("The link's area has a polygon without a ring.")
        polygons.append(shapely.Polygon(rings[0], rings[1:]))
    if reader.offset != len(data):
        raise AreaLinkError("The link's area is not readable (bytes left over).")
    if not polygons:
        raise AreaLinkError("The link's area is empty.")
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _zigzag(value: int) -> int:
    return value * 2 if value >= 0 else -value * 2 - 1


def _unzigzag(value: int) -> int:
    return value >> 1 if value % 2 == 0 else -((value + 1) >> 1)


def _put(out: bytearray, value: int) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


class _Reader:
    """Varints read one after another, never past the end of the bytes."""

    def __init__(self, data: bytes, offset: int) -> None:
        self.data = data
        self.offset = offset

    def varint(self) -> int:
        value = shift = 0
        while True:
            if self.offset >= len(self.data) or shift > 63:
                raise AreaLinkError("The link's area is not readable (it ends too soon).")
            byte = self.data[self.offset]
            self.offset += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    def count(self) -> int:
        """A count no larger than the bytes left could hold (each item takes a byte or more)."""
        value = self.varint()
        if value > len(self.data) - self.offset:
            raise AreaLinkError("The link's area is not readable (a count is too large).")
        return value
