"""The HTML the maps and pages show, as Jinja2 templates with every value escaped.

Autoescape is on, and every value also goes through `escape_html`, which turns backslash,
backtick and `$` into entities: folium puts tooltip text inside JavaScript template literals,
where those characters would still be read as code. Trusted markup (a template's own CSS)
is passed as `Markup`.
"""

from __future__ import annotations

from jinja2 import DictLoader, Environment
from markupsafe import Markup

from frontline.present.escaping import escape_html
from frontline.present.style import EVENT, INK

_LEGEND_CSS = """
.frontline-legend {width: 175px; background: rgba(255,255,255,0.92); padding: 6px 9px;
  font: 12px/1.35 system-ui, sans-serif; color: {{ ink }}; border-radius: 4px;
  box-shadow: 0 0 4px #888;}
.frontline-legend .row {display: flex; align-items: center; gap: 5px; margin: 2px 0;}
.frontline-legend .scale {display: flex; margin-top: 3px; border: 1px solid {{ ink }};}
.frontline-legend .step {flex: 1; height: 12px;}
.frontline-legend .ticks {display: flex; justify-content: space-between; font-size: 10px;
  margin: 0 -3px 3px -3px;}
.frontline-legend .box {width: 18px; height: 12px; border: 1px solid {{ ink }};}
.frontline-legend .dot {width: 10px; height: 10px; border-radius: 50%;
  border: 1.5px solid {{ ink }}; box-sizing: border-box;}
.frontline-oblast-label {font: 600 13px system-ui, sans-serif; color: {{ ink }}; text-align:
  center; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap;}
.frontline-town-label {font: 11px system-ui, sans-serif; color: {{ ink }}; white-space: nowrap;
  text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 2px #fff;}
.frontline-label {background: none; border: none;}
.leaflet-container .leaflet-control-attribution {font: 11px/1.4 system-ui, sans-serif;}
.frontline-event {display: inline-block; width: 10px; height: 10px; margin: 2px;
  transform: rotate(45deg); background: {{ event }}; border: 1.5px solid #fff;
  box-shadow: 0 0 2px {{ ink }};}
.frontline-event-icon {background: none; border: none;}
.frontline-region-event {display: inline-flex; align-items: center; justify-content: center;
  width: 22px; height: 22px; box-sizing: border-box; border: 2px dashed {{ event }};
  border-radius: 50%; background: rgba(255,255,255,0.6);}
.frontline-region-event .frontline-event {width: 8px; height: 8px; margin: 0;}
.frontline-legend .note {font-size: 11px; color: #444; margin: 0 0 3px;}
.frontline-tile-notice {max-width: 260px; background: #fff7e6; border: 1px solid #c77c00;
  padding: 5px 8px; font: 12px/1.4 system-ui, sans-serif; color: {{ ink }}; border-radius: 4px;}
@media (max-width: 480px) {.frontline-legend {width: 150px; font-size: 11px;}
  .leaflet-container .leaflet-control-attribution {max-width: 55vw; white-space: normal;}}
"""

_LEGEND = (
    "<style>{% include 'legend.css' %}</style>"
    "{% if polygons %}"
    '<div class="row"><span class="box" style="background:{{ occupied }};'
    'opacity:{{ occupied_opacity }}"></span>Occupied area (DeepStateMap)</div>'
    '<div class="row">Towns: {% for state, fill in states.items() %}'
    '<span class="dot" style="background:{{ fill }};margin-left:6px"></span>{{ state }}'
    "{% endfor %}</div>"
    "{% else %}"
    "<b>Share of the oblast occupied</b>"
    '<div class="scale">{% for opacity in shades %}<span class="step" style="background:'
    '{{ occupied }};opacity:{{ opacity }}"></span>{% endfor %}</div>'
    '<div class="ticks">{% for t in ticks %}<span>{{ t }}</span>{% endfor %}</div>'
    '<div class="note">Each whole oblast is shaded by its share, %: the occupied area itself '
    "is not drawn.</div>"
    '<div class="row"><span class="dot" style="background:{{ fills[None] }}"></span>'
    "Town (in or out not known)</div>"
    "{% endif %}"
    "{% if events %}"
    '<div class="row"><span class="frontline-event" style="margin:1px 4px 1px 3px"></span>'
    "Timeline event</div>{% endif %}"
    "{% if region_events %}"
    '<div class="row"><span class="frontline-region-event" style="margin:0 1px 0 0">'
    '<span class="frontline-event"></span></span>Event about a whole region, marked at its '
    "centre</div>{% endif %}"
)

_EVENT_CARDS = (
    '<style>{{ css }}</style><div class="events">{% for e in events %}<div class="event">'
    '<div class="when">{{ e.when }}<br><span class="category">{{ e.category }}</span></div>'
    '<div class="what"><strong>{{ e.title }}</strong><p>{{ e.summary }}</p>'
    '<p class="meta">Place: {{ e.place }}{% if e.region %} <span class="region">(the whole '
    "region, not a town)</span>{% endif %}<br>Source: {{ e.source }}"
    "{% if e.detail %}<br>Dating: {{ e.detail }}{% endif %}</p></div>"
    '<div class="map"><a href="{{ e.href }}" target="_self">Map at {{ e.day }}</a></div>'
    "</div>{% endfor %}</div>"
)

# The map page's header and shares: one element, so a date change replaces them together.
_SHARES = (
    "<style>.frontline-shares .showing {margin: 0 0 0.6rem 0;}"
    ".frontline-shares .row {display: flex; flex-wrap: wrap; gap: 0.5rem 3rem;}"
    ".frontline-shares .label {font-size: 0.875rem;}"
    ".frontline-shares .value {font-size: 2.25rem; line-height: 1.3;}"
    ".frontline-shares .delta {font-size: 0.875rem; color: #5c5f66;}</style>"
    '<div class="frontline-shares"><p class="showing">Showing <b>{{ requested }}</b> · '
    "DeepStateMap snapshot of <b>{{ snapshot }}</b></p>"
    '<div class="row">{% for s in shares %}<div class="share">'
    '<div class="label">{{ s.label }}</div><div class="value">{{ s.value }}</div>'
    '<div class="delta">{{ s.delta }}</div></div>{% endfor %}</div></div>'
)

# DeepStateMap's published figures beside frontline's: a table on a desktop, one card per row
# on a phone, so nothing on the page scrolls sideways.
_PUBLISHED = (
    "<style>.frontline-published {border-collapse: collapse; width: 100%; font-size: 0.9rem;}"
    ".frontline-published th, .frontline-published td {padding: 0.3rem 0.5rem;"
    " border-bottom: 1px solid #e6e6e6; text-align: left; vertical-align: top;}"
    ".frontline-published td {overflow-wrap: anywhere;}"
    "@media (max-width: 640px) {.frontline-published thead {display: none;}"
    ".frontline-published tr {display: block; padding: 0.4rem 0; border-bottom: 1px solid #ccc;}"
    ".frontline-published td {display: block; border: none; padding: 0.05rem 0;}"
    ".frontline-published td::before {content: attr(data-label) ': '; font-weight: 600;}}"
    '</style><table class="frontline-published"><thead><tr>'
    "{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr></thead><tbody>"
    "{% for row in rows %}<tr>{% for c in columns %}"
    '<td data-label="{{ c }}">{% if c == "Link" and row[c] %}'
    '<a href="{{ row[c] }}" target="_blank" rel="noopener">report</a>'
    "{% else %}{{ row[c] }}{% endif %}</td>{% endfor %}</tr>{% endfor %}</tbody></table>"
)

TEMPLATES = {
    "published.html": _PUBLISHED,
    "shares.html": _SHARES,
    "legend.css": _LEGEND_CSS,
    "legend.html": _LEGEND,
    "oblast_label.html": '<div class="frontline-oblast-label">{{ name }} oblast</div>',
    "town_label.html": (
        '<div class="frontline-town-label" data-minzoom="{{ zoom }}">{{ name }}</div>'
    ),
    "town_tooltip.html": (
        "<b>{{ name }}</b>{% if geonames_name %} (GeoNames: {{ geonames_name }}){% endif %}, "
        "{{ oblast }} oblast<br>{{ population }} people (source: {{ source }})<br>{{ status }}"
    ),
    "events_tooltip.html": (
        "<b>{{ place }}</b><br>{% if region %}<i>The marker stands for the whole region, not "
        "a place in it.</i><br>{% endif %}"
        "{% for e in events %}<b>{{ e.when }}</b>: {{ e.title }}<br>{% endfor %}"
        "<i>Details on the Timeline page</i>"
    ),
    "occupied_tooltip.html": "Occupied area on {{ day }} (DeepStateMap snapshot)",
    "event_cards.html": _EVENT_CARDS,
    "compare_legend.html": (
        "<style>{% include 'legend.css' %}</style><b>Between the two dates</b>"
        "{% for label, colour, opacity in kinds %}"
        '<div class="row"><span class="box" style="background:{{ colour }};'
        'opacity:{{ opacity }}"></span>{{ label }}</div>{% endfor %}'
        '<div class="row">Towns now: {% for state, fill in fills.items() %}'
        '<span class="dot" style="background:{{ fill }};margin-left:6px"></span>{{ state }}'
        "{% endfor %}</div>"
    ),
    "compare_town_tooltip.html": (
        "<b>{{ name }}</b>, {{ oblast }} oblast<br>{{ before }} → {{ after }}<br>"
        "changed first on {{ changed_on }} (the snapshot after {{ previous }})"
    ),
    "page_title.html": "<title>{{ title }}</title>",
    # The standalone page's caption sits under the map, not over it: over the map it would
    # hide the scale bar, the coast and, on a phone, the legend.
    "caption.html": (
        "<style>html, body {height: 100%; margin: 0;} body {display: flex; "
        "flex-direction: column;} .folium-map {flex: 1 1 auto; min-height: 0; "
        "height: auto !important;} .frontline-caption {flex: 0 0 auto; padding: 6px 10px; "
        "border-top: 1px solid #999; background: #fff; font: 12px/1.45 system-ui, sans-serif; "
        "color: {{ ink }}; overflow-wrap: anywhere;}</style>"
        '<div class="frontline-caption">'
        "{% for line in lines %}{{ line }}{% if not loop.last %}<br>{% endif %}{% endfor %}</div>"
    ),
}


def _escape(value: object) -> Markup:
    return value if isinstance(value, Markup) else Markup(escape_html(value))


_ENV = Environment(
    loader=DictLoader(TEMPLATES),
    autoescape=True,
    finalize=_escape,
    keep_trailing_newline=True,
)
_ENV.globals.update(ink=INK, event=EVENT)


def render(template: str, **values: object) -> str:
    """The template `template` filled with `values`, each one escaped unless it is `Markup`."""
    return _ENV.get_template(template).render(**values)
