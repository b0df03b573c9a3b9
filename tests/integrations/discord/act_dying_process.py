"""A real socialops process whose Discord bot reads back, after its READY, a reaction given
while no session was connected, acts on it through the app's dispatcher, and dies
(``os._exit``, as SIGKILL leaves it) right after the store wrote the act: a ticket's resolve,
before the read-back's 90-day acted-on mark is written after it. For
``test_review_gap_act_killed.py``.

``python -m tests.integrations.discord.act_dying_process CONFIG ISO``: the config the test
wrote (its store, its Discord workspace ``discord``), on a clock standing at ``ISO``."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app.chat import discord_bot
from bot.app.compose import open_app
from bot.core import keys as K
from bot.core.config import DiscordWorkspaceConfig, load_config
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.store import open_store
from tests.support.clock import FakeClock

DIED = 137


class DiesAfterResolving:
    """The real store; the process dies right after a write that resolved a ticket."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def apply(self, fx: Effects) -> bool:
        written = await self._inner.apply(fx)
        resolved = [w.id for w in fx.records.values()
                    if w.kind == K.TICKET and w.status == "resolved"]
        if written and resolved:
            sys.stderr.write(f"dying after resolving {resolved[0]}\n")
            sys.stderr.flush()
            os._exit(DIED)
        return written


async def main(config: str, iso: str) -> None:
    loaded = load_config(Path(config))
    clock = FakeClock(datetime.fromisoformat(iso))
    store = DiesAfterResolving(await open_store(loaded.config.store, redis_url=None,
                                                clock=clock))
    async with open_app(loaded, clock=clock, env={}, owner="dies",
                        store=store) as app:
        wc = loaded.config.workspace("discord")
        assert isinstance(wc, DiscordWorkspaceConfig)

        def person_of(workspace: str, user: str) -> str | None:
            person = app.directory.person_for(workspace, user)
            return person.id if person else None

        marks: Any = store  # the store it dies in, wired as ``socialops run`` wires it
        bot = discord_bot(wc, handler=app.dispatcher, identity=person_of, marks=marks,
                          clock=clock, guild_ready_timeout=0.05)
        await bot.start(wc.token)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:3]))
