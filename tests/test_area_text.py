"""The own-area panel's words and files, and the outline of the reader's area on the drawing map."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import pytest
import shapely

from frontline.model.area import area_history, geometry_runs, history_csv, largest_changes
from frontline.model.area_input import AreaInput
from frontline.model.dataset import open_dataset
from frontline.model.gazetteer import find_towns, load_gazetteer
from frontline.present import style
from frontline.present.area_text import UPLOAD_PROMPT, area_downloads, area_summary
from frontline.present.compare_text import no_town_matches, town_labels
from frontline.present.webmap.draw_map import area_group
from tests.conftest import DAILY_DAYS, LAYERED_WEEKS

# Halved by the line on the first synthetic daily day, wholly occupied on the second.
HALF = shapely.box(37.2, 48.0, 37.4, 48.2)


@pytest.fixture(scope="module")
def history(two_source_store: Path):
    return area_history(HALF, geometry_runs(open_dataset(two_source_store, strict=True)))


def test_the_summary_names_the_area_its_size_and_its_last_occupied_share(history) -> None:
    text = area_summary(AreaInput(HALF, "my square"), history)
    latest = history.table.iloc[-1]
    assert text.startswith(f"my square: {history.area_km2:,.1f} km², of which ")
    assert f"{history.ukraine_km2:,.1f} km² in Ukraine" in text
    assert f"On {DAILY_DAYS[-1].isoformat()}, {latest.occupied_km2:,.1f} km² occupied" in text
    assert text.endswith("(100.00 %).")


def test_the_downloads_are_named_for_the_source_and_dates_and_carry_the_changes(history) -> None:
    changes = largest_changes(history)
    assert not changes.empty
    files = area_downloads(history, changes)
    first, last = LAYERED_WEEKS[0].isoformat(), DAILY_DAYS[-1].isoformat()
    label, csv = files["csv"]
    assert label == f"CSV: DeepStateMap, {first} to {last}"
    assert (csv.name, csv.mime) == (f"area-deepstatemap-{first}-{last}.csv", "text/csv")
    assert csv.data == history_csv(history)
    label, geojson = files["geojson"]
    assert label == f"GeoJSON: DeepStateMap, {first} to {last}"
    assert geojson.name == f"area-deepstatemap-{first}-{last}.geojson"
    assert geojson.mime == "application/geo+json"
    shown = json.loads(geojson.data)["properties"]["largest_changes"]
    assert [(row["date"], row["since"]) for row in shown] == [
        (d.isoformat(), s.isoformat())
        for d, s in zip(changes["date"], changes["since"], strict=True)
    ]
    assert shown[0]["change_km2"] == pytest.approx(changes["change_km2"].iloc[0])


def test_an_area_that_never_changed_has_no_changes_in_its_geojson(history) -> None:
    none = largest_changes(history).iloc[0:0]
    feature = json.loads(area_downloads(history, none)["geojson"][1].data)
    assert feature["properties"]["largest_changes"] == []


def test_the_upload_prompt_says_the_size_limit_and_the_formats() -> None:
    assert "at most 5 MB" in UPLOAD_PROMPT and "GeoJSON or KML" in UPLOAD_PROMPT


def drawn(group: folium.FeatureGroup) -> str:
    fmap = folium.Map(tiles=None)
    group.add_to(fmap)
    return fmap.get_root().render()


def test_the_readers_area_is_outlined_in_its_own_group_and_no_area_draws_nothing() -> None:
    assert "L.geoJson(" not in drawn(area_group(None))
    html = drawn(area_group(HALF))
    assert html.count("L.geoJson(") == 1
    (data,) = re.findall(r"geo_json_\w+_add\((\{.*\})\);", html)
    (outline,) = json.loads(data)["features"]
    assert shapely.geometry.shape(outline["geometry"]).equals(HALF)
    assert f'"color": "{style.INK}"' in html


def test_town_choices_tell_namesakes_apart_and_a_search_with_none_says_so() -> None:
    found = find_towns(load_gazetteer(), "Pokrovsk")
    labels = town_labels(found)
    assert labels[0].startswith("Pokrovsk (Donetsk oblast, ") and labels[0].endswith(" people)")
    assert len(labels) == len(found) == len(set(labels))
    assert town_labels(found.iloc[0:0]) == []
    assert (
        no_town_matches("Atlantis") == "No place of Donetsk or Luhansk oblast matches 'Atlantis'."
    )
