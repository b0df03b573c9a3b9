"""`mute route s-1` and `mute subscription S-1` from Discord: where an id names both this
channel's subscription and a route, ``mute s-1`` is refused saying to name which one
(handlers.subscriptions), and on Discord that one is named in the ``target`` option. Through
discord.py against the local Discord into a running socialops (tests/e2e/world.py). The option
took one word only, so `route s-1` was refused ("target: one word only") and the route could
not be muted from Discord at all."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.commands import CommandError, parse_command
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.commands import line_for
from tests.conftest import FakeClock
from tests.e2e.test_mute_a_route_named_like_an_id import ROUTES, muted_routes
from tests.e2e.world import CAROL, UNPACED, World
from tests.integrations.discord.asking import answered, running_bot
from tests.integrations.discord.test_bot import ALICE
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer


class AsCarol:
    """The world's dispatcher, with the Discord user ALICE as carol, a lead (a route's mute
    is a lead's)."""

    def __init__(self, world: World) -> None:
        self.world = world

    async def handle(self, i: Interaction) -> Reply:
        if i.user == ALICE:
            i = i.model_copy(update={"workspace": "slack", "user": CAROL})
        return await self.world.a.dispatcher.handle(i)


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = await World(tmp_path, clock, slack, masto, rules=ROUTES, extra=UNPACED).start()
        try:
            yield w
        finally:
            await w.stop()


@pytest.fixture
async def ask(world: World, ws_config: DiscordWorkspaceConfig,
              fake: FakeDiscord) -> AsyncIterator[Any]:
    """``ask(verb, **options)``: the Discord user ALICE (carol) runs it; the answer shown."""
    async with running_bot(ws_config, AsCarol(world)):
        yield functools.partial(answered, fake, ALICE)


async def test_the_route_or_the_subscription_is_named_in_the_target_option(
        world: World, ask: Any) -> None:
    assert (await ask("subscribe", query="pricing")).startswith("S-1 created")
    answer = await ask("mute", target="s-1", duration="2h")
    assert answer.startswith("S-1 names both this channel's subscription S-1 and the route "
                             "s-1, so nothing was muted: type `mute route s-1`"), answer
    answer = await ask("mute", target="route s-1", duration="2h", reason="launch")
    assert answer.startswith("route s-1 muted until 2026-11-23 11:00 UTC"), answer
    assert len(await muted_routes(world)) == 1
    answer = await ask("mute", target="Subscription  S-1", duration="30m")
    assert answer.startswith("S-1 muted until 2026-11-23 09:30 UTC"), answer
    answer = await ask("unmute", target="route s-1")
    assert answer.startswith("route s-1 unmuted"), answer


@pytest.mark.parametrize("target", ["route s-1 x", "s-1 route", "routes s-1", "route 2h",
                                    "subscription 1d", "route"])
def test_other_words_in_the_target_option_are_still_refused(target: str) -> None:
    """Only `route <name>` or `subscription <id>` is two words in mute's target: any other
    words would spill into the duration (`route` alone is a route named route, one word)."""
    try:
        line = line_for("mute", {"target": target, "duration": "2h"})
    except CommandError as exc:
        assert "one word only" in exc.reason, exc.reason
        return
    assert target == "route", line
    assert parse_command(line).args == ("route", "2h")
