"""Discord's documented behaviours the fake now enforces: a card's history thread is opened once
and reused through the outbox, ``allowed_mentions`` lists hold at most 100 ids, and the gateway
URL comes from the config like the API base."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import discord.gateway
import pytest
import yarl

from bot.core.cards import Card, Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from bot.core.verbs import VERBS
from bot.engine.outbox import Outbox
from integrations.discord.bot import SocialopsBot
from integrations.discord.workspace import DiscordWorkspace
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store  # SQLite only: the store contract suite covers Redis


def ticket(status: str, note: str | None = None) -> Card:
    return Card(kind="ticket", key="T-7", title="Refund", text="x", status=status,
                thread_note=note)


async def test_the_thread_an_update_opened_is_reused_by_later_updates(
        fake: FakeDiscord, store: Store, outbox: Outbox) -> None:
    await outbox.send(key="T-7@c", workspace="discord", channel=fake.channel_id,
                      card=ticket("open"))
    for n, (status, note) in enumerate([("claimed", "claimed by ana"),
                                        ("resolved", "resolved by ana"),
                                        ("reopened", "reopened by bo")], 1):
        await outbox.drain()
        await outbox.send(key=f"T-7@c#{n}", workspace="discord", channel=fake.channel_id,
                          card=ticket(status, note), update=True)
    await outbox.drain()
    starts = [c for c in fake.calls if c.path.endswith("/threads")]
    assert len(starts) == 1 and starts[0].status == 201  # opened once, never refused again
    assert [c.status for c in fake.calls if c.status >= 400] == []
    [thread] = fake.threads
    assert [m["content"] for m in fake.in_channel(thread)] == [
        "claimed by ana", "resolved by ana", "reopened by bo"]
    ref = await store.message_ref("T-7", "discord", fake.channel_id)
    assert ref is not None and ref.thread_id == thread


async def test_allowed_mentions_never_name_more_than_100_users_or_roles(
        fake: FakeDiscord, ws_config: DiscordWorkspaceConfig) -> None:
    users = tuple(str(1_200_000_000_000_000_000 + n) for n in range(150))
    roles = tuple(str(1_300_000_000_000_000_000 + n) for n in range(120))
    ws = DiscordWorkspace(ws_config)
    try:
        ref = await ws.post(fake.channel_id, Card(kind="alert", key="A-1", title="Outage",
                                                  mention_users=users, mention_groups=roles))
        await ws.update(ref, Card(kind="alert", key="A-1", title="Outage", status="resolved",
                                  mention_users=users, mention_groups=roles))
    finally:
        await ws.close()
    sent = fake.allowed_mentions[ref.message_id]
    assert sent["parse"] == []
    assert 0 < len(sent["users"]) <= 100 and len(sent["roles"]) <= 100
    content = fake.messages[ref.message_id]["content"]
    assert len(content) <= 2_000
    pinged = len(sent["users"]) + len(sent["roles"])
    assert content.endswith(f" +{270 - pinged} more")
    # exactly who is pinged is who is allowed to be
    assert content.count("<@&") == len(sent["roles"])
    assert content.count("<@") - content.count("<@&") == len(sent["users"])


class Nobody:
    async def handle(self, interaction: Interaction) -> Reply:
        return Reply(text="ok")


async def test_the_gateway_url_comes_from_the_config(
        fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # undo the fake's own pointer: only the config may lead the bot to the fake gateway
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL("wss://gateway.discord.gg/"))
    assert DiscordWorkspaceConfig(type="discord", name="d", token="t").gateway_url == \
        "wss://gateway.discord.gg/"
    bot = SocialopsBot(ws_config, handler=Nobody(), sync_commands=False,
                       guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(ws_config.token))
    try:
        await asyncio.wait_for(fake.connected.wait(), 5)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
    assert fake.identify is not None


def test_the_application_command_stays_within_discord_option_limits(
        ws_config: DiscordWorkspaceConfig) -> None:
    """Discord takes at most 25 subcommands or groups per command, 25 subcommands per group
    and 25 options per subcommand, names of 1-32 lowercase characters, descriptions of 1-100,
    25 choices per option, and 4,000 characters of names, descriptions and choice values in
    all (discord-api-docs interactions/application-commands); past any of them it refuses the
    whole command, so every verb added must fit. Checked on the payload discord.py's tree
    registers, with room to grow."""
    bot = SocialopsBot(ws_config, handler=Nobody(), sync_commands=False)
    (command,) = [c.to_dict(bot.tree) for c in bot.tree._get_all_commands(guild=bot.guild)]
    name = re.compile(r"^[-_a-z0-9]{1,32}$")

    def check(node: dict[str, Any]) -> int:
        assert name.match(node["name"]), node["name"]
        assert 1 <= len(node["description"]) <= 100
        options = node.get("options") or []
        assert len(options) <= 25
        choices = node.get("choices") or []
        assert len(choices) <= 25 and not (choices and node.get("autocomplete"))
        size = len(node["name"]) + len(node["description"]) + sum(
            len(c["name"]) + len(str(c["value"])) for c in choices)
        return size + sum(check(o) for o in options)

    assert check(command) <= 4_000
    groups = command["options"]
    assert all(g["type"] == 2 for g in groups)
    # room to grow: a section may double before it reaches a limit
    assert len(groups) <= 12 and max(len(g["options"]) for g in groups) <= 12
    assert sum(len(g["options"]) for g in groups) == len(VERBS)
