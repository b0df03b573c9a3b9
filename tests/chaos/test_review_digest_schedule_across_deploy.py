"""A rolling deploy moving a daily digest from 09:00 to 17:00 (``digests.at``): the old
release's process (09:00) still runs beside the new one (17:00) on one store, a SQLite file or
a redis-server, each a real process of its own (this test's, and the new release's
subprocesses), each on its injected clock.

Decided: the schedule the process started last recorded in the store (``App.start``) is the
one every process counts digest windows on, so the old process follows the new one's 17:00
while both run. Before, the old process posted a digest at its own 09:00 (what it fired there
was a window's end on its schedule) and, deciding a post, pulled the timer the new process
had armed at 17:00 to its 09:00 (``Effects.sooner``): the team got its digest at the time it
had just moved it from.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.procs import ROOT
from tests.chaos.test_review_digest_move_kills import at
from tests.chaos.test_review_gone_digest_kills import drain
from tests.chaos.test_wall_clock import DAY, ended, fire, post, posts, setup, store_of
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

ENV = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"}, "PYTHONPATH": str(ROOT)}


def release(config: Path, when: str) -> Path:
    """The new release's config beside ``config`` (the same store), its digests at ``when``."""
    new = config.parent / "new" / config.name
    new.parent.mkdir()
    shutil.copy(config, new)
    shutil.copy(config.parent / "rules.yaml", new.parent / "rules.yaml")
    at(new, when)
    return new


def started(config: Path, now: datetime) -> None:
    """A process of ``config``'s release starting at ``now`` (its clock), then stopping."""
    done = subprocess.run([sys.executable, "-m", "tests.chaos.boundary", "start", str(config),
                           now.isoformat()], cwd=ROOT, capture_output=True, timeout=120,
                          check=False, env=ENV)
    assert done.returncode == 0, done.stderr.decode()[-3000:]


def decided(config: Path, n: int, now: datetime) -> None:
    """A process of ``config``'s release deciding post ``n``, written at ``now``."""
    mentions, hold = config.parent / f"m{n}.jsonl", config.parent / f"hold{n}"
    mentions.write_text(Mention(
        id=f"mastodon:{n}", network="mastodon", source="feed",
        text=f"acme feature request ({n})", author=Author(id=f"a{n}", handle=f"u{n}"),
        created_at=now).model_dump_json() + "\n")
    hold.touch()  # no stall: it writes at once
    done = subprocess.run([sys.executable, "-m", "tests.chaos.boundary", "process", str(config),
                           now.isoformat(), str(mentions), str(hold)], cwd=ROOT,
                          capture_output=True, timeout=120, check=False, env=ENV)
    assert done.returncode == 0, done.stderr.decode()[-3000:]


async def fired(app: App, clock: FakeClock, now: datetime) -> None:
    clock.now = now
    await app.runtime().fire_due_timers()
    await app.outbox.drain()


@pytest.mark.untimed  # processes one after another, each on its own injected clock
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_the_old_process_follows_the_schedule_the_new_one_recorded(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    redis: RedisServer | None = store_of(backend, request)
    config = setup(tmp_path, redis)
    at(config, "09:00")
    new = release(config, "17:00")
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY)  # Monday 10:00 UTC: the old release runs
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as old:
        await old.start()
        started(new, DAY + timedelta(hours=1))  # the deploy's new process, the old one still up
        clock.now = DAY + timedelta(hours=2)
        await post(old, 1, "feature request: exports")  # decided by the old process
        ended(fire(new, record, DAY + timedelta(hours=7)))  # the new one runs: its beat
        await fired(old, clock, DAY + timedelta(hours=7, minutes=1))  # Monday 17:01
        assert [r["title"] for r in posts(record, "digest:")] == [
            "Digest for product: 1 mention"]  # before: none (the old process armed 09:00)
        decided(new, 2, DAY + timedelta(hours=22))  # Tuesday 08:00, the new process: 17:00
        clock.now = DAY + timedelta(hours=22, minutes=30)
        await post(old, 3, "feature request: dark mode")  # the old process: pulled to 09:00
        ended(fire(new, record, DAY + timedelta(hours=23)))  # the new one still runs
        await fired(old, clock, DAY + timedelta(hours=23, minutes=1))  # Tuesday 09:01
        assert len(posts(record, "digest:")) == 1  # before: a digest at the old 09:00
        tuesday = DAY + timedelta(days=1, hours=7, minutes=1)  # 17:01
        ended(fire(new, record, tuesday))
        ended(drain(new, record, tuesday.isoformat()))
    digests = [r["title"] for r in posts(record, "digest:")]
    assert digests == ["Digest for product: 1 mention", "Digest for product: 2 mentions"], \
        digests


@pytest.mark.untimed  # processes one after another, each on its own injected clock
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_an_old_process_restarted_mid_deploy_yields_to_the_new_schedule(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """An old process that crashed and restarted during the deploy, after the new one started:
    it recorded its 09:00, started last, and every process followed it till a new one started
    again. It follows the schedule that replaced its own while a process of that one runs."""
    redis: RedisServer | None = store_of(backend, request)
    config = setup(tmp_path, redis)
    at(config, "09:00")
    new = release(config, "17:00")
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY)  # Monday 10:00 UTC: the old release runs
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as old:
        await old.start()
        started(new, DAY + timedelta(hours=1))  # the deploy's new process
        started(config, DAY + timedelta(hours=1, minutes=1))  # an old one restarted
        clock.now = DAY + timedelta(hours=1, minutes=2)
        await post(old, 1, "feature request: exports")
        monday = DAY + timedelta(hours=7, minutes=1)  # 17:01, the new process
        ended(fire(new, record, monday))
        ended(drain(new, record, monday.isoformat()))
    digests = [r["title"] for r in posts(record, "digest:")]
    assert digests == ["Digest for product: 1 mention"], digests  # before: none (at 09:00)
