"""A muted digest subscription's held digest (docs/rules.md: its digest due during the mute
waits, posts kept, for the first window's end after it) through real processes dying at its
writes, on one SQLite file and on one redis-server: the process firing the digest timer dies
right after taking it while the mute holds it (``tests.chaos.boundary timers ... took
digest``), two processes then race through the timers; after the mute, the one firing the
held digest dies right after writing it (``sent digest``), or a process delivering it dies
right after the chat showed it (``drain ... post/1``), and the redis-server is killed and
started again on its AOF meanwhile. One digest, after the mute, of every post collected
before it (one matched during the mute is suppressed, as docs/rules.md says): none lost,
none twice, nothing posted during the mute.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED, here
from tests.chaos.test_review_spike_ends import boundary, epoch_checked
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = 30

CONFIG = """
sources:
  - {{id: feed, type: replay, path: {empty}}}
workspaces: [{{name: console, type: console}}]
channels:
  support: {{workspace: console, id: support}}
people: [{{id: dave, role: agent, identities: {{console: dave}}}}]
spikes: {{enabled: false}}
store: {store}
"""


def setup(tmp: Path, redis: RedisServer | None) -> Path:
    (tmp / "empty.jsonl").write_text("")
    store = (f"{{backend: sqlite, path: {tmp / 's.db'}, lease_seconds: {LEASE}}}"
             if redis is None else
             f'{{backend: redis, redis_url: "{redis.url}", lease_seconds: {LEASE}}}')
    config = tmp / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp / "empty.jsonl", store=store))
    return config


def digests(record: Path) -> list[dict[str, object]]:
    rows = [json.loads(x) for x in record.read_text().splitlines()] if record.exists() else []
    return [r for r in rows if r["op"] == "post" and str(r["key"]).startswith("digest:")]


async def say(app: App, line: str) -> str:
    reply = await app.dispatcher.handle(parse_command(line).interaction(
        workspace="console", channel="support", user="dave"))
    return reply.text


async def mention(app: App, n: int, at: datetime) -> None:
    await app.pipeline.process_batch([Mention(
        id=f"mastodon:{n}", network="mastodon", source="feed",
        text=f"what is your pricing for teams? ({n})", author=Author(id=f"a{n}", handle=f"u{n}"),
        created_at=at)])


def at(hours: int, minutes: int) -> datetime:
    return START + timedelta(hours=hours, minutes=minutes)


@pytest.mark.untimed  # each death at a named write, each process after the last
@pytest.mark.parametrize(("backend", "after_mute"), [
    (backend, after) for backend in ("sqlite", "redis")
    for after in ("sent digest", "post/1", "redis restart")
    if backend == "redis" or after != "redis restart"])  # a Redis restart: Redis only
async def test_a_held_digest_is_posted_once_after_the_mute_through_crashes(
        tmp_path: Path, backend: str, after_mute: str) -> None:
    redis = RedisServer(tmp_path / "redis", appendonly=True).start() \
        if backend == "redis" else None
    try:
        config = setup(tmp_path, redis)
        record = tmp_path / "record.jsonl"
        clock = FakeClock(START)
        async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                            record_path=record) as app:
            await app.start()
            made = await say(app, "subscribe pricing digest=hourly")
            assert made.startswith("S-1 created"), made
            clock.now = at(0, 5)
            await mention(app, 1, clock.now)
            clock.now = at(0, 8)
            await mention(app, 3, clock.now)
            clock.now = at(0, 10)
            muted = await say(app, "mute S-1 3h launch week")  # until 12:10
            assert muted.startswith("S-1 muted until"), muted

            # 10:00's digest, held by the mute: its first taker dies, two race on
            died = boundary("timers", str(config), str(record), at(1, 1).isoformat(),
                            "took digest")
            assert died.returncode == DIED, died.stderr.decode()[-3000:]
            for _ in range(2):  # each a process of its own after the last: this one's
                await here("timers", str(config), str(record), at(1, 3).isoformat())
            clock.now = at(2, 0)
            await mention(app, 2, clock.now)  # during the mute: suppressed (docs/rules.md)
            for h, m in ((2, 1), (3, 0), (3, 5)):  # 11:00, 12:00: still muted
                clock.now = at(h, m)
                await app.runtime().fire_due_timers()
                await app.outbox.drain()
            assert digests(record) == [], digests(record)

            # 13:00, the first window's end after the mute
            if after_mute == "sent digest":
                died = boundary("timers", str(config), str(record), at(4, 1).isoformat(),
                                "sent digest")
                assert died.returncode == DIED, died.stderr.decode()[-3000:]
            else:
                await here("timers", str(config), str(record), at(4, 1).isoformat())
                assert digests(record) == []  # queued, not delivered
                if after_mute == "post/1":
                    died = boundary("drain", str(config), str(record), at(4, 1).isoformat(),
                                    "-", "post/1")
                    assert died.returncode == DIED, died.stderr.decode()[-3000:]
                    assert len(digests(record)) == 1  # shown, not recorded
                else:
                    assert redis is not None and redis.proc is not None
                    redis.proc.kill()
                    redis.proc.wait()
                    redis.start()
                    assert await epoch_checked(app)
            for _ in range(2):
                await here("timers", str(config), str(record), at(4, 3).isoformat())
            for h, m in ((4, 4), (5, 1), (6, 1)):
                clock.now = at(h, m)
                await app.runtime().fire_due_timers()
                await app.outbox.drain()
            assert not await app.store.list_outbox(status="pending")
        posted = digests(record)
        assert len(posted) == 1, posted
        assert "2 mentions" in str(posted[0]["title"]), posted
        text = str(posted[0]["text"])
        assert "(1)" in text and "(3)" in text and "(2)" not in text, posted
    finally:
        if redis is not None:
            redis.stop()


@pytest.mark.untimed  # each process after the last, on an injected clock
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_an_unmuted_digest_is_posted_at_the_next_window_not_the_old_mutes_end(
        tmp_path: Path, backend: str) -> None:
    """`mute S-1 3h` at 09:10 (until 12:10), the 10:00 digest held by it, then `unmute S-1`
    typed at 10:30 in another process ("its matches are delivered again"): the digest waited
    for 13:00, the first window's end after the mute as it was when the digest fell due, and
    a post made after the unmute with it; nothing was posted at 11:00 or 12:00. The mute ended
    at 10:30: the first window's end after it is 11:00 (docs/rules.md)."""
    redis = RedisServer(tmp_path / "redis", appendonly=True).start() \
        if backend == "redis" else None
    try:
        config = setup(tmp_path, redis)
        record = tmp_path / "record.jsonl"
        clock = FakeClock(START)
        async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                            record_path=record) as app:
            await app.start()
            assert (await say(app, "subscribe pricing digest=hourly")).startswith("S-1 created")
            clock.now = at(0, 5)
            await mention(app, 1, clock.now)
            clock.now = at(0, 10)
            assert (await say(app, "mute S-1 3h launch week")).startswith("S-1 muted until")
            await here("timers", str(config), str(record), at(1, 1).isoformat())  # 10:00: held
            go = tmp_path / "go"
            go.touch()
            said = boundary("say", str(config), str(record), at(1, 30).isoformat(), str(go),
                            "dave", "unmute S-1")
            assert said.returncode == 0, said.stderr.decode()[-3000:]
            assert "unmuted" in said.stdout.decode(), said.stdout.decode()
            clock.now = at(1, 45)
            await mention(app, 3, clock.now)
            for h, m in ((2, 1), (2, 5)):  # 11:00
                clock.now = at(h, m)
                await app.runtime().fire_due_timers()
                await app.outbox.drain()
        posted = digests(record)
        assert len(posted) == 1, posted
        text = str(posted[0]["text"])
        assert "(1)" in text and "(3)" in text, posted
    finally:
        if redis is not None:
            redis.stop()
