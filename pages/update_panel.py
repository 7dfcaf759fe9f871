"""The sidebar's data freshness and its "Update data" button: the CLI's refresh, with progress.

The button runs `frontline.ingest.update.update` against `$FRONTLINE_ARCHIVE_URL` (else the
public archive) in this session's script thread, so the progress callbacks can draw. A new
store mtime changes `common.data_version()`, which keys every cache, so the rerun afterwards
redraws every page from the new data. `FRONTLINE_ALLOW_UPDATE=0` (or `allow_update = false` in
`.streamlit/secrets.toml`) hides the button, for a shared deployment refreshed by a schedule.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import streamlit as st

from frontline.config import ALLOW_UPDATE_ENV, archive_url, store_dir
from frontline.ingest.remote import NetworkError
from frontline.ingest.store import Store, StoreError
from frontline.ingest.update import UpdateReport, update
from frontline.model.boundaries import measuring_region
from frontline.present.freshness import describe_freshness

RESULT_KEY = "update_result"
STAGES = {"download": "Downloading", "measure": "Measuring"}
# Failures listed one by one up to this many; the rest are counted.
LISTED = 12


def update_allowed() -> bool:
    """Off when FRONTLINE_ALLOW_UPDATE is 0/false/no/off, else by secrets' `allow_update`."""
    setting = os.environ.get(ALLOW_UPDATE_ENV)
    if setting is not None:
        return setting.strip().lower() not in ("0", "false", "no", "off")
    try:
        return bool(st.secrets.get("allow_update", True))
    except FileNotFoundError:  # no secrets.toml at all
        return True


def update_panel(latest: date, shown: date) -> None:
    """How old the newest snapshot is, and (when allowed) the button that fetches new ones."""
    st.caption(describe_freshness(latest, datetime.now(UTC).date()).capitalize() + ".")
    if not update_allowed():
        return
    if st.button("Update data", key="update_data"):
        _run_update(follow_latest=shown == latest)
    _show_result()


def _run_update(follow_latest: bool) -> None:
    bar = st.progress(0.0, text="Asking the archive for new days")

    def progress(stage: str, done: int, total: int, what: str) -> None:
        # Downloading is the first half of the bar, measuring the second.
        share = (done / max(total, 1) + (stage == "measure")) / 2
        bar.progress(min(share, 1.0), text=f"{STAGES[stage]} {done}/{total}: {what}")

    try:
        store = Store(store_dir(), create=True)
        report = update(archive_url(), store, measuring_region(), progress=progress, workers=1)
    except (NetworkError, StoreError) as err:
        st.session_state[RESULT_KEY] = ("error", f"Update failed: {err}")
        return
    bar.progress(1.0, text="Done")
    st.session_state[RESULT_KEY] = _result(report)
    if report.refresh.added and follow_latest:
        # Show the newest snapshot, as a first visit would, rather than stay on the old one.
        st.session_state.pop("date_choice", None)
        st.query_params.pop("date", None)
    st.rerun()


def _result(report: UpdateReport) -> tuple[str, str]:
    added = report.refresh.added
    span = {0: "", 1: f" ({added[0]})"}.get(len(added), f" ({added[0]} to {added[-1]})")
    plural = "" if len(added) == 1 else "s"
    lines = [f"Added {len(added)} day{plural}{span}; {len(report.missing)} not in the archive."]
    failed = sorted(report.failed.items())
    if not failed:
        return "success", lines[0]
    lines.append(f"\n{len(failed)} failed, asked again on the next update:")
    lines += [f"- {day.isoformat()}: {why}" for day, why in failed[:LISTED]]
    if len(failed) > LISTED:
        lines.append(f"- and {len(failed) - LISTED} more")
    return "warning", "\n".join(lines)


def _show_result() -> None:
    if RESULT_KEY in st.session_state:
        level, text = st.session_state[RESULT_KEY]
        getattr(st, level)(text)
