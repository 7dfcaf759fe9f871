"""The timeline's events as HTML cards, every text from the events file escaped."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from frontline.model.events import is_region, link_date
from frontline.present.links import map_href
from frontline.present.templates import render
from frontline.present.wording import format_event_date


def map_link(event: Mapping[str, object]) -> str:
    """A link to the map page at the event's date, `./?date=2026-01-06` (or `2026-01`)."""
    return map_href(link_date(event))


def format_events_html(events: pd.DataFrame) -> str:
    """The events as a list of HTML cards; every text from the file is escaped, so none of it
    can become markup: titles stay text even when they look like HTML or Markdown."""
    cards = [_card(event) for event in events.to_dict("records")]
    return render("event_cards.html", events=cards)


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
