"""A real process holding a socialops bot on the local Discord, for
``test_review_form_killed.py``: it takes a form's submit and is killed (SIGKILL, by the test)
while the form runs, after its run-once marks were written and before the run answered.

``python -m tests.integrations.discord.form_process BACKEND TARGET ISO API GATEWAY APP GUILD
ENTERED``: the store is ``sqlite`` (``TARGET`` its file) or ``redis`` (``TARGET`` its URL), on a
clock standing at ``ISO``; the bot's interactions go to a handler that creates ``ENTERED`` and
then waits for ever, as a run cut short by the kill would."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig, StoreConfig
from bot.store import open_store
from integrations.discord.bot import SocialopsBot
from tests.support.clock import FakeClock

ALICE = "1000000000000000100"


class Hangs:
    def __init__(self, entered: Path) -> None:
        self.entered = entered

    async def handle(self, interaction: Interaction) -> Reply:
        self.entered.write_text(interaction.action)
        await asyncio.Event().wait()
        raise AssertionError("never")


async def main(backend: str, target: str, iso: str, api: str, gateway: str, app: str,
               guild: str, entered: str) -> None:
    clock = FakeClock(datetime.fromisoformat(iso))
    cfg = (StoreConfig(backend="sqlite", path=target) if backend == "sqlite"
           else StoreConfig(backend="redis"))
    store = await open_store(cfg, redis_url=target if backend == "redis" else None,
                             clock=clock)
    ws = DiscordWorkspaceConfig(type="discord", name="discord", token="fake-token",
                                application_id=app, api_url=api, gateway_url=gateway,
                                guild_id=guild)
    bot = SocialopsBot(ws, handler=Hangs(Path(entered)),
                       identity=lambda w, u: "alice" if u == ALICE else None,
                       guild_ready_timeout=0.05, mark_seen=store.mark_seen,
                       forget_seen=store.forget_seen, claim_value=store.claim_value)
    await bot.start(ws.token)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:9]))
