"""A real socialops process answering the local Discord, for
``test_review_publish_killed.py``: the app ``socialops run`` builds (``open_app``) on the
config the test wrote, with its Discord bot's interactions going to the app's dispatcher.

``python -m tests.integrations.discord.app_process CONFIG ISO OWNER``: on a clock standing at
``ISO``, as lease owner ``OWNER``; it runs until killed."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.app.compose import open_app
from bot.core.config import DiscordWorkspaceConfig, load_config
from integrations.discord.bot import SocialopsBot
from tests.support.clock import FakeClock


async def main(config: str, iso: str, owner: str) -> None:
    loaded = load_config(Path(config))
    async with open_app(loaded, clock=FakeClock(datetime.fromisoformat(iso)), env={},
                        owner=owner) as app:
        wc = loaded.config.workspace("discord")
        assert isinstance(wc, DiscordWorkspaceConfig)

        def person_of(workspace: str, user: str) -> str | None:
            person = app.directory.person_for(workspace, user)
            return person.id if person else None

        bot = SocialopsBot(wc, handler=app.dispatcher, identity=person_of,
                           guild_ready_timeout=0.05, mark_seen=app.store.mark_seen,
                           forget_seen=app.store.forget_seen,
                           claim_value=app.store.claim_value)
        await bot.start(wc.token)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
