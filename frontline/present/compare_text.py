"""How a comparison is written for readers: figures, towns whose state changed, a town's
periods and the straight-line pace."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from frontline.model.changes import Extrapolation
from frontline.model.towns import METHOD, Period, format_state
from frontline.present.compare_map import ChangedTown
from frontline.present.links import map_link
from frontline.present.wording import format_km2, format_share

FIGURE_COLUMNS = {
    "area": "Area",
    "start_pct": "Share then, %",
    "end_pct": "Share now, %",
    "gained_km2": "Gained, km²",
    "lost_km2": "Lost, km²",
    "net_km2": "Net, km²",
    "net_pp": "Net, pp",
}

PACE_CAPTION = (
    "Points: net occupied km² gained in each week (Monday to Sunday, from the last snapshot "
    "of the week before to the last of the week; losses subtract). Lines: the rolling "
    "4-week mean."
)


# What a town's share is measured on, said wherever a share is shown.
TOWN_METHOD_CAPTION = f"A town's share is the part of its extent that is occupied: {METHOD}."


def describe_period(period: Period, last: bool) -> str:
    """`contested since 2022-12-11 (6 % occupied; the snapshot after 2022-12-04)`, and until
    when it lasted."""
    began = format_state(period.state, period.share_first)
    if period.before is None:
        text = f"{began} from the first snapshot ({period.first})"
    else:
        text = f"{began} since {period.first} (the snapshot after {period.before})"
    if last:
        return text
    ended = f", {period.share_last:.0%} on its last day".replace("%", " %")
    return f"{text} until {period.last}{ended if period.state == 'contested' else ''}"


def describe_periods(periods: Sequence[Period]) -> list[str]:
    """One line per period of a town's history, oldest first."""
    return [describe_period(p, i == len(periods) - 1) for i, p in enumerate(periods)]


def describe_extrapolation(line: Extrapolation) -> str:
    """The straight-line date with every input it rests on, labelled as what it is."""
    inputs = (
        f"{line.area} went from {format_km2(line.since_km2)} on {line.since} to "
        f"{format_km2(line.until_km2)} on {line.until} ({line.km2_per_day:+,.1f} km² a day); "
        f"{format_km2(line.remaining_km2)} of its {format_km2(line.area_km2)} remain."
    )
    if line.reaches is None:
        return (
            f"Straight-line extrapolation of the last {line.window_days} days: {inputs} "
            "At that pace the line never reaches the whole oblast."
        )
    return (
        f"Straight-line extrapolation of the last {line.window_days} days, not a forecast: "
        f"{inputs} At that pace the whole of {line.area} oblast would be inside the occupied "
        f"area on **{line.reaches}**."
    )


def figures_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Every area's figures for the pair, with readers' column names."""
    return figures.rename(columns=FIGURE_COLUMNS).drop(columns=["start_km2", "end_km2"])


def changed_town_lines(towns: Sequence[ChangedTown]) -> list[str]:
    """One Markdown item per town whose state changed, with a link to the map on that day."""
    return [
        f"- **{t.name}** ({t.oblast}): {t.before} → {t.after}, first changed on "
        f"{t.changed_on} (the snapshot after {t.previous_snapshot}) · {map_link(t.changed_on)}"
        for t in towns
    ]


def people(population: int) -> str:
    """`80,500 people`, or that GeoNames records none."""
    return f"{population:,} people" if population else "population not recorded"


def town_label(name: str, oblast: str, population: int) -> str:
    """`Bakhmut (Donetsk oblast, 80,500 people)`: a place told apart from its namesakes."""
    return f"{name} ({oblast} oblast, {people(population)})"


def town_labels(towns: pd.DataFrame) -> list[str]:
    """`town_label` of each row of a gazetteer table, such as `find_towns` gives."""
    return [town_label(t.name, t.oblast, t.population) for t in towns.itertuples()]


def no_town_matches(query: str) -> str:
    """What a town search that found nothing says."""
    return f"No place of Donetsk or Luhansk oblast matches {query!r}."


def town_history(name: str, oblast: str, population: int, periods: Sequence[Period]) -> str:
    """A town's heading and one Markdown item per period, each change linked to the map."""
    links = ["", *(f" · {map_link(p.first)}" for p in periods[1:])]
    items = (f"- {line}{link}" for line, link in zip(describe_periods(periods), links, strict=True))
    return f"**{name}**, {oblast} oblast ({people(population)}):\n" + "\n".join(items)


def gain_loss_line(gained_km2: float, lost_km2: float, start_pct: float) -> str:
    """`Gained **12 km²**, lost **3 km²** (from 78.0 %)`; nothing without the polygons."""
    if gained_km2 is None or pd.isna(gained_km2):
        return ""
    return (
        f"Gained **{format_km2(gained_km2)}**, lost **{format_km2(lost_km2)}** "
        f"(from {format_share(start_pct)})"
    )
