"""Fixtures for the Discord tests: a running FakeDiscord that discord.py is pointed at, and an
outbox delivering to it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.config import DiscordWorkspaceConfig, OutboxConfig
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
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


@pytest.fixture
async def outbox(ws_config: DiscordWorkspaceConfig, store: Store,
                 clock: FakeClock) -> AsyncIterator[Outbox]:
    """The outbox delivering through discord.py to the local Discord (workspace "discord"), on
    the test's clock: the per-channel pace passes on it, no sleeping."""

    async def no_wait(seconds: float) -> None:
        clock.advance(seconds=seconds)

    ws = DiscordWorkspace(ws_config)
    try:
        yield Outbox(store, {"discord": ws}, clock=clock, config=OutboxConfig(), owner="t",
                     sleep=no_wait)
    finally:
        await ws.close()
