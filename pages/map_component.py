"""The folium map sent as `st_folium` sends it, with the unchanging base rendered only once.

`st_folium` renders the whole map on every run; most of a date change went there (about 0.1 s
of the script's 0.16 s). Here the base is rendered once (`render_base`), the groups and their
layer control once per date (`render_layers`), with streamlit-folium's own helpers, so the
component receives the very arguments `st_folium` would give it: tests/test_map_component.py
checks that, and fails first if an upgrade of the pinned streamlit-folium changes them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import branca.element
import folium
from folium.map import Layer
from streamlit_folium import (
    _component_func,
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_layer_control_string,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from frontline.present.webmap import folium_map

Entries = tuple[tuple[str, str], ...]  # (label, the layer's name in the script)


@dataclass(frozen=True)
class BaseMap:
    """A base map rendered as `st_folium` renders it, with the layers its layer control lists.

    Shared by every session (Streamlit's resource cache): never changed once made.
    """

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    key: str  # the component's identity: the same base keeps the same map mounted
    base_layers: Entries
    overlays: Entries


@dataclass(frozen=True)
class MapLayers:
    """The scripts that add a date's feature groups, and the layer control over all layers."""

    groups: str
    control: str


def render_base(fmap: folium.Map, key: str) -> BaseMap:
    """Render `fmap` once, as `st_folium(fmap, key=key)` would; `fmap` is spent afterwards."""
    fmap.get_root().render()
    fmap.render()
    html, header = _get_html(fmap), _get_header(fmap)
    script = _get_map_string(fmap)  # renames the elements: the control below sees new names
    listed = [
        (layer.layer_name, layer.get_name(), layer.overlay)
        for layer in fmap._children.values()
        if isinstance(layer, Layer) and layer.control
    ]
    elements = list(_walk(fmap))
    return BaseMap(
        script=script,
        header=header,
        html=html,
        map_id=get_full_id(fmap),
        css_links=_links(elements, "default_css"),
        js_links=_links(elements, "default_js"),
        key=generate_js_hash(script, key, False),
        base_layers=tuple((label, name) for label, name, overlay in listed if not overlay),
        overlays=tuple((label, name) for label, name, overlay in listed if overlay),
    )


def render_layers(base: BaseMap, groups: Sequence[folium.FeatureGroup]) -> MapLayers:
    """The groups' script and the layer control over the base's layers and the groups (the
    same groups give the same text, so the result can be kept per date)."""
    page = folium.Map(tiles=None)  # stands for the map on the page: its name becomes map_div
    script = "".join(
        _get_feature_group_string(group, map=page, idx=index) for index, group in enumerate(groups)
    )
    control = _ControlOverBase(folium_map.layer_control(), base)
    return MapLayers(script, _get_layer_control_string(control, page))


def draw_map(
    base: BaseMap, layers: MapLayers, *, height: int, zoom: int, center: Sequence[float]
) -> None:
    """Send the map: mounted once per base, the groups replaced when they change.

    Panning and zooming return nothing (`returned_objects=[]`), so they never rerun the script.
    """
    _component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=base.key,
        height=height,
        width=None,
        returned_objects=[],
        default={},
        zoom=zoom,
        center=list(center),
        feature_group=layers.groups,
        return_on_hover=False,
        layer_control=layers.control,
        pixelated=False,
        css_links=list(base.css_links),
        js_links=list(base.js_links),
        wrap_longitude=False,
    )


class _ControlOverBase(folium.LayerControl):
    """`control` listing the base's layers (by their names in its script) before the groups:
    the map it is added to holds only the groups, so its listing starts from the base's."""

    def __init__(self, control: folium.LayerControl, base: BaseMap) -> None:
        super().__init__(draggable=control.draggable)
        self.options = control.options
        self._base = base

    def reset(self) -> None:
        self.base_layers = OrderedDict(self._base.base_layers)
        self.overlays = OrderedDict(self._base.overlays)


def _walk(element: branca.element.Element) -> Iterator[branca.element.Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _links(elements: Sequence[branca.element.Element], kind: str) -> tuple[str, ...]:
    """Every element's script or stylesheet links, in order, each once (as st_folium)."""
    links = [url for element in elements for _, url in getattr(element, kind, [])]
    return tuple(dict.fromkeys(links))
