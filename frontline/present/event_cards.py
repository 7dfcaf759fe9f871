"""The timeline's events as HTML cards, every text from the events file escaped."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from frontline.model.events import is_region, link_date
from frontline.present.escaping import escape_html
from frontline.present.wording import format_event_date


def map_link(event: Mapping[str, object]) -> str:
    """A link to the map page at the event's date, `/?date=2026-01-06` (or `2026-01`)."""
    return f"/?date={link_date(event)}"


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
    cards = "".join(_event_card(event) for event in events.to_dict("records"))
    return f'<style>{EVENTS_CSS}</style><div class="events">{cards}</div>'


def _place(place: str) -> str:
    if not place:
        return "none given"
    if is_region(place):
        return (
            f'{escape_html(place)} <span class="region">(the whole region, not a town: a map '
            "marker for it stands at the region's centre)</span>"
        )
    return escape_html(place)


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
        "place": _place(str(event["place"])),
        "source": escape_html(str(event["source"])),
        "detail": f"<br>Dating: {escape_html(detail)}" if detail else "",
        "href": escape_html(map_link(event)),
        "day": link_date(event),
    }
    return (
        '<div class="event">'
        '<div class="when">{when}<br><span class="category">{category}</span></div>'
        '<div class="what"><strong>{title}</strong><p>{summary}</p>'
        '<p class="meta">Place: {place}<br>Source: {source}{detail}</p></div>'
        '<div class="map"><a href="{href}" target="_self">Map at {day}</a></div>'
        "</div>"
    ).format(**parts)
