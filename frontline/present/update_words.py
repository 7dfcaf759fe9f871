"""How an update's outcome is told to a reader: one level (success, info, warning) and its text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# Failures listed one by one up to this many; the rest are counted.
LISTED = 12
# The bar fills once per stage; the text says which one it is. An archive downloads its days,
# then measures them; the live feed measures each update as it arrives (one stage).
STAGES = {
    "download": "Step 1 of 2, downloading",
    "measure": "Step 2 of 2, measuring",
    "feed": "Fetching and measuring updates",
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
        lines.append(f"{len(failed)} day{_s(len(failed))} failed, asked again on the next update:")
        groups = _grouped((day.isoformat(), why) for day, why in failed.items())
        lines += [f"- {_group_line(group, 'day')}" for group in groups[:LISTED]]
        if len(groups) > LISTED:
            lines.append(f"- and {sum(len(whats) for whats, _ in groups[LISTED:])} more")
    level = "warning" if failed or notes else "success" if added else "info"
    return Outcome(level, "\n".join(lines))


def progress_step(stage: str, done: int, total: int, what: str) -> tuple[float, str]:
    """The progress bar's fill and its text for `done` of `total` in a stage: the fill is the
    share the text counts (442 of 882 fills half the bar), never a share of both steps."""
    share = min(done / total, 1.0) if total > 0 else 0.0
    return share, f"{STAGES[stage]}: {done} of {total} ({what})"


def failure_lines(failed: dict[date, str]) -> list[str]:
    """The failed days as `frontline refresh` prints them, oldest first, a shared reason once."""
    again = "(asked again on the next refresh)"
    return [f"{line} {again}" for line in grouped_lines(failed.items(), "day")]


def grouped_lines(failures: Iterable[tuple[object, str]], noun: str) -> list[str]:
    """One "WHAT: REASON" line per failure in the order of WHAT, except that a reason several
    share is said once, where it first comes: "N NOUNs, FIRST to LAST: REASON" (a wrong URL or
    a folder of one bad export fails hundreds alike)."""
    return [_group_line(group, noun) for group in _grouped((str(w), r) for w, r in failures)]


Group = tuple[list[str], str]


def _grouped(failures: Iterable[tuple[str, str]]) -> list[Group]:
    """The failures gathered by reason, each reason's failures in order, the groups in the
    order of their first failure."""
    by_reason: dict[str, list[str]] = {}
    for what, why in sorted(failures):
        by_reason.setdefault(why, []).append(what)
    return [(whats, why) for why, whats in by_reason.items()]


def _group_line(group: Group, noun: str) -> str:
    whats, why = group
    if len(whats) == 1:
        return f"{whats[0]}: {why}"
    return f"{len(whats)} {noun}s, {whats[0]} to {whats[-1]}: {why}"


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
