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


# The characters that make inline Markdown in Streamlit: links, images, emphasis, code, HTML,
# entities, tables, math and its own `:material/...:` and `:color[...]` directives. Line breaks
# become spaces, so no heading or list can start inside the text.
_MARKDOWN = str.maketrans({"\n": " ", "\r": " ", **{c: "\\" + c for c in "\\`*_{}[]()<>#!|~:$&"}})


# GitHub-flavoured Markdown turns bare URLs, www. names and e-mail addresses into links after
# escapes are resolved, so escaping cannot stop it: an invisible zero-width space breaks them.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


def escape_markdown(text: object) -> str:
    """`text` shown literally by Streamlit's Markdown: no link, image or formatting survives."""
    return _AUTOLINK.sub("\u200b", str(text).translate(_MARKDOWN))
