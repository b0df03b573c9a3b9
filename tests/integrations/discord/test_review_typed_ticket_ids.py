# ruff: noqa: F811
"""`/socialops why what:T1` and `/socialops claim ticket:T-01` from Discord, through discord.py
against the local Discord into a running socialops (tests/e2e/world.py): the id typed without
its hyphen was refused naming no id to write, and one with leading zeros was "no ticket T-01"
(a review, 2026-12-07; both failed before their fix, as on Slack:
tests/e2e/test_review_oncall_typed_ids.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import UNPACED, World, running_world
from tests.integrations.discord.test_times_on_the_workspace_clock import ask  # noqa: F401


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED) as w:
        yield w


async def test_ticket_ids_typed_amiss_from_discord(world: World, ask: Any) -> None:
    ticket_id, _ = await open_ticket(world)
    assert ticket_id == "T-1"
    for verb, options in (("why", {"what": "T1"}), ("status", {"what": "t1"}),
                          ("claim", {"ticket": "T1"})):
        answer = await ask(verb, **options)
        assert "write T-1" in answer, (verb, answer)
    assert await ask("claim", ticket="T-01") == "T-1 claimed"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "alice"
