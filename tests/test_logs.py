"""Server logs: one line per event, exceptions included."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from frontline.logs import OneLineFormatter, use_one_line_logs


def fail_deep(depth: int) -> None:
    if depth == 0:
        raise ValueError("bad day\nsecond line")
    fail_deep(depth - 1)


def test_an_exception_is_one_line_with_its_type_message_and_place() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLineFormatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("frontline.test.one-line")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        fail_deep(5)
    except ValueError:
        logger.exception("page failed")
    logger.warning("with stack", stack_info=True)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ERROR page failed | ValueError: bad day | second line (at ")
    assert "test_logs.py:" in lines[0]
    assert lines[1].startswith("WARNING with stack | ")


def test_handlers_already_set_up_become_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    other = logging.getLogger("frontline.test.other-library")
    monkeypatch.setattr(other, "handlers", [handler])
    monkeypatch.setattr(other, "propagate", False)
    own = logging.getLogger("frontline")
    for name, value in (("handlers", []), ("propagate", True), ("level", logging.NOTSET)):
        monkeypatch.setattr(own, name, value)
    use_one_line_logs([other])
    try:
        raise OSError("disk")
    except OSError:
        other.exception("write failed")
    assert stream.getvalue().count("\n") == 1
    assert stream.getvalue().startswith("frontline.test.other-library write failed | OSError: disk")
    assert isinstance(own.handlers[0].formatter, OneLineFormatter)


def failing_page() -> None:  # from_function runs the body alone
    from pages import app_setup

    app_setup.one_line_logs()  # as app.py does before any page runs
    raise ValueError("secret /srv/path\nsecond line")


def _streams_to_this_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every stream handler set up so far writes to this test's stderr.

    Streamlit makes its handlers when first imported, on the stderr of that moment: in a test
    worker that is whatever capture an earlier test had, not this test's.
    """
    loggers = [logging.getLogger(), *logging.root.manager.loggerDict.values()]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if type(handler) is logging.StreamHandler:  # not pytest's own capture handlers
                monkeypatch.setattr(handler, "stream", sys.stderr)


def test_a_page_that_fails_is_one_log_line_and_no_details_for_the_reader(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from streamlit.testing.v1 import AppTest

    _streams_to_this_stderr(monkeypatch)
    app = AppTest.from_function(failing_page, default_timeout=60)
    app.run()
    (shown,) = app.exception
    assert "secret" not in shown.message and not shown.stack_trace
    logged = [line for line in capfd.readouterr().err.splitlines() if "secret" in line]
    assert len(logged) == 1, logged
    assert "Uncaught app execution | ValueError: secret /srv/path | second line (at " in logged[0]
