"""A 429 one process got holds for every process: a real process delivering to the local
wire-level Slack is answered 429 with ``Retry-After: 30``; a second process (this one, on the
same redis-server) then posts nothing to that channel until the 30 seconds are over, and then
every card once, in order."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.untimed  # the 30 s are an injected clock's (tests/chaos/conftest.py)

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ALERTS = "CALERTS"

RULES = """
routes:
  - {name: outage, match: {any: [outage]}, channel: alerts}
"""

CONFIG = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces:
  - {{name: slack, type: slack, bot_token: "{token}", signing_secret: s3cret, api_url: "{api}"}}
channels:
  alerts: {{workspace: slack, id: {alerts}}}
outbox: {{per_channel_per_second: 1000, burst: 1000}}  # no pacing waits: the 429 is the subject
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: redis, redis_url: "{redis}"}}
"""


async def test_a_retry_after_one_process_got_holds_the_channel_in_every_process(
        tmp_path: Path, redis_server: RedisServer) -> None:
    redis_server.flushall()
    async with FakeSlack() as slack:
        (tmp_path / "rules.yaml").write_text(RULES)
        (tmp_path / "empty.jsonl").write_text("")
        config = tmp_path / "socialops.yaml"
        config.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", token=slack.token,
                                        api=slack.api_url, alerts=ALERTS,
                                        redis=redis_server.url))
        clock = FakeClock(START)
        async with open_app(load_config(config), clock=clock, out=io.StringIO()) as app:
            await app.pipeline.process_batch([Mention(
                id=f"mastodon:{i}", network="mastodon", source="feed",
                text=f"acme outage #{i}", author=Author(id=f"a{i}", handle=f"u{i}"),
                created_at=START + timedelta(seconds=i)) for i in range(3)])
            slack.fail(method="chat.postMessage", status=429, error="ratelimited",
                       retry_after=30)
            other = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.chaos.boundary", "drain", str(config), "-",
                START.isoformat(), cwd=ROOT, stderr=asyncio.subprocess.PIPE,
                env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
                     "PYTHONPATH": str(ROOT)})
            _, err = await asyncio.wait_for(other.communicate(), 60)
            assert other.returncode == 0, err.decode()[-3000:]
            assert len(slack.calls_to("chat.postMessage")) == 1  # the one answered 429
            assert slack.messages[ALERTS] == []
            for seconds in (1, 15, 29):
                clock.now = START + timedelta(seconds=seconds)
                await app.outbox.drain()
                assert len(slack.calls_to("chat.postMessage")) == 1, seconds
            clock.now = START + timedelta(seconds=31)
            await app.outbox.drain()
    texts = [m["text"] for m in slack.messages[ALERTS]]
    assert texts == [f"alert: Mastodon mention by @u{i}" for i in range(3)]
