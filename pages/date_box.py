"""A date box as every page draws it: type a date and press Enter, or pick it on the calendar.

The typed text is read by one parser (`parse_typed_date`) and handed on in the one form the
URL keeps; text it cannot read changes nothing, and the box says so under itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from frontline.model.typed_dates import EXAMPLES, canonical, parse_typed_date
from frontline.present.escaping import escape_markdown

Apply = Callable[[str], None]  # takes the date in the URL's form ("" for none)


def date_box(
    label: str,
    key: str,
    *,
    text: str,
    shown: date,
    bounds: tuple[date, date],
    apply: Apply,
    placeholder: str = "",
) -> None:
    """A text box holding `text` and a calendar on `shown`; either one calls `apply`."""
    st.session_state[key] = text
    st.session_state[_calendar(key)] = min(max(shown, bounds[0]), bounds[1])
    box, calendar = st.columns([5, 1], gap="small", vertical_alignment="bottom")
    box.text_input(
        label,
        key=key,
        on_change=_typed,
        args=(key, shown, apply),
        placeholder=placeholder,
        help=f"Type a date ({EXAMPLES}) and press Enter, or pick one on the calendar. "
        "A day without a snapshot shows the latest snapshot before it.",
    )
    picker = calendar.popover(
        "", icon=":material/calendar_month:", help=f"Pick the {label.lower()} on a calendar"
    )
    picker.date_input(
        f"Calendar for {label}",
        key=_calendar(key),
        min_value=bounds[0],
        max_value=bounds[1],
        format="YYYY-MM-DD",
        on_change=_picked,
        args=(key, apply),
    )
    if problem := st.session_state.pop(_problem(key), None):
        st.error(escape_markdown(problem))


def _typed(key: str, kept: date, apply: Apply) -> None:
    text = st.session_state[key].strip()
    if not text:
        apply("")
        return
    try:
        day, precision = parse_typed_date(text)
    except ValueError as err:
        st.session_state[_problem(key)] = f"{err}. Still showing {kept.isoformat()}."
        return
    apply(canonical(day, precision))


def _picked(key: str, apply: Apply) -> None:
    picked = st.session_state[_calendar(key)]
    if isinstance(picked, date):
        apply(picked.isoformat())


def _calendar(key: str) -> str:
    return f"{key}_calendar"


def _problem(key: str) -> str:
    return f"{key}_problem"
