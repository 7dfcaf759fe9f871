"""The weekly maps' extra layers on the map page: drawn, in the legend, in the figures panel."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.model.dataset import open_dataset
from frontline.model.figures import figures_on
from frontline.present import maps, war_layers
from tests.conftest import DAILY_DAYS, LAYERED_WEEKS
from tests.test_map_page import folium_args, open_map, text_of


def test_a_weekly_snapshot_draws_pre2022_and_grey_layers(two_source_store: Path) -> None:
    dataset = open_dataset(two_source_store)
    html = (
        maps.build_map(dataset, figures_on(dataset.figures, LAYERED_WEEKS[-1])).get_root().render()
    )
    for layer in war_layers.EXTRA_LAYERS:
        assert war_layers.NAMES[layer] in html
        assert war_layers.STYLES[layer]["fillColor"] in html


def test_a_daily_snapshot_draws_no_extra_layer(two_source_store: Path) -> None:
    dataset = open_dataset(two_source_store)
    assert war_layers.extra_collections(dataset, DAILY_DAYS[0]) == {}
    html = maps.build_map(dataset, figures_on(dataset.figures, DAILY_DAYS[0])).get_root().render()
    assert war_layers.NAMES["pre2022"] not in html


def test_the_legend_names_both_layers_on_every_date() -> None:
    legend = maps.legend_html()
    assert all(label in legend for label in war_layers.LEGEND_LABELS.values())
    assert war_layers.LEGEND_NOTE in legend


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
    assert war_layers.NAMES["pre2022"] in layers and war_layers.NAMES["grey"] in layers


def test_map_page_on_a_daily_date_shows_no_split(
    two_source_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_map(two_source_store, monkeypatch, DAILY_DAYS[0].isoformat())
    assert "Before 24 Feb 2022" not in text_of(app)
    assert "daily archive (daily" in " ".join(c.value for c in app.caption)
