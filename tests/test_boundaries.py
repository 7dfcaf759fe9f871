"""Boundaries: extracting the oblasts from Natural Earth, and the copies shipped in geo/."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from frontline.model.boundaries import (
    NE_NAMES,
    BoundaryError,
    extract_boundaries,
    load_basemap,
    load_oblasts,
)


def admin1(names: list[str], crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    """A stand-in for Natural Earth's layer: one wiggly square per name."""
    squares = [shapely.box(30 + i, 48, 31 + i, 49).segmentize(0.001) for i in range(len(names))]
    return gpd.GeoDataFrame(
        {"name": names, "gn_a1_code": [f"UA.{i:02d}" for i in range(len(names))]},
        geometry=squares,
        crs=crs,
    )


def test_extract_renames_and_keeps_the_two_oblasts_whole() -> None:
    oblasts, basemap = extract_boundaries(admin1(["Donets'k", "Luhans'k", "Kiev"]))
    assert oblasts["name"].tolist() == ["Donetsk", "Luhansk"]
    assert oblasts["ne_name"].tolist() == ["Donets'k", "Luhans'k"]
    assert shapely.get_num_coordinates(oblasts.geometry.iloc[0]) > 1000
    assert sorted(basemap["name"]) == ["Donetsk", "Kyiv", "Luhansk"]
    assert shapely.get_num_coordinates(basemap.geometry.iloc[0]) < 20


def test_extract_refuses_another_crs() -> None:
    with pytest.raises(BoundaryError, match="expected the admin-1 layer in EPSG:4326"):
        extract_boundaries(admin1(["Donets'k", "Luhans'k"]).to_crs("EPSG:3035"))


def test_extract_refuses_unknown_names() -> None:
    with pytest.raises(BoundaryError, match="not in NE_NAMES: Atlantis"):
        extract_boundaries(admin1(["Donets'k", "Luhans'k", "Atlantis"]))


def test_extract_refuses_a_layer_without_an_oblast() -> None:
    with pytest.raises(BoundaryError, match="lacks Luhansk"):
        extract_boundaries(admin1(["Donets'k", "Kiev"]))


def test_shipped_oblasts_are_valid_and_in_wgs84() -> None:
    oblasts = load_oblasts()
    assert oblasts.crs.equals("EPSG:4326")
    assert oblasts["name"].tolist() == ["Donetsk", "Luhansk"]
    assert oblasts.geometry.is_valid.all()


def test_shipped_basemap_covers_every_region_of_ukraine() -> None:
    basemap = load_basemap()
    assert len(basemap) == len(NE_NAMES) == 27
    assert basemap.geometry.is_valid.all()
    assert basemap.total_bounds == pytest.approx([22.1, 44.4, 40.2, 52.4], abs=0.2)
