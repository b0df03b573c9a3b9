"""A real socialops process answering the local Discord: the app ``socialops run`` builds
(``open_app`` with its chat connections) on the config the test wrote, its Discord gateway
connected as ``run`` connects it (``Chat.run``: the bot ``bot.app.chat.discord_bot`` wires to
the store, reading back after each READY the reactions given while no session was connected).
It built a bot of its own before, without the read-back (a Discord developer's third pass).

``python -m tests.integrations.discord.app_process CONFIG ISO OWNER``: on a clock standing at
``ISO``, as lease owner ``OWNER``; it runs until killed."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.support.clock import FakeClock


async def main(config: str, iso: str, owner: str) -> None:
    loaded = load_config(Path(config))
    async with open_app(loaded, clock=FakeClock(datetime.fromisoformat(iso)), env={},
                        owner=owner, chat=True) as app:
        [discord] = [c for c in app.chats if c.name == "discord"]
        assert discord.run is not None
        await discord.run()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
