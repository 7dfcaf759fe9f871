"""The timeline page's words about its chart: what the marks mean, and what is left undrawn."""

from __future__ import annotations

import pandas as pd

from frontline.model.events import REPORTED_SHARES


def chart_caption(shown: pd.DataFrame, measured: pd.DataFrame) -> str:
    """The chart's legend in words; the events outside the measured dates are counted."""
    drawn = shown["date"].between(measured["date"].min(), measured["date"].max())
    undrawn = int((~drawn).sum())
    reported = "; ".join(f"{r.oblast} {r.wording}" for r in REPORTED_SHARES)
    text = (
        "Lines: share of each oblast inside DeepStateMap's occupied area, measured by frontline "
        "in EPSG:3035, each oblast on its own scale (hover for each snapshot's date and file). "
        f"Hollow diamonds: the report's own figures at the summit ({reported}). Marks at the "
        "top: the events, one per date and category. Solid line: the date on the map (the "
        "sidebar's date). Click a snapshot or an event to open the map at its date."
    )
    if undrawn:
        noun = "event" if undrawn == 1 else "events"
        text += f" {undrawn} {noun} outside the chart's dates are listed below, not drawn."
    return text
