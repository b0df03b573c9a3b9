"""Discord's documented behaviours the fake now enforces: a card's history thread is opened once
and reused through the outbox, ``allowed_mentions`` lists hold at most 100 ids, and the gateway
URL comes from the config like the API base."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import aiohttp
import discord.gateway
import pytest
import yarl

from bot.core.cards import Card, Interaction, Reply
from bot.core.commands import help_text
from bot.core.config import DiscordWorkspaceConfig
from bot.core.forms import FORMS
from bot.core.ports import Store
from bot.core.verbs import VERBS
from bot.engine.outbox import Outbox
from handlers.drafts import FILTERS
from integrations.discord.bot import SocialopsBot
from integrations.discord.inbound import form_payload, modal_payload
from integrations.discord.workspace import DiscordWorkspace
from tests.support.fake_discord import FakeDiscord, command_errors, modal_errors


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
    assert command_errors([command]) == {}  # what the local Discord refuses, it does not
    groups = command["options"]
    assert all(g["type"] == 2 for g in groups)
    # room to grow: a section may double before it reaches a limit
    assert len(groups) <= 12 and max(len(g["options"]) for g in groups) <= 12
    assert sum(len(g["options"]) for g in groups) == len([v for v in VERBS.values() if v.discord])


def _size(node: dict[str, Any]) -> int:
    """Discord's count towards a command's 4,000 characters: names, descriptions, choices."""
    choices = node.get("choices") or []
    return (len(node["name"]) + len(node["description"])
            + sum(len(c["name"]) + len(str(c["value"])) for c in choices)
            + sum(_size(o) for o in node.get("options") or []))


def test_the_pages_show_the_command_as_registered(ws_config: DiscordWorkspaceConfig) -> None:
    """docs/workflows.md's listing of `/socialops` "as registered" and its count of the 4,000
    characters are the payload discord.py's tree registers, and docs/discord.md names every
    verb under its section: `oncall` was registered under `people` and shown in neither."""
    repo = Path(__file__).resolve().parents[3]
    bot = SocialopsBot(ws_config, handler=Nobody(), sync_commands=False)
    (command,) = [c.to_dict(bot.tree) for c in bot.tree._get_all_commands(guild=bot.guild)]

    def shown(sub: dict[str, Any]) -> str:
        return " ".join([sub["name"], *(
            o["name"] + ("" if o.get("required") else "?") + ("*" if o.get("autocomplete")
                                                              else "")
            for o in sub.get("options") or [])])

    registered = [f"/socialops {g['name']}: " + ", ".join(shown(s) for s in g["options"])
                  for g in command["options"]]
    workflows = (repo / "docs" / "workflows.md").read_text(encoding="utf-8")
    listing = re.search(r"as registered:\n\n```\n(.*?)```", workflows, re.S)
    assert listing, "the pattern is stale"
    assert listing.group(1).splitlines() == registered
    used = re.search(r"the command uses\s+([\d,]+) of them, (\d+) left", workflows)
    assert used, "the pattern is stale"
    size = _size(command)
    assert (int(used.group(1).replace(",", "")), int(used.group(2))) == (size, 4_000 - size)
    discord = " ".join((repo / "docs" / "discord.md").read_text(encoding="utf-8").split())
    for group in command["options"]:
        at = discord.index(f"`/socialops {group['name']}`")
        end = discord.find("`/socialops ", at + 1)
        words = set(re.findall(r"[a-z]+", discord[at:end if end > 0 else None]))
        assert [s["name"] for s in group["options"] if s["name"] not in words] == [], group["name"]


def test_drafts_names_every_filter_and_the_command_leaves_room(
        ws_config: DiscordWorkspaceConfig) -> None:
    """`drafts`'s usage, which is `help`'s line and Discord's description of the subcommand,
    left out `approved` and `failed`: the command's 4,000 characters were spent (3,996).
    Shorter option descriptions made room, and 100 were kept for the verbs to come; `reply`'s
    and `draft`'s `at` option (the typed `at=`) spent 76 of them, and 40 are kept."""
    bot = SocialopsBot(ws_config, handler=Nobody(), sync_commands=False)
    (command,) = [c.to_dict(bot.tree) for c in bot.tree._get_all_commands(guild=bot.guild)]
    (drafts,) = [s for g in command["options"] for s in g["options"] if s["name"] == "drafts"]
    said = re.findall(r"[a-z]+", drafts["description"])
    assert [f for f in FILTERS if f not in said] == [], drafts["description"]
    (line,) = [line for line in help_text().splitlines() if line.split()[:1] == ["drafts"]]
    assert [f for f in FILTERS if f not in re.findall(r"[a-z]+", line)] == [], line
    assert 4_000 - _size(command) >= 40, _size(command)


async def test_the_local_discord_refuses_modals_and_commands_past_discords_limits(
        fake: FakeDiscord) -> None:
    """A modal's title 45, custom_id 100, a text input's label 45, placeholder 100, value
    4,000 (interactions/receiving-and-responding, Modal; components/reference, Text Input);
    a command's name 1-32 lowercase, description 1-100, 25 options, 4,000 characters in all
    (interactions/application-commands): past any, 400 code 50035 and nothing kept."""
    def modal(**over: Any) -> dict[str, Any]:
        text_input = {"type": 4, "custom_id": "comment", "style": 2, "label": "Why?",
                      **{k: v for k, v in over.items() if k != "title"}}
        return {"type": 9, "data": {"custom_id": "socialops-reject:A-1",
                                    "title": over.get("title", "Reject A-1"),
                                    "components": [{"type": 1, "components": [text_input]}]}}

    def command(**over: Any) -> list[dict[str, Any]]:
        return [{"name": "socialops", "description": "socialops", "type": 1, **over}]

    def option(name: str, description: str = "d") -> dict[str, Any]:
        return {"type": 3, "name": name, "description": description}

    async with aiohttp.ClientSession() as http:
        async def status(method: str, path: str, body: Any) -> int:
            async with http.request(method, fake.api_url + path, json=body) as resp:
                if resp.status == 400:
                    assert (await resp.json())["code"] == 50035
                return resp.status

        callback = "/interactions/1000000000000000077/token/callback"
        assert await status("POST", callback, modal(placeholder="p" * 100,
                                                    value="v" * 4_000)) == 204
        for over in ({"title": "t" * 46}, {"label": "l" * 46}, {"placeholder": "p" * 101},
                     {"value": "v" * 4_001}, {"custom_id": "c" * 101}, {"max_length": 4_001}):
            assert await status("POST", callback, modal(**over)) == 400, over
        commands = f"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"
        assert await status("PUT", commands, command(options=[option("o")] * 25)) == 200
        for bad in (command(name="s" * 33), command(name="Socialops"),
                    command(description="d" * 101), command(description=""),
                    command(options=[option("o")] * 26),
                    command(options=[option(f"o{n}", "d" * 100) for n in range(25)]
                            + [{"type": 1, "name": "x", "description": "d" * 100}]),
                    command(options=[{"type": 1, "name": "x", "description": "d" * 100,
                                      "options": [option(f"o{n}", "d" * 99)
                                                  for n in range(25)]}] * 2)):
            assert await status("PUT", commands, bad) == 400, bad
    assert len(fake.commands) == 1 and len(fake.commands[0]["options"]) == 25


def test_every_modal_of_ours_fits_discords_limits() -> None:
    """Every form (reply, draft, subscribe) filled with more than any field takes, and the
    reject modal of the longest approval id a reject button carries, as both transports send
    them (the gateway bot builds its discord.py modal from the same payload)."""
    for verb, fields in FORMS.items():
        full = {f.arg: "x" * 10_000 for f in fields}
        assert modal_errors(form_payload(verb, full)) == {}, verb
        assert modal_errors(form_payload(verb)) == {}, verb
    assert modal_errors(modal_payload("A-" + "9" * 18)) == {}
    longest = "x" * (100 - len("socialops:reject:"))  # what a reject button's id holds
    assert modal_errors(modal_payload(longest)) == {}
    with pytest.raises(ValueError):
        modal_payload(longest + "x")


async def test_the_command_tree_registers_with_the_local_discord(
        fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        caplog: pytest.LogCaptureFixture) -> None:
    """The tree as discord.py registers it at start (a bulk overwrite of the guild's
    commands) is taken whole: past a limit Discord refuses every command, and /socialops is
    gone from the server until a release fits again."""
    bot = SocialopsBot(ws_config, handler=Nobody(), sync_commands=False)
    try:
        await bot.login(ws_config.token)
        await bot.sync_commands()
    finally:
        await bot.close()
    [put] = [c for c in fake.calls if c.method == "PUT" and c.path.endswith("/commands")]
    assert put.status == 200 and "registering /socialops failed" not in caplog.text
    assert [c["name"] for c in fake.commands] == ["socialops"]
