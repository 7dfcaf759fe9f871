"""The comparison of two dates as files: gained, lost and kept ground (GeoJSON), figures (CSV),
and the comparison map (PNG).

Every file names both snapshots, the source of each and the credit line. The areas need the
store's polygons; the CSV's figures do not.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd

from frontline.config import AREA_CRS, DISPLAY_CRS
from frontline.model.changes import (
    AreaChange,
    DatePair,
    area_changes,
    area_figures,
    area_figures_frame,
)
from frontline.model.dataset import Dataset
from frontline.model.gazetteer import load_gazetteer
from frontline.model.provenance import attribution
from frontline.model.settlements import SOURCE as TOWNS_SOURCE
from frontline.model.town_table import town_shares
from frontline.model.towns import TownChange, town_changes
from frontline.present.export.common import (
    EXPORT_PREFIX,
    PNG_SIZE,
    POLYGONS_NOT_BUILT,
    ExportError,
)
from frontline.present.geojson import EXPORT_DECIMALS, geojson_feature

KIND_NAMES = ("kept", "gained", "lost")


def changes_name(pair: DatePair, fmt: str) -> str:
    """`frontline-donbas-changes-2025-12-07_2026-01-06.csv`: the conventional file name."""
    return f"{EXPORT_PREFIX}-changes-{pair.start}_{pair.end}.{fmt}"


def pair_sources(dataset: Dataset, pair: DatePair) -> str:
    """The figures' source text of both snapshots (one file each, in date order)."""
    table = dataset.figures
    rows = table[table["date"].isin([pair.start, pair.end])].sort_values("date")
    return "; ".join(dict.fromkeys(rows["source"].astype(str)))


def describe_pair(dataset: Dataset, pair: DatePair) -> str:
    """One line every file carries: what was compared, from which snapshots, and the credit."""
    return (
        f"Occupied ground gained and lost between the DeepStateMap snapshots of {pair.start} "
        f"and {pair.end}, measured by frontline in EPSG:3035. Source: "
        f"{pair_sources(dataset, pair)}. Map data: {attribution()}."
    )


def changes_geojson(dataset: Dataset, pair: DatePair) -> bytes:
    """Kept, gained and lost ground of each area as features in EPSG:4326, with km²."""
    changes = _area_changes(dataset, pair)
    features = []
    for kind in KIND_NAMES:
        frame = gpd.GeoDataFrame(
            {"area": [c.area for c in changes]},
            geometry=[getattr(c, kind) for c in changes],
            crs=AREA_CRS,
        ).to_crs(DISPLAY_CRS)
        for change, geometry in zip(changes, frame.geometry, strict=True):
            properties = {
                "kind": kind,
                "area": change.area,
                "km2": round(getattr(change, kind).area / 1e6, 3),
                "start": pair.start.isoformat(),
                "end": pair.end.isoformat(),
            }
            features.append(geojson_feature(geometry, properties, EXPORT_DECIMALS))
    doc = {
        "type": "FeatureCollection",
        "name": changes_name(pair, "geojson").removesuffix(".geojson"),
        "description": describe_pair(dataset, pair),
        "start": pair.start.isoformat(),
        "end": pair.end.isoformat(),
        "source": pair_sources(dataset, pair),
        "attribution": attribution(),
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False).encode()


def changes_csv(dataset: Dataset, pair: DatePair) -> bytes:
    """One row per area (figures on both dates, gained, lost, net) and per town that changed.

    Every row names both snapshots (`start`, `end`), their source and the credit line.
    """
    changes = _area_changes(dataset, pair) if dataset.has_geometry else []
    areas = area_figures_frame(area_figures(dataset.figures, pair, changes))
    areas.insert(0, "kind", "area")
    towns = _changed_towns(dataset, pair)
    table = pd.concat([areas, towns], ignore_index=True)
    table.insert(1, "start", pair.start.isoformat())
    table.insert(2, "end", pair.end.isoformat())
    table["source"] = pair_sources(dataset, pair)
    table["attribution"] = attribution()
    return table.round(4).to_csv(index=False, lineterminator="\n").encode()


def changes_png(dataset: Dataset, pair: DatePair) -> bytes:
    """The comparison map, PNG_SIZE: kept, gained and lost ground, figures and source."""
    # matplotlib loads only when a map is drawn, so the CLI's other commands stay quick.
    from frontline.present.export.encoding import encode_png
    from frontline.present.printmap.compare import ComparisonMap, draw_comparison

    changes = _area_changes(dataset, pair)
    changed, towns = _town_changes(dataset, pair)
    by_id = towns.set_index("id")
    moved = gpd.GeoDataFrame(
        {
            "name": [by_id.at[c.id, "name"] for c in changed],
            "population": [int(by_id.at[c.id, "population"]) for c in changed],
            "state_after": [c.state_after for c in changed],
        },
        geometry=[by_id.at[c.id, "geometry"] for c in changed],
        crs=towns.crs,
    )
    comparison = ComparisonMap(
        pair.start,
        pair.end,
        changes,
        area_figures(dataset.figures, pair, changes),
        moved,
        pair_sources(dataset, pair),
    )
    return encode_png(draw_comparison(comparison, PNG_SIZE[0]))


def _area_changes(dataset: Dataset, pair: DatePair) -> list[AreaChange]:
    if not dataset.has_geometry:
        raise ExportError(f"gained and lost ground cannot be drawn: {POLYGONS_NOT_BUILT}")
    return area_changes(dataset.occupied(pair.start), dataset.occupied(pair.end))


def _town_changes(dataset: Dataset, pair: DatePair) -> tuple[list[TownChange], gpd.GeoDataFrame]:
    """The towns whose state changed, with the first snapshot on which each did, and the towns."""
    towns = load_gazetteer()
    shares = town_shares(dataset, towns)
    if shares is None:
        return [], towns
    return town_changes(shares, pair.start, pair.end), towns


def _changed_towns(dataset: Dataset, pair: DatePair) -> pd.DataFrame:
    changed, towns = _town_changes(dataset, pair)
    by_id = towns.set_index("id")
    rows = [
        {
            "kind": "town",
            "area": by_id.at[c.id, "oblast"],
            "town": by_id.at[c.id, "name"],
            "state_before": c.state_before,
            "share_before": c.share_before,
            "state_after": c.state_after,
            "share_after": c.share_after,
            "changed_on": c.changed_on.isoformat(),
            "previous_snapshot": c.previous_snapshot.isoformat(),
            "town_source": TOWNS_SOURCE,
        }
        for c in changed
    ]
    return pd.DataFrame(rows)
