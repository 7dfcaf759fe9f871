"""Opening the store: read-only without writing a byte, and never a silent fallback."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from frontline.ingest.measure import Region
from frontline.ingest.refresh import refresh
from frontline.ingest.sources import FolderSource
from frontline.ingest.store import DB_NAME, Store, StoreError
from frontline.model.dataset import open_dataset
from frontline.registry import DAILY, OCCUPIED
from tests.synthetic import west_of, write_snapshot

DAY = date(2026, 1, 1)


@pytest.fixture
def filled(tmp_path: Path, region: Region) -> Path:
    """A store folder holding one measured day."""
    folder = tmp_path / "snapshots"
    folder.mkdir()
    write_snapshot(folder, DAY, [west_of(37.8)])
    store = Store(tmp_path / "store", create=True)
    refresh(FolderSource(folder), store, region, workers=1)
    return store.directory


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_reading_a_store_read_only_writes_nothing(filled: Path) -> None:
    before = files_of(filled)
    store = Store(filled, readonly=True)
    assert {"Donetsk", "Luhansk"} <= set(store.figures()["oblast"]) and store.dates() == [DAY]
    assert set(store.pieces(DAY, ("Donetsk", "Luhansk"))) == {"Donetsk", "Luhansk"}
    assert files_of(filled) == before
    with pytest.raises(StoreError, match="readonly"):
        store.set_meta("key", "value")


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda folder: None, "no store at"),
        (lambda folder: (folder / DB_NAME).write_bytes(b""), "empty or not a frontline store"),
        (lambda folder: (folder / DB_NAME).write_bytes(b"x" * 4096), "file is not a database"),
    ],
    ids=["missing", "empty file", "not a database"],
)
def test_a_store_that_cannot_be_used_is_named_never_a_silent_fallback(
    tmp_path: Path, make: object, problem: str
) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    make(folder)  # type: ignore[operator]
    with pytest.raises(StoreError, match=problem):
        Store(folder, readonly=True)
    dataset = open_dataset(folder)
    assert dataset.store is None and dataset.origin == "embedded control.csv"
    assert problem in (dataset.problem or "")
    with pytest.raises(StoreError, match=problem):
        open_dataset(folder, strict=True)


def test_a_store_without_days_is_named(tmp_path: Path) -> None:
    Store(tmp_path / "store", create=True)
    assert open_dataset(tmp_path / "store").problem == (
        f"the store at {tmp_path / 'store'} holds no snapshots yet"
    )


def test_a_fresh_clone_without_a_store_uses_the_embedded_figures_without_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTLINE_STORE", raising=False)
    monkeypatch.setattr("frontline.config.DEFAULT_STORE", tmp_path / "absent")
    dataset = open_dataset()
    assert dataset.store is None and dataset.problem is None


def test_the_dataset_reads_the_store_read_only(filled: Path) -> None:
    before = files_of(filled)
    dataset = open_dataset(filled)
    assert dataset.origin == "local store" and dataset.problem is None
    assert dataset.store is not None and dataset.store.readonly
    assert set(dataset.occupied(DAY)) == {"Donetsk", "Luhansk"}
    assert files_of(filled) == before


def test_a_store_path_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "store").write_text("")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        Store(tmp_path / "store", create=True)


def test_a_schema_1_store_is_upgraded_in_place_and_keeps_its_days(
    filled: Path, region: Region
) -> None:
    with sqlite3.connect(filled / DB_NAME) as db:  # back to schema 1 as it was written
        db.execute("ALTER TABLE snapshots DROP COLUMN boundaries")
        db.execute("ALTER TABLE snapshots DROP COLUMN in_source")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        db.execute("INSERT INTO meta VALUES ('boundaries_sha256', ?)", (region.fingerprint,))
    with pytest.raises(StoreError, match="schema 1: run `python -m frontline refresh`"):
        Store(filled, readonly=True)
    store = Store(filled)
    (stored,) = store.stored(DAILY, OCCUPIED).values()
    assert stored.boundaries == region.fingerprint and stored.in_source
    assert store.get_meta("schema_version") == "2"
