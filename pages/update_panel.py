"""The sidebar's data freshness and its "Update data" button: the CLI's refresh, with progress.

The button refreshes from the registry's default source, DeepStateMap's live history feed
(`frontline.ingest.feed.update_from_feed` against `$FRONTLINE_FEED_URL`, else deepstatemap.live),
as `frontline refresh` does, in this session's script thread, so the progress callbacks can
draw. A new store mtime changes `loaders.data_version()`, which keys every cache, so the rerun
afterwards redraws every page from the new data. `FRONTLINE_ALLOW_UPDATE=0` (or
`allow_update = false` in `.streamlit/secrets.toml`) hides the button, for a shared deployment
refreshed by a schedule.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import streamlit as st

from frontline import config, settings
from frontline.ingest.feed import FeedError, feed_url, update_from_feed
from frontline.ingest.remote import NetworkError
from frontline.ingest.store import RefreshBusy, Store, StoreError
from frontline.model.boundaries import measuring_region
from frontline.present.escaping import escape_markdown
from frontline.present.freshness import describe_freshness
from frontline.present.update_words import (
    BUSY,
    Outcome,
    describe_failure,
    describe_update,
    progress_step,
)

RESULT_KEY = "update_result"


def update_allowed() -> bool:
    """Off when FRONTLINE_ALLOW_UPDATE is 0/false/no/off, else by secrets' `allow_update`."""
    try:
        secret = st.secrets.get(settings.ALLOW_UPDATE_SECRET, True)
    except FileNotFoundError:  # no secrets.toml at all
        secret = True
    return config.update_allowed(settings.ALLOW_UPDATE.get(), secret)


def update_panel(latest: date, shown: date) -> None:
    """How old the newest snapshot is, and (when allowed) the button that fetches new ones."""
    st.caption(describe_freshness(latest, datetime.now(UTC).date()).capitalize() + ".")
    if not update_allowed():
        return
    if st.button("Update data", key="update_data"):
        _run_update(follow_latest=shown == latest)
    _show_result()


def _run_update(follow_latest: bool) -> None:
    bar = st.progress(0.0, text="Asking DeepStateMap's feed for new updates")

    def progress(done: int, total: int, what: str) -> None:
        share, text = progress_step("feed", done, total, what)
        bar.progress(share, text=text)

    try:
        store = Store(config.store_dir(), create=True)
        # No wait for the lock: a second reader pressing Update is told, not kept waiting.
        report = update_from_feed(
            feed_url(),
            store,
            measuring_region(),
            progress=progress,
            workers=1,
            lock_wait_s=0,
        )
    except RefreshBusy:
        bar.empty()
        _keep(Outcome("info", BUSY))
        return
    except (NetworkError, FeedError, StoreError, OSError) as err:
        bar.empty()
        _keep(describe_failure(str(err)))
        return
    bar.progress(1.0, text="Done")
    _keep(describe_update(report.refresh.added, [], report.failed_days, report.refresh.empty))
    if report.refresh.added and follow_latest:
        # Show the newest snapshot, as a first visit would, rather than stay on the old one.
        st.session_state.pop("date_choice", None)
        st.query_params.pop("date", None)
    st.rerun()


def _keep(outcome: Outcome) -> None:
    st.session_state[RESULT_KEY] = (outcome.level, outcome.text)


def _show_result() -> None:
    if RESULT_KEY in st.session_state:
        level, text = st.session_state[RESULT_KEY]
        # Dates and reasons come from the network: shown as plain text, never as Markdown.
        lines = (escape_markdown(line) for line in text.split("\n"))
        getattr(st, level)("  \n".join(lines))
