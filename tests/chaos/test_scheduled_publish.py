"""A scheduled post is published once, through real processes killed at the publish timer's
write boundaries, on a real redis-server and on one SQLite file (``tests.chaos.boundary
timers``): a draft approved before its time waits on its ``publish_at:A-1`` timer; at its time
a process takes the timer and dies right after taking it, after claiming the draft (before the
network call), after the network took the post (before the store heard, so before the timer is
done with), or after recording it. Once the leases have lapsed, two processes fire the timers
at the same moment; this one settles what is left. The network (the sandbox publisher's file,
shared by every process, idempotent by key as Mastodon's Idempotency-Key is) holds the post
once, the draft is published once (one history entry, one audit row, one thread line), and a
post that went out late says so. Without a death, two processes racing the due timer publish
it once too.
"""

from __future__ import annotations

import asyncio
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from tests.chaos.boundary import DIED
from tests.chaos.test_claim_races import START, Setup, say
from tests.chaos.test_snooze_ends import settle, thread_lines
from tests.chaos.test_timer_races import timers_process
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

DUE = 60.0  # minutes after START: `at=1h`


def fire(s: Setup, minutes: float, at: str = "none", *, n: int = 1) -> None:
    """``n`` processes firing the timers due ``minutes`` after START at once, each dying at
    ``at`` (or, with ``none``, ending on their own)."""
    procs = [timers_process(s.config, s.record, START + timedelta(minutes=minutes), at)
             for _ in range(n)]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == (0 if at == "none" else DIED), err.decode()[-3000:]


def posts(s: Setup) -> list[dict[str, str]]:
    return [json.loads(x) for x in s.sandbox.read_text().splitlines()] \
        if s.sandbox.exists() else []


async def scheduled(app: App) -> str:
    """A-1, drafted for an hour from START and approved: waiting for its time."""
    answer = await say(app, "alice", "draft mastodon brand at=1h Our winter sale starts now")
    assert answer.endswith("it publishes at 2026-11-23 10:00 UTC once approved"), answer
    approval = await app.store.get_approval("A-1")
    assert approval is not None
    assert await say(app, "dave", f"approve A-1 {approval.content_hash[:16]}") == \
        "A-1 approved; publishes at 2026-11-23 10:00 UTC"
    await app.outbox.drain()
    return approval.content_hash


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
# the timer beat's first write is the digests' schedule held (``hold_schedule``): the draft's
# claim is the second, its record the third
@pytest.mark.parametrize("at", ["none", "took publish_at", "apply/2", "network", "apply/3"])
async def test_a_scheduled_post_is_published_once_through_a_crash_and_a_race(
        tmp_path: Path, redis_server: RedisServer, backend: str, at: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        digest = await scheduled(app)
        await settle(app, clock, DUE - 1)  # a minute early: nothing (this process fires
        # what is due then, as a process of its own would: one fewer start-up a case)
        assert posts(s) == []
        before = len(thread_lines(s.record))
        end = DUE
        if at != "none":
            await asyncio.to_thread(fire, s, DUE, at)  # dies at the boundary
            died = await app.store.get_approval("A-1")
            assert died is not None and (died.status, len(posts(s))) == {
                "took publish_at": ("approved", 0), "apply/2": ("publishing", 0),
                "network": ("publishing", 1), "apply/3": ("published", 1)}[at]
            # past the timer's lease and the draft's publishing lease, whichever holds it
            end += max(app.timers.lease_seconds,
                       app.approvals.config.publish_lease_seconds) / 60 + 1
        await asyncio.to_thread(fire, s, end, n=2)  # two processes race the due timer
        await settle(app, clock, end + 1)

        [post] = posts(s)
        assert post["text"] == "Our winter sale starts now"
        assert post["key"] == f"socialops-A-1-{digest[:16]}"  # the one idempotency key
        approval = await app.store.get_approval("A-1")
        assert approval is not None and approval.status == "published"
        assert [h.action for h in approval.history].count("published") == 1
        audit = [e.action for e in await app.store.audit_since(None)]
        assert audit.count("approval.published") == 1
        published = [x for x in thread_lines(s.record)[before:] if "published" in x]
        assert published == [f"socialops published: {post['url']}"
                             + (f", {end - DUE:.0f} min late (due 2026-11-23 10:00 UTC)"
                                if at in ("took publish_at", "apply/2", "network") else "")
                             ], published
        assert await app.store.timer_due("publish_at:A-1") is None
        assert await app.store.timer_due("publish:A-1") is None
