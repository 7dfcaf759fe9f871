"""Every town's share on every snapshot of a dataset, kept in a file beside its store.

Measuring 888 snapshots takes seconds, far too long for a page view, so `frontline refresh`
and the app's start-up measure them once and keep the table in the store's folder
(`towns.npz`). Each row carries the fingerprint of the snapshot it was measured on (source,
file SHA-256 and boundaries), so a later refresh measures only new or changed snapshots, and
a change of method or towns measures them all again. A fresh clone has no store: its towns are
measured on the embedded map history and kept in memory only (the install folder is not
written to).
"""

from __future__ import annotations

import hashlib
import io
import logging
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from frontline.atomic import write_atomic
from frontline.model import towns as town_method
from frontline.model.boundaries import FOCUS
from frontline.model.dataset import Dataset
from frontline.model.figures import snapshot_dates
from frontline.model.gazetteer import load_gazetteer
from frontline.model.history import sources_of
from frontline.registry import OCCUPIED

TABLE_NAME = "towns.npz"
log = logging.getLogger(__name__)


def method_key(towns: gpd.GeoDataFrame) -> str:
    """Changes with the way shares are measured and with the towns measured."""
    digest = hashlib.sha256(town_method.METHOD.encode())
    digest.update(str(town_method.CIRCLE_QUAD_SEGS).encode())
    digest.update(towns[["id", "population"]].to_numpy().tobytes())
    digest.update(b"".join(shapely.to_wkb(towns.geometry.to_numpy())))
    return digest.hexdigest()


def fingerprints(dataset: Dataset) -> dict[date, str]:
    """What each snapshot of the dataset's history was measured from; {} without geometry."""
    if dataset.store is None:
        return {}
    days = snapshot_dates(dataset.figures)
    source_by_day = sources_of(dataset.figures)
    stored = {}
    for source in {source_by_day[day] for day in days}:
        stored[source] = dataset.store.stored(source, OCCUPIED)
    prints = {}
    for day in days:
        source = source_by_day[day]
        known = stored[source].get(day)
        if known is not None:
            prints[day] = f"{source}|{known.fingerprint.sha256}|{known.boundaries}"
    return prints


def table_path(dataset: Dataset) -> Path | None:
    """Where the dataset's town table lives: its store's folder (None without a store)."""
    return None if dataset.store is None else dataset.store.directory / TABLE_NAME


def read_table(path: Path, key: str) -> tuple[pd.DataFrame, dict[date, str]] | None:
    """A kept table and its fingerprints, or None when absent, unreadable or of another method."""
    try:
        with np.load(path, allow_pickle=False) as kept:
            if str(kept["method"]) != key:
                return None
            days = [date.fromisoformat(str(d)) for d in kept["days"]]
            shares = town_method.frame_of(kept["shares"], days, kept["ids"].tolist())
            return shares, dict(zip(days, (str(p) for p in kept["prints"]), strict=True))
    except (OSError, KeyError, ValueError) as err:
        if not isinstance(err, FileNotFoundError):
            log.warning("town table %s cannot be read (%s): measuring again", path, err)
        return None


def write_table(path: Path, key: str, shares: pd.DataFrame, prints: dict[date, str]) -> None:
    """Keep a table beside the store, atomically; a folder that refuses it is only logged."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        method=np.array(key),
        days=np.array([d.isoformat() for d in shares.index]),
        prints=np.array([prints[d] for d in shares.index]),
        ids=np.array(shares.columns, dtype=np.int64),
        shares=shares.to_numpy(dtype=np.float64),
    )
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as err:
        log.warning("town table not kept at %s (%s): it is measured again next start", path, err)


def town_shares(dataset: Dataset, towns: gpd.GeoDataFrame | None = None) -> pd.DataFrame | None:
    """Every town's share on every snapshot of `dataset` (rows: dates; columns: town ids).

    Read from the kept table where its fingerprints match; only missing or changed snapshots
    are measured, and the table is written back. Without a store, measured on the embedded
    map history's runs, and not kept. None without geometry.
    """
    if not dataset.has_geometry:
        return None
    towns = load_gazetteer() if towns is None else towns
    if dataset.store is None:
        assert dataset.history is not None
        days = snapshot_dates(dataset.figures)
        source_by_day = sources_of(dataset.figures)
        sources = [source_by_day[day] for day in days]
        runs, on_day = dataset.history.runs(days, sources, FOCUS, OCCUPIED)
        return town_method.run_share_table(towns, days, runs, on_day)
    key = method_key(towns)
    prints = fingerprints(dataset)
    path = table_path(dataset)
    assert path is not None
    kept = read_table(path, key)
    known = {} if kept is None else kept[1]
    todo = [day for day, mark in prints.items() if known.get(day) != mark]
    if kept is not None and not todo and list(kept[0].index) == list(prints):
        return kept[0]
    fresh = town_method.share_table(towns, todo, dataset.occupied)
    reused = kept[0].loc[[d for d in prints if d not in set(todo)]] if kept else fresh.iloc[0:0]
    shares = pd.concat([reused, fresh]).sort_index()
    shares.columns = [int(c) for c in shares.columns]
    write_table(path, key, shares, prints)
    return shares
