"""A town picked by name: the places matching what the reader typed, in a select box."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from frontline.model.gazetteer import find_towns, load_gazetteer
from frontline.present.compare_text import town_labels


def pick_town(query: str, key: str) -> pd.Series | None:
    """The town the reader picks among those matching `query`, None if none matches."""
    found = find_towns(load_gazetteer(), query)
    if found.empty:
        return None
    labels = town_labels(found)
    # Several places answer to the name (Artemivsk: Bakhmut and Kypuche): the larger first.
    index = st.selectbox("Place", range(len(found)), format_func=labels.__getitem__, key=key)
    return found.iloc[index or 0]
