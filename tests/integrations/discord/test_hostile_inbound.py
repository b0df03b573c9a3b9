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
from tests.integrations.discord.test_bot import ALICE, Recorder, click, identity, post_card
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
