"""A spike found while its series' warnings were muted, still going when the mute ends: its
warning is given then (as Alertmanager notifies at a silence's end for an alert still
firing), once, through what ``test_review_spike_ends.py`` puts a spike's end through: the
process checking dies right after taking the check, or right after writing the warning
(before it is delivered); two processes then go through the checks one after the other on
the same SQLite file or redis-server, and this one delivers. One warning, never two, never
none (a review of spike mutes, 2026-12-07)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED, here
from tests.chaos.test_review_spike_ends import LEASE, START, boundary, warnings
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

CONFIG = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
people:
  - {{id: carol, role: lead}}
spikes: {{warmup_minutes: 0, min_count: 3, cooldown_minutes: 30}}
rules: rules.yaml
store: {store}
"""


def setup(tmp: Path, redis: RedisServer | None) -> Path:
    (tmp / "rules.yaml").write_text(
        "routes:\n  - {name: outage, match: {any: [outage]}, channel: alerts}\n")
    (tmp / "empty.jsonl").write_text("")
    store = (f"{{backend: sqlite, path: {tmp / 's.db'}, lease_seconds: {LEASE}}}"
             if redis is None else
             f'{{backend: redis, redis_url: "{redis.url}", lease_seconds: {LEASE}}}')
    config = tmp / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp / "empty.jsonl", store=store))
    return config


async def outage_posts(app: App, clock: FakeClock, minute: int) -> None:
    """Eight outage posts at ``minute``, the timers due then fired, the outbox drained."""
    clock.now = START + timedelta(minutes=minute)
    await app.pipeline.process_batch([Mention(
        id=f"mastodon:{minute}-{i}", network="mastodon", source="feed",
        text=f"acme outage, nothing loads ({minute}, {i})", author=Author(id=f"a{i}",
                                                                           handle=f"u{i}"),
        created_at=clock.now) for i in range(8)])
    clock.now += timedelta(minutes=1)
    await app.runtime().fire_due_timers()
    await app.outbox.drain()


@pytest.mark.untimed  # each death at a named write; the restart between two steps
@pytest.mark.parametrize("at", ["took spikes", "sent spike"])
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_spike_going_on_as_its_mute_ends_is_warned_of_once_through_a_crash(
        tmp_path: Path, backend: str, at: str, request: pytest.FixtureRequest) -> None:
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, redis)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()  # arms the spike check
        said = await app.dispatcher.handle(parse_command("mute spikes outage 10m").interaction(
            workspace="console", channel="alerts", user="carol"))
        assert said.ok, said.text
        await outage_posts(app, clock, 0)  # found at 09:01, muted
        await outage_posts(app, clock, 5)  # going on
        assert warnings(record) == []
        when = START + timedelta(minutes=11)  # the mute ended at 09:10, the burst goes on
        died = boundary("timers", str(config), str(record), when.isoformat(), at)
        assert died.returncode == DIED, died.stderr.decode()[-3000:]
        for _ in range(2):  # the dead one's timer lease lapsed; each after the last
            await here("timers", str(config), str(record),
                       (when + timedelta(minutes=2)).isoformat())
        for minute in (14, 15):
            clock.now = START + timedelta(minutes=minute)
            await app.runtime().fire_due_timers()
            await app.outbox.drain()
    assert len(warnings(record)) == 1, warnings(record)
