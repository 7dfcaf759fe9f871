"""The events file: its schema check, filters, map links, HTML, and what the timeline holds."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from frontline.config import PROJECT_ROOT
from frontline.model.boundaries import load_oblasts
from frontline.model.events import (
    PRECISIONS,
    REPORT_CATEGORIES,
    REPORT_TITLE,
    REQUIRED,
    EventsError,
    events_near,
    filter_events,
    is_region,
    link_date,
    load_events,
)
from frontline.model.selection import parse_requested
from frontline.present.event_cards import format_events_html, map_link
from frontline.present.wording import format_event_date

REPORT = (
    Path(os.environ.get("FRONTLINE_SHARED", PROJECT_ROOT.parent / "shared"))
    / "report"
    / "paris-summit-report.txt"
)

GOOD = {
    "date": "2026-01-06",
    "date_precision": "day",
    "title": "Summit in Paris",
    "summary": "Leaders meet at the Élysée.",
    "category": "diplomacy",
    "place": "Élysée Palace, Paris",
    "lat": "48.8704",
    "lon": "2.3167",
    "source": "test",
}


def csv_text(*rows: dict[str, str], columns: tuple[str, ...] = REQUIRED) -> io.StringIO:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return io.StringIO(out.getvalue())


def events_of(*changes: dict[str, str]) -> pd.DataFrame:
    return load_events(csv_text(*({**GOOD, **c} for c in changes)))


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events()


# --- schema ---------------------------------------------------------------------------------


def test_a_good_file_loads_with_dates_and_periods() -> None:
    loaded = events_of({}, {"date": "2026-01", "date_precision": "month", "lat": "", "lon": ""})
    assert list(loaded["date"]) == [date(2026, 1, 1), date(2026, 1, 6)]
    assert list(loaded["date_end"]) == [date(2026, 1, 31), date(2026, 1, 6)]
    assert loaded["lat"].isna().iloc[0] and loaded["lat"].iloc[1] == pytest.approx(48.8704)


def test_a_year_runs_from_january_to_december() -> None:
    loaded = events_of({"date": "2022", "date_precision": "year"})
    assert (loaded["date"].iloc[0], loaded["date_end"].iloc[0]) == (
        date(2022, 1, 1),
        date(2022, 12, 31),
    )


def test_missing_column_is_named_with_the_header_line() -> None:
    columns = tuple(c for c in REQUIRED if c != "category")
    with pytest.raises(EventsError, match=r"line 1 \(header\): missing column\(s\) category"):
        load_events(csv_text(GOOD, columns=columns))


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"date": "6 January 2026"}, "date", "is not a date"),
        ({"date": "2026-13-01"}, "date", "is not a real date"),
        ({"date": "2026-02-30"}, "date", "is not a real date"),
        ({"date": ""}, "date", "is not a date"),
        ({"date": "2026-01"}, "date", "written at month precision, not day"),
        ({"date_precision": "month"}, "date", "written at day precision, not month"),
        ({"date": "2026", "date_precision": "month"}, "date", "year precision, not month"),
        ({"date_precision": "week"}, "date_precision", "'week' is not one of day, month, year"),
        ({"lat": "91"}, "lat", "outside -90 to 90"),
        ({"lat": "-90.5"}, "lat", "outside -90 to 90"),
        ({"lon": "181"}, "lon", "outside -180 to 180"),
        ({"lat": "north"}, "lat", "'north' is not a number"),
        ({"lat": ""}, "lat", "is empty but lon is given"),
        ({"lon": ""}, "lon", "is empty but lat is given"),
        ({"category": "sport"}, "category", "'sport' is not one of diplomacy"),
        ({"category": "Diplomacy"}, "category", "is not one of"),
        ({"title": ""}, "title", "is empty"),
        ({"title": "   "}, "title", "is empty"),
        ({"summary": ""}, "summary", "is empty"),
        ({"source": ""}, "source", "is empty"),
        ({"place": ""}, "place", "is empty but lat/lon are given"),
    ],
)
def test_bad_value_names_its_line_and_field(
    change: dict[str, str], field: str, problem: str
) -> None:
    # The bad row is the second data row: line 3, after the header and a good row.
    with pytest.raises(EventsError) as caught:
        load_events(csv_text(GOOD, {**GOOD, **change}, GOOD))
    message = str(caught.value)
    assert "line 3, field " + field + ":" in message
    assert problem in message


def test_unreadable_file_is_an_events_error(tmp_path: Path) -> None:
    with pytest.raises(EventsError, match="cannot read events"):
        load_events(tmp_path / "absent.csv")


def test_empty_file_is_an_events_error(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text("")
    with pytest.raises(EventsError, match=r"events\.csv: cannot read events"):
        load_events(tmp_path / "events.csv")


def test_extra_columns_are_kept_and_source_detail_is_optional() -> None:
    loaded = load_events(csv_text({**GOOD, "url": "x"}, columns=(*REQUIRED, "url")))
    assert loaded["source_detail"].iloc[0] == ""


def test_events_keep_file_order_within_a_date() -> None:
    loaded = events_of({"title": "b"}, {"title": "a"}, {"title": "c", "date": "2026-01-05"})
    assert list(loaded["title"]) == ["c", "b", "a"]


# --- filters, links, formatting -------------------------------------------------------------


@pytest.fixture
def small() -> pd.DataFrame:
    return events_of(
        {"title": "Summit", "category": "diplomacy"},
        {
            "title": "Winter strikes",
            "date": "2026-01",
            "date_precision": "month",
            "lat": "",
            "lon": "",
        },
        {
            "title": "Invasion",
            "date": "2022-02-24",
            "category": "military",
            "place": "Kyiv",
            "lat": "50.45",
            "lon": "30.52",
        },
        {"title": "A year", "date": "2025", "date_precision": "year", "category": "energy"},
    )


def titles(frame: pd.DataFrame) -> set[str]:
    return set(frame["title"])


def test_no_filter_keeps_every_event(small: pd.DataFrame) -> None:
    assert len(filter_events(small)) == 4


def test_date_range_keeps_events_whose_period_overlaps_it(small: pd.DataFrame) -> None:
    assert titles(filter_events(small, date(2026, 1, 6), date(2026, 1, 6))) == {
        "Summit",
        "Winter strikes",
    }
    assert titles(filter_events(small, date(2026, 1, 7), date(2026, 1, 31))) == {"Winter strikes"}
    assert titles(filter_events(small, end=date(2022, 12, 31))) == {"Invasion"}
    assert titles(filter_events(small, start=date(2025, 12, 31), end=date(2025, 12, 31))) == {
        "A year"
    }


def test_a_range_without_events_gives_an_empty_frame(small: pd.DataFrame) -> None:
    empty = filter_events(small, date(2023, 1, 1), date(2023, 12, 31))
    assert empty.empty and list(empty.columns) == list(small.columns)


def test_category_filter_keeps_the_chosen_categories(small: pd.DataFrame) -> None:
    assert titles(filter_events(small, categories=["military", "energy"])) == {"Invasion", "A year"}
    assert filter_events(small, categories=[]).empty


def test_text_filter_is_case_insensitive_over_title_summary_and_place(small: pd.DataFrame) -> None:
    assert titles(filter_events(small, text="WINTER")) == {"Winter strikes"}
    assert titles(filter_events(small, text="kyiv")) == {"Invasion"}
    assert len(filter_events(small, text="élysée")) == 4  # in every summary
    assert titles(filter_events(small, text="summit élysée")) == {"Summit"}
    assert filter_events(small, text="summit kyiv").empty
    assert len(filter_events(small, text="   ")) == 4


def test_text_filter_takes_regex_characters_literally(small: pd.DataFrame) -> None:
    assert filter_events(small, text=".*").empty
    assert filter_events(small, text="(").empty


def test_filters_combine(small: pd.DataFrame) -> None:
    shown = filter_events(small, date(2026, 1, 1), date(2026, 1, 31), ["diplomacy"], "summit")
    assert titles(shown) == {"Summit"}


@pytest.mark.parametrize(
    ("written", "precision", "link"),
    [
        ("2026-01-06", "day", "./?date=2026-01-06"),
        ("2026-01", "month", "./?date=2026-01"),
        ("2022", "year", "./?date=2022"),
    ],
)
def test_map_link_names_the_date_at_the_events_own_precision(
    written: str, precision: str, link: str
) -> None:
    event = events_of({"date": written, "date_precision": precision}).iloc[0]
    assert map_link(event) == link
    assert link_date(event) == written


def test_every_real_event_links_to_its_date_at_its_precision(events: pd.DataFrame) -> None:
    for event in events.to_dict("records"):
        asked = map_link(event).removeprefix("./?date=")
        assert parse_requested(asked) == (event["date"], event["date_precision"])


@pytest.mark.parametrize(
    ("precision", "text"),
    [("day", "6 January 2026"), ("month", "January 2026"), ("year", "2026")],
)
def test_dates_are_written_as_precisely_as_they_are_known(precision: str, text: str) -> None:
    assert format_event_date(date(2026, 1, 6), precision) == text


def test_events_near_keeps_events_inside_the_grown_bounds(small: pd.DataFrame) -> None:
    paris = (2.0, 48.5, 2.5, 49.0)
    assert titles(events_near(small, paris, margin_deg=0)) == {"Summit", "A year"}
    east_of_kyiv = (31.0, 45.0, 40.0, 52.0)
    assert events_near(small, east_of_kyiv, margin_deg=0).empty
    assert titles(events_near(small, east_of_kyiv, margin_deg=1.0)) == {"Invasion"}
    # Winter strikes has no coordinates, so it is never near anything.
    assert "Winter strikes" not in titles(events_near(small, (-180, -90, 180, 90)))


def test_html_escapes_every_text_from_the_file() -> None:
    payload = '<img src=x onerror="window.pwned=1">'
    frame = events_of(
        {
            "title": payload,
            "summary": "[click](https://example.com) **bold** <script>x()</script>",
            "place": "<b>place</b>",
            "source": '"><a href="https://evil">',
            "source_detail": "<i>detail</i>",
        }
    )
    html_text = format_events_html(frame)
    assert "<img" not in html_text and "<script" not in html_text and "<b>" not in html_text
    assert "<i>" not in html_text and 'href="https://evil"' not in html_text
    assert "&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;" in html_text
    assert re.findall(r'href="([^"]*)"', html_text) == ["./?date=2026-01-06"]


def test_html_card_shows_the_precision_and_the_dating_note(events: pd.DataFrame) -> None:
    greenland = filter_events(events, text="needs greenland")
    html_text = format_events_html(greenland)
    assert "January 2026 (month only)" in html_text
    assert "4 or 5 January 2026" in html_text


# --- the real file --------------------------------------------------------------------------


def test_the_real_file_loads_and_is_sorted(events: pd.DataFrame) -> None:
    assert len(events) >= 20
    assert list(events["date"]) == sorted(events["date"])
    assert set(events["category"]) == set(REPORT_CATEGORIES)
    assert set(events["date_precision"]) <= set(PRECISIONS)


@pytest.mark.parametrize(
    "words",
    [
        "Maduro",
        "Caracas",
        "Greenland",
        "Frederiksen",
        "Coalition of the Willing",
        "Élysée",
        "Macron",
        "Starmer",
        "Rutte",
        "Witkoff",
        "Kushner",
        "90 %",
        "20-point",
        "Mar-a-Lago",
        "75 % of Donetsk",
        "nearly all of Luhansk",
        "99 %",
        "energy",
        "drone",
        "invasion",
        "multinational force",
        "security guarantees",
        "ceasefire monitoring",
        "declaration of intent",
        "territor",
    ],
)
def test_each_named_event_is_on_the_timeline(events: pd.DataFrame, words: str) -> None:
    assert not filter_events(events, text=words).empty, words


def one(events: pd.DataFrame, text: str) -> dict[str, object]:
    found = filter_events(events, text=text)
    assert len(found) == 1, f"{text!r} matches {list(found['title'])}"
    return found.iloc[0].to_dict()


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("full-scale invasion", date(2022, 2, 24), "day"),
        ("meet at Mar-a-Lago", date(2025, 12, 28), "day"),
        ("90 % agreed", date(2025, 12, 28), "day"),
        ("captures Maduro", date(2026, 1, 3), "day"),
        ("Willing summit at the Élysée", date(2026, 1, 6), "day"),
        ("declaration of intent", date(2026, 1, 6), "day"),
        ("says the United States needs Greenland", date(2026, 1, 1), "month"),
        ("Frederiksen rejects", date(2026, 1, 1), "month"),
        ("holds about 75 % of Donetsk", date(2026, 1, 1), "month"),
        ("late-december estimates", date(2025, 12, 1), "month"),
    ],
)
def test_key_events_carry_their_date_and_honest_precision(
    events: pd.DataFrame, text: str, day: date, precision: str
) -> None:
    event = one(events, text)
    assert (event["date"], event["date_precision"]) == (day, precision)


def test_day_precise_dates_always_credit_wider_reporting(events: pd.DataFrame) -> None:
    # The report itself dates nothing to the day, so every day comes from wider reporting.
    for event in events[events["date_precision"] == "day"].to_dict("records"):
        assert "wider reporting" in event["source"].casefold(), event["title"]


def test_every_source_is_the_report_or_wider_reporting(events: pd.DataFrame) -> None:
    for source in events["source"]:
        assert source.startswith(REPORT_TITLE) or source.startswith("Wider reporting"), source


def test_coarse_dates_explain_themselves(events: pd.DataFrame) -> None:
    coarse = events[events["date_precision"] != "day"]
    assert not coarse.empty
    assert (coarse["source_detail"].str.len() > 0).all()


def test_places_sit_where_they_are(events: pd.DataFrame) -> None:
    expected = {
        "Willing summit at the Élysée": (48.87, 2.32),
        "captures Maduro": (10.48, -66.90),
        "needs Greenland": (64.18, -51.69),
        "Frederiksen rejects": (55.68, 12.57),
        "meet at Mar-a-Lago": (26.68, -80.04),
    }
    for text, (lat, lon) in expected.items():
        event = one(events, text)
        assert event["lat"] == pytest.approx(lat, abs=0.02), text
        assert event["lon"] == pytest.approx(lon, abs=0.02), text


def test_region_events_fall_inside_the_oblasts(events: pd.DataFrame) -> None:
    bounds = tuple(load_oblasts().total_bounds)
    near = titles(events_near(events, bounds, margin_deg=0))
    assert {
        "Russia holds about 75 % of Donetsk oblast",
        "Russia holds nearly all of Luhansk oblast",
    } <= near
    assert not any("Maduro" in t or "Élysée" in t for t in near)


def test_every_place_with_coordinates_is_named(events: pd.DataFrame) -> None:
    placed = events.dropna(subset=["lat"])
    assert (placed["place"].str.len() > 0).all()
    assert placed["lat"].between(-90, 90).all() and placed["lon"].between(-180, 180).all()


RUN = 8  # words in a row that count as copying


def words_of(text: str) -> list[str]:
    return re.findall(r"[0-9a-z%]+", text.casefold().replace("’", "'"))


def runs_of(text: str) -> set[tuple[str, ...]]:
    words = words_of(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.fixture(scope="module")
def report_runs() -> set[tuple[str, ...]]:
    if not REPORT.exists():
        pytest.skip(f"the report is not at {REPORT} (set FRONTLINE_SHARED)")
    return runs_of(REPORT.read_text(encoding="utf-8"))


def test_no_eight_word_run_of_the_report_is_copied(
    events: pd.DataFrame, report_runs: set[tuple[str, ...]]
) -> None:
    for event in events.to_dict("records"):
        for field in ("title", "summary", "source_detail"):
            copied = runs_of(event[field]) & report_runs
            assert not copied, f"{event['title']!r} {field} copies the report: {copied}"


def test_the_copy_check_catches_a_copied_sentence(report_runs: set[tuple[str, ...]]) -> None:
    lifted = "Hosted by French President Emmanuel Macron, the meeting brings together leaders"
    assert runs_of(lifted) & report_runs


@pytest.mark.parametrize(
    ("place", "region"),
    [
        ("Donetsk and Luhansk oblasts", True),
        ("Luhansk oblast (centroid)", True),
        ("Ukraine (geographic centre; the attack was countrywide)", True),
        ("Kramatorsk", False),
        ("Élysée Palace, Paris", False),
    ],
)
def test_the_list_says_when_a_place_is_a_whole_region(place: str, region: bool) -> None:
    card = format_events_html(events_of({"place": place}))
    assert ("the whole region, not a town" in card) is region
    assert is_region(place) is region
