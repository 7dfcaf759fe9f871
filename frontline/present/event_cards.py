"""The timeline's events as HTML cards, every text from the events file escaped."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from markupsafe import Markup

from frontline.model.events import is_region, link_date
from frontline.present.links import map_href
from frontline.present.templates import render
from frontline.present.wording import format_event_date


def map_link(event: Mapping[str, object]) -> str:
    """A link to the map page at the event's date, `./?date=2026-01-06` (or `2026-01`)."""
    return map_href(link_date(event))


# Styles for the cards, scoped under `.events` so nothing else on the page changes.
EVENTS_CSS = """
.events .event {display: flex; gap: 1rem; padding: 0.6rem 0; border-top: 1px solid #e6e6e6;}
.events .when {flex: 0 0 9.5rem; font-size: 0.9rem;}
.events .category {display: inline-block; margin-top: 0.2rem; padding: 0 0.4rem;
  border-radius: 0.5rem; background: #f0f2f6; font-size: 0.8rem;}
.events .what {flex: 1 1 auto;}
.events .what p {margin: 0.2rem 0 0 0;}
.events .meta {color: #5c5f66; font-size: 0.85rem;}
.events .map {flex: 0 0 9rem; font-size: 0.9rem; text-align: right;}
.events .what, .events .map a {overflow-wrap: anywhere;}
.events .region {font-style: italic;}
@media (max-width: 640px) {
  .events .event {flex-wrap: wrap; gap: 0.3rem 1rem;}
  .events .when {flex: 1 1 auto;}
  .events .what {flex: 1 1 100%; order: 3;}
  .events .map {flex: 0 0 auto; text-align: right;}
}
"""


def format_events_html(events: pd.DataFrame) -> str:
    """The events as a list of HTML cards; every text from the file is escaped, so none of it
    can become markup: titles stay text even when they look like HTML or Markdown."""
    cards = [_card(event) for event in events.to_dict("records")]
    return render("event_cards.html", css=Markup(EVENTS_CSS), events=cards)


def _card(event: Mapping[str, object]) -> dict[str, object]:
    day, precision = event["date"], str(event["date_precision"])
    when = format_event_date(day, precision)  # type: ignore[arg-type]
    if precision != "day":
        when += f" ({precision} only)"
    place = str(event["place"])
    return {
        "when": when,
        "category": str(event["category"]),
        "title": str(event["title"]),
        "summary": str(event["summary"]),
        "place": place or "none given",
        "region": is_region(place),
        "source": str(event["source"]),
        "detail": str(event.get("source_detail") or ""),
        "href": map_link(event),
        "day": link_date(event),
    }
