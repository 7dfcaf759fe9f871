"""Escape text from data files before it reaches HTML or a JavaScript template string."""

from __future__ import annotations

import html
import re

# Folium puts tooltip and popup text inside JavaScript template literals (`...`), where a
# backtick ends the string, `${` starts code and a backslash escapes; as HTML entities these
# characters still display as themselves but mean nothing to the JavaScript parser.
_TEMPLATE_LITERAL = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})


def escape_html(text: object) -> str:
    """`text` as inert HTML that is also safe inside a JavaScript template literal."""
    return html.escape(str(text), quote=True).translate(_TEMPLATE_LITERAL)


# What can start markup in Streamlit's Markdown: emphasis, code, links and images, HTML and
# entities, headings, tables, strikethrough, math, and list markers at the start. A backslash
# before each makes it print as itself. Line breaks become spaces, so no block starts inside.
_MARKDOWN_SPECIALS = re.compile(r"[\\`*_{}\[\]()<>#!|~$&]|^\s*[-+]|(?<=^[0-9])[.)]")
# A colon before a word starts an ":emoji:" or ":colour[...]" directive, or the "http://"
# of a bare link, and "www." and "@" start bare links too. Streamlit finds all of these in
# the text after backslashes and character references are undone, so an invisible word
# joiner (U+2060) goes after the colon, "www" and "@" instead: the text reads the same.
_LINK_OR_DIRECTIVE = re.compile(r"(?<=:)(?=\S)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """`text` for `st.markdown`, `st.error` and the like: shown as typed, never as markup."""
    flat = str(text).replace("\r", " ").replace("\n", " ")
    escaped = _MARKDOWN_SPECIALS.sub(lambda found: "\\" + found.group(0).lstrip(), flat)
    return _LINK_OR_DIRECTIVE.sub(WORD_JOINER, escaped)
