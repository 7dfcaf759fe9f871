"""The map sent from a base rendered once: exactly what `st_folium` would send its component."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import folium
import pytest
import streamlit_folium

from frontline.model.dataset import Dataset, open_dataset
from frontline.model.events import load_events
from frontline.model.figures import figures_on
from frontline.present import war_layers
from frontline.present.webmap import folium_map, layers
from frontline.registry import LAYERS, SOURCES
from frontline.registry import WEEKLY as LAYERED
from pages import map_component

HEIGHT, ZOOM, CENTER = 640, 7, [48.5, 38.4]
WEEKLY = date(2024, 6, 30)  # a layered map: pre-2022 and grey layers beside the occupied area


def groups_on(dataset: Dataset, day: date) -> list[folium.FeatureGroup]:
    figures = figures_on(dataset.figures, day)
    snapshot = figures.resolved.snapshot
    extra = war_layers.extra_collections(dataset, snapshot)
    return folium_map.date_groups(
        layers.day_layers(figures, dataset.occupied(snapshot), extra=extra)
    )


def captured(monkeypatch: pytest.MonkeyPatch, module, draw) -> dict:
    """The arguments `draw()` hands to the component function of `module`."""
    sent: dict = {}
    monkeypatch.setattr(module, "_component_func", lambda **kwargs: sent.update(kwargs))
    draw()
    return sent


def st_folium_sends(monkeypatch: pytest.MonkeyPatch, dataset: Dataset, day: date) -> dict:
    fmap = folium_map.base_map(load_events(), polygons=dataset.has_geometry)
    sent = captured(
        monkeypatch,
        streamlit_folium,
        lambda: streamlit_folium.st_folium(
            fmap,
            feature_group_to_add=groups_on(dataset, day),
            layer_control=folium_map.layer_control(),
            center=CENTER,
            zoom=ZOOM,
            returned_objects=[],
            use_container_width=True,
            height=HEIGHT,
            key="map",
        ),
    )
    del sent["on_change"]  # stores a returned value: with returned_objects=[] there is none
    return sent


def component_sends(monkeypatch: pytest.MonkeyPatch, dataset: Dataset, day: date) -> dict:
    base = map_component.render_base(
        folium_map.base_map(load_events(), polygons=dataset.has_geometry), key="map"
    )
    drawn = map_component.render_layers(base, groups_on(dataset, day))
    return captured(
        monkeypatch,
        map_component,
        lambda: map_component.draw_map(base, drawn, height=HEIGHT, zoom=ZOOM, center=CENTER),
    )


@pytest.fixture(scope="module")
def with_polygons(two_source_store: Path) -> Dataset:
    return open_dataset(two_source_store)


def test_the_component_gets_what_st_folium_sends_for_a_map_with_polygons_and_war_layers(
    monkeypatch: pytest.MonkeyPatch, with_polygons: Dataset
) -> None:
    ours = component_sends(monkeypatch, with_polygons, WEEKLY)
    # The weekly maps' layers; liberated ground comes only from the live feed, not stored here.
    for name in (LAYERS[layer].label for layer in SOURCES[LAYERED].extra_layers):
        assert f'"{name}"' in ours["layer_control"]
    assert ours == st_folium_sends(monkeypatch, with_polygons, WEEKLY)


def test_the_component_gets_what_st_folium_sends_for_the_embedded_figures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    embedded = open_dataset("/nonexistent-store")
    day = date(2026, 1, 6)
    assert component_sends(monkeypatch, embedded, day) == st_folium_sends(
        monkeypatch, embedded, day
    )


def test_the_same_groups_give_the_same_scripts_so_they_can_be_kept_per_date(
    with_polygons: Dataset,
) -> None:
    base = map_component.render_base(folium_map.base_map(), key="map")
    first = map_component.render_layers(base, groups_on(with_polygons, WEEKLY))
    again = map_component.render_layers(base, groups_on(with_polygons, WEEKLY))
    assert first == again
    later = map_component.render_layers(base, groups_on(with_polygons, date(2024, 7, 9)))
    assert later.groups != first.groups


def test_the_layer_control_lists_the_base_layers_before_the_dates(with_polygons: Dataset) -> None:
    base = map_component.render_base(folium_map.base_map(load_events()), key="map")
    control = map_component.render_layers(base, groups_on(with_polygons, WEEKLY)).control
    names = folium_map.LAYER_NAMES
    order = [names[k] for k in ("basemap", "osm", "events", "town_names", "share", "towns")]
    positions = [control.index(f'"{name}"') for name in order]
    assert positions == sorted(positions)


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="no node to parse the script with")
def test_every_script_the_component_runs_parses_as_javascript(
    monkeypatch: pytest.MonkeyPatch, with_polygons: Dataset, tmp_path: Path
) -> None:
    """Escaped markup in a map script (`&#34;map_div&#34;`) stops the whole map, silently."""
    sent = component_sends(monkeypatch, with_polygons, WEEKLY)
    for part in ("script", "feature_group", "layer_control"):
        path = tmp_path / f"{part}.js"
        # The groups and the control run inside the map's scope, where `map_div` exists.
        path.write_text(f"function run(map_div) {{\n{sent[part]}\n}}\n")
        checked = subprocess.run([str(NODE), "--check", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, f"{part}: {checked.stderr[-500:]}"
