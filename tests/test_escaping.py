"""Markdown escaping: what could start markup is escaped, and nothing else.

How Streamlit then renders it is checked in Chromium (tests/browser/test_date_browser.py).
"""

from __future__ import annotations

import pytest

from frontline.present.escaping import escape_markdown


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("`code` ~~gone~~ a | b", r"\`code\` \~\~gone\~\~ a \| b"),
        ("[link](http://x) <b>", "\\[link\\]\\(http:\u2060//x\\) \\<b\\>"),
        ("$x$ back\\slash", r"\$x\$ back\\slash"),
        (":smile: :red[text]", ":\u2060smile: :\u2060red\\[text\\]"),
        ("www.example.org me@example.org", "www\u2060.example.org me@\u2060example.org"),
        ("# heading", r"\# heading"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("1. one", r"1\. one"),
    ],
)
def test_markdown_specials_are_backslash_escaped(typed: str, escaped: str) -> None:
    assert escape_markdown(typed) == escaped


def test_ordinary_sentences_with_dates_stay_as_written() -> None:
    text = "No snapshot for 2025-03-31: showing the latest before it, 2025-03-30."
    assert escape_markdown(text) == text
