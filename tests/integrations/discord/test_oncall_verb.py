"""`/socialops people oncall` through discord.py against the local Discord: the optional
schedule option becomes the shared command line (``oncall primary``), and the answer (who is
on call now, until when, and who next, at the injected clock's time) goes to the asker alone,
pinging nobody; a schedule that does not exist is one private line."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig, ScheduleConfig
from bot.core.oncall import schedules
from handlers.dispatch import target_of
from handlers.oncall import OnCallBoard
from tests.conftest import FakeClock
from tests.integrations.discord.asking import asking
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import registered_options
from tests.support.fake_discord import FakeDiscord


class Board:
    """The oncall verb as the dispatcher runs it."""

    def __init__(self, board: OnCallBoard) -> None:
        self.board = board
        self.seen: list[Interaction] = []

    async def handle(self, i: Interaction) -> Reply:
        self.seen.append(i)
        return self.board.reply(target_of(i))


@pytest.fixture
async def asked(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
                clock: FakeClock) -> AsyncIterator[Callable[..., Any]]:
    clock.now = datetime(2026, 10, 26, 7, 30, tzinfo=UTC)
    rotations = schedules([ScheduleConfig.model_validate({
        "name": "primary", "people": ["alice", "bob"], "start": "2026-10-19T09:00",
        "shift": "1w", "timezone": "Europe/Berlin",
        "overrides": [{"person": "@everyone", "from": "2026-10-26T09:00",
                       "until": "2026-10-26T10:00"}]})])
    handler = Board(OnCallBoard(rotations, clock=clock))
    async with asking(ws_config, fake, handler) as ask:
        yield functools.partial(ask, "oncall")


async def test_oncall_from_discord_answers_the_asker_alone(
        asked: Callable[..., Any], fake: FakeDiscord, clock: FakeClock) -> None:
    assert await registered_options(fake, "oncall") == [("schedule", False)]
    i, body = await asked()
    assert (i.action, i.args) == ("oncall", ())
    assert body["flags"] & 64  # ephemeral
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    # 08:30 CET: still alice's week, which ends at 09:00 on the wall clock, not 168 h after
    # it began in summer time; the next is a person's id as the config writes it, pinging
    # nobody
    assert view.text == ("On call now:\n• primary: alice until Mon 2026-10-26 09:00 CET, "
                         "then @everyone")
    assert view.pings == frozenset()

    clock.advance(hours=1)
    i, body = await asked(schedule="primary")
    assert (i.action, i.args) == ("oncall", ("primary",))
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert view.text == ("On call: primary: @everyone (override) until Mon 2026-10-26 10:00 "
                         "CET, then bob")
    assert view.pings == frozenset()

    _, body = await asked(schedule="nights")
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert body["flags"] & 64
    assert view.text == "no schedule 'nights' (schedules: primary)"
