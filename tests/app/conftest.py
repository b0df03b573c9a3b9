"""Local Slack and Discord servers speaking each platform's wire format, for the tests that
start the bot or check its tokens against them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
async def discord() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token="discord-bot-token") as server:
        yield server
