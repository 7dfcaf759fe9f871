"""A reader's area in a link: round trips, size limits and every broken value."""

from __future__ import annotations

import base64

import pytest
import shapely

from frontline.present.area_link import (
    MAX_LINK_CHARS,
    QUANTUM,
    AreaLinkError,
    decode_area,
    encode_area,
)


def test_a_rectangle_round_trips_in_a_short_link() -> None:
    box = shapely.box(37.0123, 48.2001, 37.3456, 48.4321)
    text = encode_area(box)
    assert len(text) < 40
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert shapely.equals_exact(decode_area(text).normalize(), box.normalize(), tolerance=1e-9)


def test_holes_and_several_polygons_round_trip_within_the_quantum() -> None:
    holed = shapely.box(37, 48, 38, 49).difference(shapely.box(37.2, 48.2, 37.4, 48.4))
    area = shapely.MultiPolygon([holed, shapely.box(38.51234, 47.1, 38.6, 47.2)])
    back = decode_area(encode_area(area))
    assert back.geom_type == "MultiPolygon"
    assert len(back.geoms[0].interiors) == 1
    assert shapely.hausdorff_distance(back, area) <= QUANTUM


def test_a_detailed_area_is_refused_with_the_limit_named() -> None:
    circle = shapely.Point(37.5, 48.0).buffer(0.3, quad_segs=400)
    with pytest.raises(AreaLinkError, match="too detailed to share"):
        encode_area(circle)


def _raw(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("A" * (MAX_LINK_CHARS + 1), "longer than"),
        ("not*base64!", "not base64url"),
        ("%%%", "not base64url"),
        ("AQEB BA", "not base64url"),
        ("", "unknown version"),
        (_raw(b"\x02\x01"), "unknown version"),
        (_raw(b"\x01"), "ends too soon"),
        (_raw(b"\x01\x00"), "empty"),
        (_raw(b"\x01\x01\x00"), "without a ring"),
        (_raw(b"\x01\x01\x01\x02\x00\x00\x02\x02"), "fewer than three"),
        (_raw(b"\x01\x7f"), "count is too large"),
        (_raw(bytes([1, 1, 1, 3, 2, 2, 2])), "ends too soon"),
        (_raw(b"\x01" + b"\xff" * 12), "ends too soon"),
        (_raw(bytes([1, 1, 1, 3, 2, 2, 2, 0, 0, 2, 9])), "left over"),
    ],
)
def test_a_broken_link_says_so_in_plain_words(text: str, words: str) -> None:
    with pytest.raises(AreaLinkError, match=words):
        decode_area(text)
