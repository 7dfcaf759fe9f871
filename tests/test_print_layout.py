"""The print map a newspaper can use: the legend lists only what is drawn, the front's towns are
named first, and no text covers another, the legend, the scale bar or the oblasts' outline."""

from __future__ import annotations

from datetime import date
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import shapely
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from frontline.model.dataset import open_dataset
from frontline.model.figures import DayFigures, LayerFigures, OblastFigures, drawn_layers
from frontline.present.export.common import PNG_SIZE
from frontline.present.export.formats import draw_day
from frontline.present.printmap.canvas import MapCanvas
from frontline.present.printmap.places import NEAR_FRONT_M, label_order, within
from frontline.registry import LAYERS, extra_layers
from tests.conftest import DAILY_DAYS, LAYERED_WEEKS


def oblast(layers: dict[str, LayerFigures]) -> OblastFigures:
    return OblastFigures("Donetsk", 100.0, 1.0, "test", (), layers=layers)


def day_of(*oblasts: OblastFigures) -> DayFigures:
    return DayFigures(resolved=None, oblasts=oblasts)  # type: ignore[arg-type]


def test_legend_lists_only_the_layers_with_ground_on_some_day() -> None:
    daily = day_of(oblast({}), oblast({}))
    weekly = day_of(
        oblast({"pre2022": LayerFigures(30.0, 8000.0), "grey": LayerFigures(0.0, 0.0)}),
        oblast({"grey": LayerFigures(0.0, 0.0)}),
    )
    assert drawn_layers([daily]) == ()
    assert drawn_layers([weekly]) == ("pre2022",)
    grey = day_of(oblast({"grey": LayerFigures(0.1, 20.0)}))
    # In the registry's order, whatever the days' order.
    assert drawn_layers([grey, weekly, daily]) == tuple(
        layer for layer in extra_layers() if layer in {"pre2022", "grey"}
    )


def test_towns_nearest_the_front_are_named_first_then_the_biggest() -> None:
    import geopandas as gpd

    points = gpd.GeoSeries(shapely.points([(0, 0), (50_000, 0), (5_000, 0), (12_000, 0)]))
    population = np.array([900_000, 500_000, 20_000, 60_000])
    front = shapely.LineString([(3_000, -10_000), (3_000, 10_000)])
    # Within NEAR_FRONT_M, nearest first: 2 km (the small town), 3 km (the city), 9 km; then
    # the rest by size.
    assert NEAR_FRONT_M >= 9_000
    assert list(label_order(points, population, front)) == [2, 0, 3, 1]
    assert list(label_order(points, population, None)) == [0, 1, 3, 2]


def texts_of(canvas: MapCanvas) -> list[Text]:
    """Every visible, non-empty text the canvas drew, the legend's as one block."""
    legends = canvas.figure.legends
    inside = {id(t) for legend in legends for t in legend.findobj(Text)}
    return [
        t
        for t in canvas.figure.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in inside
    ]


def extents(canvas: MapCanvas) -> list[tuple[str, Bbox]]:
    renderer = canvas.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts_of(canvas)]
    boxes += [("legend", legend.get_window_extent(renderer)) for legend in canvas.figure.legends]
    return boxes


def legend_rows(canvas: MapCanvas) -> list[str]:
    return [t.get_text() for legend in canvas.figure.legends for t in legend.get_texts()]


def assert_nothing_overlaps(canvas: MapCanvas) -> None:
    boxes = extents(canvas)
    page = canvas.figure.bbox
    outside = [text for text, box in boxes if not within(box, page)]
    assert not outside, f"texts running off the page: {outside}"
    clashes = [(a, b) for (a, ba), (b, bb) in combinations(boxes, 2) if ba.overlaps(bb)]
    assert not clashes, f"texts overlapping: {clashes}"


def scale_texts_clear_of_the_oblasts(canvas: MapCanvas) -> None:
    renderer = canvas.canvas.get_renderer()
    outline = canvas.oblasts.union_all().boundary
    inverse = canvas.ax.transData.inverted()
    for text in canvas.ax.texts:
        if text.get_text() in {"0"} or text.get_text().endswith(" km"):
            (x0, y0), (x1, y1) = inverse.transform(text.get_window_extent(renderer).get_points())
            assert not shapely.box(x0, y0, x1, y1).intersects(outline), text.get_text()


@pytest.fixture(scope="module")
def layered(two_source_store: Path):
    return open_dataset(two_source_store)


@pytest.mark.parametrize("width", [PNG_SIZE[0], 960])
def test_a_daily_map_lists_no_layer_it_does_not_draw_and_nothing_overlaps(
    layered, width: int
) -> None:
    canvas, _ = draw_day(layered, DAILY_DAYS[-1], width)
    rows = legend_rows(canvas)
    assert "Occupied area" in rows
    assert not [LAYERS[layer].legend for layer in extra_layers() if LAYERS[layer].legend in rows]
    assert_nothing_overlaps(canvas)
    scale_texts_clear_of_the_oblasts(canvas)


def test_a_weekly_map_lists_its_layers_and_nothing_overlaps(layered) -> None:
    canvas, _ = draw_day(layered, LAYERED_WEEKS[-1], PNG_SIZE[0])
    rows = legend_rows(canvas)
    assert LAYERS["pre2022"].legend in rows and LAYERS["grey"].legend in rows
    assert_nothing_overlaps(canvas)
    scale_texts_clear_of_the_oblasts(canvas)


def test_the_2026_map_names_the_towns_on_the_front(archive_store: Path) -> None:
    canvas, _ = draw_day(open_dataset(archive_store), date(2026, 1, 6), PNG_SIZE[0])
    named = {label.get_text() for label in canvas.places.labels}
    assert {"Pokrovsk", "Kostiantynivka", "Lyman"} <= named
    assert_nothing_overlaps(canvas)
    scale_texts_clear_of_the_oblasts(canvas)
    assert not [row for row in legend_rows(canvas) if "2022" in row or "Grey" in row]
