"""A real process answering one command typed in a Slack channel, for
``test_review_gone_handoff_races.py``: ``python -m tests.chaos.slack_say CONFIG ISO GO USER
CHANNEL LINE`` opens the app of ``CONFIG`` (its Slack workspace the local Slack it names) on a
clock at ``ISO``, writes ``GO.USER`` and waits for ``GO`` (so two such processes act at the
same moment), answers ``LINE`` as typed by the Slack user ``USER`` in ``CHANNEL``, prints the
reply as JSON and delivers what the outbox holds."""

from __future__ import annotations

import asyncio
import io
import json
import sys
from datetime import datetime
from pathlib import Path

from bot.app.compose import open_app
from bot.core.commands import parse_command
from bot.core.config import load_config
from tests.conftest import FakeClock


async def say(config: Path, now: datetime, go: Path, user: str, channel: str,
              line: str) -> None:
    async with open_app(load_config(config), clock=FakeClock(now), out=io.StringIO()) as app:
        go.with_suffix(f".{user}").touch()
        while not go.exists():
            await asyncio.sleep(0.005)
        reply = await app.dispatcher.handle(parse_command(line).interaction(
            workspace="slack", channel=channel, user=user))
        print(json.dumps({"ok": reply.ok, "text": reply.text}), flush=True)
        await app.outbox.drain()


if __name__ == "__main__":
    asyncio.run(say(Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2]), Path(sys.argv[3]),
                    sys.argv[4], sys.argv[5], sys.argv[6]))
