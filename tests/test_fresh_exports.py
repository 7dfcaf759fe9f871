"""A fresh clone's exports: the embedded map history draws the front in every file."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
import shapely

from frontline.ingest.front import length_km
from frontline.model.dataset import Dataset, open_dataset
from frontline.present.export import Request, make_export
from frontline.present.export.front_line import DISPLAY_LINE, WHAT

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def fresh() -> Dataset:
    dataset = open_dataset()
    assert dataset.store is None and dataset.display_outlines
    return dataset


def test_the_geojson_export_holds_the_embedded_outlines_and_their_figures(fresh: Dataset) -> None:
    collection = json.loads(make_export("geojson", fresh, Request(date(2022, 7, 3))).data)
    assert "note" not in collection
    by_layer: dict[str, dict[str, dict]] = {}
    for feature in collection["features"]:
        props = feature["properties"]
        by_layer.setdefault(props["layer"], {})[props["oblast"]] = feature
    assert {"oblast", "occupied", "pre2022"} <= set(by_layer)
    for oblast in ("Donetsk", "Luhansk"):
        occupied = by_layer["occupied"][oblast]
        shape = shapely.from_geojson(json.dumps(occupied["geometry"]))
        assert shape.geom_type in ("Polygon", "MultiPolygon") and shape.area > 0.5
        # The figures are the full-precision ones of control.csv, not measured on the outline.
        row = fresh.figures[(fresh.figures["date"] == date(2022, 7, 3))]
        km2 = row.loc[row["oblast"] == oblast, "occupied_km2"].iloc[0]
        assert occupied["properties"]["occupied_km2"] == pytest.approx(km2)
    assert "Luhansk" in by_layer["pre2022"]


@pytest.mark.parametrize(
    ("day", "front_km"),
    # control.csv's full-precision lengths; traced on the display outlines the line measures
    # 1,295.4 km and 963.6 km (+0.17 % and -0.30 %).
    [(date(2026, 1, 6), 1293.158), (date(2024, 1, 7), 966.5)],
)
def test_the_front_line_is_traced_on_the_embedded_outlines_with_full_precision_lengths(
    fresh: Dataset, day: date, front_km: float
) -> None:
    assert fresh.has_front_line(day)
    collection = json.loads(make_export("front-geojson", fresh, Request(day)).data)
    (feature,) = collection["features"]
    props = feature["properties"]
    assert props["date"] == day.isoformat() and props["line_precision"] == "display"
    assert props["front_km"] == pytest.approx(front_km, abs=0.1)
    line = shapely.from_geojson(json.dumps(feature["geometry"]))
    # The traced line's own length is within 1 % of the full-precision one the file gives.
    assert length_km(line) == pytest.approx(props["front_km"], rel=0.01)
    assert collection["description"].startswith(f"{WHAT} {DISPLAY_LINE}")
    root = ET.fromstring(make_export("front-kml", fresh, Request(day)).data)
    assert DISPLAY_LINE in (root.find(f".//{KML}description").text or "")
    coordinates = root.findall(f".//{KML}coordinates")
    kml_line = shapely.MultiLineString(
        [[tuple(map(float, p.split(","))) for p in (c.text or "").split()] for c in coordinates]
    )
    assert length_km(kml_line) == pytest.approx(length_km(line), rel=1e-3)


def test_a_stores_front_export_says_nothing_of_display_precision(archive_store: Path) -> None:
    dataset = open_dataset(archive_store)
    collection = json.loads(make_export("front-geojson", dataset, Request(date(2026, 1, 6))).data)
    assert collection["features"][0]["properties"]["line_precision"] == "full"
    assert DISPLAY_LINE not in collection["description"]
