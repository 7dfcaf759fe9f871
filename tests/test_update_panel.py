"""The sidebar's freshness line and whether it offers "Update data", in AppTest.

AppTest does not deliver clicks on widgets of the entry script once it calls `st.navigation`
(checked with Streamlit 1.67), so what the button does is tested in Chromium:
tests/browser/test_update_browser.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from frontline.ingest.store import Store
from frontline.present.freshness import describe_freshness
from tests.conftest import app_test


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


def test_sidebar_says_how_old_the_newest_snapshot_is(
    archive_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_app(archive_store, monkeypatch)
    newest = Store(archive_store).dates()[-1]
    age = (datetime.now(UTC).date() - newest).days
    assert f"Latest snapshot {newest.isoformat()}, {age} days old." in sidebar_text(app)
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
