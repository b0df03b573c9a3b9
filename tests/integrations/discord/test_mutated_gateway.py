"""Discord gateway events of the wrong shape, through discord.py's own client and the local
gateway (tests/support/fake_discord.py), as test_mutated_inbound.py sends interactions over
HTTP: a button click, a slash command, an autocomplete, a modal submit, a reaction, a guild
becoming available or leaving, a channel deleted; JSON paths given a value of the wrong kind
(tests/support/mutations.py), the event's JSON spliced into the gateway's DISPATCH frame.

What must hold: the gateway keeps serving (a real click after them all reaches the handler);
no log record carries a traceback or an ERROR; at most one WARNING and one count per frame;
no interaction answer or message names a traceback; what reaches the handler is bounded. The
(path, kind) pairs come from a seeded generator, EXAMPLES // 4 per event."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Callable
from typing import Any

import pytest

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import (
    ALICE,
    REACTION,
    Recorder,
    card_message,
    click,
    post_card,
    slash,
)
from tests.integrations.discord.test_hostile_inbound import bot, recorder
from tests.integrations.test_mutated_inbound import bounded_interaction
from tests.support.fake_discord import FakeDiscord
from tests.support.mutations import EXAMPLES, KINDS, paths, render, shown

__all__ = ["bot", "recorder"]  # the fixtures, shared


def _events(fake: FakeDiscord, card: str) -> dict[str, tuple[str, dict[str, Any]]]:
    guild = fake._guild()  # what the local gateway sends at READY
    return {
        "button": ("INTERACTION_CREATE", fake.interaction(
            3, {"custom_id": "socialops:claim:T-12", "component_type": 2}, user_id=ALICE,
            message=card_message(fake, card))),
        "slash command": ("INTERACTION_CREATE", fake.interaction(
            2, slash("claim", ticket="T-12"), user_id=ALICE)),
        "autocomplete": ("INTERACTION_CREATE", fake.interaction(
            4, slash("claim", focused="ticket", ticket="T-"), user_id=ALICE)),
        "modal submit": ("INTERACTION_CREATE", fake.interaction(5, {
            "custom_id": "socialops:reject_modal:A-1", "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": "comment",
                                            "value": "tone"}]}]}, user_id=ALICE)),
        "reaction": ("MESSAGE_REACTION_ADD", fake.reaction(REACTION, user_id=ALICE,
                                                           message_id=card)),
        "guild create": ("GUILD_CREATE", guild),
        "guild delete": ("GUILD_DELETE", {"id": fake.guild_id, "unavailable": True}),
        "channel delete": ("CHANNEL_DELETE", {**guild["channels"][0],
                                              "guild_id": fake.guild_id}),
    }


async def _send(fake: FakeDiscord, event: str, data: bytes) -> None:
    fake._seq += 1
    head = json.dumps({"op": 0, "t": event, "s": fake._seq})
    frame = f'{head[:-1]}, "d": {data.decode()}}}'
    for ws in list(fake._sockets):
        await ws.send_str(frame)


async def _quiet(done: Callable[[], bool]) -> None:
    for _ in range(20):  # the event's work: the listener runs as a task of its own
        await asyncio.sleep(0.01)
        if done():
            return


@pytest.mark.parametrize("name", ["button", "slash command", "autocomplete", "modal submit",
                                  "reaction", "guild create", "guild delete",
                                  "channel delete"])
async def test_mutated_gateway_events_leave_the_gateway_serving(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture, name: str) -> None:
    card = await post_card(fake, ws_config, bot)
    event, doc = _events(fake, card)[name]
    every = list(paths(doc))
    rng = random.Random(name)
    caplog.set_level(logging.INFO)
    for _ in range(max(1, EXAMPLES // 4)):
        path, hostile = rng.choice(every), rng.choice(KINDS)
        what = f"{name} {shown(path)} = {hostile}"
        caplog.clear()
        skipped, calls = bot.skipped, len(fake.calls)
        await _send(fake, event, render(doc, path, hostile))
        await _quiet(lambda: False)
        records = caplog.records
        traced = [r for r in records if r.exc_info or r.exc_text or r.levelno >= logging.ERROR]
        assert not traced, f"{what}: {[r.getMessage()[:300] for r in traced]}"
        warnings = [r for r in records if r.levelno == logging.WARNING]
        assert len(warnings) <= 1, f"{what}: {[r.getMessage()[:200] for r in warnings]}"
        assert bot.skipped - skipped <= 1, what
        for line in records:
            assert "\n" not in line.getMessage() and "\x1b" not in line.getMessage(), what
        answered = json.dumps([c.body for c in fake.calls[calls:]], default=str)
        assert "Traceback" not in answered, what
        for seen in recorder.seen:
            bounded_interaction(seen)
    # the gateway still serves: a click on a card reaches the handler
    if name in ("guild delete", "channel delete", "guild create"):
        await _send(fake, "GUILD_CREATE", json.dumps(fake._guild()).encode())
        await _quiet(lambda: False)
    card = await post_card(fake, ws_config, bot)
    before = len(recorder.seen)
    await click(fake, card, "socialops:claim:T-12")
    await recorder.wait(before + 1)
    assert [(i.action, i.target) for i in recorder.seen][-1] == ("claim", "T-12")


# The suite's shrunk examples, spelled out: each failed before its fix.
CRASHERS = {
    # discord.py's json.loads raised out of its read loop: the client ended, and with it the
    # bot's gateway task (no interaction or reaction served until a restart)
    "a button's data nested 50,000 deep": ("button", ("data",), "deeply nested"),
    "a button's message id of 5,000 digits": ("button", ("message", "id"), "5,000 digits"),
    # an id of 1e999 read as infinity, and int() of it raised OverflowError, which the
    # guarded parsers did not take for a reading error: the client ended
    "a modal submit's id of infinity": ("modal submit", ("id",), "infinity"),
    # the tree's task raised AttributeError: an ERROR with a traceback, nothing counted
    "a slash command's options a list of scalars": ("slash command", ("data", "options"),
                                                    "list"),
    # a guild id that is no snowflake is another guild's: counted and answered aside, and
    # the Interaction built for that answer raised reading it, which the guard counted again
    "an autocomplete's guild id no snowflake": ("autocomplete", ("guild_id",), "100 KB string"),
    "a button's guild id of controls": ("button", ("guild_id",), "controls and bidi"),
}


@pytest.mark.parametrize("case", CRASHERS)
async def test_a_gateway_event_that_broke_the_client_is_skipped_and_the_gateway_serves(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture, case: str) -> None:
    name, path, hostile = CRASHERS[case]
    card = await post_card(fake, ws_config, bot)
    event, doc = _events(fake, card)[name]
    caplog.clear()
    await _send(fake, event, render(doc, path, hostile))
    await click(fake, card, "socialops:claim:T-12")
    await recorder.wait(1)
    await _quiet(lambda: False)
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]
    assert bot.skipped == 1
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def test_an_autocomplete_whose_answer_is_refused_is_one_warning_not_a_traceback(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    """The tree sent an autocomplete's choices itself, and when Discord refused them (404
    Unknown interaction: a token it never gave, here one of control characters; or one
    answered past its 3 s) discord.py logged "Ignoring exception in autocomplete" as an
    ERROR with a traceback. Now one WARNING line, and the gateway serves on."""
    card = await post_card(fake, ws_config, bot)
    event, doc = _events(fake, card)["autocomplete"]
    caplog.clear()
    caplog.set_level(logging.INFO)
    await _send(fake, event, render(doc, ("token",), "controls and bidi"))
    await click(fake, card, "socialops:claim:T-12")
    await recorder.wait(1)
    await _quiet(lambda: False)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and warnings[0].startswith("discord: could not answer "
                                                         "autocomplete"), warnings
    assert "\x1b" not in warnings[0] and "\n" not in warnings[0]
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]

