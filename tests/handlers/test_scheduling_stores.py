"""A scheduled draft's `schedule ... off` on each store (a SQLite file and a real
redis-server), through the approvals handler and the store's timers: the wait for approval it
had is kept, and a draft past its time publishes once, now."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from bot.core.config import ApprovalsConfig, PersonConfig
from bot.core.ports import PublishResult, Store
from bot.engine.effects import Applier, TimerLost
from handlers.approvals import ApprovalService, expiry_timer
from handlers.audit import Audit
from handlers.identity import Directory
from tests.conftest import FakeClock


class Network:
    network = "mastodon"

    def __init__(self) -> None:
        self.posts: list[str] = []

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        self.posts.append(idempotency_key)
        return PublishResult(id=str(len(self.posts)), url=f"https://m.example/{len(self.posts)}")


@pytest.fixture
def network() -> Network:
    return Network()


@pytest.fixture
def approvals(store: Store, clock: FakeClock, network: Network) -> ApprovalService:
    return ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"),
                             PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24), channels={},
        publishers={"masto": network}, zones={})


async def drafted(approvals: ApprovalService, when: str) -> str:
    approval, _ = await approvals.draft(text="Season's greetings", network="mastodon",
                                        account="masto", author="alice",
                                        publish_at=approvals.when(when))
    assert approval is not None
    return approval.id


async def test_off_keeps_the_wait_for_approval(approvals: ApprovalService, store: Store,
                                               clock: FakeClock) -> None:
    ident = await drafted(approvals, "in 3d")
    clock.advance(hours=36)
    assert (await approvals.schedule(ident, "alice", None)).text == \
        f"{ident} unscheduled: it publishes as soon as it is approved"
    due = await store.timer_due(expiry_timer(ident))
    assert due is not None and due > clock() + timedelta(hours=30), due
    for timer in await store.take_due(clock(), lease_seconds=60):
        await approvals.expire(timer)
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "pending"


async def test_off_past_its_time_publishes_once_now(approvals: ApprovalService, store: Store,
                                                    clock: FakeClock, network: Network) -> None:
    ident = await drafted(approvals, "in 2h")
    stored = await store.get_approval(ident)
    assert stored is not None
    reply = await approvals.approve(ident, "dave", shown_hash=stored.content_hash[:16])
    assert "publishes at" in reply.text and network.posts == []
    clock.advance(hours=3)
    reply = await approvals.schedule(ident, "alice", None)
    assert reply.text == (f"{ident} approved and published: https://m.example/1, 1 h late "
                          "(due 2026-11-23 11:00 UTC)"), reply.text
    for timer in await store.take_due(clock(), lease_seconds=60):  # the publish_at timer
        await approvals.publish_due(timer)
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "published" and len(network.posts) == 1
    later = await store.take_due(clock() + timedelta(days=1), lease_seconds=60)
    assert [t.id for t in later if not t.id.startswith("expire:")] == []  # no publish timer


async def test_off_racing_the_due_timer_publishes_once(approvals: ApprovalService, store: Store,
                                                      clock: FakeClock,
                                                      network: Network) -> None:
    """`schedule A-1 off` and the publish_at timer at once (the timer taken, its run and the
    command interleaved on the store): one claim wins, one post."""
    ident = await drafted(approvals, "in 2h")
    stored = await store.get_approval(ident)
    assert stored is not None
    await approvals.approve(ident, "dave", shown_hash=stored.content_hash[:16])
    clock.advance(hours=2, minutes=1)
    [timer] = [t for t in await store.take_due(clock(), lease_seconds=60)
               if t.id.startswith("publish_at:")]
    answers = await asyncio.gather(approvals.schedule(ident, "alice", None),
                                   approvals.publish_due(timer), return_exceptions=True)
    assert not any(isinstance(a, BaseException) and not isinstance(a, TimerLost)
                   for a in answers), answers
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "published" and len(network.posts) == 1
    for late in await store.take_due(clock() + timedelta(hours=1), lease_seconds=60):
        if late.id.startswith("publish"):
            await approvals.publish_due(late)
    assert len(network.posts) == 1
