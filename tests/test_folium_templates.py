"""What the app's shared folium templates rely on in branca and jinja2, pinned for upgrades.

`pages.app_setup.reuse_folium_templates` replaces `branca.element.Template` with a cache of
compiled templates: that helps only while branca's `Element` compiles its template text
through that module-level name, and is safe only while rendering leaves a template unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import branca.element
import folium
import jinja2
import pytest

from pages import app_setup


@pytest.fixture
def shared_templates(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The replacement made, and undone after the test (it changes the whole process)."""
    monkeypatch.setattr(branca.element, "Template", branca.element.Template)
    app_setup.reuse_folium_templates.clear()
    app_setup.reuse_folium_templates()
    yield
    app_setup.reuse_folium_templates.clear()


@pytest.mark.usefixtures("shared_templates")
def test_elements_with_the_same_template_text_share_one_compiled_template() -> None:
    first = branca.element.Element("<b>{{ this.x }}</b>")
    second = branca.element.Element("<b>{{ this.x }}</b>")
    assert first._template is second._template
    assert branca.element.Element("<i></i>")._template is not first._template


@pytest.mark.usefixtures("shared_templates")
def test_a_map_renders_the_same_with_shared_templates() -> None:
    def page() -> str:
        fmap = folium.Map(location=[48.5, 38.4], zoom_start=7, tiles=None)
        for name in ("Kramatorsk", "Sloviansk", "Kramatorsk"):
            folium.Marker([48.7, 37.5], tooltip=name).add_to(fmap)
        html = fmap.get_root().render()
        # Element ids are random: name them by order of appearance.
        for index, element_id in enumerate(dict.fromkeys(_ids(html))):
            html = html.replace(element_id, f"id{index}")
        return html

    shared = page()
    assert shared.count("Kramatorsk") == 2 and "Sloviansk" in shared
    with pytest.MonkeyPatch.context() as undo:
        undo.setattr(branca.element, "Template", jinja2.Template)
        assert page() == shared


def test_rendering_leaves_a_compiled_template_unchanged() -> None:
    template = jinja2.Template("{{ town }}: {{ share }} %")
    assert template.render(town="Pokrovsk", share=100) == "Pokrovsk: 100 %"
    assert template.render(town="Kostiantynivka", share=40) == "Kostiantynivka: 40 %"


def _ids(html: str) -> Iterator[str]:
    yield from re.findall(r"_([0-9a-f]{32})\b", html)
