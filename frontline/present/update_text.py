"""How a refresh from the archive is reported: progress steps, and the outcome in words.

The app's "Update data" and `frontline refresh` say the same things in the same words.
"""

from __future__ import annotations

from frontline.ingest.update import UpdateReport

STAGES = {"download": "Downloading", "measure": "Measuring"}
# Failures listed one by one up to this many; the rest are counted.
LISTED = 12


def progress_step(stage: str, done: int, total: int, what: str) -> tuple[float, str]:
    """The bar's fill (downloading the first half, measuring the second) and its text."""
    share = (done / max(total, 1) + (stage == "measure")) / 2
    return min(share, 1.0), f"{STAGES[stage]} {done}/{total}: {what}"


def failure_lines(report: UpdateReport, listed: int | None = None) -> list[str]:
    """One line per failed day, oldest first, up to `listed` of them and a count of the rest."""
    failed = sorted(report.failed.items())
    shown = failed if listed is None else failed[:listed]
    lines = [f"{day.isoformat()}: {why} (asked again on the next refresh)" for day, why in shown]
    if len(failed) > len(shown):
        lines.append(f"and {len(failed) - len(shown)} more")
    return lines


def added_line(report: UpdateReport) -> str:
    """`Added 7 days (2026-01-13 to 2026-01-20); 1 not in the archive.`"""
    added = report.refresh.added
    span = ""
    if added:
        span = f" ({added[0]})" if len(added) == 1 else f" ({added[0]} to {added[-1]})"
    plural = "" if len(added) == 1 else "s"
    return f"Added {len(added)} day{plural}{span}; {len(report.missing)} not in the archive."


def describe_update(report: UpdateReport) -> tuple[str, str]:
    """The outcome's level (`success` or `warning`) and its Markdown text."""
    if not report.failed:
        return "success", added_line(report)
    items = "\n".join(f"- {line}" for line in failure_lines(report, LISTED))
    return "warning", f"{added_line(report)}\n\n{len(report.failed)} failed:\n{items}"
