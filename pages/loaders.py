"""The package's loaders, cached for every session and keyed on the data's version.

The package never imports Streamlit; this module and the other `pages/` caches are the only
places that cache its loaders.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from frontline import config
from frontline.ingest.store import NationalDay
from frontline.model import dataset as datasets
from frontline.model.dataset import Dataset, DataVersion
from frontline.model.events import EventsError, load_events
from frontline.model.figures import snapshot_dates


def data_version() -> DataVersion:
    """Changes when the store (or its folder) or the embedded CSV changes: a cache key."""
    return datasets.data_version()


@st.cache_resource(max_entries=4)
def _dataset(version: DataVersion) -> Dataset:
    # The version names the folder, but passing it on would count as a store asked for: a
    # fresh clone, with no data/store, would then be told its store cannot be read.
    return datasets.open_dataset()


def dataset() -> Dataset:
    """The figures (and the store, if any) shared by every session; never mutate it."""
    return _dataset(data_version())


@st.cache_data(max_entries=4)
def national(version: DataVersion, source_id: str) -> list[NationalDay]:
    """A national source's stored days (none without a store)."""
    store = dataset().store
    return store.national(source_id) if store is not None else []


@st.cache_data(max_entries=4)
def dates(version: DataVersion) -> list[date]:
    return snapshot_dates(dataset().figures)


@st.cache_data(max_entries=2, show_spinner=False)
def _events(path: str, modified: float) -> pd.DataFrame:
    return load_events(path)


def timeline_events() -> pd.DataFrame:
    """The timeline's events, read again only when the file changes; raises EventsError."""
    path = config.EVENTS_CSV
    try:
        modified = path.stat().st_mtime
    except OSError as err:
        raise EventsError(f"{path.name}: cannot read events ({err})") from err
    return _events(str(path), modified)
