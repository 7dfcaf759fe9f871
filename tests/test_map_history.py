"""The embedded map history: built from a store, reproducible, in budget, true to the figures."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from PIL import Image

from frontline.cli import main
from frontline.config import CONTROL_CSV, MAP_HISTORY, PROJECT_ROOT
from frontline.ingest.layered import LayeredFolderSource
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import DAILY, OCCUPIED, Store
from frontline.model import town_table
from frontline.model.changes import DatePair
from frontline.model.dataset import open_dataset
from frontline.model.figures import SOURCE_ID, read_figures, snapshot_dates
from frontline.model.gazetteer import find_towns, load_gazetteer
from frontline.model.history import source_of
from frontline.model.map_history import (
    MapHistoryError,
    build_map_history,
    display_outline,
    read_map_history,
    write_map_history,
)
from frontline.model.towns import CONTESTED, OUTSIDE, occupied_shares, state_of, town_extents
from frontline.present.export import Request, make_comparison, make_export
from tests.conftest import DAILY_DAYS

BUDGET_BYTES = 8 * 1024 * 1024
# The weekly layered maps' spring of 2022: four snapshots four weeks apart.
SPRING_2022 = (date(2022, 4, 10), date(2022, 7, 3))


def test_the_committed_history_is_within_its_budget_and_opens_as_geoparquet() -> None:
    assert MAP_HISTORY.stat().st_size <= BUDGET_BYTES
    frame = gpd.read_parquet(MAP_HISTORY)
    assert frame.crs.to_epsg() == 4326
    assert list(frame.columns) == ["source", "layer", "oblast", "first", "last", "geometry"]
    assert set(frame["layer"]) == {"occupied", "pre2022", "grey"}
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert frame.is_valid.all()
    assert (frame["first"] <= frame["last"]).all()
    # The whole front, not only the two oblasts the dashboard is about.
    assert {"Donetsk", "Luhansk", "Zaporizhzhia", "Kherson", "Crimea", "Kharkiv"} <= set(
        frame["oblast"]
    )


def test_every_embedded_day_agrees_with_control_csv_per_oblast() -> None:
    """Each date's occupied outline of each oblast measures within 0.5 % of its full-precision
    figure (plus the CSV's rounding to 0.001 km², which matters for the smallest pieces).

    A day's outline is its tiles' pieces, which never overlap: its area is their areas' sum."""
    history = read_map_history()
    assert history is not None
    figures = read_figures(CONTROL_CSV)
    figures = figures[figures["oblast"] != "Ukraine"]
    by_day = figures.groupby("date")[SOURCE_ID].first()
    days, sources = list(by_day.index), list(by_day)
    worst = 0.0
    for oblast, rows in figures.groupby("oblast"):
        pieces, on_day = history.runs(days, sources, [str(oblast)], OCCUPIED)
        drawn = dict(zip(days, on_day @ shapely.area(pieces) / 1e6, strict=True))
        for day, km2 in zip(rows["date"], rows["occupied_km2"], strict=True):
            assert abs(drawn[day] - km2) <= 0.005 * km2 + 0.0005, (day, oblast, km2, drawn[day])
            if km2 > 100:
                worst = max(worst, abs(drawn[day] - km2) / km2)
    assert worst < 0.001  # the large pieces agree far closer than the bound


@pytest.mark.parametrize("day", [date(2022, 7, 3), date(2024, 7, 8), date(2026, 1, 6)])
def test_a_days_joined_outline_has_the_area_of_its_pieces(day: date) -> None:
    """Joining a day's tile pieces for drawing neither loses nor doubles any area."""
    history = read_map_history()
    assert history is not None
    figures = read_figures(CONTROL_CSV)
    source = source_of(figures, day)
    oblasts = sorted(set(figures.loc[figures["date"] == day, "oblast"]) - {"Ukraine"})
    joined = history.pieces(day, oblasts, source, OCCUPIED)
    assert {"Donetsk", "Luhansk"} <= set(joined)
    for oblast, outline in joined.items():
        pieces, on_day = history.runs([day], [source], [oblast], OCCUPIED)
        summed = shapely.area(pieces[on_day[0]]).sum()
        assert outline.area == pytest.approx(summed, rel=1e-6), oblast


def test_a_fresh_clone_draws_the_front_on_every_date_without_a_problem(tmp_path: Path) -> None:
    dataset = open_dataset()
    assert dataset.store is None and dataset.problem is None
    assert dataset.display_outlines and dataset.has_geometry
    for day in (date(2022, 7, 3), date(2026, 1, 6)):
        pieces = dataset.occupied(day)
        assert set(pieces) == {"Donetsk", "Luhansk"}
        assert all(p.area > 1e9 for p in pieces.values())
    assert dataset.layer(date(2022, 7, 3), "pre2022")["Luhansk"].area > 1e9


def test_an_unreadable_history_costs_the_outlines_not_the_figures(tmp_path: Path) -> None:
    broken = tmp_path / "map_history.parquet"
    broken.write_bytes(b"PAR1 not parquet")
    with pytest.raises(MapHistoryError, match="cannot be read"):
        read_map_history(broken)
    dataset = open_dataset(history=broken)
    assert not dataset.has_geometry and not dataset.figures.empty
    assert read_map_history(tmp_path / "absent.parquet") is None


def test_a_piece_keeps_its_vertices_on_tile_edges() -> None:
    """Two neighbouring tiles' pieces simplified apart still meet along their shared edge."""
    wiggly = shapely.Polygon(
        [(x, 48.0 + 0.0003 * np.sin(x * 900)) for x in np.linspace(37.0, 39.0, 400)]
        + [(39.0, 49.0), (37.0, 49.0)]
    )
    edges = (np.array([38.0]), np.array([]))
    left = shapely.clip_by_rect(wiggly, 37.0, 47.0, 38.0, 50.0)
    right = shapely.clip_by_rect(wiggly, 38.0, 47.0, 39.0, 50.0)
    a, b = display_outline(left, edges), display_outline(right, edges)
    assert shapely.get_num_coordinates(a) < shapely.get_num_coordinates(left)
    seam = shapely.intersection(a, b)
    assert seam.length == pytest.approx(shapely.intersection(left, right).length, rel=1e-3)
    assert shapely.union_all([a, b]).geom_type == "Polygon"


def test_a_piece_unchanged_over_days_is_stored_once(two_source_store: Path, region: Region) -> None:
    frame = build_map_history(Store(two_source_store, readonly=True), region)
    daily = frame[(frame["source"] == DAILY) & (frame["oblast"] == "Luhansk")]
    # The daily boxes differ only west of 37.3°: Luhansk's eastern tiles are one run each.
    assert (daily["first"] == DAILY_DAYS[0]).all()
    assert (daily["last"] == DAILY_DAYS[1]).any()
    assert {"deepstate-layers", DAILY} == set(frame["source"])


def test_the_cli_writes_the_same_bytes_twice(two_source_store: Path, tmp_path: Path) -> None:
    outs = [tmp_path / "a.parquet", tmp_path / "b.parquet"]
    for out in outs:
        args = ["stats", "--store", str(two_source_store), "--history"]
        assert main([*args, "--out", str(tmp_path / "c.csv"), "--map-history", str(out)]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


@pytest.mark.slow
def test_the_committed_history_is_rebuilt_byte_for_byte(
    archive: Path, layered_archive: Path, region: Region, tmp_path: Path
) -> None:
    """`make data` from both archives writes exactly the committed file."""
    store = Store(tmp_path / "store", create=True)
    refresh(FolderSource(archive), store, region, workers=2)
    refresh(LayeredFolderSource(layered_archive), store, region, workers=2)
    out = tmp_path / "map_history.parquet"
    write_map_history(build_map_history(store, region), out)
    assert out.read_bytes() == MAP_HISTORY.read_bytes()


def test_towns_measured_on_the_runs_agree_with_each_days_joined_outlines() -> None:
    """A fresh clone measures its towns once per stored run; each date is the same as
    measuring that date's joined outlines."""
    dataset = open_dataset()
    shares = town_table.town_shares(dataset)
    assert shares is not None and list(shares.index) == snapshot_dates(dataset.figures)
    towns = load_gazetteer()
    extents = town_extents(towns)
    for day in (date(2022, 7, 3), date(2025, 11, 1), date(2026, 1, 6)):
        each = occupied_shares(extents, dataset.occupied(day))
        assert np.abs(shares.loc[day].to_numpy() - each).max() < 1e-9, day
    # Full precision: Pokrovsk 6.8 % occupied on 2025-11-01, 79.3 % on 2026-01-06; Myrnohrad,
    # beside it, outside and then contested.
    pokrovsk, myrnohrad = (
        int(find_towns(towns, n)["id"].iloc[0]) for n in ("Pokrovsk", "Myrnohrad")
    )
    assert shares.loc[date(2025, 11, 1), pokrovsk] == pytest.approx(0.0683, abs=0.001)
    assert shares.loc[date(2026, 1, 6), pokrovsk] == pytest.approx(0.7925, abs=0.005)
    assert state_of(shares.loc[date(2025, 11, 1), myrnohrad]) == OUTSIDE
    assert state_of(shares.loc[date(2026, 1, 6), myrnohrad]) == CONTESTED


def test_make_data_rewrites_the_figures_and_the_map_history_in_one_command() -> None:
    """`make data` (whatever it refreshes from) writes control.csv and the map history beside
    it in the same `stats` run, so the two never describe different stores."""
    recipe = subprocess.run(
        ["make", "-n", "data", "REFRESH_FROM=", "LAYERS="],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\\\n", " ")
    (stats,) = [line for line in recipe.splitlines() if "frontline stats" in line]
    assert "--out data/control.csv" in stats
    assert "--map-history data/map_history.parquet" in stats


@pytest.mark.slow
def test_a_fresh_clones_exports_draw_the_front() -> None:
    """Without a store, the HTML map, the GIF and the comparison files draw the embedded
    outlines, not the figures-only shading."""
    dataset = open_dataset()
    assert dataset.display_outlines
    html = make_export("html", dataset, Request(date(2022, 7, 3))).data.decode()
    assert "Occupied area (DeepStateMap)" in html and "is not drawn" not in html
    gif = Image.open(io.BytesIO(make_export("gif", dataset, Request(*SPRING_2022, "4w")).data))
    frames = []
    for index in (0, gif.n_frames - 1):
        gif.seek(index)
        frames.append(np.asarray(gif.convert("RGB")))
    assert gif.n_frames == 4 and not np.array_equal(*frames)
    pair = DatePair(date(2025, 11, 1), date(2026, 1, 6))
    table = pd.read_csv(io.BytesIO(make_comparison("csv", dataset, pair).data))
    donetsk = table[(table["kind"] == "area") & (table["area"] == "Donetsk")].iloc[0]
    assert donetsk["gained_km2"] > 100
    assert {"Myrnohrad", "Siversk"} <= set(table.loc[table["kind"] == "town", "town"])
