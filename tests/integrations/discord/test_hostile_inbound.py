"""Hostile and malformed inbound Discord traffic, through discord.py's own gateway parsing
(the real client against the local fake) and the signed HTTP endpoint: each ends in the
answer Discord expects, one log line without a traceback, a counted skip, and nothing run."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import ALICE, Recorder, click, identity, post_card, slash
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
def recorder(fake: FakeDiscord) -> Recorder:
    return Recorder(fake)


@pytest.fixture
async def bot(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
              recorder: Recorder) -> AsyncIterator[SocialopsBot]:
    """The gateway bot, logged in to the local Discord and ready."""
    client = SocialopsBot(ws_config, handler=recorder, identity=identity,
                          guild_ready_timeout=0.05)
    task = asyncio.create_task(client.start(ws_config.token))
    await asyncio.wait_for(client.wait_until_ready(), 5)
    yield client
    await client.close()
    await asyncio.wait_for(task, 5)


def _problems(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


# -- the gateway --------------------------------------------------------------------------


async def test_a_gateway_event_discord_py_cannot_read_is_skipped_not_the_connection(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig, recorder: Recorder,
        caplog: pytest.LogCaptureFixture) -> None:
    """discord.py's parser raised on it (a component without data: TypeError) inside the
    gateway's read loop, which ended the connection: no interaction or reaction was received
    again until a restart."""
    mid = await post_card(fake, ws_config, bot)
    caplog.clear()
    frame = fake.interaction(3, {"custom_id": "socialops:claim:T-12", "component_type": 2},
                             user_id=ALICE)
    frame["data"] = None
    await fake.dispatch("INTERACTION_CREATE", frame)
    await click(fake, mid, "socialops:claim:T-12")  # the same connection still serves
    await recorder.wait(1)
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]
    assert bot.skipped == 1
    [line] = _problems(caplog)
    assert "INTERACTION_CREATE" in line.getMessage() and line.exc_info is None


FOREIGN_COMMANDS = {
    "a command the bot does not have": {"id": "1", "name": "other", "type": 1,
                                        "guild_id": FakeDiscord.guild_id},
    "a verb the bot does not have": {**slash("claim"), "options": [
        {"type": 2, "name": "tickets", "options": [{"type": 1, "name": "frobnicate"}]}]},
    "a group invoked as a command": {**slash("claim"), "options": [
        {"type": 2, "name": "tickets", "options": []}]},
    "a global command when only the guild's is registered": {
        k: v for k, v in slash("claim", ticket="T-1").items() if k != "guild_id"},
}


@pytest.mark.parametrize("case", FOREIGN_COMMANDS)
async def test_a_command_the_tree_does_not_know_gets_one_line(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder, caplog: pytest.LogCaptureFixture,
        case: str) -> None:
    """An out-of-date command (renamed or removed since Discord cached it) or another app's:
    discord.py logged 'Ignoring exception in command tree' with a traceback and never answered,
    so Discord showed 'The application did not respond'."""
    caplog.clear()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(2, FOREIGN_COMMANDS[case],
                                                               user_id=ALICE))
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] & 64
    assert "/socialops" in answer.body["data"]["content"]
    assert bot.skipped == 1 and recorder.seen == []
    assert _problems(caplog) == []


async def test_autocomplete_for_a_command_the_tree_does_not_know_offers_nothing(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    data = {**FOREIGN_COMMANDS["a command the bot does not have"],
            "options": [{"type": 3, "name": "x", "value": "T", "focused": True}]}
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(4, data, user_id=ALICE))
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body == {"type": 8, "data": {"choices": []}}
    assert bot.skipped == 1 and _problems(caplog) == []
