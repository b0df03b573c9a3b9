"""A shortcut emoji taken away anywhere in the server (👍 under a colleague's message, 👀 on a
meme) reaches the bot as MESSAGE_REACTION_REMOVE, which carries no message author: each one
cost a store delete of the reaction's 90-day acted-on mark (``integrations.discord.gap``),
though nothing had been marked, a write transaction on SQLite or a DEL on Redis for every
emoji anyone took away (a Discord developer's second pass, 2026-12-07; failed before: one
delete for the unmarked removal). The mark is looked up (a read) and deleted only when there.
Counted in store calls, not in time. A real discord.py client on the local Discord, on a SQLite
file and a real redis-server."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import ALICE, Recorder, identity, post_card
from tests.integrations.discord.test_review_reaction_after_restart import marker, react
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord


class Counting:
    """The store's mark calls the bot is given, each counted by name."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        call = getattr(self.store, name)

        async def counted(*args: object, **kwargs: object) -> Any:
            self.calls[name] += 1
            return await call(*args, **kwargs)

        return counted


@pytest.fixture
async def bot(ws_config: DiscordWorkspaceConfig, store: Store, clock: FakeClock,
              fake: FakeDiscord) -> AsyncIterator[tuple[SocialopsBot, Counting, Recorder]]:
    counting, recorder = Counting(store), Recorder(fake)
    bot = SocialopsBot(ws_config, handler=recorder, identity=identity, guild_ready_timeout=0.05,
                       mark_seen=counting.mark_seen, forget_seen=counting.forget_seen,
                       claim_value=counting.claim_value, next_number=counting.next_number,
                       clock=clock, is_seen=counting.is_seen)
    task = asyncio.create_task(bot.start(ws_config.token))
    await asyncio.wait_for(bot.wait_until_ready(), 5)
    yield bot, counting, recorder
    await bot.close()
    await asyncio.wait_for(task, 5)


async def test_an_emoji_taken_away_that_never_acted_costs_no_store_delete(
        bot: tuple[SocialopsBot, Counting, Recorder], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    _, counting, recorder = bot
    for n in range(5):  # 👀 taken off people's messages: nothing of socialops there
        await react(fake, "MESSAGE_REACTION_REMOVE", str(1300000000000000000 + n))
    await marker(fake, ws_config)  # the removals handled
    await recorder.wait(1)
    assert counting.calls["forget_seen"] == 0, counting.calls


async def test_an_emoji_taken_away_that_acted_still_has_its_mark_deleted(
        bot: tuple[SocialopsBot, Counting, Recorder], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, store: Store) -> None:
    """So given again while no session is connected, it is read back (docs/discord.md)."""
    _, counting, recorder = bot
    mid = await post_card(fake, ws_config)
    await react(fake, "MESSAGE_REACTION_ADD", mid)
    await recorder.wait(1)
    key = f"replay:discord-reaction-acted:{mid}:{ALICE}:claim"
    assert await store.is_seen(key)
    await react(fake, "MESSAGE_REACTION_REMOVE", mid)
    await marker(fake, ws_config)
    await recorder.wait(2)
    assert not await store.is_seen(key)
    assert counting.calls["forget_seen"] == 1, counting.calls
