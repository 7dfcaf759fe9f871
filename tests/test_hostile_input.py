"""Values from the URL and from text boxes reach every page as plain text, never as markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import run_page
from tests.test_map_page import as_shown

PAGES = ["map", "oblasts", "timeline", "compare", "sources"]
# Bold, a live link, an outside image and HTML: any of them rendered would change the page.
PAYLOAD = "**bold** [link](http://evil.example/) ![i](http://evil.example/i.png) <b>x</b>"
RAW = ("**bold**", "[link](http", "![i](http", "<b>x</b>")


def shown_texts(app: AppTest) -> list[str]:
    """The Markdown source of every text element on the page, sidebar included."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success")
    return [str(e.value) for kind in kinds for e in getattr(app, kind)]


def assert_plain(app: AppTest) -> None:
    for text in shown_texts(app):
        for raw in RAW:
            assert raw not in text, f"{raw!r} would render as markup in {text!r}"


@pytest.mark.parametrize("page", PAGES)
def test_hostile_query_values_are_plain_text_on_every_page(
    page: str, archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page(
        page, archive_store, monkeypatch, date=PAYLOAD, **{"from": PAYLOAD, "to": PAYLOAD}
    )
    assert_plain(app)


def test_a_from_that_is_not_a_date_is_named_as_such(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("compare", archive_store, monkeypatch, **{"from": "abc", "to": "2026-01-06"})
    (warning,) = app.warning
    assert as_shown(warning.value) == "Nothing to compare: 'abc' is not a date (YYYY-MM-DD)."
    assert "same snapshot" not in warning.value


def test_the_town_search_shows_what_was_typed_as_plain_text(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = run_page("compare", archive_store, monkeypatch)
    app.text_input(key="compare_town").input(PAYLOAD).run()
    assert not app.exception
    assert_plain(app)
    assert any("No town of Donetsk or Luhansk oblast matches" in t for t in shown_texts(app))
