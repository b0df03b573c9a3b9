"""A card waiting for its channel's pace must not outlive the claim it waits under. Two real
processes on one real redis-server post to the local wire-level Slack; one of them claims a
card whose channel's pace asks it to wait longer than its lease (``per_channel_per_second``
below one card per lease, or a process whose clock is behind the others': the pace another
process stored is then in its future), and is stalled in that wait
(``tests.chaos.boundary drain ... HOLD``). The other process takes the card over once the lease
has lapsed and posts it; the card must reach Slack once. And a pace stored by a clock ahead
of the reader's (an hour) holds its channel one interval at most, not the hour.
"""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.procs import ROOT, until_set
from tests.chaos.test_cli_beside_run import Served
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

# injected clocks; the stalled process waits for a file
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SUPPORT = "CSUPPORT"


def _config(tmp_path: Path, slack: Served, *, per_second: float, store: str) -> Path:
    """A config posting outage posts to the local Slack's support channel, one card at a
    time (``burst: 1``) at ``per_second``, on ``store`` (YAML)."""
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: outage, match: {any: [outage]}, channel: support}\n")
    (tmp_path / "empty.jsonl").write_text("")
    config = tmp_path / "socialops.yaml"
    config.write_text(f"""\
sources:
  - {{id: feed, type: replay, path: {tmp_path / 'empty.jsonl'}}}
workspaces: [{{name: acme, type: slack, bot_token: {slack.slack.token}, signing_secret: s,
              api_url: '{slack.slack.api_url}'}}]
channels:
  support: {{workspace: acme, id: {SUPPORT}}}
spikes: {{enabled: false}}
outbox: {{per_channel_per_second: {per_second}, burst: 1}}
rules: rules.yaml
store: {store}
""")
    return config


@pytest.fixture
def slack() -> Iterator[Served]:
    served = Served()  # it holds only a post to #alerts, which this test has not
    yield served
    served.close()


async def test_a_card_whose_pace_wait_outlives_its_lease_is_posted_once(
        tmp_path: Path, redis_server: RedisServer, slack: Served) -> None:
    """Before 2026-11-30 the first process slept out the pace (100 s) holding a 30 s claim;
    the second took the card over, looked for it, found nothing and posted it; the first then
    woke and posted it again, without looking (its claim was the first)."""
    redis_server.flushall()
    config = _config(tmp_path, slack, per_second=0.01, store=(
        f'{{backend: redis, redis_url: "{redis_server.url}", lease_seconds: 30}}'))
    hold = tmp_path / "hold"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO()) as app:
        await app.pipeline.process_batch([Mention(
            id=f"mastodon:{i}", network="mastodon", source="feed", text=f"acme outage ({i})",
            author=Author(id=f"a{i}", handle=f"u{i}"), created_at=START) for i in (1, 2)])
        assert await app.outbox.drain_once() == 1  # the first card; the pace: the next in 100 s
        first = subprocess.Popen(
            [sys.executable, "-m", "tests.chaos.boundary", "drain", str(config), "-",
             (START + timedelta(seconds=1)).isoformat(), str(hold)],
            cwd=ROOT, stderr=subprocess.PIPE,
            env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
                 "PYTHONPATH": str(ROOT)})
        try:
            # stalled in the pace's wait (before), or done having put the card back (now)
            await asyncio.to_thread(until_set, first, hold.with_suffix(".ready"))
            # past the first one's lease and the pace: this process delivers the card
            clock.now = START + timedelta(seconds=101)
            await app.outbox.drain()
        finally:
            hold.touch()
            _, err = await asyncio.to_thread(first.communicate, timeout=60)
    assert first.returncode == 0, err.decode()[-3000:]
    got = slack.cards()
    assert sorted(k for _, k in got) == ["mastodon:1|outage", "mastodon:2|outage"], got
    assert max(got.values()) == 1, got


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_pace_stored_by_a_clock_an_hour_ahead_holds_a_channel_one_interval_at_most(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest, slack: Served) -> None:
    """A card posted while the machine's clock was an hour fast (NTP then steps it back), or
    by another process whose clock is: the channel's pace is stored an hour ahead of the
    clock of the process that delivers the next card. That card waits for the channel's pace
    (one card a second here) at most, never the hour: before 2026-12-01 it was put back an
    hour, and the channel was silent that long."""
    if backend == "redis":
        redis: RedisServer = request.getfixturevalue("redis_server")
        redis.flushall()
        store = f'{{backend: redis, redis_url: "{redis.url}"}}'
    else:
        store = f"{{backend: sqlite, path: {tmp_path / 's.db'}}}"
    config = _config(tmp_path, slack, per_second=1, store=store)
    ahead = FakeClock(START + timedelta(hours=1))
    async with open_app(load_config(config), clock=ahead, out=io.StringIO()) as app:
        await app.pipeline.process_batch([Mention(
            id="mastodon:1", network="mastodon", source="feed", text="acme outage (1)",
            author=Author(id="a1", handle="u1"), created_at=START)])
        assert await app.outbox.drain() == 1
        app.clock.now = START  # type: ignore[attr-defined]  # stepped back
        await app.pipeline.process_batch([Mention(
            id="mastodon:2", network="mastodon", source="feed", text="acme outage (2)",
            author=Author(id="a2", handle="u2"), created_at=START)])
    # the next process to deliver, its clock an hour behind the pace stored
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "tests.chaos.boundary", "drain", str(config),
                         "-", (START + timedelta(seconds=1)).isoformat()],
        cwd=ROOT, capture_output=True, timeout=120, check=False,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    got = slack.cards()
    assert sorted(k for _, k in got) == ["mastodon:1|outage", "mastodon:2|outage"], got
    assert max(got.values()) == 1, got
