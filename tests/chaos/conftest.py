"""Which chaos tests run alone, and which beside the rest of the suite (``make test``).

A test marked ``untimed`` has no outcome that timing can change: every clock in it is an
injected one, and every death, stall and hand-over happens at a named point that a file or an
event orders (``tests.chaos.boundary``), never at a moment, so a loaded CPU only makes it
slower. Those run on every CPU with the rest of the suite (``-m "not timed"``). Every other
test here is marked ``timed`` and runs alone afterwards (``-m timed``): its kills, outages
and races are timed against real processes and real clocks, or two processes must act at the
same moment. A new test is timed until someone shows it is not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE) and item.get_closest_marker("untimed") is None:
            item.add_marker(pytest.mark.timed)
