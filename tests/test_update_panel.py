"""The sidebar's freshness line and whether it offers "Update data", in AppTest.

AppTest does not deliver clicks on widgets of the entry script once it calls `st.navigation`
(checked with Streamlit 1.67), so the button's outcomes are tested on the panel alone here and
in the whole app in Chromium: tests/browser/test_update_browser.py.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from frontline.ingest.feed import Update
from frontline.ingest.store import Store, refresh_lock
from frontline.present.freshness import describe_freshness
from frontline.present.update_words import BUSY
from frontline.registry import LIVE
from tests.conftest import STORE_DAYS, app_test
from tests.feed_server import Feed, serve_feed
from tests.test_map_page import as_shown


def open_app(store: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = app_test(120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def update_button(app: AppTest):
    return next(b for b in app.sidebar.button if b.label == "Update data")


def sidebar_text(app: AppTest) -> str:
    return " ".join(c.value for c in app.sidebar.caption)


def test_describe_freshness_counts_days_since_the_newest_snapshot() -> None:
    assert describe_freshness(date(2026, 1, 1), date(2026, 1, 31)) == (
        "latest snapshot 2026-01-01, 30 days old"
    )
    assert describe_freshness(date(2026, 1, 1), date(2026, 1, 2)).endswith(", 1 day old")
    assert describe_freshness(date(2026, 1, 1), date(2026, 1, 1)).endswith(", from today")


class FortyDaysAfterTheStore(datetime):
    """A clock that reads 2026-02-21, forty days after the store's newest snapshot."""

    @classmethod
    def now(cls, tz=None):
        return cls(2026, 2, 21, 9, tzinfo=tz)


def test_sidebar_says_how_old_the_newest_snapshot_is(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pages.update_panel

    assert STORE_DAYS[-1] == date(2026, 1, 12)
    monkeypatch.setattr(pages.update_panel, "datetime", FortyDaysAfterTheStore)
    app = open_app(archive_store, monkeypatch)
    assert "Latest snapshot 2026-01-12, 40 days old." in sidebar_text(app)
    assert update_button(app)


@pytest.mark.parametrize("setting", ["0", "false", "off"])
def test_update_button_is_hidden_when_updates_are_turned_off(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    app = open_app(archive_store, monkeypatch, FRONTLINE_ALLOW_UPDATE=setting)
    assert [b.label for b in app.sidebar.button] == []
    assert "Latest snapshot" in sidebar_text(app)


def test_update_button_is_hidden_by_the_secrets_setting(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_STORE", str(archive_store))
    monkeypatch.delenv("FRONTLINE_ALLOW_UPDATE", raising=False)
    app = app_test(120)
    app.secrets["allow_update"] = False
    app.run()
    assert not app.exception and [b.label for b in app.sidebar.button] == []


def panel_script(latest) -> None:  # from_function runs the body alone: no annotations
    from pages.update_panel import update_panel

    update_panel(latest, latest)


def press_update(store: Path, served: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The panel alone (no navigation, so AppTest delivers the click), after one press: it
    asks the live feed, the registry's default source, here a local stand-in."""
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    monkeypatch.setenv("FRONTLINE_FEED_URL", served)
    monkeypatch.setenv("FRONTLINE_ARCHIVE_URL", "http://127.0.0.1:9/never-asked/")
    monkeypatch.delenv("FRONTLINE_ALLOW_UPDATE", raising=False)
    app = AppTest.from_function(panel_script, args=(STORE_DAYS[-1],), default_timeout=120)
    app.run()
    app.button(key="update_data").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.fixture
def store_copy(archive_store: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(archive_store, tmp_path / "store"))


@pytest.fixture
def feed_folder(layered_archive: Path, tmp_path: Path) -> Path:
    """Three weekly maps of 2025, served as the feed's updates."""
    folder = tmp_path / "feed"
    folder.mkdir()
    names = sorted(p.name for p in layered_archive.glob("*.geojson") if int(p.stem) > 1735689600)
    for name in names[:3]:
        (folder / name).symlink_to(layered_archive / name)
    return folder


def test_an_update_with_nothing_new_in_the_feed_says_up_to_date(
    tmp_path: Path, store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    with serve_feed(Feed(tmp_path / "empty")) as served:
        app = press_update(store_copy, served.url, monkeypatch)
        assert served.lists == 1, "the feed was never asked"
    (info,) = app.info
    assert info.value == "Up to date: no new days."
    assert Store(store_copy).dates()[-1] == STORE_DAYS[-1]


def test_an_update_reads_the_live_feed(
    feed_folder: Path, store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve_feed(Feed(feed_folder)) as served:
        app = press_update(store_copy, served.url, monkeypatch)
        days = sorted({Update(i, "").day for i in served.served_ids()})
    (success,) = app.success
    assert as_shown(success.value) == f"Added 3 days ({days[0]} to {days[-1]})."
    assert Store(store_copy).dates(LIVE) == days


def test_an_update_whose_every_update_fails_says_how_many(
    feed_folder: Path, store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = Feed(feed_folder)
    feed.faults.update(dict.fromkeys(feed.served_ids(), "unknown-shape"))
    days = sorted({Update(i, "").day for i in feed.served_ids()})
    with serve_feed(feed) as served:
        app = press_update(store_copy, served.url, monkeypatch)
    (warning,) = app.warning
    assert as_shown(warning.value).startswith("No days added")
    assert "3 days failed, asked again on the next update" in as_shown(warning.value)
    assert f"3 days, {days[0]} to {days[-1]}: an unknown body" in as_shown(warning.value)


def test_an_update_while_another_runs_says_so_and_waits_for_nothing(
    feed_folder: Path, store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve_feed(Feed(feed_folder)) as served, refresh_lock(store_copy):
        app = press_update(store_copy, served.url, monkeypatch)
        assert served.asked == [] and served.lists == 0
    (info,) = app.info
    assert info.value == BUSY
