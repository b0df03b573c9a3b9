# ruff: noqa: F811
"""An autocomplete must be answered within Discord's 3 seconds and cannot be deferred
(interactions, Responding to an Interaction). Its choices were awaited from the store without
a bound, on both transports: a store slow for a moment (a long write, a Redis failover) left
the person with Discord's "Loading options failed", and the late answer was refused (10062
Unknown interaction), a WARNING at every keystroke; over HTTP the request itself outlived the
3 seconds (a Discord developer's review, 2026-12-07; failed before: no answer came while the
store did not answer). Past ``commands.AUTOCOMPLETE_WITHIN`` seconds it offers nothing, one
INFO line. The gateway bot is a real discord.py client on the local Discord; the HTTP endpoint
takes signed requests; the slow store is a ``Completions`` that never answers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import ALICE, Recorder, identity, slash
from tests.integrations.discord.test_http_interactions import (  # noqa: F401  (fixtures)
    endpoint,
    post,
    recorder,
)
from tests.support.fake_discord import FakeDiscord, real_fixture

WITHIN_DEADLINE = 5.0  # seconds a test waits for the answer: past Discord's 3


class Stuck:
    """Completions whose store never answers."""

    async def complete(self, kind: str, typed: str, *, limit: int = 25,
                       workspace: str | None = None, channel: str | None = None
                       ) -> list[tuple[str, str]]:
        await asyncio.Event().wait()
        return []


@pytest.fixture
async def stuck_bot(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord
                    ) -> AsyncIterator[SocialopsBot]:
    bot = SocialopsBot(ws_config, handler=Recorder(fake), identity=identity,
                       guild_ready_timeout=0.05, completions=Stuck())
    task = asyncio.create_task(bot.start(ws_config.token))
    await asyncio.wait_for(bot.wait_until_ready(), 5)
    yield bot
    await bot.close()
    await asyncio.wait_for(task, 5)


async def test_the_gateway_offers_nothing_when_the_store_does_not_answer_in_time(
        stuck_bot: SocialopsBot, fake: FakeDiscord,
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="integrations.discord"):
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            4, slash("claim", focused="ticket", ticket="T-"), user_id=ALICE))
        answer = await fake.wait_for("POST", "/callback", timeout=WITHIN_DEADLINE)
    assert answer.body == {"type": 8, "data": {"choices": []}}
    lines = [r.getMessage() for r in caplog.records if "autocomplete" in r.getMessage()]
    assert len(lines) == 1 and "not answered within" in lines[0], lines


async def test_http_offers_nothing_when_the_store_does_not_answer_in_time(
        endpoint: Any) -> None:
    client, http = endpoint
    http.completions = Stuck()
    payload = real_fixture("interaction_slash_command.json")
    payload["type"] = 4
    payload["data"] = {"name": "socialops", "type": 1, "options": [
        {"type": 2, "name": "tickets", "options": [
            {"type": 1, "name": "resolve", "options": [
                {"type": 3, "name": "ticket", "value": "T-1", "focused": True}]}]}]}
    answer = await asyncio.wait_for(post(client, payload), WITHIN_DEADLINE)
    assert answer == (200, {"type": 8, "data": {"choices": []}})
