"""The dashboard's projections give exactly what geopandas' `to_crs` gives."""

from __future__ import annotations

import threading

import numpy as np
import shapely

from frontline.config import AREA_CRS, DISPLAY_CRS
from frontline.model.boundaries import load_oblasts
from frontline.model.settlements import load_settlements
from frontline.projection import to_area, to_display


def test_towns_reach_the_area_crs_exactly_as_to_crs_puts_them() -> None:
    towns = load_settlements().geometry
    expected = towns.to_crs(AREA_CRS).to_numpy()
    assert shapely.equals_exact(to_area(towns.to_numpy()), expected, tolerance=0).all()


def test_area_crs_shapes_come_back_to_lon_lat_exactly_as_to_crs_brings_them() -> None:
    oblasts = load_oblasts().geometry.to_crs(AREA_CRS)
    expected = oblasts.to_crs(DISPLAY_CRS).to_numpy()
    assert shapely.equals_exact(to_display(oblasts.to_numpy()), expected, tolerance=0).all()


def test_a_new_thread_projects_as_the_first_one_did() -> None:
    """Streamlit runs each script run in a new thread: each gets the same answer."""
    points = load_settlements().geometry.to_numpy()
    here = shapely.get_coordinates(to_area(points))
    there: list[np.ndarray] = []
    worker = threading.Thread(target=lambda: there.append(shapely.get_coordinates(to_area(points))))
    worker.start()
    worker.join()
    assert np.array_equal(here, there[0])
