"""The test suite's own guard (tests/support/logstate.py): what a test sets of the process's
logging ends with it. A test that left ``setup_logging``'s root level and handler behind let
aiohttp's access lines and httpx's request lines into a later test's ``caplog`` on the same
worker (three Mastodon tests failed in CI on 2026-12-06, passing alone)."""

from __future__ import annotations

import io
import logging

import pytest

from bot.app.logs import setup_logging
from tests.support.logstate import logging_kept


def _state() -> tuple[int, list[logging.Handler], int, int, int]:
    root = logging.getLogger()
    return (root.level, list(root.handlers), logging.getLogger("httpx").level,
            logging.getLogger("aiohttp.access").level, logging.root.manager.disable)


def test_setup_logging_inside_is_undone_on_leaving() -> None:
    before = _state()
    with logging_kept(within_a_phase=True):
        setup_logging(level="DEBUG", json_format=True, stream=io.StringIO())
        logging.disable(logging.CRITICAL)
        assert _state() != before
    assert _state() == before


def test_across_phases_pytests_handlers_are_left_to_pytest(
        caplog: pytest.LogCaptureFixture) -> None:
    """Across a fixture's setup and teardown pytest swaps its own handlers phase by phase:
    those are not put back (they would stay on the root for good), ours are."""
    root = logging.getLogger()
    with logging_kept():
        setup_logging(level="INFO", stream=io.StringIO())  # removes caplog's handler too
        ours = [h for h in root.handlers if not type(h).__module__.startswith("_pytest")]
        assert ours
    assert not any(h in root.handlers for h in ours)
    assert caplog.handler not in root.handlers  # pytest's, not put back outside a phase
    root.addHandler(caplog.handler)  # this test's own phase: put back for pytest to remove


def test_a_later_test_sees_no_records_of_other_loggers(
        caplog: pytest.LogCaptureFixture) -> None:
    """What the CI failure needed: the root left at INFO by a test before. The suite's
    autouse fixture (tests/conftest.py) puts it back at the end of each test."""
    caplog.set_level(logging.INFO, logger="integrations.social.mastodon.length")
    assert logging.getLogger().level == logging.WARNING
    logging.getLogger("httpx").info("HTTP Request: GET http://127.0.0.1/")
    assert caplog.records == []


def test_json_logs_then_the_next_test(caplog: pytest.LogCaptureFixture) -> None:
    setup_logging(level="INFO", json_format=True, stream=io.StringIO())
    # the next test in this module (same worker under --dist loadfile) runs after this
    # one's teardown: test_zz_after_a_leak checks what it finds
    assert logging.getLogger().level == logging.INFO


def test_zz_after_a_leak(caplog: pytest.LogCaptureFixture) -> None:
    assert logging.getLogger().level == logging.WARNING
    assert not [h for h in logging.getLogger().handlers
                if not type(h).__module__.startswith("_pytest")]
