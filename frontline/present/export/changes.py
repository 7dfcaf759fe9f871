"""The comparison of two dates as files: gained, lost and kept ground (GeoJSON), figures (CSV)."""

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
    town_changes,
    town_status,
)
from frontline.model.dataset import Dataset
from frontline.model.gazetteer import SOURCE as TOWNS_SOURCE
from frontline.model.gazetteer import load_gazetteer
from frontline.present.geojson import geojson_feature

GEOJSON_DECIMALS = 5  # about 1 m: the files are for analysis, not only drawing
KIND_NAMES = ("kept", "gained", "lost")
PREFIX = "frontline-changes"


def changes_name(pair: DatePair, fmt: str) -> str:
    """`frontline-changes-2025-12-07_2026-01-06.csv`: the conventional file name."""
    return f"{PREFIX}-{pair.start}_{pair.end}.{fmt}"


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
            features.append(geojson_feature(geometry, properties, GEOJSON_DECIMALS))
    doc = {
        "type": "FeatureCollection",
        "name": changes_name(pair, "geojson"),
        "source": "DeepStateMap snapshots, measured by frontline in EPSG:3035",
        "features": features,
    }
    return json.dumps(doc, ensure_ascii=False).encode()


def changes_csv(dataset: Dataset, pair: DatePair) -> bytes:
    """One row per area (figures on both dates, gained, lost, net) and per town that changed."""
    changes = _area_changes(dataset, pair) if dataset.store is not None else []
    areas = area_figures_frame(area_figures(dataset.figures, pair, changes))
    areas.insert(0, "kind", "area")
    towns = _changed_towns(dataset, pair)
    table = pd.concat([areas, towns], ignore_index=True)
    table.insert(1, "start", pair.start.isoformat())
    table.insert(2, "end", pair.end.isoformat())
    return table.round(4).to_csv(index=False, lineterminator="\n").encode()


def _area_changes(dataset: Dataset, pair: DatePair) -> list[AreaChange]:
    if dataset.store is None:
        raise ValueError("gained and lost areas need the store's polygons: run `refresh` first")
    return area_changes(dataset.occupied(pair.start), dataset.occupied(pair.end))


def _changed_towns(dataset: Dataset, pair: DatePair) -> pd.DataFrame:
    """The towns that changed side, with the first snapshot on which each did."""
    if dataset.store is None:
        return pd.DataFrame()
    days = [d for d in dataset.store.dates() if pair.start <= d <= pair.end]
    towns = load_gazetteer()
    by_id = towns.set_index("id")
    rows = [
        {
            "kind": "town",
            "area": by_id.at[c.id, "oblast"],
            "town": by_id.at[c.id, "name"],
            "inside_before": c.inside_before,
            "inside_after": c.inside_after,
            "changed_on": c.changed_on.isoformat(),
            "previous_snapshot": c.previous_snapshot.isoformat(),
            "town_source": TOWNS_SOURCE,
        }
        for c in town_changes(town_status(towns, days, dataset.occupied), pair.start, pair.end)
    ]
    return pd.DataFrame(rows)
