"""Digests and the daily receipt come on the wall clock (``digests.at``, ``health.receipt_at``):
real processes on one SQLite file or one redis-server fire them (``tests.chaos.boundary
timers``: a process that fires what is due at its clock, or dies right after taking a timer or
writing its card), killed at a window's end, restarted after it or after several, or racing
another at it. Every window's digest and every day's receipt comes once; none is lost, none
doubled, none sent before its window ended.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

DAY = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday; receipts at 09:00 UTC

CONFIG = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  product: {{workspace: console, id: product}}
  ops: {{workspace: console, id: ops}}
ops_channel: ops
spikes: {{enabled: false}}
health: {{receipt_at: "09:00", warmup_hours: 1000}}
rules: rules.yaml
store: {store}
"""

RULES = """
routes:
  - {name: outage, match: {any: [outage]}, channel: alerts}
  - {name: product, match: {any: [feature]}, action: digest, channel: product, interval: 1h}
"""


def setup(tmp: Path, redis: RedisServer | None) -> Path:
    (tmp / "rules.yaml").write_text(RULES)
    (tmp / "empty.jsonl").write_text("")
    store = (f"{{backend: sqlite, path: {tmp / 's.db'}}}" if redis is None else
             f'{{backend: redis, redis_url: "{redis.url}"}}')
    config = tmp / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp / "empty.jsonl", store=store))
    return config


def fire(config: Path, record: Path, now: datetime, at: str = "none"
         ) -> subprocess.Popen[bytes]:
    """A process of its own that fires the timers due at ``now`` (its clock), or dies at
    ``at``."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "timers", str(config), str(record),
         now.isoformat(), at], cwd=ROOT, stderr=subprocess.PIPE,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})


def ended(p: subprocess.Popen[bytes], code: int = 0) -> None:
    _, err = p.communicate(timeout=120)
    assert p.returncode == code, err.decode()[-3000:]


def posts(record: Path, kind: str) -> list[dict[str, str]]:
    rows = [json.loads(x) for x in record.read_text().splitlines()] if record.exists() else []
    return [r for r in rows if r["op"] == "post" and r["key"].startswith(kind)]


async def post(app: App, n: int, text: str) -> None:
    await app.pipeline.process_batch([Mention(
        id=f"mastodon:{n}", network="mastodon", source="feed", text=f"acme {text} ({n})",
        author=Author(id=f"a{n}", handle=f"u{n}"), created_at=app.clock())])


def store_of(backend: str, request: pytest.FixtureRequest) -> RedisServer | None:
    if backend == "sqlite":
        return None
    redis: RedisServer = request.getfixturevalue("redis_server")
    redis.flushall()
    return redis


# when the bot comes back after a day of cards (the receipt for it is due the next day at
# 09:00), and where the process firing it dies first ("none": it does not)
RECEIPT_CASES = [
    ("next morning", timedelta(days=1, minutes=5), "none"),
    ("next morning, died holding the timer", timedelta(days=1, minutes=5), "took receipt"),
    ("next morning, died having written it", timedelta(days=1, minutes=5), "sent receipt"),
    ("the day after, before its 09:00", timedelta(days=2, hours=-2), "none"),
    ("three days later, died holding the timer", timedelta(days=3, hours=1), "took receipt"),
]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize(("case", "back", "dies"), RECEIPT_CASES,
                         ids=[c[0] for c in RECEIPT_CASES])
async def test_a_days_receipt_comes_once_whenever_the_bot_comes_back(
        tmp_path: Path, backend: str, case: str, back: timedelta, dies: str,
        request: pytest.FixtureRequest) -> None:
    config = setup(tmp_path, store_of(backend, request))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.start()  # arms the receipt: tomorrow at 09:00
        await post(app, 1, "outage, nothing loads")
        await app.outbox.drain()
        # the bot is down from here; a process comes back at ``back`` (and dies, maybe)
        if dies != "none":
            ended(fire(config, record, DAY + back, dies), DIED)
        # the next process, its lease lapsed, and another beside it at the same moment
        later = DAY + back + timedelta(minutes=2)
        racing = [fire(config, record, later) for _ in range(2)]
        for p in racing:
            ended(p)
        clock.now = later
        await app.outbox.drain()
    receipts = [r["title"] for r in posts(record, "receipt:")]
    assert receipts == ["Delivery receipt for 2026-11-23 (UTC)"], (case, receipts)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["none", "took digest", "sent digest"])
async def test_each_hours_digest_comes_once_through_deaths_and_races_at_its_end(
        tmp_path: Path, backend: str, dies: str, request: pytest.FixtureRequest) -> None:
    """Posts at 10:20 (the 10:00-11:00 window), then the bot is down until 13:30, when
    it comes back (the process firing the timers dies first, maybe) and two processes fire
    the due timers at once; a post at 13:40, and two processes at 14:00. One digest for
    each window that had posts, none before its end."""
    config = setup(tmp_path, store_of(backend, request))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY + timedelta(minutes=20))
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        for n in (1, 2):
            await post(app, n, "feature request: exports")
        clock.now = DAY + timedelta(minutes=59, seconds=59)  # just before the window's end
        await app.runtime().fire_due_timers()
        await app.outbox.drain()
        assert posts(record, "digest:") == []
        back = DAY + timedelta(hours=3, minutes=30)
        if dies != "none":
            ended(fire(config, record, back, dies), DIED)
        back += timedelta(minutes=2)  # the dead one's lease has lapsed
        for p in [fire(config, record, back) for _ in range(2)]:
            ended(p)
        clock.now = back
        await app.outbox.drain()
        assert len(posts(record, "digest:")) == 1
        clock.now = DAY + timedelta(hours=3, minutes=40)
        await post(app, 3, "feature request: dark mode")
        clock.now = DAY + timedelta(hours=3, minutes=59, seconds=59)
        await app.runtime().fire_due_timers()
        await app.outbox.drain()
        assert len(posts(record, "digest:")) == 1  # not before its window ends
        for p in [fire(config, record, DAY + timedelta(hours=4)) for _ in range(2)]:
            ended(p)
        clock.now = DAY + timedelta(hours=4, minutes=1)
        await app.runtime().fire_due_timers()
        await app.outbox.drain()
    digests = [r["title"] for r in posts(record, "digest:")]
    assert digests == ["Digest for product: 2 mentions", "Digest for product: 1 mention"], \
        digests


@pytest.mark.untimed  # one process after another, each on its own injected clock
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_digest_made_daily_comes_daily_though_posts_keep_coming(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """The rules change an hourly digest to a daily one while its window holds posts: that
    window's digest comes at its end (11:00) with the posts it collected, and the posts
    decided under the new rules (by other processes) come in the next day's digest at 09:00,
    not each hour. Before 2026-12-01 the old window's timer, re-armed from what it was
    armed with, kept the digest hourly for as long as posts kept coming."""
    config = setup(tmp_path, store_of(backend, request))
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY + timedelta(minutes=20))
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"}, "PYTHONPATH": str(ROOT)}

    def decide(n: int, at: datetime) -> None:
        """A process of its own, reading the rules file as it is now, decides post ``n``."""
        mentions, hold = tmp_path / f"m{n}.jsonl", tmp_path / f"hold{n}"
        mentions.write_text(Mention(
            id=f"mastodon:{n}", network="mastodon", source="feed",
            text=f"acme feature request ({n})", author=Author(id=f"a{n}", handle=f"u{n}"),
            created_at=at).model_dump_json() + "\n")
        hold.touch()
        done = subprocess.run(
            [sys.executable, "-m", "tests.chaos.boundary", "process", str(config),
             at.isoformat(), str(mentions), str(hold)], cwd=ROOT, capture_output=True,
            timeout=120, check=False, env=env)
        assert done.returncode == 0, done.stderr.decode()[-3000:]

    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        for n in (1, 2):
            await post(app, n, "feature request: exports")
        (tmp_path / "rules.yaml").write_text(RULES.replace("interval: 1h", "interval: 1d"))
        decide(3, DAY + timedelta(minutes=50))
        for at in (DAY + timedelta(hours=1, minutes=1), DAY + timedelta(hours=2, minutes=1)):
            decide(4 if at.hour == 11 else 5, at - timedelta(minutes=1))
            ended(fire(config, record, at))
        ended(fire(config, record, DAY + timedelta(hours=23, minutes=1)))  # 09:01 next day
        clock.now = DAY + timedelta(hours=23, minutes=2)
        await app.outbox.drain()
    digests = [r["title"] for r in posts(record, "digest:")]
    assert digests == ["Digest for product: 2 mentions", "Digest for product: 3 mentions"], \
        digests
