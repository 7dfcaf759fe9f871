"""Budget: a drawn area's history appears in under 2 s once the occupied runs are read (warm)."""

from __future__ import annotations

import time

import pytest
import shapely

from frontline.model.area import area_history, geometry_runs
from frontline.model.area_input import area_from_drawings, area_near_town
from frontline.model.dataset import open_dataset

BUDGET_S = 2.0


@pytest.mark.bench
@pytest.mark.parametrize(
    "area",
    [
        area_from_drawings(
            [
                {
                    "type": "Feature",
                    "geometry": shapely.geometry.mapping(shapely.box(36.9, 48.1, 37.4, 48.45)),
                }
            ]
        ).geometry,
        area_near_town("Bakhmut", 38.0, 48.6, 50.0).geometry,
        shapely.box(22.0, 44.0, 41.0, 53.0),
    ],
    ids=["pokrovsk-rectangle", "bakhmut-50km", "whole-country"],
)
def test_a_drawn_area_history_is_measured_within_budget(area: shapely.Geometry) -> None:
    runs = geometry_runs(open_dataset())  # the warm part: read once per data version
    area_history(area, runs)  # first call loads the oblasts' outline
    started = time.perf_counter()
    history = area_history(area, runs)
    elapsed = time.perf_counter() - started
    print(f"\n{len(history.table)} dates, {len(runs.parts)} pieces: {elapsed:.3f} s")
    assert elapsed < BUDGET_S
