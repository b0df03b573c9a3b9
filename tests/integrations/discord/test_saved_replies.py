"""Saved replies from Discord: `/socialops tickets reply` with `:refund` as its text, through
discord.py against the local Discord into a running socialops (its dispatcher, store and
approval flow, tests/e2e/world.py), drafts the template filled for the ticket; `/socialops
approvals replies` lists them. Where Discord shows the draft (its approval card), a hostile
author's handle is text: no ping, no markdown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from handlers.cards import approval_card
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.e2e.world import ALICE as ALICE_ON_SLACK
from tests.e2e.world import APPROVALS, DAVE, UNPACED, World, running_world
from tests.integrations.discord.asking import answer_body, running_bot
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE
from tests.support.fake_discord import FakeDiscord

SAVED = """replies:
  refund: "Hi @{author}, sorry about {ticket}: your refund is on its way. {agent}"
"""
HANDLE = "@everyone **boss** <@&1> {agent}"


class AsAlice:
    """The world's dispatcher, with the Discord user ALICE as alice (the world's people have
    Slack identities only)."""

    def __init__(self, world: World) -> None:
        self.world = world

    async def handle(self, i: Interaction) -> Reply:
        if i.user == ALICE:
            i = i.model_copy(update={"workspace": "slack", "user": ALICE_ON_SLACK})
        return await self.world.a.dispatcher.handle(i)


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED + SAVED) as w:
        yield w


@pytest.fixture
async def ask(world: World, ws_config: DiscordWorkspaceConfig,
              fake: FakeDiscord) -> AsyncIterator[Any]:
    async def asked(verb: str, **options: object) -> str:
        body = await answer_body(fake, ALICE, verb, **options)
        view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
        assert view.pings == frozenset() and body["flags"] & 64
        return view.text

    async with running_bot(ws_config, AsAlice(world)):
        yield asked


async def test_a_saved_reply_from_discord_is_drafted_filled_and_published_once(
        world: World, ask: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig) -> None:
    await world.mention("@acme my refund never came", n=1, handle=HANDLE)
    assert await ask("replies") == (
        "1 saved reply (reply T-3 :name drafts one for approval):\n:refund — Hi @{author}, "
        "sorry about {ticket}: your refund is on its way. {agent}")
    assert await ask("reply", ticket="T-1", text=":refund") == (
        "A-1 drafted from :refund as a reply to T-1; waiting for approval")
    assert await ask("reply", ticket="T-1", text=":nope") == (
        "no saved reply :nope (saved replies: :refund; the replies command lists them)")
    (approval,) = await world.a.store.list_approvals()
    # no Mastodon handle: its letters only went in, addressing nobody ({author} brings no @)
    filled = "Hi everyone boss 1 agent, sorry about T-1: your refund is on its way. alice"
    assert approval.text == filled

    # the approval card as Discord shows it: the handle is text, pinging and styling nothing
    ws = DiscordWorkspace(ws_config)
    try:
        ref = await ws.post(fake.channel_id, approval_card(approval))
    finally:
        await ws.close()
    shown = discord_view(fake.messages[ref.message_id],
                         allowed_mentions=fake.allowed_mentions[ref.message_id])
    assert filled in shown.text
    assert shown.pings == frozenset()
    assert "bold" not in shown.styles

    # the approval flow is the one every draft takes: one approval publishes it once
    await world.a.outbox.drain()
    (card,) = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    await asyncio.gather(*(world.click(DAVE, "approve", "A-1", channel=APPROVALS,
                                       message_ts=str(card["ts"])) for _ in range(2)))
    for _ in range(500):
        if [s["form"]["status"] for s in world.statuses] == [filled]:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)  # a late second click publishes nothing more
    assert [s["form"]["status"] for s in world.statuses] == [filled]


async def test_a_reply_too_long_for_the_instance_is_refused_in_one_line(
        world: World, ask: Any) -> None:
    """As on Slack: the instance states 600 (``GET /api/v2/instance``), a reply of 614 (a link
    counts 23) is refused when written, saying by how much; nothing is drafted."""
    world.masto.json("GET", "/api/v2/instance", {"configuration": {"statuses": {
        "max_characters": 600, "characters_reserved_per_url": 23}}})
    await world.mention("@acme my refund never came", n=1, handle="kasia")
    assert await ask("reply", ticket="T-1", text="x" * 590 + " https://acme.com/"
                     + "a" * 300) == (
        f"Mastodon posts on {world.masto.base.removeprefix('http://')} are at most 600 "
        "characters (a link counts as 23); this one has 614 (14 over); shorten it (nothing was "
        "drafted)")
    assert await world.a.store.list_approvals() == []
    assert await ask("reply", ticket="T-1", text="y" * 599) == (
        "A-1 drafted as a reply to T-1; waiting for approval")
