"""How an update's outcome is told to a reader: one level (success, info, warning) and its text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Failures listed one by one up to this many; the rest are counted.
LISTED = 12
# Each stage's start and span on the bar, and its words. An archive downloads its days, then
# measures them (a half each); the live feed measures each update as it arrives (the whole bar).
STAGES = {
    "download": (0.0, 0.5, "Step 1 of 2, downloading"),
    "measure": (0.5, 0.5, "Step 2 of 2, measuring"),
    "feed": (0.0, 1.0, "Fetching and measuring updates"),
}
BUSY = "Another update is running; its new days appear here when it finishes."


@dataclass(frozen=True)
class Outcome:
    """What the sidebar shows after an update: Streamlit's level name and Markdown-free text."""

    level: str
    text: str


def describe_update(
    added: list[date], missing: list[date], failed: dict[date, str], notes: list[str]
) -> Outcome:
    """The outcome of an update in words, whatever mix of added, missing and failed days it had.

    Nothing added and nothing failed is "up to date", not an error; days without any occupied
    area are named, as the command line names them.
    """
    lines = [_added(added, missing, bool(failed))]
    lines += [f"Note: {note}" for note in notes]
    if failed:
        days = sorted(failed.items())
        lines.append(f"{len(days)} day{_s(len(days))} failed, asked again on the next update:")
        shared = _one_reason(failed)
        if shared is not None:
            lines.append(f"- {shared}")
        else:
            lines += [f"- {day.isoformat()}: {why}" for day, why in days[:LISTED]]
            if len(days) > LISTED:
                lines.append(f"- and {len(days) - LISTED} more")
    level = "warning" if failed or notes else "success" if added else "info"
    return Outcome(level, "\n".join(lines))


def progress_step(stage: str, done: int, total: int, what: str) -> tuple[float, str]:
    """The progress bar's fill and its text for `done` of `total` in a stage."""
    start, span, words = STAGES[stage]
    share = start + span * done / max(total, 1)
    return min(share, 1.0), f"{words}: {done} of {total} ({what})"


def failure_lines(failed: dict[date, str]) -> list[str]:
    """One line per failed day, oldest first, as `frontline refresh` prints them; one line in
    all when every day failed for the same reason (a wrong URL fails hundreds of days alike)."""
    again = "(asked again on the next refresh)"
    shared = _one_reason(failed)
    if shared is not None:
        return [f"{shared} {again}"]
    return [f"{day.isoformat()}: {why} {again}" for day, why in sorted(failed.items())]


def _one_reason(failed: dict[date, str]) -> str | None:
    """ "N days, FIRST to LAST: REASON" when more than one day failed, all for one reason."""
    reasons = set(failed.values())
    if len(failed) < 2 or len(reasons) != 1:
        return None
    days = sorted(failed)
    return f"{len(days)} days, {days[0]} to {days[-1]}: {reasons.pop()}"


def describe_failure(reason: str) -> Outcome:
    """An update that could not run at all (no network, store unusable): the reason, plainly."""
    return Outcome("error", f"Update failed: {reason}")


def _added(added: list[date], missing: list[date], any_failed: bool) -> str:
    absent = f"; {len(missing)} not in the archive yet" if missing else ""
    if not added:
        # With failed days the store is not up to date, only unchanged.
        return f"No days added{absent}." if any_failed else f"Up to date: no new days{absent}."
    span = f" ({added[0]})" if len(added) == 1 else f" ({added[0]} to {added[-1]})"
    return f"Added {len(added)} day{_s(len(added))}{span}{absent}."


def _s(count: int) -> str:
    return "" if count == 1 else "s"
