"""The compare page: what changed between two dates, when each town changed hands, the pace."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from frontline.model.changes import ComparisonError, DatePair, choose_pair, default_pair
from frontline.model.selection import choose_date
from frontline.present.compare_map import KINDS, CompareLayers, compare_groups
from frontline.present.compare_text import (
    TOWN_METHOD_CAPTION,
    changed_town_lines,
    figures_table,
    gain_loss_line,
)
from frontline.present.escaping import escape_markdown as plain
from frontline.present.notices import unreadable_notice
from frontline.present.wording import NO_CHANGE, format_share, format_shift
from pages import app_setup, compare_data, compare_history, loaders, map_view
from pages.compare_export import comparison_panel
from pages.map_component import render_layers
from pages.notices import no_store_notice

app_setup.run_through_app()

MAP_HEIGHT = 560
FROM, TO = "from", "to"


def requested() -> tuple[str | None, str | None]:
    """The pair asked for in the URL, kept there by the date inputs."""
    return st.query_params.get(FROM), st.query_params.get(TO)


def date_inputs(dates: list[date], start: str | None, end: str | None) -> None:
    """Two date inputs bound to `?from=` and `?to=`; they show what the URL resolves to."""
    default_start, default_end = default_pair(dates)

    def shown(text: str | None, fallback: date) -> date:
        return choose_date(dates, text).resolved.requested if text else fallback

    def store(key: str, param: str) -> None:
        st.query_params[param] = st.session_state[key].isoformat()

    st.session_state["compare_from"] = shown(start, default_start)
    st.session_state["compare_to"] = shown(end, default_end)
    left, right, _ = st.columns([1, 1, 2])
    for column, key, param, label in (
        (left, "compare_from", FROM, "From"),
        (right, "compare_to", TO, "To"),
    ):
        column.date_input(
            label,
            key=key,
            min_value=dates[0],
            max_value=dates[-1],
            format="YYYY-MM-DD",
            on_change=store,
            args=(key, param),
        )


def show_figures(figures: pd.DataFrame) -> None:
    """Donetsk and Luhansk as metrics; every area the store holds in a table when there are more."""
    columns = st.columns(2)
    for column, row in zip(columns, figures.head(2).itertuples(), strict=False):
        shift = format_shift(row.net_pp, row.net_km2)
        column.metric(
            f"{row.area} oblast",
            format_share(row.end_pct),
            delta=shift,
            delta_color="off",
            # Streamlit points any text without a minus up: no change gets no arrow.
            delta_arrow="off" if shift == NO_CHANGE else "auto",
        )
        if line := gain_loss_line(row.gained_km2, row.lost_km2, row.start_pct):
            column.markdown(line)
    if len(figures) > 2:
        st.dataframe(figures_table(figures), hide_index=True, width="stretch")


def show_changed_towns(layers: CompareLayers) -> None:
    if not layers.towns:
        st.markdown("No town changed state between the two dates.")
        return
    lines = changed_town_lines(layers.towns)
    with st.container(height=260 if len(lines) > 8 else "content", key="compare_towns"):
        st.markdown("\n".join(lines))


st.title("Compare two dates")
st.caption(
    "What the occupied area gained and lost between two DeepStateMap snapshots, the towns "
    "whose state changed, and the pace over the whole history. Share the comparison by its URL."
)
version = loaders.data_version()
available = loaders.dates(version)
start_text, end_text = requested()
date_inputs(available, start_text, end_text)
no_store_notice()

pair: DatePair | None
try:
    pair = choose_pair(available, start_text, end_text)
except ComparisonError as err:
    st.warning(plain(f"Nothing to compare: {err}."))
    pair = None

if pair is not None:
    for message in pair.messages:
        st.info(plain(message))
    st.markdown(f"Snapshots of **{pair.start}** and **{pair.end}**")
    # A comparison not yet cached takes seconds: say so, rather than leave the old page grey.
    with st.spinner(f"Computing the changes from {pair.start} to {pair.end}…", show_time=True):
        compare_data.town_shares(version)
        result = compare_data.comparison(version, pair.start, pair.end)
    unreadable = compare_data.unreadable_days(version)
    if result.unreadable is not None or unreadable:
        missing = {*unreadable, *([result.unreadable] if result.unreadable else [])}
        st.warning(unreadable_notice(sorted(missing)))
    show_figures(result.figures)
    if result.layers is not None:
        map_column, towns_column = st.columns([3, 2], gap="medium")
        with map_column:
            base = map_view.compare_map_base()
            map_view.draw_map(
                base, render_layers(base, compare_groups(result.layers)), height=MAP_HEIGHT
            )
            st.caption(
                " · ".join(label for label, _, _ in KINDS.values())
                + ": each its own layer (layer button, top right)."
            )
        with towns_column:
            st.markdown(f"**Towns whose state changed** ({len(result.layers.towns)})")
            show_changed_towns(result.layers)
            st.caption(TOWN_METHOD_CAPTION)
    comparison_panel(pair, loaders.dataset())

compare_history.show_town_history(version)
compare_history.show_pace(version)
