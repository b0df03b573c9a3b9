"""Fixtures for the Discord tests: a running FakeDiscord that discord.py is pointed at."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.config import DiscordWorkspaceConfig
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        server.install(monkeypatch)
        yield server


@pytest.fixture
def ws_config(fake: FakeDiscord) -> DiscordWorkspaceConfig:
    return DiscordWorkspaceConfig(
        type="discord", name="discord", token="fake-token",
        application_id=fake.application_id, api_url=fake.api_url,
        gateway_url=fake.gateway_url, guild_id=fake.guild_id,
    )
