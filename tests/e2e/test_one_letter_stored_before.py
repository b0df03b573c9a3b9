"""A subscription of one letter stored by a release before 1a9ed05 (which took `subscribe x`)
goes on firing, is listed and can be ended with `unsubscribe`: the refusal is of new ones only
(docs/rules.md, How keywords match). On a SQLite file and on a real redis-server, through
Slack's signed requests."""

from __future__ import annotations

from rules import validate_query
from tests.e2e.test_queue import ask
from tests.e2e.world import DAVE, MARKETING, World


async def test_a_one_letter_subscription_stored_before_fires_and_ends(either: World) -> None:
    world = either
    service = world.a.subscriptions
    service.validate_query = None  # as the release before 1a9ed05 stored it
    made = await ask(world, DAVE, MARKETING, "subscribe R")
    assert made.startswith("S-1"), made
    service.validate_query = validate_query  # this release, running on
    refused = await ask(world, DAVE, MARKETING, "subscribe R")
    assert refused.startswith("a keyword of one letter or digit ('R')"), refused
    await world.mention("new R package for mixed models is out", n=1)
    assert len([m for m in world.posts(MARKETING) if "mixed models" in str(m)]) == 1
    assert "S-1" in await ask(world, DAVE, MARKETING, "list")
    assert "S-1 removed" in await ask(world, DAVE, MARKETING, "unsubscribe S-1")
    await world.mention("R 4.5 released, mixed feelings", n=2)
    assert not [m for m in world.posts(MARKETING) if "mixed feelings" in str(m)]
