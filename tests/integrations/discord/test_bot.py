"""The gateway bot against the local fake: a real discord.py client logs in, identifies with
our intents, registers /socialops, and handles pushed INTERACTION_CREATE and
MESSAGE_REACTION_ADD frames, acknowledging before the handler runs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import discord
import pytest

from bot.core.cards import Button, Card, Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot, intents
from integrations.discord.workspace import DiscordWorkspace
from tests.integrations.discord.reader import unescape
from tests.support.fake_discord import FakeDiscord

ALICE = "1000000000000000100"
STRANGER = "1000000000000000666"


class Recorder:
    """Records interactions and what the fake had seen when each arrived."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.seen: list[Interaction] = []
        self.acked_before: list[bool] = []
        self.changed = asyncio.Condition()

    async def wait(self, count: int) -> None:
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(lambda: len(self.seen) >= count), 5)

    async def handle(self, interaction: Interaction) -> Reply:
        self.acked_before.append(any("/callback" in c.path for c in self.fake.calls))
        async with self.changed:
            self.seen.append(interaction)
            self.changed.notify_all()
        return Reply(text=f"{interaction.action} {interaction.target} done <@&1> @everyone")


def identity(workspace: str, user: str) -> str | None:
    return "alice" if user == ALICE else None


BotFactory = Callable[[], SocialopsBot]


@pytest.fixture
def recorder(fake: FakeDiscord) -> Recorder:
    return Recorder(fake)


@pytest.fixture
async def start(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
                recorder: Recorder) -> AsyncIterator[Callable[[], Any]]:
    bots: list[tuple[SocialopsBot, asyncio.Task[None]]] = []

    async def run() -> SocialopsBot:
        fake.connected.clear()
        bot = SocialopsBot(ws_config, handler=recorder, identity=identity,
                           guild_ready_timeout=0.05)
        task = asyncio.create_task(bot.start(ws_config.token))
        bots.append((bot, task))
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        return bot

    yield run
    for bot, task in bots:
        await bot.close()
        await asyncio.wait_for(task, 5)


def card_message(fake: FakeDiscord, message_id: str) -> dict[str, Any]:
    return fake.messages[message_id]


TICKET_BUTTONS = (Button(action="claim", label="Claim", target="T-12"),
                  Button(action="resolve", label="Resolve", target="T-12"))


async def post_card(fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
                    bot: SocialopsBot | None = None, *,
                    buttons: tuple[Button, ...] = TICKET_BUTTONS) -> str:
    ws = DiscordWorkspace(ws_config, client=bot)
    key = buttons[0].target
    ref = await ws.post(fake.channel_id, Card(
        kind="ticket", key=key, title="t", text="x", buttons=buttons))
    if bot is None:
        await ws.close()
    return ref.message_id


async def click(fake: FakeDiscord, message_id: str, custom_id: str,
                user: str = ALICE) -> None:
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        3, {"custom_id": custom_id, "component_type": 2}, user_id=user,
        message=card_message(fake, message_id)))


async def test_identifies_with_only_the_intents_we_need(start: Any, fake: FakeDiscord) -> None:
    await start()
    assert fake.identify is not None
    got = discord.Intents._from_value(fake.identify["intents"])
    assert got == intents()
    assert got.guilds and got.guild_reactions
    assert not got.message_content and not got.members and not got.guild_messages


async def test_registers_socialops_in_the_guild(start: Any, fake: FakeDiscord) -> None:
    await start()
    call = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    [command] = call.body
    verbs = {o["name"] for o in command["options"]}
    assert {"subscribe", "unsubscribe", "list", "mute", "explain", "status", "help", "claim",
            "resolve", "reopen", "snooze", "reply", "draft", "approve", "reject"} <= verbs


async def test_button_click_is_deferred_then_answered_ephemerally(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    await start()
    mid = await post_card(fake, ws_config)
    await click(fake, mid, "socialops:claim:T-12")
    follow = await fake.wait_for("POST", f"/webhooks/{fake.application_id}/")
    ack = await fake.wait_for("POST", "/callback")
    assert ack.body["type"] == 5 and ack.body["data"]["flags"] & 64
    assert recorder.acked_before == [True]
    [i] = recorder.seen
    assert (i.via, i.action, i.target, i.user, i.channel) == (
        "button", "claim", "T-12", ALICE, fake.channel_id)
    assert i.message is not None and i.message.message_id == mid
    assert follow.body["allowed_mentions"] == {"parse": []}
    # replies are markdown-escaped: what Discord shows is the text as written
    assert unescape(follow.body["content"])[0].startswith("claim T-12 done")
    assert fake.calls.index(ack) < fake.calls.index(follow)


async def test_buttons_still_work_after_a_restart(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    first = await start()
    mid = await post_card(fake, ws_config, first)
    await first.close()
    await start()  # a new process: nothing in memory about the card
    await click(fake, mid, "socialops:resolve:T-12")
    await fake.wait_for("POST", "/webhooks/")
    assert [(i.action, i.target) for i in recorder.seen] == [("resolve", "T-12")]


async def test_reject_opens_a_modal_and_the_comment_comes_back(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    await start()
    mid = await post_card(fake, ws_config, buttons=(
        Button(action="approve", label="Approve", target="A-3"),
        Button(action="reject", label="Reject", target="A-3", style="danger")))
    await click(fake, mid, "socialops:reject:A-3")
    modal = await fake.wait_for("POST", "/callback")
    assert modal.body["type"] == 9
    assert modal.body["data"]["custom_id"] == "socialops-modal:reject:A-3"
    assert recorder.seen == []
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(5, {
        "custom_id": "socialops-modal:reject:A-3",
        "components": [{"type": 1, "components": [
            {"type": 4, "custom_id": "comment", "value": "tone is off\u202e"}]}],
    }, user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.via, i.action, i.target, i.comment) == ("modal", "reject", "A-3", "tone is off")


def slash(verb: str, **options: object) -> dict[str, Any]:
    return {"id": "771825006014889984", "name": "socialops", "type": 1, "options": [
        {"type": 1, "name": verb,
         "options": [{"type": 3, "name": k, "value": v} for k, v in options.items()]}]}


async def test_slash_command_goes_through_the_shared_parser(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("subscribe", query='"new york" outage', digest="hourly", lang="en,pl"),
        user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.via, i.action, i.args, i.options) == (
        "command", "subscribe", ('"new york" outage',), {"digest": "hourly", "lang": "en,pl"})
    assert recorder.acked_before == [True]


async def test_bad_command_gets_usage_and_never_reaches_the_handler(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("claim", ticket="not an id"), user_id=ALICE))
    follow = await fake.wait_for("POST", "/webhooks/")
    assert "usage: claim <ticket id>" in unescape(follow.body["content"])[0]
    assert recorder.seen == []


async def test_unlinked_person_gets_a_clear_ephemeral_answer(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    await start()
    mid = await post_card(fake, ws_config)
    await click(fake, mid, "socialops:claim:T-12", user=STRANGER)
    follow = await fake.wait_for("POST", "/webhooks/")
    assert "not linked" in follow.body["content"] and STRANGER in follow.body["content"]
    assert follow.body["flags"] & 64
    assert recorder.seen == []


async def test_reaction_shortcut_runs_once_and_ignores_noise(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    bot = await start()
    mid = await post_card(fake, ws_config, bot)
    fixture = "gateway_MESSAGE_REACTION_ADD_unicode_emoji_guild_d.json"
    # The bot's own reaction, an unmapped custom emoji: both ignored.
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        fixture, user_id=fake.bot_id, message_id=mid, emoji={"name": "👀", "id": None}))
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        "gateway_MESSAGE_REACTION_ADD_custom_emoji_d.json", user_id=ALICE, message_id=mid))
    eyes = fake.reaction(fixture, user_id=ALICE, message_id=mid,
                         emoji={"name": "👀", "id": None})
    await fake.dispatch("MESSAGE_REACTION_ADD", eyes)
    await fake.dispatch("MESSAGE_REACTION_ADD", eyes)  # a replay after a resume
    check = fake.reaction(fixture, user_id=ALICE, message_id=mid,
                          emoji={"name": "✅", "id": None})
    await fake.dispatch("MESSAGE_REACTION_ADD", check)
    # A last reaction as a marker: events are handled in order and the duplicate check runs
    # before any await, so once the marker is handled every earlier decision has been made.
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        fixture, user_id=ALICE, message_id=mid, emoji={"name": "❌", "id": None}))
    await recorder.wait(3)
    assert sorted((i.via, i.action, i.target, i.user) for i in recorder.seen) == [
        ("reaction", "claim", "T-12", ALICE), ("reaction", "reject", "T-12", ALICE),
        ("reaction", "resolve", "T-12", ALICE)]
    assert all(i.message and i.message.message_id == mid for i in recorder.seen)


HASH = "9f" * 32  # the content sha256 of the version a card shows
APPROVAL_BUTTONS = (
    Button(action="approve", label="Approve", target="A-3", style="primary", version=HASH),
    Button(action="reject", label="Reject", target="A-3", style="danger"))


async def test_approve_button_and_reaction_carry_the_version_they_show(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    bot = await start()
    mid = await post_card(fake, ws_config, bot, buttons=APPROVAL_BUTTONS)
    shown = [c["custom_id"] for row in fake.messages[mid]["components"]
             for c in row["components"]]
    assert shown[0] == f"socialops:approve:A-3#{HASH}" and len(shown[0]) <= 100
    await click(fake, mid, shown[0])
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        "gateway_MESSAGE_REACTION_ADD_unicode_emoji_guild_d.json", user_id=ALICE,
        message_id=mid, emoji={"name": "👍", "id": None}))
    await recorder.wait(2)
    assert sorted((i.via, i.action, i.target, i.options["sha256"]) for i in recorder.seen) == [
        ("button", "approve", "A-3", HASH), ("reaction", "approve", "A-3", HASH)]
