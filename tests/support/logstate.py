"""What a test may change of the process's logging, put back: the root logger's handlers
(pytest's own capturing handlers aside: pytest adds and removes those itself, phase by phase),
every logger's level and ``logging.disable``. ``setup_logging`` (``socialops`` commands, tests
of log lines) sets all three for the process; a test that left them set let records of other
loggers (aiohttp's access log, httpx's requests) reach a later test's ``caplog`` on the same
worker, and a handler on a closed stream print "Logging error" there (CI, 2026-12-06)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


def _ours(handler: logging.Handler) -> bool:
    """Not one of pytest's capturing handlers (``_pytest.logging``)."""
    return not type(handler).__module__.startswith("_pytest")


@contextmanager
def logging_kept(*, within_a_phase: bool = False) -> Iterator[None]:
    """Put back on leaving. ``within_a_phase``: entered and left in one phase of a test (its
    call), so pytest's handlers present on entering are put back too (``setup_logging``
    removes every handler of the root); across phases (a fixture's setup to its teardown)
    they are pytest's to add and remove."""
    root = logging.getLogger()
    kept = (lambda h: True) if within_a_phase else _ours
    handlers = [h for h in root.handlers if kept(h)]
    loggers = logging.root.manager.loggerDict
    levels = {name: lg.level for name, lg in loggers.items() if isinstance(lg, logging.Logger)}
    root_level, disabled = root.level, logging.root.manager.disable
    try:
        yield
    finally:
        for handler in [h for h in root.handlers if kept(h) and h not in handlers]:
            root.removeHandler(handler)
        for handler in handlers:
            if handler not in root.handlers:
                root.addHandler(handler)
        root.setLevel(root_level)
        for name, lg in list(loggers.items()):
            if isinstance(lg, logging.Logger) and lg.level != levels.get(name, logging.NOTSET):
                lg.setLevel(levels.get(name, logging.NOTSET))
        logging.disable(disabled)
