"""A real process whose Discord bot dies (``os._exit``, as SIGKILL leaves it) as a reaction it
read back after its READY reaches the handler: decided once in the deployment, not acted on.
For ``test_review_gap_killed.py``.

``python -m tests.integrations.discord.gap_dying_process STORE API GATEWAY APP GUILD ISO``:
``STORE`` a SQLite file or a ``redis://`` address; the local Discord's addresses and ids; a
clock standing at ``ISO``."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime

from bot.app.chat import discord_bot
from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig, StoreConfig
from bot.store import open_store
from tests.support.clock import FakeClock

DIED = 137


async def dies(interaction: Interaction) -> Reply:
    sys.stderr.write(f"dying at {interaction.action} {interaction.target}\n")
    sys.stderr.flush()
    os._exit(DIED)


async def main(where: str, api: str, gateway: str, app_id: str, guild: str, iso: str) -> None:
    clock = FakeClock(datetime.fromisoformat(iso))
    cfg = (StoreConfig(backend="redis") if where.startswith("redis://")
           else StoreConfig(backend="sqlite", path=where))
    store = await open_store(cfg, redis_url=where if where.startswith("redis://") else None,
                             clock=clock)
    ws = DiscordWorkspaceConfig(type="discord", name="discord", token="fake-token",
                                application_id=app_id, api_url=api, gateway_url=gateway,
                                guild_id=guild)
    bot = discord_bot(ws, handler=type("Dies", (), {"handle": staticmethod(dies)})(),
                      identity=lambda workspace, user: "alice", marks=store, clock=clock,
                      guild_ready_timeout=0.05)
    await bot.start(ws.token)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:7]))
