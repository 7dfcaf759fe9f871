"""The map and oblasts pages' words for one date: share cards, figure lines, the oblast table."""

from __future__ import annotations

import pandas as pd

from frontline.model.figures import CHANGE_WINDOWS, DayFigures, OblastFigures
from frontline.present import war_layers
from frontline.present.webmap import layers
from frontline.present.wording import format_change, format_km2, format_share

OBLAST_COLUMNS = {
    "area": "Oblast",
    "occupied_pct": "Occupied %",
    "occupied_km2": "Occupied km²",
    "area_km2": "Area km²",
}


def share_cards(figures: DayFigures) -> list[dict[str, str]]:
    """Each oblast's share and its change over the first window, for `shares.html`."""
    cards = []
    for oblast in figures.oblasts:
        week = oblast.change(CHANGE_WINDOWS[0])
        cards.append(
            {
                "label": f"{oblast.oblast} oblast occupied",
                "value": format_share(oblast.occupied_pct),
                "delta": "" if week is None else format_change(week, week.days),
            }
        )
    return cards


def figure_lines(oblast: OblastFigures) -> str:
    """An oblast's km², the split before and since 2022, and its changes, as Markdown lines."""
    lines = [
        f"**{format_km2(oblast.occupied_km2)}** of {format_km2(layers.oblasts_area(oblast.oblast))}"
    ]
    lines += war_layers.split_lines(oblast)
    lines += [format_change(oblast.change(days), days, dated=True) for days in CHANGE_WINDOWS]
    return "  \n".join(lines)


def oblast_table(table: pd.DataFrame) -> pd.DataFrame:
    """Every oblast's figures with readers' column names, km² whole (exports keep decimals)."""
    return table.round({"occupied_km2": 0, "area_km2": 0}).rename(columns=OBLAST_COLUMNS)
