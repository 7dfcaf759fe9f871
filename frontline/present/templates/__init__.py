"""The HTML, CSS and map scripts the pages and maps show: template files with every value escaped.

The files sit beside this module, loaded the way datasette loads its own (a FileSystemLoader
over the package's folder, autoescape on). Every value also goes through `escape_html`, which
turns backslash, backtick and `$` into entities: folium puts tooltip text inside JavaScript
template literals, where those characters would still be read as code. Trusted markup is passed
as `Markup`; a map script (.js, not autoescaped) writes each value with `|tojson`.
Colours come from `style`.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from markupsafe import Markup

from frontline.present import style
from frontline.present.escaping import escape_html

FOLDER = Path(__file__).resolve().parent


def _escape(value: object) -> Markup:
    return value if isinstance(value, Markup) else Markup(escape_html(value))


# Map scripts (.js) are not HTML: their values are written with `|tojson`, and their macros
# must return plain text, since folium joins the scripts of every element into one (markup
# returned from here would escape the other elements' quotes).
_ENV = Environment(
    loader=FileSystemLoader(FOLDER),
    autoescape=select_autoescape(["html", "css"], disabled_extensions=["js"], default=True),
    finalize=_escape,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.globals["style"] = style


def template(path: str) -> Template:
    """The template file at `path` (under this folder), compiled once."""
    return _ENV.get_template(path)


def render(path: str, /, **values: object) -> str:
    """The template file at `path` filled with `values`, each escaped unless it is `Markup`."""
    return template(path).render(**values).strip()
