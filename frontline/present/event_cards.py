"""The timeline's events as HTML cards, every text from the events file escaped."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from frontline.model.events import link_day
from frontline.present.escaping import escape_html
from frontline.present.wording import format_event_date


def map_link(event: Mapping[str, object]) -> str:
    """A link to the map page at the event's date, `/?date=YYYY-MM-DD`."""
    return f"/?date={link_day(event).isoformat()}"


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
"""


def format_events_html(events: pd.DataFrame) -> str:
    """The events as a list of HTML cards; every text from the file is escaped, so none of it
    can become markup: titles stay text even when they look like HTML or Markdown."""
    cards = "".join(_event_card(event) for event in events.to_dict("records"))
    return f'<style>{EVENTS_CSS}</style><div class="events">{cards}</div>'


def _event_card(event: Mapping[str, object]) -> str:
    day, precision = event["date"], str(event["date_precision"])
    when = format_event_date(day, precision)  # type: ignore[arg-type]
    if precision != "day":
        when += f" ({precision} only)"
    detail = str(event.get("source_detail") or "")
    parts = {
        "when": escape_html(when),
        "category": escape_html(str(event["category"])),
        "title": escape_html(str(event["title"])),
        "summary": escape_html(str(event["summary"])),
        "place": escape_html(str(event["place"]) or "none given"),
        "source": escape_html(str(event["source"])),
        "detail": f"<br>Dating: {escape_html(detail)}" if detail else "",
        "href": escape_html(map_link(event)),
        "day": link_day(event).isoformat(),
    }
    return (
        '<div class="event">'
        '<div class="when">{when}<br><span class="category">{category}</span></div>'
        '<div class="what"><strong>{title}</strong><p>{summary}</p>'
        '<p class="meta">Place: {place}<br>Source: {source}{detail}</p></div>'
        '<div class="map"><a href="{href}" target="_self">Map at {day}</a></div>'
        "</div>"
    ).format(**parts)
