"""A reaction another app's bot gives on a card (a bridge relaying its own side's reactions,
a bot that reacts ✅ to every message it has read) is no person's decision. The read-back after
a gap left bots out (``integrations.discord.gap.reacted``: Get Reactions' ``user.bot``), but a
gateway MESSAGE_REACTION_ADD, whose ``member.user`` says ``"bot": true``
(topics/gateway-events, Message Reaction Add; resources/user, User Object), was taken like a
person's: claimed in the store (a write on every process), the card read over REST, the
handler run as that user, and marked acted on for 90 days; where the bot's id was under a
person's ``identities`` (copied from the wrong account), its ✅ approved the draft and it was
published (a Discord developer's fourth pass, 2026-12-07; both tests failed before: the
handler ran and the store was written, and the draft was published). It is skipped before any
of that, counted in ``chat_skipped`` and logged in one line. A real discord.py client on the
local Discord, on a SQLite file and a real redis-server; and the whole way, through the
composition root, a running socialops and its store."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.chat import discord_bot
from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from integrations.discord.bot import SocialopsBot
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask as slack_ask
from tests.e2e.world import ALICE as SLACK_ALICE
from tests.e2e.world import SUPPORT, UNPACED, World, running_world
from tests.integrations.discord.asking import with_discord_on_kolkatas_clock
from tests.integrations.discord.test_bot import ALICE, Recorder, post_card
from tests.integrations.discord.test_review_reaction_after_restart import REACTION, marker
from tests.integrations.discord.test_review_removal_writes import Counting
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord

OTHER_BOT = "1000000000000000777"  # another app's bot in the server
CHECK = {"name": "✅", "id": None}


def linked(workspace: str, user: str) -> str | None:
    """Alice, and the other bot's id under a person's identities (copied from the wrong
    account): linked or not, its reaction must not act."""
    return {ALICE: "alice", OTHER_BOT: "bob"}.get(user)


@pytest.fixture
async def bot(ws_config: DiscordWorkspaceConfig, store: Store, clock: FakeClock,
              fake: FakeDiscord) -> AsyncIterator[tuple[SocialopsBot, Counting, Recorder]]:
    counting, recorder = Counting(store), Recorder(fake)
    bot = discord_bot(ws_config, handler=recorder, identity=linked, marks=counting,  # type: ignore[arg-type]
                      clock=clock, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(ws_config.token))
    await asyncio.wait_for(bot.wait_until_ready(), 5)
    await asyncio.wait_for(_read_back(bot), 5)
    yield bot, counting, recorder
    await bot.close()
    await asyncio.wait_for(task, 5)


async def _read_back(bot: SocialopsBot) -> None:
    while bot.gap_reads < 1:  # the session's read-back done: its store calls are not counted
        await asyncio.sleep(0.01)


async def test_another_bots_reaction_on_a_card_costs_no_store_write_and_runs_nothing(
        bot: tuple[SocialopsBot, Counting, Recorder], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, caplog: pytest.LogCaptureFixture) -> None:
    client, counting, recorder = bot
    mid = await post_card(fake, ws_config)
    counting.calls.clear()
    skipped = client.skipped
    with caplog.at_level(logging.INFO, logger="integrations.discord.bot"):
        for emoji in (CHECK, {"name": "👀", "id": None}):
            await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
                REACTION, user_id=OTHER_BOT, message_id=mid, emoji=emoji, bot=True))
        # a bot's reaction on someone else's message: none of socialops's business, as a
        # person's there, and no count
        await fake.dispatch("MESSAGE_REACTION_ADD", {**fake.reaction(
            REACTION, user_id=OTHER_BOT, message_id=mid, emoji=CHECK, bot=True),
            "message_id": "1300000000000000001", "message_author_id": ALICE})
        await marker(fake, ws_config)  # a person's ✅ on another card, handled after them
        await recorder.wait(1)
    assert [i.user for i in recorder.seen] == [ALICE], recorder.seen
    # the marker's claim and acted-on mark alone: nothing written for the bot's two
    assert counting.calls["claim_value"] == 1, counting.calls
    assert counting.calls["mark_seen"] + counting.calls["apply"] <= 1, counting.calls
    assert not [c for c in fake.calls if c.method == "GET" and c.path.endswith(f"/{mid}")]
    assert client.skipped == skipped + 2
    lines = [r.getMessage() for r in caplog.records if OTHER_BOT in r.getMessage()]
    assert len(lines) == 2 and all("another app's bot" in line for line in lines), lines
    assert all("\n" not in line for line in lines)


APPROVER = "1000000000000000102"


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock, fake: FakeDiscord) -> AsyncIterator[World]:
    """The approver dave's identities name a Discord id that is another app's bot."""
    config = with_discord_on_kolkatas_clock(world_module.CONFIG, fake)
    before = "identities: {{slack: {dave}}}"
    assert before in config, before
    config = config.replace(before, f'identities: {{{{slack: {{dave}}, discord: "{APPROVER}"}}}}')
    approvals = "approvals: {{workspace: slack, id: {app}}}"
    assert approvals in config
    config = config.replace(
        approvals, f'approvals: {{{{workspace: discord, id: "{fake.channel_id}"}}}}')
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED) as w:
            yield w


async def test_another_bots_check_mark_on_a_drafts_card_never_publishes_it(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    app = world.a
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    assert "A-1" in await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry! On it.")
    await app.outbox.drain()  # the card, to the local Discord
    ref = await app.store.message_ref("A-1", "discord", fake.channel_id)
    assert ref is not None

    def person_of(workspace: str, user: str) -> str | None:
        person = app.directory.person_for(workspace, user)
        return person.id if person else None

    client = discord_bot(ws_config, handler=app.dispatcher, identity=person_of,
                         marks=app.store, clock=app.clock, guild_ready_timeout=0.05)
    task = asyncio.create_task(client.start(ws_config.token))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 5)
        await world.until(lambda: client.gap_reads >= 1, "the pending cards read back")
        skipped, handled = client.skipped, client.reactions_handled
        await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
            REACTION, user_id=APPROVER, message_id=ref.message_id, emoji=CHECK, bot=True))
        await world.until(lambda: client.skipped > skipped
                          or client.reactions_handled > handled, "the bot's ✅ decided")
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)
    await app.outbox.drain()
    approval = await app.store.get_approval("A-1")
    assert approval is not None and approval.status == "pending", approval
    assert world.statuses == [], world.statuses
    assert not await app.store.is_seen(
        f"replay:discord-reaction-acted:{ref.message_id}:{APPROVER}:approve")
