"""The weekly maps' extra layers on the map page: drawn, in the legend, in the figures panel."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from frontline.model.dataset import open_dataset
from frontline.model.figures import drawn_layers, figures_on
from frontline.present import war_layers
from frontline.present.export.formats import export_geojson, export_html, export_png
from frontline.present.style import LAYER_STYLES
from frontline.present.webmap.folium_map import build_map
from frontline.present.webmap.layers import day_layers
from frontline.present.webmap.legend import legend_html
from frontline.registry import LAYERS, WEEKLY, extra_layers, source
from tests.conftest import DAILY_DAYS, LAYERED_WEEKS
from tests.test_map_page import folium_args, open_map, text_of


def test_a_weekly_snapshot_draws_pre2022_and_grey_layers(two_source_store: Path) -> None:
    dataset = open_dataset(two_source_store)
    html = build_map(dataset, figures_on(dataset.figures, LAYERED_WEEKS[-1])).get_root().render()
    for layer in source(WEEKLY).extra_layers:
        assert LAYERS[layer].label in html
        assert LAYER_STYLES[layer]["fillColor"] in html


def test_a_daily_snapshot_draws_no_extra_layer(two_source_store: Path) -> None:
    dataset = open_dataset(two_source_store)
    assert war_layers.extra_collections(dataset, DAILY_DAYS[0]) == {}
    html = build_map(dataset, figures_on(dataset.figures, DAILY_DAYS[0])).get_root().render()
    assert LAYERS["pre2022"].label not in html


def test_the_legend_has_a_row_for_each_layer_hidden_until_a_date_draws_it() -> None:
    legend = legend_html()
    for layer in extra_layers():
        row = f'<div class="row" data-layer="{layer}" hidden>'
        assert row in legend and LAYERS[layer].legend in legend.split(row)[1].split("</div>")[0]
    assert war_layers.legend_note() == "on the live feed and the weekly layered maps"
    assert f"data-layer-note hidden>{war_layers.legend_note()}<" in legend


@pytest.mark.parametrize(("day", "weekly"), [(LAYERED_WEEKS[-1], True), (DAILY_DAYS[0], False)])
def test_each_date_shows_the_legend_rows_of_the_layers_it_draws_and_no_other(
    two_source_store: Path, day: date, weekly: bool
) -> None:
    dataset = open_dataset(two_source_store)
    figures = figures_on(dataset.figures, day)
    collections = war_layers.extra_collections(dataset, day)
    layers = day_layers(figures, dataset.occupied(day), extra=collections)
    # The legend's rows are the print map's (one definition) and the layers the map draws.
    assert layers.drawn == drawn_layers([figures]) == tuple(collections)
    assert bool(layers.drawn) == weekly
    if weekly:
        assert set(layers.drawn) == set(source(WEEKLY).extra_layers)
    html = build_map(dataset, figures).get_root().render()
    assert f"var drawn = {json.dumps(list(layers.drawn))};" in html


def test_a_date_without_its_occupied_area_shows_no_layer_row(two_source_store: Path) -> None:
    dataset = open_dataset(two_source_store)
    figures = figures_on(dataset.figures, LAYERED_WEEKS[-1])
    assert drawn_layers([figures])
    assert day_layers(figures, {}).drawn == ()


def test_map_page_on_a_weekly_date_splits_the_share_and_names_the_source(
    two_source_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    between = LAYERED_WEEKS[-1].replace(day=LAYERED_WEEKS[-1].day - 2)
    app = open_map(two_source_store, monkeypatch, between.isoformat())
    text = text_of(app)
    assert "Before 24 Feb 2022:" in text and "Since 24 Feb 2022:" in text
    assert "Grey zone:" in text
    captions = " ".join(c.value for c in app.caption)
    assert f"falls on the snapshot of {LAYERED_WEEKS[0].isoformat()}" in captions
    assert "weekly layered maps (weekly" in captions
    layers = folium_args(app)["layer_control"]
    assert LAYERS["pre2022"].label in layers and LAYERS["grey"].label in layers


def test_map_page_on_a_daily_date_shows_no_split(
    two_source_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(two_source_store, monkeypatch, DAILY_DAYS[0].isoformat())
    assert "Before 24 Feb 2022" not in text_of(app)
    assert "daily archive (daily" in " ".join(c.value for c in app.caption)


def test_geojson_export_of_a_weekly_date_carries_the_layers_and_their_figures(
    two_source_store: Path,
) -> None:
    dataset = open_dataset(two_source_store)
    collection = json.loads(export_geojson(dataset, LAYERED_WEEKS[-1]))
    layers = {f["properties"]["layer"] for f in collection["features"]}
    assert layers == {"oblast", "occupied", "pre2022", "grey"}
    figures = figures_on(dataset.figures, LAYERED_WEEKS[-1])["Donetsk"]
    donetsk = next(
        f["properties"] for f in collection["features"] if f["properties"]["oblast"] == "Donetsk"
    )
    assert donetsk["pre2022_pct"] == round(figures.layers["pre2022"].pct, 4)
    assert donetsk["grey_km2"] == round(figures.layers["grey"].km2, 3)
    assert donetsk["source_id"] == "deepstate-layers"


def test_html_export_of_a_weekly_date_draws_the_layers(two_source_store: Path) -> None:
    html = export_html(open_dataset(two_source_store), LAYERED_WEEKS[-1]).decode()
    for layer in source(WEEKLY).extra_layers:
        assert LAYERS[layer].label in html


def test_the_png_panel_line_splits_the_share_only_for_weekly_snapshots(
    two_source_store: Path,
) -> None:
    dataset = open_dataset(two_source_store)
    figures = figures_on(dataset.figures, LAYERED_WEEKS[-1])["Donetsk"]
    (line,) = war_layers.compact_line(figures)
    assert "before 24 Feb 2022" in line and "grey zone" in line
    assert war_layers.compact_line(figures_on(dataset.figures, DAILY_DAYS[0])["Donetsk"]) == []


def test_png_of_a_weekly_date_draws_the_pre2022_area(two_source_store: Path) -> None:
    def dark_brown(day) -> int:
        image = np.asarray(Image.open(io.BytesIO(export_png(dataset, day, towns=False))))
        r, g, b = (image[..., i].astype(int) for i in range(3))
        return int(((r > 100) & (r < 170) & (g > 60) & (g < 110) & (b < 70)).sum())

    dataset = open_dataset(two_source_store)
    assert dark_brown(LAYERED_WEEKS[-1]) > 10_000 > dark_brown(DAILY_DAYS[0])
