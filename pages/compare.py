"""The compare page: what changed between two dates, when each town changed side, the pace."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from frontline.model.changes import ComparisonError, choose_pair, default_pair, town_periods
from frontline.model.gazetteer import find_towns, load_gazetteer
from frontline.model.selection import choose_date
from frontline.present.compare_map import KINDS, CompareLayers, compare_groups
from frontline.present.compare_text import describe_extrapolation, describe_periods
from frontline.present.escaping import escape_markdown as plain
from frontline.present.pace_chart import build_pace_chart
from frontline.present.wording import format_km2, format_share, format_shift
from pages import common, compare_data
from pages.export_panel import comparison_panel
from pages.map_component import render_layers

common.run_through_app()

MAP_HEIGHT = 560
FROM, TO = "from", "to"


def map_link(day: date) -> str:
    """A link to the map page on `day` (relative, so it survives --server.baseUrlPath)."""
    return f"[map](./?date={day.isoformat()})"


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
        column.metric(
            f"{row.area} oblast",
            format_share(row.end_pct),
            delta=format_shift(row.net_pp, row.net_km2),
            delta_color="off",
        )
        if row.gained_km2 is not None and not pd.isna(row.gained_km2):
            column.markdown(
                f"Gained **{format_km2(row.gained_km2)}**, lost **{format_km2(row.lost_km2)}** "
                f"(from {format_share(row.start_pct)})"
            )
    if len(figures) > 2:
        table = figures.rename(
            columns={
                "area": "Area",
                "start_pct": "Share then, %",
                "end_pct": "Share now, %",
                "gained_km2": "Gained, km²",
                "lost_km2": "Lost, km²",
                "net_km2": "Net, km²",
                "net_pp": "Net, pp",
            }
        ).drop(columns=["start_km2", "end_km2"])
        st.dataframe(table, hide_index=True, width="stretch")


def show_changed_towns(layers: CompareLayers) -> None:
    if not layers.towns:
        st.markdown("No town changed side between the two dates.")
        return
    lines = [
        f"- **{t.name}** ({t.oblast}): "
        f"{'outside → inside' if t.inside_after else 'inside → outside'}, first on "
        f"{t.changed_on} (the snapshot after {t.previous_snapshot}) · {map_link(t.changed_on)}"
        for t in layers.towns
    ]
    with st.container(height=260 if len(lines) > 8 else "content", key="compare_towns"):
        st.markdown("\n".join(lines))


def show_town_history(version: common.DataVersion) -> None:
    st.subheader("When did a town change side?")
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
    status = compare_data.town_status(version)
    if status is None:
        st.info("A town's history needs the occupied-area polygons: build the store first.")
        return
    for town in found.head(3).itertuples():
        periods = town_periods(status, int(town.id))
        lines = describe_periods(periods)
        links = ["", *(f" · {map_link(p.first)}" for p in periods[1:])]
        people = f"{town.population:,} people" if town.population else "population not recorded"
        st.markdown(
            f"**{town.name}**, {town.oblast} oblast ({people}):\n"
            + "\n".join(f"- {line}{link}" for line, link in zip(lines, links, strict=True))
        )


def show_pace(version: common.DataVersion) -> None:
    st.subheader("Pace of change")
    gains, line = compare_data.pace(version)
    if gains.empty:
        st.info("The pace needs snapshots from at least two weeks.")
        return
    st.altair_chart(build_pace_chart(gains), width="stretch")
    st.caption(
        "Points: net occupied km² gained in each week (Monday to Sunday, from the last snapshot "
        "of the week before to the last of the week; losses subtract). Lines: the rolling "
        "4-week mean."
    )
    st.markdown(describe_extrapolation(line))


st.title("Compare two dates")
st.caption(
    "What the occupied area gained and lost between two DeepStateMap snapshots, the towns "
    "that changed side, and the pace over the whole history. Share the comparison by its URL."
)
version = common.data_version()
available = common.dates(version)
start_text, end_text = requested()
date_inputs(available, start_text, end_text)
common.no_store_notice()

try:
    pair = choose_pair(available, start_text, end_text)
except ComparisonError as err:
    st.warning(plain(f"Nothing to compare: {err}."))
    pair = None

if pair is not None:
    for message in pair.messages:
        st.info(plain(message))
    st.markdown(f"Snapshots of **{pair.start}** and **{pair.end}**")
    result = compare_data.comparison(version, pair.start, pair.end)
    show_figures(result.figures)
    if result.layers is not None:
        map_column, towns_column = st.columns([3, 2], gap="medium")
        with map_column:
            base = common.compare_map_base()
            common.draw_map(
                base, render_layers(base, compare_groups(result.layers)), height=MAP_HEIGHT
            )
            st.caption(
                " · ".join(label for label, _, _ in KINDS.values())
                + ": each its own layer (layer button, top right)."
            )
        with towns_column:
            st.markdown(f"**Towns that changed side** ({len(result.layers.towns)})")
            show_changed_towns(result.layers)
    comparison_panel(pair, common.dataset())

show_town_history(version)
show_pace(version)
