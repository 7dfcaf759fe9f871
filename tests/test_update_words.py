"""How an update's outcome is worded: every mix of added, missing and failed days."""

from __future__ import annotations

from datetime import date

from frontline.present.update_words import (
    LISTED,
    describe_failure,
    describe_update,
    failure_lines,
    grouped_lines,
)

JAN = [date(2026, 1, d) for d in range(1, 31)]


def test_nothing_new_is_up_to_date_not_an_error() -> None:
    outcome = describe_update([], [], {}, [])
    assert (outcome.level, outcome.text) == ("info", "Up to date: no new days.")


def test_every_day_missing_is_still_up_to_date() -> None:
    outcome = describe_update([], JAN[:3], {}, [])
    assert outcome.level == "info"
    assert outcome.text == "Up to date: no new days; 3 not in the archive yet."


def test_added_days_name_their_span() -> None:
    assert describe_update(JAN[:1], [], {}, []).text == "Added 1 day (2026-01-01)."
    outcome = describe_update(JAN[:5], JAN[5:6], {}, [])
    assert outcome.level == "success"
    assert outcome.text == "Added 5 days (2026-01-01 to 2026-01-05); 1 not in the archive yet."


def test_every_day_failed_lists_them_without_crashing() -> None:
    failed = {day: f"timed out after {day.day} s" for day in JAN[:20]}
    outcome = describe_update([], [], failed, [])
    lines = outcome.text.split("\n")
    assert outcome.level == "warning"
    assert lines[0] == "No days added."
    assert lines[1] == "20 days failed, asked again on the next update:"
    assert lines[2] == "- 2026-01-01: timed out after 1 s"
    assert len(lines) == 2 + LISTED + 1 and lines[-1] == f"- and {20 - LISTED} more"


def test_days_failed_for_one_reason_say_it_once() -> None:
    failed = {day: "cannot connect (SSL: wrong version number)" for day in JAN[:20]}
    outcome = describe_update([], [], failed, [])
    assert outcome.text.split("\n")[1:] == [
        "20 days failed, asked again on the next update:",
        "- 20 days, 2026-01-01 to 2026-01-20: cannot connect (SSL: wrong version number)",
    ]
    assert failure_lines(failed) == [
        "20 days, 2026-01-01 to 2026-01-20: cannot connect (SSL: wrong version number) "
        "(asked again on the next refresh)"
    ]
    one = {JAN[0]: "timed out"}
    assert failure_lines(one) == ["2026-01-01: timed out (asked again on the next refresh)"]


def test_a_day_without_occupied_area_is_named() -> None:
    note = "2026-01-02: the snapshot has no occupied area (no polygons)"
    outcome = describe_update(JAN[1:2], [], {}, [note])
    assert outcome.level == "warning" and f"Note: {note}" in outcome.text


def test_a_failure_to_run_is_an_error_with_its_reason() -> None:
    outcome = describe_failure("cannot reach 127.0.0.1:9")
    assert (outcome.level, outcome.text) == ("error", "Update failed: cannot reach 127.0.0.1:9")


def test_a_reason_shared_among_others_is_said_once_where_it_first_comes() -> None:
    failed = dict.fromkeys(JAN[2:7], "HTTP 500 Internal Server Error after 3 retries")
    failed |= {JAN[0]: "timed out", JAN[9]: "cut short"}
    outcome = describe_update(JAN[1:2], [], failed, [])
    assert outcome.text.split("\n")[1:] == [
        "7 days failed, asked again on the next update:",
        "- 2026-01-01: timed out",
        "- 5 days, 2026-01-03 to 2026-01-07: HTTP 500 Internal Server Error after 3 retries",
        "- 2026-01-10: cut short",
    ]
    assert len(failure_lines(failed)) == 3
    assert grouped_lines([("b.geojson", "bad"), ("a.geojson", "bad")], "file") == [
        "2 files, a.geojson to b.geojson: bad"
    ]
