"""The registry of sources and layers: each fact defined once, and a new entry seen everywhere."""

from __future__ import annotations

import io
import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
import shapely

from frontline import registry
from frontline.cli import main
from frontline.ingest.layered import open_folder
from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.snapshots import SnapshotError, date_from_name
from frontline.ingest.store import Store
from frontline.model.provenance import attribution, data_sources
from frontline.registry import DAY_STAMP, LAYERS, SOURCES, UNIX_STAMP, Naming, Source
from tests.conftest import PROJECT_ROOT, app_test
from tests.synthetic import feature_collection

FAKE = Source(
    "isw-test",
    name="test archive of ISW maps",
    title="ISW (test entry)",
    citation="ISW via example.org/isw-test",
    credit="ISW test credit",
    provides="the occupied area as ISW assesses it",
    origin="a test's own files",
    home="https://example.org/isw-test",
    licence="test licence",
    cadence_days=1,
    first_day=date(2030, 1, 1),
    last_day=None,
    naming=Naming("isw_assessed_", DAY_STAMP),
    format=registry.DAILY_FORMAT,
    layers=(registry.OCCUPIED,),
    cli_name="isw",
)
FAKE_DAYS = [date(2030, 1, 1), date(2030, 1, 2)]


@pytest.fixture
def fake_source(monkeypatch: pytest.MonkeyPatch) -> Source:
    """The fake source, registered for this test only."""
    monkeypatch.setitem(SOURCES, FAKE.id, FAKE)
    return FAKE


@pytest.fixture
def store_with_fake(
    fake_source: Source, two_source_store: Path, tmp_path: Path, region: Region
) -> Path:
    """The two archives' store, plus two days of the fake source after them."""
    store_dir = tmp_path / "store"
    shutil.copytree(two_source_store, store_dir)
    folder = tmp_path / "isw"
    folder.mkdir()
    for i, day in enumerate(FAKE_DAYS):
        doc = feature_collection([shapely.box(37.0 - 0.1 * i, 47, 40.5, 50.5)])
        (folder / fake_source.naming.name_for(day)).write_text(json.dumps(doc))
    report = refresh(open_folder(folder, source_id=fake_source.id), Store(store_dir), region)
    assert report.failed == [] and report.added == FAKE_DAYS
    return store_dir


def test_each_registry_is_keyed_by_its_entries_ids_and_refuses_a_repeated_id() -> None:
    for table in (registry.LAYERS, registry.SOURCES, registry.NATIONAL_SOURCES):
        assert all(key == entry.id for key, entry in table.items())
    assert list(registry.by_id(FAKE, SOURCES[registry.DAILY])) == ["isw-test", registry.DAILY]
    with pytest.raises(ValueError, match="two registry entries have the id 'isw-test'"):
        registry.by_id(FAKE, SOURCES[registry.DAILY], FAKE)


def test_names_read_as_each_source_names_its_files() -> None:
    daily = SOURCES[registry.DAILY].naming
    assert daily.name_for(date(2026, 1, 6)) == "deepstatemap_data_20260106.geojson"
    assert daily.date_of("deepstatemap_data_20260106.geojson") == date(2026, 1, 6)
    weekly = Naming("", UNIX_STAMP)
    late = int(datetime(2022, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())
    assert weekly.date_of(f"{late}.geojson") == date(2022, 12, 31)
    assert weekly.date_of(f"{late + 1}.geojson") == date(2023, 1, 1)
    with pytest.raises(ValueError, match="not named by their day"):
        weekly.name_for(date(2023, 1, 1))
    with pytest.raises(SnapshotError, match=r"not a UNIXTIME\.geojson file name"):
        date_from_name("deepstatemap_data_20260106.geojson", registry.WEEKLY)
    with pytest.raises(SnapshotError, match="20260231 is not a calendar date"):
        date_from_name("deepstatemap_data_20260231.geojson")


def test_an_unknown_source_id_names_the_registered_ones() -> None:
    with pytest.raises(KeyError, match="deepstate-daily, deepstate-layers"):
        registry.source("nowhere")


def test_layer_columns_follow_the_layers_the_sources_have(fake_source: Source) -> None:
    assert registry.extra_layers() == ("pre2022", "grey", "liberated")
    assert registry.layer_columns() == [
        "pre2022_pct",
        "pre2022_km2",
        "grey_pct",
        "grey_km2",
        "liberated_pct",
        "liberated_km2",
    ]


def test_a_new_source_is_listed_by_the_cli(
    fake_source: Source, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    for source in SOURCES.values():
        assert f"{source.id}: {source.title}" in out
        assert source.naming.shown in out and source.citation in out
    assert "--source isw" in out and "2030-01-01 to today" in out


def test_a_new_source_is_in_the_provenance_and_the_credit_line(fake_source: Source) -> None:
    listed = {d.name: d for d in data_sources()}
    assert listed[FAKE.title].url == FAKE.home and listed[FAKE.title].licence == FAKE.licence
    assert FAKE.provides in listed[FAKE.title].provides
    for medium in ("plain", "print", "web"):
        assert FAKE.credit in attribution(medium)
        assert attribution(medium).count("DeepStateMap") == 1


def test_a_new_source_flows_through_refresh_stats_and_history(
    store_with_fake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--history", "--store", str(store_with_fake)]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    fake = table[table["source_id"] == FAKE.id]
    assert sorted(set(fake["date"])) == [d.isoformat() for d in FAKE_DAYS]
    assert fake["source"].str.startswith(f"{FAKE.citation}, isw_assessed_2030010").all()
    assert {"deepstate-daily", "deepstate-layers"} <= set(table["source_id"])


def test_a_new_source_is_on_the_sources_page_and_in_the_sidebar(
    store_with_fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_STORE", str(store_with_fake))
    app = app_test(90)
    app.query_params["date"] = FAKE_DAYS[1].isoformat()
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    captions = " ".join(c.value for c in app.sidebar.caption)
    assert f"from the {FAKE.name} (daily; {FAKE.citation})" in captions
    app.switch_page("pages/sources.py").run()
    assert not app.exception, [e.value for e in app.exception]
    text = " ".join(m.value for m in app.markdown) + " ".join(c.value for c in app.caption)
    assert f"**{FAKE.title}**" in text and FAKE.home in text
    assert f"2 daily snapshots from 2030-01-01 to 2030-01-02 ({FAKE.name})" in text


SEARCHED = ("frontline", "pages")


def _package_texts() -> dict[str, str]:
    files = [p for folder in SEARCHED for p in (PROJECT_ROOT / folder).rglob("*") if p.is_file()]
    files.append(PROJECT_ROOT / "app.py")
    texts = {}
    for path in files:
        if path.suffix in (".py", ".html", ".j2", ".md", ".css", ".js", ".txt"):
            texts[str(path.relative_to(PROJECT_ROOT))] = path.read_text()
    return texts


def _facts() -> list[str]:
    """Every fact of a source or layer that code or words could repeat."""
    facts = []
    for source in SOURCES.values():
        for day in filter(None, (source.first_day, source.last_day)):
            facts += [day.isoformat(), f"date({day.year}, {day.month}, {day.day})"]
        facts += [source.id, source.naming.shown, source.citation, source.home, source.origin]
        facts += [source.provides, source.base_url, source.naming.prefix]
    for national in registry.NATIONAL_SOURCES.values():
        first = national.first_day
        facts += [first.isoformat(), f"date({first.year}, {first.month}, {first.day})"]
        facts += [national.id, national.citation, national.home, national.origin, national.url]
        facts += [national.provides, national.row_type, national.counts]
    for layer in LAYERS.values():
        if layer.id != registry.OCCUPIED:  # "Occupied" is everyday wording
            facts += [layer.label, layer.legend, layer.figure, layer.rest]
    return [fact for fact in facts if fact]


def repeated_facts(texts: dict[str, str]) -> dict[str, list[str]]:
    """Each fact found anywhere but the registry, with the files it is in besides it."""
    found = {
        fact: sorted(name for name, text in texts.items() if fact in text and name != REGISTRY)
        for fact in _facts()
    }
    return {fact: where for fact, where in found.items() if where}


REGISTRY = "frontline/registry.py"


def test_no_source_or_layer_fact_is_defined_outside_the_registry() -> None:
    assert repeated_facts(_package_texts()) == {}


def test_the_fact_check_sees_a_repeated_fact() -> None:
    """The search itself must notice a copy, or the test above proves nothing."""
    texts = _package_texts()
    first = SOURCES[registry.DAILY].first_day
    texts["frontline/ingest/copy.py"] = f"START = date({first.year}, {first.month}, {first.day})"
    texts["pages/copy.py"] = "'UNIXTIME.geojson'; 'Grey zone (unknown)'"
    assert repeated_facts(texts) == {
        f"date({first.year}, {first.month}, {first.day})": ["frontline/ingest/copy.py"],
        "UNIXTIME.geojson": ["pages/copy.py"],
        "Grey zone (unknown)": ["pages/copy.py"],
        "Grey zone": ["pages/copy.py"],
    }
