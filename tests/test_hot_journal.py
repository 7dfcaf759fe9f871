"""A store left mid-write (a hot journal, as a full disk leaves it) is rolled back by readers."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.cli import main
from frontline.ingest import store as store_module
from frontline.ingest.store import DB_NAME, Store, StoreError
from tests.conftest import run_page

# A child that starts rewriting every piece and dies before it commits: with a one-page cache,
# SQLite has already written changed pages into the file, and their originals into the journal.
_DIES_MID_WRITE = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 1")
db.execute("BEGIN")
db.execute("UPDATE pieces SET occupied_km2 = occupied_km2 + 1, geometry = zeroblob(9000)")
os._exit(0)
"""


@pytest.fixture
def hot_store(archive_store: Path, tmp_path: Path) -> tuple[Path, bytes]:
    """A copy of the real-days store with a hot journal, and its figures before the write."""
    store = Path(shutil.copytree(archive_store, tmp_path / "store"))
    out = tmp_path / "before.csv"
    assert main(["stats", "--store", str(store), "--out", str(out)]) == 0
    subprocess.run([sys.executable, "-c", _DIES_MID_WRITE, str(store / DB_NAME)], check=True)
    journal = store / f"{DB_NAME}-journal"
    assert journal.stat().st_size > 0
    uri = f"file:{store / DB_NAME}?mode=ro"
    with pytest.raises(sqlite3.OperationalError, match="attempt to write a readonly database"):
        sqlite3.connect(uri, uri=True).execute("SELECT count(*) FROM pieces").fetchone()
    return store, out.read_bytes()


def test_stats_rolls_the_unfinished_write_back_and_reads_the_store(
    hot_store: tuple[Path, bytes], tmp_path: Path
) -> None:
    store, before = hot_store
    out = tmp_path / "after.csv"
    assert main(["stats", "--store", str(store), "--out", str(out)]) == 0
    assert out.read_bytes() == before
    assert not (store / f"{DB_NAME}-journal").exists()


def test_check_names_the_journal_it_rolled_back(
    hot_store: tuple[Path, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    store, _ = hot_store
    assert main(["check", "--store", str(store)]) == 0
    err = capsys.readouterr().err
    assert f"note: {store / DB_NAME}-journal: a write that did not finish" in err
    assert "was rolled back" in err and "integrity ok" in err


def test_the_dashboard_reads_a_store_left_mid_write(
    hot_store: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = hot_store
    app = run_page("map", store, monkeypatch, date="2026-01-06")
    assert not app.warning, [w.value for w in app.warning]
    assert "km²** of 26,622 km²" in " ".join(m.value for m in app.markdown)


def test_a_reader_that_cannot_write_says_what_to_run(
    hot_store: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = hot_store
    real = sqlite3.connect

    def read_only_disk(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if not kwargs.get("uri"):  # a connection that may write: the disk refuses it
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module.sqlite3, "connect", read_only_disk)
    with pytest.raises(StoreError) as caught:
        Store(store, readonly=True)
    assert str(caught.value) == (
        f"{store / DB_NAME} holds a write that did not finish (its journal {DB_NAME}-journal, "
        "left by a refresh that stopped, for example on a full disk), and this process cannot "
        "roll it back (attempt to write a readonly database): run `python -m frontline check "
        f"--store {store}` as a user who may write to {store}"
    )
