"""Verify a store: SQLite's integrity, and every stored figure against its stored geometry."""

from __future__ import annotations

import math

import shapely

from frontline.ingest.measure import Region, piece_geometry
from frontline.ingest.store import Store, StoredPiece
from frontline.registry import DAILY, OCCUPIED

# Figures are computed from the very pieces stored (WKB round-trips exactly), so they agree with
# the geometry joined from them to the last bits; the tolerance only absorbs summation order.
REL_TOLERANCE = 1e-9


def check_store(store: Store, region: Region) -> list[str]:
    """Every problem found, each naming its day and oblast (and the source and layer, past the
    daily occupied area); an empty list for a sound store."""
    problems = [f"integrity: {row}" for row in store.integrity_problems()]
    if problems:
        return problems
    for source, layer in store.series():
        named = "" if (source, layer) == (DAILY, OCCUPIED) else f" ({source}, {layer})"
        for piece in store.all_pieces(source, layer):
            problems += _problems(piece, f"{piece.date} {piece.oblast}{named}", region)
    return problems


def _problems(piece: StoredPiece, where: str, region: Region) -> list[str]:
    """What is wrong with one stored piece, if anything."""
    if piece.boundaries != region.fingerprint:
        return [f"{where}: measured against other boundaries (refresh to re-measure)"]
    if piece.oblast not in region.areas:
        return [f"{where}: not an area of the current boundaries"]
    whole = region.areas[piece.oblast]
    if piece.oblast in region.drawn:
        try:
            area = piece_geometry(piece.wkb).area
        except shapely.errors.ShapelyError as err:
            return [f"{where}: the stored geometry cannot be read ({err})"]
        expected = {
            "km²": (piece.occupied_km2, area / 1e6),
            "share": (piece.occupied_pct, 100.0 * area / whole),
        }
    else:
        # Areas other than the drawn ones keep figures only: their share must match their km².
        expected = {"share": (piece.occupied_pct, 100.0 * piece.occupied_km2 * 1e6 / whole)}
    return [
        f"{where}: stored {what} {stored!r} disagrees with its geometry ({measured!r})"
        for what, (stored, measured) in expected.items()
        if not math.isclose(stored, measured, rel_tol=REL_TOLERANCE, abs_tol=1e-9)
    ]
