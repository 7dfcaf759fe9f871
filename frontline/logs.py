"""Server logs as one line per event: an exception is its type, message and where it was raised.

A reader never sees these (Streamlit's showErrorDetails is "none"); an operator greps them, and
a traceback spread over forty lines interleaves with the other sessions' lines.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Frames of the innermost part of a traceback named in the line, innermost last.
FRAMES = 3

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class OneLineFormatter(logging.Formatter):
    """A formatter whose every record, exceptions and stacks included, is a single line."""

    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:
        kind, error, trace = ei
        if kind is None:
            return ""
        frames = traceback.extract_tb(trace)[-FRAMES:]
        where = " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
        return f"{kind.__name__}: {error}" + (f" (at {where})" if where else "")

    def formatStack(self, stack_info: str) -> str:
        lines = [line.strip() for line in stack_info.splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def format(self, record: logging.LogRecord) -> str:
        return " | ".join(part for part in super().format(record).splitlines() if part)


def use_one_line_logs(
    loggers: Iterable[logging.Logger] | None = None, own: str = "frontline"
) -> None:
    """Make the handlers of `loggers` (default: every logger set up so far) write one line per
    record, and give the `own` logger (the app's) a handler of its own, with time and level."""
    if loggers is None:
        names = list(logging.root.manager.loggerDict)
        loggers = [logging.getLogger(), *map(logging.getLogger, names)]
    for logger in loggers:
        for handler in logger.handlers:
            current = handler.formatter
            fmt = current._fmt if current is not None else None
            datefmt = current.datefmt if current is not None else None
            handler.setFormatter(OneLineFormatter(fmt, datefmt))
    mine = logging.getLogger(own)
    if not mine.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(OneLineFormatter(FORMAT))
        mine.addHandler(handler)
        mine.setLevel(logging.INFO)
        mine.propagate = False
