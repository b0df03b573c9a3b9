"""A gateway not reached at the start (a newcomer's review): the bot logged in over REST, then
could not open the gateway's websocket (a network down for a moment, a firewall or proxy that
lets https through and not the websocket, a wrong ``gateway_url``). discord.py 2.7's
``connect()`` resumes each retry with ``self.ws.sequence``, and with no handshake ever made
``ws`` is None: the AttributeError ended its retries (Rapptz/discord.py#10520, open), so
``socialops run`` logged `the chat connection of discord ended: AttributeError("'NoneType'
object has no attribute 'sequence'")` and ran on without a gateway: no reaction, no button
click, no ``/socialops`` was read again until a restart. The gateway is now retried with
backoff, one WARNING line each saying what to check, until it answers."""

from __future__ import annotations

import asyncio
import logging
import socket

import discord
import pytest
import yarl

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_documented_limits import Nobody
from tests.support.fake_discord import FakeDiscord


def closed_port() -> int:
    """A loopback port nothing listens on (taken, then given back)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_a_gateway_not_reached_at_the_start_is_retried_until_it_answers(
        fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        caplog: pytest.LogCaptureFixture) -> None:
    nowhere = f"ws://127.0.0.1:{closed_port()}/gateway"
    config = ws_config.model_copy(update={"gateway_url": nowhere})
    bot = SocialopsBot(config, handler=Nobody(), sync_commands=False, guild_ready_timeout=0.05)
    caplog.set_level(logging.WARNING, logger="integrations.discord.bot")
    task = asyncio.create_task(bot.run_gateway())
    try:
        async with asyncio.timeout(30):
            while not any("cannot reach the gateway" in r.getMessage() for r in caplog.records):
                assert not task.done(), task.exception()
                await asyncio.sleep(0.05)
        # the network is back (the proxy fixed): the next retry reaches the gateway
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
        async with asyncio.timeout(30):
            await fake.connected.wait()
        assert not task.done()
    finally:
        await bot.close()
        await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), 10)
    said = [r.getMessage() for r in caplog.records if "cannot reach the gateway" in
            r.getMessage()]
    assert said[0].startswith(f"discord discord: cannot reach the gateway at {nowhere} ("), said
    assert said[0].endswith("); check this machine's network (or proxy), or gateway_url; "
                            "retrying in 1 s"), said
    assert fake.identify is not None
