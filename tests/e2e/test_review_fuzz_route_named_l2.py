"""A route named like an id without its hyphen (``l2``, ``t1``, ``c1``: a support level, a
tier, a customer class) is muted and unmuted by its name. The hint for an id typed without its
hyphen (``T1``: 'write T-1', 55a1d0d0) was given to every verb's first word, so ``mute l2 2h``
was refused as "'l2' is not an id: ...; write L-2" and the route could be muted only as
``mute route l2``: mute takes a route's name, which no id is. Through Slack's signed request
path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.world import CAROL, RULES, SUPPORT, World, running_world

ROUTES = RULES + """\
  - {name: l2, match: {any: [escalate]}, action: alert, channel: support}
  - {name: t1, match: {any: [tier]}, action: alert, channel: support}
"""


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, rules=ROUTES) as w:
        yield w


@pytest.mark.parametrize("name", ["l2", "t1"])
async def test_a_route_named_like_an_id_without_its_hyphen_is_muted_by_its_name(
        world: World, name: str) -> None:
    answer = await ask(world, CAROL, SUPPORT, f"mute {name} 2h launch")
    assert answer.startswith(f"route {name} muted until 2026-11-23 11:00 UTC"), answer
    answer = await ask(world, CAROL, SUPPORT, f"unmute {name.upper()}")
    assert answer.startswith(f"route {name} unmuted"), answer


async def test_a_ticket_verb_still_says_where_the_hyphen_goes(world: World) -> None:
    answer = await ask(world, CAROL, SUPPORT, "claim t1")
    assert answer.startswith("'t1' is not an id: its letter and number are joined by a "
                             "hyphen; write T-1"), answer

