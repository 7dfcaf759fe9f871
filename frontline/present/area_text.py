"""How the own-area panel words an area: its summary line, the upload prompt and the downloads."""

from __future__ import annotations

import pandas as pd

from frontline.model.area import AreaHistory, history_csv, history_geojson
from frontline.model.area_input import MAX_FILE_BYTES, AreaInput
from frontline.present.export.common import Export

UPLOAD_PROMPT = (
    f"A GeoJSON or KML file (at most {MAX_FILE_BYTES / 1e6:.0f} MB), in longitude and "
    "latitude or with its CRS named"
)


def area_summary(area: AreaInput, history: AreaHistory) -> str:
    """`within 20 km of Pokrovsk: 1,256.6 km², of which ... On 2026-01-06, ... occupied (..%).`"""
    latest = history.table.iloc[-1]
    return (
        f"{area.label}: {history.area_km2:,.1f} km², of which {history.ukraine_km2:,.1f} km² "
        f"in Ukraine. On {history.last.isoformat()}, {latest.occupied_km2:,.1f} km² occupied "
        f"({latest.occupied_pct:.2f} %)."
    )


def area_downloads(history: AreaHistory, changes: pd.DataFrame) -> dict[str, tuple[str, Export]]:
    """The history's files by format (`csv`, `geojson`), each with its button label; the
    GeoJSON carries `changes` (from `largest_changes`) too."""
    first, last = history.first.isoformat(), history.last.isoformat()
    stem = f"area-deepstatemap-{first}-{last}"
    rows = changes.assign(date=changes["date"].astype(str), since=changes["since"].astype(str))
    return {
        "csv": (
            f"CSV: DeepStateMap, {first} to {last}",
            Export(f"{stem}.csv", history_csv(history), "text/csv"),
        ),
        "geojson": (
            f"GeoJSON: DeepStateMap, {first} to {last}",
            Export(
                f"{stem}.geojson",
                history_geojson(history, rows.to_dict("records")),
                "application/geo+json",
            ),
        ),
    }
