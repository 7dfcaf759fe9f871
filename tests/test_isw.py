"""ISW's national series from The Economist's table: parsed, checked, fetched and stored.

Every HTTP test runs against a server on 127.0.0.1 serving a table the test builds
(`tests.table_server`); the real table is never fetched, only its header is copied there.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from frontline.cli import main
from frontline.ingest.isw import COLUMNS, LIMITS, TableError, parse_table, refresh_national
from frontline.ingest.remote import NetworkError
from frontline.ingest.store import DB_NAME, Store
from frontline.registry import ISW, NATIONAL_SOURCES
from tests.browser.harness import free_port
from tests.table_server import (
    ADVANCES,
    ASSESSED,
    REAL_HEADER,
    Answer,
    area_row,
    area_table,
    serve_tables,
)

SOURCE = NATIONAL_SOURCES[ISW]
DAYS = [(date(2024, 7, 8) + timedelta(days=i), 110_000.0 + 25.0 * i) for i in range(5)]
GOOD = area_table(DAYS)
PATH = "/output-data/areas_of_control_daily_summary.csv"


def test_the_real_header_has_every_column_read() -> None:
    assert set(COLUMNS) <= set(REAL_HEADER.split(","))
    assert SOURCE.row_type == ASSESSED


def test_a_table_gives_its_assessed_rows_in_order_with_their_files() -> None:
    days = parse_table(GOOD, SOURCE)
    assert [(d.date, d.km2) for d in days] == DAYS
    assert days[0].file_name == "UkraineControlMapAO08JUL2024.geojson"


def test_a_day_listed_twice_alike_counts_once() -> None:
    twice = GOOD + (area_row(*DAYS[-1]) + "\n").encode()
    assert len(parse_table(twice, SOURCE)) == len(DAYS)


def _with_row(row: str) -> bytes:
    return GOOD + (row + "\n").encode()


def _last_row(change: str, to: str) -> bytes:
    text = GOOD.decode()
    head, last = text.rstrip("\n").rsplit("\n", 1)
    return (head + "\n" + last.replace(change, to, 1) + "\n").encode()


LAST_DAY = DAYS[-1][0].isoformat()
LAST_KM2 = repr(DAYS[-1][1])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (GOOD.replace(b"area_in_square_km,", b"km2,", 1), "the header lacks area_in_square_km"),
        (area_table(DAYS, header="day;type;km2"), "the header lacks date, name, type"),
        (_last_row(LAST_KM2, "about 110100"), "area_in_square_km 'about 110100' is not a number"),
        (_last_row(LAST_KM2, "nan"), "area_in_square_km 'nan' is not a number"),
        (_last_row(LAST_KM2, ""), "area_in_square_km '' is not a number"),
        (_last_row(LAST_KM2, "110.1"), "is not area"),  # km² and m² disagree: other units
        (_with_row(area_row(date(2024, 7, 20), 950.0)), "950 km² is outside the plausible"),
        (_with_row(area_row(date(2024, 7, 20), 400_000.0)), "outside the plausible"),
        (_with_row(area_row(date(2024, 7, 1), 110_000.0)), "2024-07-01 comes after 2024-07-12"),
        (_with_row(area_row(DAYS[-1][0], 1e5)), "2024-07-12 comes after 2024-07-12 with another"),
        (_last_row(LAST_DAY, "12/07/2024"), "date '12/07/2024' is not YYYY-MM-DD"),
        (_last_row(LAST_DAY, "2024-02-30"), "2024-02-30 is not a calendar date"),
        (GOOD[:-40], "ends in the middle of a line"),
        (GOOD.rstrip(b"\n").rsplit(b",", 3)[0] + b"\n", "has 7 fields where the header has 10"),
        (b"<!DOCTYPE html><html><body>Rate limited</body></html>\n", "an HTML or XML page"),
        (b"", "the table is empty"),
        (b"\xff\xfe" + GOOD, "not UTF-8 text"),
        (area_table([]) + (area_row(DAYS[0][0], 900.0, ADVANCES) + "\n").encode(), "no row of"),
    ],
)
def test_a_bad_table_fails_with_its_reason(body: bytes, message: str) -> None:
    with pytest.raises(TableError, match=message):
        parse_table(body, SOURCE)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store", create=True)


def test_a_table_over_http_is_stored_with_its_provenance(store: Store) -> None:
    with serve_tables({PATH: Answer(GOOD)}) as server:
        report = refresh_national(store, SOURCE, server.url + PATH)
    assert [(d.date, d.km2) for d in store.national(ISW)] == DAYS
    assert report.new == len(DAYS)
    assert report.summary() == (f"{SOURCE.credit}: 5 days from 2024-07-08 to 2024-07-12, 5 new")
    table = store.national_table(ISW)
    assert table is not None
    assert (table.url, table.size, table.days) == (server.url + PATH, len(GOOD), len(DAYS))
    assert len(table.sha256) == 64 and table.fetched_at.endswith("Z")
    assert server.agents and all(a.startswith("frontline/") for a in server.agents)


def test_a_second_read_replaces_the_series_and_counts_the_new_days(store: Store) -> None:
    more = [*DAYS, (date(2024, 7, 13), 110_200.0)]
    with serve_tables({PATH: Answer(GOOD), "/more": Answer(area_table(more))}) as server:
        refresh_national(store, SOURCE, server.url + PATH)
        report = refresh_national(store, SOURCE, server.url + "/more")
    assert report.new == 1 and len(store.national(ISW)) == len(more)


BAD_ANSWERS = {
    "wrong header": (Answer(area_table(DAYS, header="when,what,km")), "the header lacks"),
    "non-numeric area": (Answer(_last_row(LAST_KM2, "n/a")), "'n/a' is not a number"),
    "truncated in transit": (Answer(GOOD[:200], length=len(GOOD)), "download cut short"),
    "truncated at the source": (Answer(GOOD[:-30]), "ends in the middle of a line"),
    "html page": (Answer(b"<html>Not here</html>", "text/html"), "HTML page .* not a CSV"),
    "html as csv": (Answer(b"\n  <html><p>Moved</p></html>\n"), "an HTML or XML page"),
    "huge body": (Answer(fault="huge"), f"larger than {LIMITS.max_bytes / 2**20:g} MB"),
    "endless body": (Answer(fault="endless"), f"larger than {LIMITS.max_bytes / 2**20:g} MB"),
    "not found": (Answer(b"gone", status=404), "HTTP 404"),
}


@pytest.mark.parametrize("case", sorted(BAD_ANSWERS))
def test_a_bad_answer_is_a_clear_error_that_stores_nothing(store: Store, case: str) -> None:
    answer, message = BAD_ANSWERS[case]
    with serve_tables({PATH: Answer(GOOD), "/bad": answer}) as server:
        refresh_national(store, SOURCE, server.url + PATH)
        before = (store.national(ISW), store.national_table(ISW))
        with pytest.raises(TableError, match=message) as raised:
            refresh_national(store, SOURCE, server.url + "/bad")
    assert str(raised.value).startswith(server.url + "/bad: ")
    assert str(raised.value).endswith("; nothing stored")
    assert (store.national(ISW), store.national_table(ISW)) == before


def test_an_unreachable_server_is_a_network_error(store: Store) -> None:
    with pytest.raises(NetworkError, match="cannot reach"):
        refresh_national(store, SOURCE, f"http://127.0.0.1:{free_port()}/table.csv")
    assert store.national(ISW) == []


def test_refresh_source_isw_reads_the_table_the_environment_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "store"
    with serve_tables({PATH: Answer(GOOD), "/bad": Answer(b"<html></html>")}) as server:
        monkeypatch.setenv("FRONTLINE_ISW_URL", server.url + PATH)
        assert main(["refresh", "--source", "isw", "--store", str(folder)]) == 0
        assert "5 days from 2024-07-08 to 2024-07-12, 5 new" in capsys.readouterr().err
        monkeypatch.setenv("FRONTLINE_ISW_URL", server.url + "/bad")
        assert main(["refresh", "--source", "isw", "--store", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("frontline refresh: error: ") and err.count("\n") == 1
    assert "an HTML or XML page, not the CSV table; nothing stored" in err
    assert len(Store(folder, readonly=True).national(ISW)) == len(DAYS)


def test_a_store_written_before_national_series_has_none(tmp_path: Path) -> None:
    Store(tmp_path, create=True)
    with contextlib.closing(sqlite3.connect(tmp_path / DB_NAME)) as db, db:
        db.executescript("DROP TABLE national; DROP TABLE national_tables;")
    old = Store(tmp_path, readonly=True)
    assert old.national(ISW) == [] and old.national_table(ISW) is None
    # Opened to write, it gains the tables.
    assert Store(tmp_path).national(ISW) == []
