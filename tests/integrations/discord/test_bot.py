"""The gateway bot against the local fake: a real discord.py client logs in, identifies with
our intents, registers /socialops, and handles pushed INTERACTION_CREATE and
MESSAGE_REACTION_ADD frames, acknowledging before the handler runs."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import discord
import pytest

from bot.core.cards import Button, Card, Interaction, Reply
from bot.core.commands import CommandError, parse_command
from bot.core.config import DiscordWorkspaceConfig
from bot.core.models import Approval, ChannelRef, Subscription, Ticket
from bot.core.ports import Store
from bot.core.verbs import VERBS
from bot.engine.effects import Applier
from handlers.approvals import content_hash
from handlers.audit import Audit
from handlers.completions import IdCompletions
from handlers.subscriptions import SubscriptionService
from integrations.discord.bot import SocialopsBot, intents
from integrations.discord.commands import section_name, to_line
from integrations.discord.workspace import DiscordWorkspace
from rules import canonical_query, validate_query
from tests.conftest import FakeClock
from tests.integrations.discord.reader import unescape
from tests.support.fake_discord import FakeDiscord
from tests.support.stores import create

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
def store(sqlite_store: Store) -> Store:
    return sqlite_store  # SQLite only: the store contract suite covers Redis


@pytest.fixture
async def start(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
                recorder: Recorder) -> AsyncIterator[Callable[[], Any]]:
    bots: list[tuple[SocialopsBot, asyncio.Task[None]]] = []

    async def run() -> SocialopsBot:
        fake.connected.clear()
        bot = SocialopsBot(ws_config, handler=recorder, identity=identity,
                           guild_ready_timeout=0.05, completions=IdCompletions(store))
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


async def test_kicked_and_invited_again_registers_the_command_again(
        start: Any, fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    """Discord drops an app's guild commands when the bot is removed from the server; invited
    again, /socialops was gone until the bot was restarted, and the removal itself was not
    logged. Now removal is one WARNING line with the fix, and the return registers it again."""
    await start()
    await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    fake.commands = []
    with caplog.at_level("INFO", logger="integrations.discord.bot"):
        await fake.dispatch("GUILD_DELETE", {"id": fake.guild_id})
        for _ in range(200):
            if any(r.levelname == "WARNING" for r in caplog.records):
                break
            await asyncio.sleep(0.01)
        # a join's GUILD_CREATE has no "unavailable" (a server coming back online has false)
        joined = {k: v for k, v in fake._guild().items() if k != "unavailable"}
        await fake.dispatch("GUILD_CREATE", joined)
        await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands", count=2)
    assert [c["name"] for c in fake.commands] == ["socialops"]
    [removed] = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert removed == (f"discord discord: the bot was removed from server {fake.guild_id} "
                       "(socialops test); cards there fail and /socialops is gone until it is "
                       "invited again (socialops discord invite)")
    assert (f"discord discord: back in server {fake.guild_id}; /socialops registered there "
            "again") in caplog.messages


async def test_a_server_outage_is_neither_a_removal_nor_a_join(
        start: Any, fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    """GUILD_DELETE with unavailable true is an outage (Discord keeps the bot in the server
    and its commands), and the GUILD_CREATE that ends it has unavailable false: no warning
    about a removal, and the command is not registered again (a flapping server spends none
    of the 200 command creates a day). Then a real removal and join still register it once."""
    await start()
    await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    with caplog.at_level("INFO", logger="integrations.discord.bot"):
        for _ in range(3):
            await fake.dispatch("GUILD_DELETE", {"id": fake.guild_id, "unavailable": True})
            await fake.dispatch("GUILD_CREATE", {**fake._guild(), "unavailable": False})
        await fake.dispatch("GUILD_DELETE", {"id": fake.guild_id})
        await fake.dispatch("GUILD_CREATE", {k: v for k, v in fake._guild().items()
                                             if k != "unavailable"})
        await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands", count=2)
        await asyncio.sleep(0.1)
    puts = [c for c in fake.calls if c.method == "PUT"]
    assert len(puts) == 2, puts
    assert len([r for r in caplog.records if r.levelname == "WARNING"]) == 1


async def test_a_new_session_registers_the_command_again(start: Any,
                                                      fake: FakeDiscord) -> None:
    """Removed and invited again while the gateway was away (the session invalidated, so the
    bot identified anew), the bot saw no GUILD_DELETE nor a join: its server is simply in the
    new READY, and /socialops, which Discord dropped with the removal, stayed gone until a
    restart. Each new session after the first registers the tree again (the same command
    overwritten in place is no command created, so none of the 200 a day is spent)."""
    await start()
    await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    fake.commands = []  # dropped by Discord while the bot was away
    for ws in list(fake._sockets):
        await ws.send_json({"op": 9, "d": False})  # Invalid Session: identify anew
    await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands", count=2, timeout=15)
    assert [c["name"] for c in fake.commands] == ["socialops"]


async def test_registers_the_command_tree_in_the_guild(start: Any, fake: FakeDiscord) -> None:
    bot = await start()
    call = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    [command] = call.body
    # what reached Discord is the tree discord.py built, and every verb is in it once, under
    # its help section
    assert call.body == [c.to_dict(bot.tree)
                         for c in bot.tree._get_all_commands(guild=bot.guild)]
    where = {(g["name"], o["name"]) for g in command["options"] for o in g["options"]}
    assert where == {(section_name(v.group), v.name) for v in VERBS.values() if v.discord}
    assert all(g["type"] == 2 for g in command["options"])


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
    assert modal.body["data"]["custom_id"] == "socialops-reject:A-3"
    assert recorder.seen == []
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(5, {
        "custom_id": "socialops-reject:A-3",
        "components": [{"type": 1, "components": [
            {"type": 4, "custom_id": "comment", "value": "tone is off\u202e"}]}],
    }, user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.via, i.action, i.target, i.comment) == ("modal", "reject", "A-3", "tone is off")


async def submit_reject(fake: FakeDiscord, cid: str, comment: str) -> None:
    """The reject modal ``cid`` submitted by Alice with ``comment``."""
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(5, {
        "custom_id": cid, "components": [{"type": 1, "components": [
            {"type": 4, "custom_id": "comment", "value": comment}]}],
    }, user_id=ALICE))


async def test_the_reject_modal_carries_the_text_its_card_showed(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    """The Reject button carries the card's version (its sha256, as Approve's does), and its
    modal keeps it to the submission: a comment submitted after an edit rejects nothing
    (tests/e2e/test_reject_after_edit.py, the handler's side)."""
    await start()
    mid = await post_card(fake, ws_config, buttons=(
        Button(action="reject", label="Reject", target="A-3", style="danger", version=HASH),))
    [button] = [c["custom_id"] for row in fake.messages[mid]["components"]
                for c in row["components"]]
    assert button.startswith("socialops:reject:A-3#") and len(button) <= 100
    await click(fake, mid, button)
    modal = await fake.wait_for("POST", "/callback")
    cid = modal.body["data"]["custom_id"]
    assert cid.startswith("socialops-reject:A-3#") and modal.body["data"]["title"] == "Reject A-3"
    await submit_reject(fake, cid, "tone is off")
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.action, i.target, i.comment) == ("reject", "A-3", "tone is off")
    assert HASH.startswith(i.options["sha256"])


@pytest.mark.parametrize("length", [78, 83])
async def test_the_reject_modal_of_a_target_as_long_as_a_button_carries_opens(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, length: int) -> None:
    """A reject button's custom_id holds a target of up to 83 characters (100 in all); its
    modal's id was 'socialops-modal:reject:' + the target, 101 characters and more from a
    target of 78, and the local Discord refused it (400, 50035) as Discord does: the button
    did nothing. The modal's id is now as long as the button's."""
    await start()
    target = "mastodon:" + "1" * (length - len("mastodon:"))
    button = f"socialops:reject:{target}"
    mid = await post_card(fake, ws_config, buttons=(
        Button(action="reject", label="Reject", target=target, style="danger"),))
    assert len(button) <= 100
    await click(fake, mid, button)
    modal = await fake.wait_for("POST", "/callback")
    assert modal.status == 200, modal.body["data"]["custom_id"]  # 400: refused
    cid = modal.body["data"]["custom_id"]
    assert len(cid) <= len(button)
    await submit_reject(fake, cid, "tone is off")
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.action, i.target, i.comment) == ("reject", target, "tone is off")


async def test_a_reject_modal_opened_before_an_upgrade_is_still_taken(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """Opened with the former id ('socialops-modal:reject:A-3'), submitted after a
    restart on this release."""
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(5, {
        "custom_id": "socialops-modal:reject:A-3", "components": [{"type": 1, "components": [
            {"type": 4, "custom_id": "comment", "value": "tone is off"}]}],
    }, user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.action, i.target, i.comment) == ("reject", "A-3", "tone is off")


def slash(verb: str, *, focused: str | None = None, **options: object) -> dict[str, Any]:
    """``/socialops <section> <verb>`` as Discord sends it (a guild command's data names its
    guild); ``focused`` marks the option an autocomplete interaction asks about."""
    given = [{"type": 3, "name": k, "value": v, **({"focused": True} if k == focused else {})}
             for k, v in options.items()]
    return {"id": "771825006014889984", "name": "socialops", "type": 1,
            "guild_id": FakeDiscord.guild_id, "options": [
        {"type": 2, "name": section_name(VERBS[verb].group), "options": [
            {"type": 1, "name": verb, "options": given}]}]}


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


async def registered_options(fake: FakeDiscord, verb: str) -> list[tuple[str, bool]]:
    """The options of ``verb`` in the command tree the bot registered: name, required."""
    call = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    [command] = [o for g in call.body[0]["options"] for o in g["options"] if o["name"] == verb]
    return [(o["name"], o.get("required", False)) for o in command["options"]]


async def test_unclaim_hands_a_ticket_to_someone_from_discord(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """`unclaim T-1 to=bob` worked typed in Slack and the console, but Discord's
    /socialops tickets unclaim had no `to` option: a ticket could only go back to the queue."""
    await start()
    assert await registered_options(fake, "unclaim") == [("ticket", True), ("to", False)]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("unclaim", ticket="T-12", to="bob"), user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.action, i.target, i.options) == ("unclaim", "T-12", {"to": "bob"})


async def test_a_note_on_a_ticket_from_discord_keeps_its_lines(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """/socialops tickets note: the ticket and the text, both required; the text reaches the
    handler as typed, line breaks kept, as `note T-3 <text>` does in Slack and the console."""
    await start()
    assert await registered_options(fake, "note") == [("ticket", True), ("text", True)]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("note", ticket="T-12", text="called back,\nrefund approved"), user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.action, i.target, i.args) == ("note", "T-12", ("called back,\nrefund approved",))


async def test_resolve_from_discord_takes_an_optional_note(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """/socialops tickets resolve: the ticket, and an optional note (PagerDuty's resolution
    note) that reaches the handler as `resolve T-12 <note>` typed would; without it, as
    before."""
    await start()
    assert await registered_options(fake, "resolve") == [("ticket", True), ("note", False)]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("resolve", ticket="T-12", note="fixed in 2.3"), user_id=ALICE))
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("resolve", ticket="T-13"), user_id=ALICE))
    await recorder.wait(2)
    assert [(i.action, i.target, i.args) for i in recorder.seen] == [
        ("resolve", "T-12", ("fixed in 2.3",)), ("resolve", "T-13", ())]


async def test_escalate_from_discord_takes_an_optional_reason(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """/socialops tickets escalate: the ticket, and an optional reason that reaches the
    handler as `escalate T-12 <reason>` typed would, line breaks kept; without it, the ticket
    alone."""
    await start()
    assert await registered_options(fake, "escalate") == [("ticket", True), ("reason", False)]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("escalate", ticket="T-12", reason="VIP,\nthird outage"), user_id=ALICE))
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("escalate", ticket="T-13"), user_id=ALICE))
    await recorder.wait(2)
    assert [(i.action, i.target, i.args) for i in recorder.seen] == [
        ("escalate", "T-12", ("VIP,\nthird outage",)), ("escalate", "T-13", ())]


async def test_priority_from_discord_picks_one_of_six(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """/socialops tickets priority: the ticket and the priority, both required, the priority
    one of p1 to p5 or none to pick; it reaches the handler as `priority T-12 p1` typed would."""
    await start()
    assert await registered_options(fake, "priority") == [("ticket", True), ("priority", True)]
    call = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    [command] = [o for g in call.body[0]["options"] for o in g["options"]
                 if o["name"] == "priority"]
    assert [(c["name"], c["value"]) for c in command["options"][1]["choices"]] == [
        ("p1", "p1"), ("p2", "p2"), ("p3", "p3"), ("p4", "p4"), ("p5", "p5"),
        ("none (take it away)", "none")]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("priority", ticket="T-12", priority="p1"), user_id=ALICE))
    await recorder.wait(1)
    assert [(i.action, i.target, i.args) for i in recorder.seen] == [
        ("priority", "T-12", ("p1",))]


async def test_the_queue_from_discord_offers_none_beside_p1_to_p5(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """/socialops tickets tickets: the priority to pick is p1 to p5 or none (tickets without
    one); it reaches the handler as `tickets open none` typed would."""
    await start()
    call = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    [command] = [o for g in call.body[0]["options"] for o in g["options"]
                 if o["name"] == "tickets"]
    [priority] = [o for o in command["options"] if o["name"] == "priority"]
    assert [(c["name"], c["value"]) for c in priority["choices"]] == [
        ("p1", "p1"), ("p2", "p2"), ("p3", "p3"), ("p4", "p4"), ("p5", "p5"),
        ("none (no priority)", "none")]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("tickets", filter="open", priority="none"), user_id=ALICE))
    await recorder.wait(1)
    assert [(i.action, i.args) for i in recorder.seen] == [("tickets", ("open", "none"))]


async def test_bad_command_gets_usage_and_never_reaches_the_handler(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("claim", ticket="not an id"), user_id=ALICE))
    follow = await fake.wait_for("POST", "/webhooks/")
    assert "usage: claim <ticket id>" in unescape(follow.body["content"])[0]
    assert recorder.seen == []


@pytest.mark.parametrize("blank", ["   ", "\u2028" * 10_000])
async def test_a_blank_optional_option_is_refused_not_dropped(
        start: Any, fake: FakeDiscord, recorder: Recorder, blank: str) -> None:
    """Dropping it ran `subscribe acme` for every language, realtime, without a word."""
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("subscribe", query="acme", lang=blank), user_id=ALICE))
    follow = await fake.wait_for("POST", "/webhooks/")
    lines = unescape(follow.body["content"])[0].splitlines()
    assert lines[0] == "lang is blank: give a value or leave the option out"
    assert lines[1].startswith("usage: subscribe ")
    assert recorder.seen == []


async def test_an_answer_longer_than_a_message_keeps_whole_lines_and_counts_the_rest(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """A `tickets` answer of 20 rows with Discord permalinks is about 3,400 characters once
    escaped. It was cut at 2,000 mid-row with an ellipsis, the rows after it and the "... and
    N more" line gone without a word; now whole lines, then how many were left out."""
    rows = [f"• T-{n} · unclaimed · 10 min old · SLA due 10:00 UTC (in 1 h) · #support · "
            f"https://discord.com/channels/{fake.guild_id}/{fake.channel_id}/1{n:017d}"
            for n in range(1, 21)]
    answer = "\n".join(["20 tickets (open or claimed):", *rows,
                        "… and 4 more (narrow it down: tickets [mine|open|overdue] [p1..p5] "
                        "[team])"])

    async def handle(interaction: Interaction) -> Reply:
        return Reply(text=answer)

    recorder.handle = handle  # type: ignore[method-assign]
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("tickets"), user_id=ALICE))
    follow = await fake.wait_for("POST", "/webhooks/")
    content = follow.body["content"]
    assert len(content) <= 2_000
    lines = unescape(content)[0].splitlines()
    shown = len(lines) - 1
    assert 5 < shown < 22 and lines[:shown] == answer.splitlines()[:shown]
    assert lines[-1] == (f"… and {22 - shown} more lines: the answer is longer than a Discord "
                         "message holds (2,000 characters)")


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
    draft = await post_card(fake, ws_config, bot, buttons=APPROVAL_BUTTONS)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        fixture, user_id=ALICE, message_id=draft, emoji={"name": "👍", "id": None}))
    await recorder.wait(3)
    assert sorted((i.via, i.action, i.target, i.user) for i in recorder.seen) == [
        ("reaction", "approve", "A-3", ALICE), ("reaction", "claim", "T-12", ALICE),
        ("reaction", "resolve", "T-12", ALICE)]
    assert [i.message and i.message.message_id for i in recorder.seen] == [mid, mid, draft]


REACTION = "gateway_MESSAGE_REACTION_ADD_unicode_emoji_guild_d.json"


def raw_reaction(fake: FakeDiscord, message_id: str, emoji: str) -> discord.RawReactionActionEvent:
    """A MESSAGE_REACTION_ADD as discord.py hands it to the bot, for calling the listener
    directly (and so knowing when it is done)."""
    return discord.RawReactionActionEvent(
        fake.reaction(REACTION, user_id=ALICE, message_id=message_id),  # type: ignore[arg-type]
        discord.PartialEmoji(name=emoji), "REACTION_ADD")


async def test_a_reaction_acts_only_through_a_button_the_card_shows(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    """👍 (approve) and ❌ (reject) on a ticket card used to run approve T-12 and reject
    T-12 (the target taken from the card key): refused, audited and logged. A card without
    the button for a reaction's action now ignores it, as on Slack."""
    bot = await start()
    ticket = await post_card(fake, ws_config, bot)
    for emoji in ("👍", "❌"):
        await bot.on_raw_reaction_add(raw_reaction(fake, ticket, emoji))
    assert recorder.seen == []
    await bot.on_raw_reaction_add(raw_reaction(fake, ticket, "✅"))
    assert [(i.action, i.target) for i in recorder.seen] == [("resolve", "T-12")]


async def test_the_check_mark_approves_a_draft_as_on_slack(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    """The check mark resolves a ticket; on an approval card it presses Approve, with the
    version the card shows. It did nothing there, while Slack approved."""
    bot = await start()
    mid = await post_card(fake, ws_config, bot, buttons=APPROVAL_BUTTONS)
    await bot.on_raw_reaction_add(raw_reaction(fake, mid, "✅"))
    assert [(i.action, i.target, i.options.get("sha256")) for i in recorder.seen] == [
        ("approve", "A-3", HASH)]


async def test_a_thumbs_up_on_a_decided_drafts_card_is_only_logged(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    """Slack answers a 👍 on a draft's card decided since it was read (no Approve left) with
    why nothing was approved; Discord has no private answer to a reaction, so there it runs
    nothing, sends nothing and is logged, as docs/discord.md (Limits) says."""
    bot = await start()
    mid = await post_card(fake, ws_config, bot, buttons=(Button(
        action="withdraw", label="Withdraw", target="A-3", style="danger", version=HASH),))
    sent = len(fake.calls)
    with caplog.at_level("INFO", logger="integrations.discord.bot"):
        for emoji in ("👍", "✅"):
            await bot.on_raw_reaction_add(raw_reaction(fake, mid, emoji))
    assert recorder.seen == []
    assert [c for c in fake.calls[sent:] if c.method != "GET"] == []
    assert sum("ignored: the card has no" in r.getMessage()
               for r in caplog.records) == 2


async def test_a_reaction_whose_card_cannot_be_read_is_not_remembered(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    """A failed read used to leave the reaction marked as seen, so the same reaction again
    (a gateway replay, or the person reacting anew) was dropped as a repeat for good."""
    bot = await start()
    mid = await post_card(fake, ws_config, bot)
    fake.script_error("GET", f"/messages/{mid}$", status=403,
                      body={"message": "Missing Access", "code": 50001})
    await bot.on_raw_reaction_add(raw_reaction(fake, mid, "👀"))
    assert recorder.seen == []
    await bot.on_raw_reaction_add(raw_reaction(fake, mid, "👀"))
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]
    await bot.on_raw_reaction_add(raw_reaction(fake, mid, "👀"))  # a real repeat: once
    assert len(recorder.seen) == 1


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


async def test_a_reaction_taken_away_and_given_again_acts_again(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    """Repeats were remembered as (message, person, action) for good, so 👍 given, taken away
    and given again after the draft was edited (the card now showing the new version) was
    dropped as a repeat: nothing approved, nothing said. Taking a reaction away forgets it;
    a repeat without a removal between is still dropped."""
    await start()
    mid = await post_card(fake, ws_config, buttons=APPROVAL_BUTTONS)
    thumbs = {"name": "👍", "id": None}

    async def react(event: str) -> None:
        await fake.dispatch(event, fake.reaction(
            REACTION if event.endswith("ADD") else "gateway_MESSAGE_REACTION_REMOVE_d.json",
            user_id=ALICE, message_id=mid, emoji=thumbs))

    await react("MESSAGE_REACTION_ADD")
    await recorder.wait(1)
    edited = "ab" * 32  # the draft edited since: the card's Approve carries the new version
    for row in fake.messages[mid]["components"]:
        for comp in row["components"]:
            comp["custom_id"] = comp["custom_id"].replace(HASH, edited)
    await react("MESSAGE_REACTION_REMOVE")
    await react("MESSAGE_REACTION_ADD")
    await recorder.wait(2)
    await react("MESSAGE_REACTION_ADD")  # the gateway's repeat, no removal between: dropped
    await react("MESSAGE_REACTION_REMOVE")  # and the same event order again, once through
    await react("MESSAGE_REACTION_ADD")
    await recorder.wait(3)
    assert [(i.via, i.action, i.options["sha256"]) for i in recorder.seen] == [
        ("reaction", "approve", HASH), ("reaction", "approve", edited),
        ("reaction", "approve", edited)]


def ticket(n: int, clock: FakeClock, *, status: str = "open") -> Ticket:
    return Ticket(id=f"T-{n}", status=status, signal_id=f"x:{n}", route="support",  # type: ignore[arg-type]
                  customer_key=f"x:c{n}", conversation_key=f"x:{n}",
                  created_at=clock() + timedelta(minutes=n),
                  claimer="bob" if status == "claimed" else None,
                  channels=(ChannelRef(workspace="discord", channel="1"),))


async def test_autocomplete_offers_open_tickets_and_pending_approvals_from_the_store(
        start: Any, fake: FakeDiscord, store: Store, clock: FakeClock,
        recorder: Recorder) -> None:
    for n in range(1, 31):
        assert await create(store, ticket(n, clock))
    assert await create(store, ticket(31, clock, status="claimed"))
    assert await create(store, ticket(32, clock, status="resolved"))
    assert await create(store, Approval(
        id="A-4", text="Thanks, fixed now", network="mastodon", account="masto",
        author="bob", content_hash=content_hash("Thanks, fixed now"), created_at=clock()))
    assert await create(store, Approval(  # approved, waiting for its time
        id="A-5", status="approved", text="Sale starts now", network="mastodon",
        account="masto", author="bob", content_hash=content_hash("Sale starts now"),
        created_at=clock()))
    await start()

    async def offered(data: dict[str, Any], user: str = ALICE) -> list[dict[str, Any]]:
        before = len([c for c in fake.calls if "/callback" in c.path])
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(4, data, user_id=user))
        body = (await fake.wait_for("POST", "/callback", count=before + 1)).body
        assert body["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
        return list(body["data"]["choices"])

    everything = await offered(slash("claim", focused="ticket", ticket=""))
    assert len(everything) == 25  # Discord shows at most 25
    assert everything[0]["value"] == "T-31" and "claimed by bob" in everything[0]["name"]
    assert "T-32" not in {c["value"] for c in everything}  # resolved: not offered
    typed = await offered(slash("resolve", focused="ticket", ticket="t-2"))
    assert [c["value"] for c in typed] == ["T-29", "T-28", "T-27", "T-26", "T-25", "T-24",
                                           "T-23", "T-22", "T-21", "T-20", "T-2"]
    approvals = await offered(slash("approve", focused="approval", approval=""))
    assert [c["value"] for c in approvals] == ["A-4"]
    assert "Thanks, fixed now" in approvals[0]["name"]
    # `schedule` moves an approved draft's time too, so it offers those as well
    scheduling = await offered(slash("schedule", focused="approval", approval=""))
    assert [c["value"] for c in scheduling] == ["A-5", "A-4"]
    assert await offered(slash("claim", focused="ticket", ticket=""), user=STRANGER) == []
    assert recorder.seen == []  # completing runs no command


async def test_subscribes_digest_is_picked_not_guessed(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """`subscribe`'s `digest` was free text since weekly digests: hourly, daily, weekly and
    weekly:<day> are ten choices, past the 40 characters left of the command's 4,000 (names
    and values count), so a person had to guess `weekly:fri`. It autocompletes from them (the
    flag is free), filtered by what is typed; a value typed anyway is read as before."""
    await start()
    call = await fake.wait_for("PUT", f"/guilds/{fake.guild_id}/commands")
    [sub] = [o for g in call.body[0]["options"] for o in g["options"] if o["name"] == "subscribe"]
    [digest] = [o for o in sub["options"] if o["name"] == "digest"]
    assert digest.get("autocomplete") is True, digest

    async def offered(typed: str) -> list[str]:
        before = len([c for c in fake.calls if "/callback" in c.path])
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(4, slash(
            "subscribe", focused="digest", query="acme", digest=typed), user_id=ALICE))
        body = (await fake.wait_for("POST", "/callback", count=before + 1)).body
        return [c["value"] for c in body["data"]["choices"]]

    assert await offered("") == ["hourly", "daily", "weekly", "weekly:tuesday",
                                 "weekly:wednesday", "weekly:thursday", "weekly:friday",
                                 "weekly:saturday", "weekly:sunday"]
    assert await offered("FRI") == ["weekly:friday"]
    assert await offered("we") == ["weekly", "weekly:tuesday", "weekly:wednesday",
                                   "weekly:thursday", "weekly:friday", "weekly:saturday",
                                   "weekly:sunday"]
    assert recorder.seen == []


def test_the_subscribe_forms_digest_field_names_its_values() -> None:
    """The subscribe form's Digest field (Slack's modal and Discord's) showed its two values,
    hourly and daily, as a pick-list on Slack and a placeholder on Discord, until weekly
    digests made it free text: then an empty box on both, the values to guess. Its
    placeholder names them."""
    from integrations.discord.inbound import form_payload
    from integrations.slack.forms import form_modal

    [discord] = [f for row in form_payload("subscribe")["components"]
                 for f in row["components"] if f["custom_id"] == "digest"]
    [slack] = [b["element"] for b in form_modal("subscribe", channel="C1")["blocks"]
               if b.get("element", {}).get("action_id") == "digest"]
    for said in (discord.get("placeholder", ""), slack.get("placeholder", {}).get("text", "")):
        assert all(v in said for v in ("hourly", "daily", "weekly", "weekly:friday")), said


async def test_autocomplete_of_an_option_that_completes_nothing_offers_nothing(
        start: Any, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture) -> None:
    """Discord asks only about options registered with autocomplete, but the command it
    holds can be another version's (a newer one registered while this one runs, or the
    other way round): asked about `unsubscribe`'s subscription, discord.py raised
    CommandSignatureMismatch, logged it with a traceback as an ERROR and left it
    unanswered. Now: no choices, one INFO line, counted."""
    bot = await start()
    with caplog.at_level("INFO"):
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            4, slash("why", focused="what", what="T"), user_id=ALICE))
        body = (await fake.wait_for("POST", "/callback")).body
    assert body == {"type": 8, "data": {"choices": []}}
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert ("discord discord: an autocomplete for why's what, which "
            "completes nothing here, offered nothing (the command Discord holds is another "
            "version's)") in caplog.messages
    assert bot.skipped == 1 and recorder.seen == []


async def test_each_keystroke_of_an_autocomplete_that_completes_nothing_is_no_info_line(
        start: Any, fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    """Discord asks again at each keystroke: one INFO line each filled the log while someone
    typed. The first for that option says so; the rest are DEBUG, and all are counted."""
    bot = await start()
    with caplog.at_level("INFO"):
        for typed in ("T", "T-", "T-1"):
            await fake.dispatch("INTERACTION_CREATE", fake.interaction(
                4, slash("why", focused="what", what=typed), user_id=ALICE))
            assert (await fake.wait_for("POST", "/callback")).body["type"] == 8
            fake.calls.clear()
    lines = [r for r in caplog.records if r.name.startswith("integrations")]
    assert [r.levelno for r in lines] == [logging.INFO] and bot.skipped == 3


async def test_unsubscribe_offers_this_channels_subscriptions(
        start: Any, fake: FakeDiscord, store: Store, clock: FakeClock,
        recorder: Recorder) -> None:
    """`/socialops subscriptions unsubscribe` wanted an id typed from memory (or copied from
    `list`): its option offers the subscriptions of the channel it is typed in, as `list` shows
    them, newest first; another channel's are not offered (unsubscribe refuses them)."""
    for n, (channel, query) in enumerate([(fake.channel_id, '"patch notes" OR crash'),
                                          ("1000000000000000099", "elsewhere"),
                                          (fake.channel_id, "lag\u202e spike")], start=1):
        assert await create(store, Subscription(
            id=f"S-{n}", workspace="discord", channel=channel, query=query, created_by="alice",
            created_at=clock(), mode="digest", digest_interval="hourly"))
    await start()

    async def offered(typed: str) -> list[dict[str, Any]]:
        before = len([c for c in fake.calls if "/callback" in c.path])
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(4, slash(
            "unsubscribe", focused="subscription", subscription=typed), user_id=ALICE))
        return list((await fake.wait_for("POST", "/callback", count=before + 1)
                     ).body["data"]["choices"])

    assert await offered("") == [
        {"name": "S-3: lag spike · digest hourly (by alice)", "value": "S-3"},
        {"name": 'S-1: "patch notes" OR crash · digest hourly (by alice)', "value": "S-1"}]
    assert [c["value"] for c in await offered("patch")] == ["S-1"]
    assert recorder.seen == []


@pytest.mark.parametrize("typed", ['"S-2"', "s-2", "#S-2", "\u201cS-2\u201d", "`S-2`",
                                   "S-2.", '"S-2\u201d', "\uff33\uff0d\uff12\u3002"])
async def test_unsubscribe_takes_the_id_as_it_is_copied(
        typed: str, start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """The id typed into `/socialops subscriptions unsubscribe` with its quotes (copied from a
    listing), in lowercase or after a # was refused as not an id: it reaches the handler as
    S-2 (S-02 too: the subscriptions read it as S-2)."""
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("unsubscribe", subscription=typed), user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.action, i.target) == ("unsubscribe", "S-2")
    assert to_line(slash("unsubscribe", subscription=typed)) == f"unsubscribe {typed}"
    assert parse_command(f"unsubscribe {typed}").args == ("S-2",)  # typed in a message


async def test_autocomplete_leaves_out_a_hand_edited_id_no_verb_takes(
        start: Any, fake: FakeDiscord, store: Store, clock: FakeClock) -> None:
    """A record hand-edited to "T-²" was offered; chosen, `claim` answered "write T-2", another
    ticket's id. Only ids the verbs take as offered are listed."""
    for n in (1, 2):
        assert await create(store, ticket(n, clock))
    assert await create(store, ticket(3, clock).model_copy(update={"id": "T-\u00b2"}))
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        4, slash("claim", focused="ticket", ticket=""), user_id=ALICE))
    body = (await fake.wait_for("POST", "/callback", count=1)).body
    assert [c["value"] for c in body["data"]["choices"]] == ["T-2", "T-1"]


@pytest.mark.parametrize(("verb", "options", "said"), [
    ("reply", {"ticket": "T-1 T-2", "text": "hi"}, "ticket: one word only"),
    ("draft", {"network": "mastodon", "account": "masto masto", "text": "hi"},
     "account: one word only"),
    ("subscribe", {"query": "acme", "lang": "en\nxx"}, "lang: one word only"),
    ("subscribe", {"query": "acme digest=daily"}, "query: digest=daily is not part of a query"),
])
def test_an_option_never_spills_into_another(verb: str, options: dict[str, str],
                                             said: str) -> None:
    """Options are joined into the typed line: a second word in one became the start of the
    next ("T-1 T-2" replied to T-1 with a text beginning "T-2")."""
    with pytest.raises(CommandError, match=said):
        to_line(slash(verb, **options))


def test_the_last_plain_option_keeps_its_words() -> None:
    assert to_line(slash("reply", ticket="T-1", text="thanks,\nwe are on it")) == \
        "reply T-1 thanks,\nwe are on it"
    assert to_line(slash("subscribe", query='"dark mode" OR acme', digest="daily")) == \
        'subscribe "dark mode" OR acme digest=daily'


@pytest.mark.parametrize("reason", ["30 spam", "30m of noise", '"quoted" by bob', '"all"',
                                    '"spam" from "bots"', '5" screen cracked'])
def test_a_mute_reason_stays_the_reason(reason: str) -> None:
    """Discord's duration and reason are two options: a reason beginning with a number was read
    as part of the duration (`1h` and "30m of noise": 90 minutes, "of noise") or refused as
    unclear, as the typed line `mute S-1 1h 30 spam` is."""
    line = to_line(slash("mute", target="S-1", duration="1h", reason=reason))
    assert parse_command(line).args == ("S-1", "1h", reason)


def test_a_verb_is_found_only_under_its_own_section() -> None:
    data = slash("claim", ticket="T-3")
    assert to_line(data) == "claim T-3"
    data["options"][0]["name"] = "approvals"
    with pytest.raises(ValueError, match="unknown command 'claim'"):
        to_line(data)
    flat = {"name": "socialops", "options": [{"type": 1, "name": "claim", "options": []}]}
    with pytest.raises(ValueError, match="unknown command"):
        to_line(flat)  # the old flat shape is not ours any more


async def modal_submit(fake: FakeDiscord, verb: str, values: dict[str, str],
                       user: str = ALICE, only: int | None = None) -> None:
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(5, {
        "custom_id": f"socialops-form:{verb}",
        "components": [{"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                       for k, v in values.items()]}, user_id=user), only=only)


async def follow_up(fake: FakeDiscord, n: int) -> dict[str, Any]:
    return (await fake.wait_for("POST", "/webhooks/", count=n)).body  # type: ignore[no-any-return]


async def test_reply_without_text_opens_a_form_and_a_wrong_submission_gets_one_line(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    bot = await start()
    [command] = [c.to_dict(bot.tree) for c in bot.tree._get_all_commands(guild=bot.guild)]
    reply = next(o for g in command["options"] for o in g["options"] if o["name"] == "reply")
    assert [(o["name"], o["required"]) for o in reply["options"]] == [
        ("ticket", False), ("text", False), ("at", False)]  # a form asks instead
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("reply", ticket="t-3"), user_id=ALICE))
    modal = (await fake.wait_for("POST", "/callback")).body
    assert modal["type"] == 9 and modal["data"]["custom_id"] == "socialops-form:reply"
    fields = [row["components"][0] for row in modal["data"]["components"]]
    assert [(f["custom_id"], f.get("value"), f["required"]) for f in fields] == [
        ("ticket", "t-3", True), ("text", None, True), ("at", None, False)]
    assert len(modal["data"]["title"]) <= 45 and all(len(f["label"]) <= 45 for f in fields)

    await modal_submit(fake, "reply", {"ticket": "order 3", "text": " "})
    wrong = await follow_up(fake, 1)
    assert unescape(wrong["content"])[0] == \
        "ticket: 'order' is not an id like T-3; text: Required."
    assert wrong["flags"] & 64 and recorder.seen == []

    await modal_submit(fake, "reply", {"ticket": "t-3", "text": "Sorry!\nOn it."})
    await follow_up(fake, 2)
    [i] = recorder.seen
    assert (i.via, i.action, i.target, i.args) == ("modal", "reply", "T-3", ("Sorry!\nOn it.",))
    # the time to publish at, read as `at=` typed in the command is (on the workspace's clock)
    await modal_submit(fake, "reply", {"ticket": "t-3", "text": "Later", "at": "tomorrow 9am"})
    await follow_up(fake, 3)
    assert (recorder.seen[1].args, recorder.seen[1].options) == (
        ("Later",), {"at": "tomorrow 9am"})


async def test_subscribe_form_previews_then_a_button_saves_it_once(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("subscribe"), user_id=ALICE))
    modal = (await fake.wait_for("POST", "/callback")).body
    assert [r["components"][0]["custom_id"] for r in modal["data"]["components"]] == [
        "query", "digest", "lang"]
    await modal_submit(fake, "subscribe", {"query": '"dark mode"', "digest": "daily",
                                           "lang": ""})
    answer = await follow_up(fake, 1)
    [preview] = recorder.seen
    assert (preview.action, preview.args) == ("preview", ('"dark mode"',))
    [[button]] = [row["components"] for row in answer["components"]]
    assert button["label"] == "Subscribe" and len(button["custom_id"]) <= 100

    async def press(user: str) -> None:
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            3, {"custom_id": button["custom_id"], "component_type": 2}, user_id=user))

    await press(STRANGER)  # not linked: told so, and the button is not used up
    assert "not linked" in (await follow_up(fake, 2))["content"]
    await press(ALICE)
    await follow_up(fake, 3)
    subscribe = recorder.seen[1]
    assert (subscribe.action, subscribe.args, subscribe.options) == (
        "subscribe", ('"dark mode"',), {"digest": "daily"})
    await press(ALICE)  # a second click saves nothing
    assert "expired" in (await follow_up(fake, 4))["content"]
    assert len(recorder.seen) == 2


async def test_the_ticket_cards_reply_button_opens_the_reply_form(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    bot = await start()
    mid = await post_card(fake, ws_config, bot, buttons=(
        *TICKET_BUTTONS, Button(action="reply", label="Reply…", target="T-12")))
    await click(fake, mid, "socialops:reply:T-12")
    modal = (await fake.wait_for("POST", "/callback")).body
    assert modal["type"] == 9 and modal["data"]["custom_id"] == "socialops-form:reply"
    ticket = modal["data"]["components"][0]["components"][0]
    assert (ticket["custom_id"], ticket["value"]) == ("ticket", "T-12")
    assert recorder.seen == []


class AsAlice:
    """The subscription handler as the dispatcher calls it, for one linked person."""

    def __init__(self, service: SubscriptionService) -> None:
        self.service = service

    async def handle(self, interaction: Interaction) -> Reply:
        return await self.service.handle(interaction, "alice")


async def subscribe_from_discord(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
                                 store: Store, clock: FakeClock,
                                 queries: list[str]) -> list[dict[str, Any]]:
    """``/socialops subscribe`` once per query, as alice; the follow-up bodies sent back."""
    service = SubscriptionService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                                  validate_query=validate_query,
                                  canonical_query=canonical_query)
    bot = SocialopsBot(ws_config, handler=AsAlice(service), identity=identity,
                       guild_ready_timeout=0.05, completions=IdCompletions(store))
    task = asyncio.create_task(bot.start(ws_config.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        bodies = []
        for n, query in enumerate(queries, start=1):
            await fake.dispatch("INTERACTION_CREATE", fake.interaction(
                2, slash("subscribe", query=query), user_id=ALICE))
            follow = await fake.wait_for("POST", "/webhooks/", count=n)
            bodies.append(follow.body)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
    return bodies


async def test_the_same_subscribe_twice_from_discord_is_made_once(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
        clock: FakeClock) -> None:
    """Discord's /socialops subscribe reaches the same handler as Slack's: the second
    identical subscribe in a channel names the first and adds nothing."""
    bodies = await subscribe_from_discord(ws_config, fake, store, clock,
                                          ["acme refund", "Acme  REFUND"])
    answers = [unescape(body["content"])[0] for body in bodies]
    [sub] = await store.list_subscriptions()
    assert answers[0].startswith(f"{sub.id} created")
    assert answers[1] == f"this channel already follows `acme refund` as {sub.id}; nothing added"


async def test_a_hostile_query_quoted_back_on_discord_pings_no_one(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
        clock: FakeClock) -> None:
    """The twin reply quotes the query: its backticks show as the fullwidth lookalike (one
    code span, closed where the query ends), and its pings are escaped text in a message that
    allows no mention at all."""
    query = "acme ```refund` @everyone @here <@&123456789012345678> <@123456789012345678>"
    bodies = await subscribe_from_discord(ws_config, fake, store, clock, [query, query])
    shown, syntax = unescape(bodies[1]["content"])
    [sub] = await store.list_subscriptions()
    assert shown == ("this channel already follows `acme \uff40\uff40\uff40refund\uff40 @everyone "
                     "@here <@&123456789012345678> <@123456789012345678>` as "
                     f"{sub.id}; nothing added"), shown
    assert "@" not in syntax and "<" not in syntax and "`" not in syntax, syntax
    assert bodies[1]["allowed_mentions"] == {"parse": []}


@pytest.mark.parametrize("reason", ["5 people complained", "500 duplicates", '"loud" said bob',
                                    '"spam" from "bots"'])
async def test_a_mute_reason_beginning_with_a_number_reaches_the_handler_whole(
        start: Any, fake: FakeDiscord, recorder: Recorder, reason: str) -> None:
    """/socialops subscriptions mute through discord.py: the reason option is the reason,
    whatever it begins with (the typed line's `mute S-2 2h 5 people complained` is refused as
    unclear: 2h5m, or 2h and that reason; Discord's two options leave no doubt)."""
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("mute", target="S-2", duration="2h", reason=reason), user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    assert (i.action, i.target, i.args) == ("mute", "S-2", ("2h", reason))


@pytest.mark.parametrize(("duration", "reason"), [
    ("1 h 30 min", "spam"), ("1h 30m", None), ("2 hours 15 minutes", "30 bots"),
    ("1 d 2 h", '"loud" said bob')])
async def test_a_mute_duration_of_several_words_is_read_as_typed(
        start: Any, fake: FakeDiscord, recorder: Recorder, duration: str,
        reason: str | None) -> None:
    """/socialops subscriptions mute's `duration` is read as the typed duration is, compound
    forms with spaces too (`1 h 30 min`, which chat reads); it was refused as one word only.
    The reason stays its own option."""
    await start()
    given = {"reason": reason} if reason is not None else {}
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("mute", target="S-2", duration=duration, **given), user_id=ALICE))
    await fake.wait_for("POST", "/webhooks/")
    [i] = recorder.seen
    typed = parse_command(f"mute S-2 {duration}")
    assert (i.action, i.target, i.args) == (
        "mute", "S-2", (*typed.args[1:], *([reason] if reason is not None else [])))


@pytest.mark.parametrize(("duration", "said"), [
    ("1 h 30", "bad duration '1 h 30': "), ("30 spam", "bad duration '30 spam': "),
    ("0m", "'0m' is no time at all")])
async def test_a_mute_duration_that_is_none_is_one_line(
        start: Any, fake: FakeDiscord, recorder: Recorder, duration: str, said: str) -> None:
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("mute", target="S-2", duration=duration, reason="spam"), user_id=ALICE))
    body = await follow_up(fake, 1)
    first = unescape(body["content"])[0]
    assert first.startswith(said) and "one word" not in first, first
    assert body["flags"] & 64 and recorder.seen == []


async def test_reply_takes_a_time_to_publish_at_and_its_text_whole(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    """`reply`'s `at` option is the typed `at=`; its `text` is the text, `at=` and all; the
    time given with the text left out is in the form that opens."""
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("reply", ticket="t-3", text=":refund", at="tomorrow 9am"), user_id=ALICE))
    await follow_up(fake, 1)
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("reply", ticket="T-3", text="at=noon works for us?"), user_id=ALICE))
    await follow_up(fake, 2)
    assert [(i.target, i.args, i.options) for i in recorder.seen] == [
        ("T-3", (":refund",), {"at": "tomorrow 9am"}),
        ("T-3", ("at=noon works for us?",), {})]
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("reply", ticket="T-3", at="in 2h"), user_id=ALICE))
    modal = (await fake.wait_for("POST", "/callback", count=3)).body
    fields = [row["components"][0] for row in modal["data"]["components"]]
    assert [(f["custom_id"], f.get("value")) for f in fields] == [
        ("ticket", "T-3"), ("text", None), ("at", "in 2h")]


@pytest.mark.parametrize(("text", "when"), [(":refund at=2h", "2h"),
                                            ('Thanks, fixed now at="tomorrow 9am"',
                                             "tomorrow 9am"),
                                            ("Danke at=„morgen 9am“", "morgen 9am"),
                                            ("Thanks at=‟tomorrow 9am”", "tomorrow 9am")])
async def test_a_time_at_the_end_of_a_reply_text_is_sent_to_the_at_option(
        start: Any, fake: FakeDiscord, recorder: Recorder, text: str, when: str) -> None:
    """A time typed after the text (`:refund at=2h`, as the typed line's newcomer orders them)
    would be drafted as those words, the saved reply not filled in: refused in one line naming
    the `at` option, as the typed line is refused naming where `at=` goes."""
    await start()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("reply", ticket="T-3", text=text), user_id=ALICE))
    body = await follow_up(fake, 1)
    first = unescape(body["content"])[0]
    assert first.startswith(f"at= ends the text: give the time in the at option ({when}) "), first
    assert body["flags"] & 64 and recorder.seen == []
