"""The compare page's history sections: when each state of a town began, and the weekly pace."""

from __future__ import annotations

import streamlit as st

from frontline.model.dataset import DataVersion
from frontline.model.gazetteer import find_towns, load_gazetteer
from frontline.model.towns import town_periods
from frontline.present.compare_text import (
    PACE_CAPTION,
    TOWN_METHOD_CAPTION,
    describe_extrapolation,
    town_history,
)
from frontline.present.escaping import escape_markdown as plain
from frontline.present.pace_chart import RECENT_MONTHS, build_pace_chart, recent_weeks
from pages import compare_data


def show_town_history(version: DataVersion) -> None:
    st.subheader("When did a town change hands?")
    query = st.text_input(
        "Find a town", key="compare_town", placeholder="Pokrovsk, Chasiv Yar, Severodonetsk…"
    )
    if not query.strip():
        return
    towns = load_gazetteer()
    found = find_towns(towns, query)
    if found.empty:
        st.info(plain(f"No town of Donetsk or Luhansk oblast matches {query!r}."))
        return
    shares = compare_data.town_shares(version)
    if shares is None:
        st.info("A town's history needs the occupied-area outlines, which this server lacks.")
        return
    for town in found.head(3).itertuples():
        periods = town_periods(shares, int(town.id))
        st.markdown(town_history(town.name, town.oblast, town.population, periods))
    st.caption(TOWN_METHOD_CAPTION)


def show_pace(version: DataVersion) -> None:
    st.subheader("Pace of change")
    gains, line = compare_data.pace(version)
    if gains.empty:
        st.info("The pace needs snapshots from at least two weeks.")
        return
    whole = st.toggle("The whole history since 2022", key="compare_pace_whole")
    shown = recent_weeks(gains, None if whole else RECENT_MONTHS)
    st.altair_chart(build_pace_chart(shown), width="stretch")
    period = "every week" if whole else f"the last {RECENT_MONTHS} months"
    st.caption(f"{PACE_CAPTION} Shown: {period}.")
    st.markdown(describe_extrapolation(line))
