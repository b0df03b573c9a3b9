"""A withdraw that took over a draft whose publishing claim's lease ended (9887305), when the
process holding that claim was not dead but slow, on each store (a SQLite file and a real
redis-server), each process a service of its own on the same store. Its network call may
outlive the lease and post: the post is live, so the settle records it (the draft published,
the withdraw said to have come too late) rather than dropping the only knowledge of it. Paused
between its claim and its network call until after the lease (a long GC pause), it posts
nothing: the claim it holds has ended."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from bot.core.effects import Effects
from bot.core.models import Approval
from bot.core.ports import PublishResult, Store
from bot.engine.effects import Applier
from tests.handlers.test_withdraw_races import (
    Network,
    last_card_title,
    later_timers_publish_nothing,
    service,
)
from tests.support.clock import FakeClock


class Slow(Network):
    """A network call in flight until ``gate`` is set; ``started`` says it began."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()
        self.started = asyncio.Event()

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        self.started.set()
        return await super().publish(text, reply_to=reply_to, idempotency_key=idempotency_key,
                                     maybe_published=maybe_published,
                                     attempted_since=attempted_since)


async def stalled_past_its_lease(store: Store, clock: FakeClock, network: Network, *,
                                 stalled: asyncio.Event, applier: Applier | None = None,
                                 ) -> tuple[asyncio.Task[Any], Approval]:
    """alice's draft 'Launch day', approved by dave in a process (publishing to ``network``
    through ``applier``) that has stopped where ``stalled`` is set: its network call in flight
    (``Slow.started``) or its claim just written (``Paused.claimed``); the clock past the
    claim's lease (120 s): dave's approval, still running, and the draft as drafted."""
    first = service(store, clock, network, applier)
    draft, _ = await first.draft(text="Launch day", network="mastodon", account="masto",
                                 author="alice")
    assert draft is not None
    approving = asyncio.create_task(first.approve(draft.id, "dave",
                                                  shown_hash=draft.content_hash[:16]))
    await asyncio.wait_for(stalled.wait(), 5)
    clock.advance(seconds=121)
    return approving, draft


class Paused(Applier):
    """The publishing process stops right after its claim is written (a long GC pause, a
    stopped container), before its network call, until ``resume`` is set."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.claimed = asyncio.Event()
        self.resume = asyncio.Event()

    async def run(self, decide: Any, *, what: str = "decision") -> Any:
        answer = await super().run(decide, what=what)
        if what.startswith("publishing ") and not isinstance(answer, Effects) and \
                getattr(answer, "status", None) == "publishing" and not self.claimed.is_set():
            self.claimed.set()
            await asyncio.wait_for(self.resume.wait(), 5)
        return answer


async def test_a_post_made_by_a_call_that_outlived_its_claim_is_recorded_after_the_withdraw(
        store: Store, clock: FakeClock) -> None:
    """dave approves; his process's call to Mastodon hangs past the claim's lease (120 s).
    alice withdraws at 121 s: taken over, told the try may have posted it. Then the call
    returns: it posted. Before, its settle was refused ('A-1 is rejected'): the post was live,
    the draft said withdrawn, and its address was nowhere. Now the draft is published with
    it, the card and the approver say it went out after alice's withdraw, and nothing posts
    again."""
    network = Slow()
    approving, draft = await stalled_past_its_lease(store, clock, network,
                                                    stalled=network.started)
    other = Network()
    second = service(store, clock, other)
    withdrawn = await second.withdraw(draft.id, "alice", "launch moved")
    assert withdrawn.ok and "may be on Mastodon or appear there yet" in withdrawn.text, \
        withdrawn.text
    assert network.gate is not None
    network.gate.set()
    told = await approving
    assert network.posts, "the slow call posted"
    assert told.ok and told.text == (
        f"{draft.id} approved and published: https://m.example/1, though alice withdrew it "
        "meanwhile: this try's claim had ended before it posted; delete the post if it "
        "should not stand"), told.text
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.status == "published", stored
    assert stored.published_url == "https://m.example/1" and stored.error is None
    assert stored.history[-1].action == "published"
    assert "after alice withdrew it" in stored.history[-1].detail, stored.history[-1]
    assert await last_card_title(store, draft.id) == \
        f"{draft.id}: Published to Mastodon as masto: https://m.example/1"
    clock.advance(minutes=10)
    await later_timers_publish_nothing(store, clock, second)
    assert len(network.posts) == 1 and other.posts == []


async def test_a_process_paused_past_its_claim_posts_nothing_after_the_withdraw(
        store: Store, clock: FakeClock) -> None:
    """dave's process writes its claim and stops before calling Mastodon (a long pause);
    alice withdraws at 121 s, after the lease; the process wakes up. Before, it went on to
    post the draft alice had just withdrawn (and its settle, refused, dropped the address).
    Now it looks at its claim's lease before the call, and posts nothing."""
    network = Network()
    paused = Paused(store)
    approving, draft = await stalled_past_its_lease(store, clock, network,
                                                    stalled=paused.claimed, applier=paused)
    second = service(store, clock, Network())
    withdrawn = await second.withdraw(draft.id, "alice", "launch moved")
    assert withdrawn.ok, withdrawn
    paused.resume.set()
    told = await approving
    assert network.posts == []
    assert told.text == (
        f"{draft.id} was not published: this process's claim on it ended (at "
        "2026-11-23 09:02 UTC) before it could post it; it was withdrawn by alice "
        "meanwhile"), told.text
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.status == "rejected"
    clock.advance(minutes=10)
    await later_timers_publish_nothing(store, clock, second)
    assert network.posts == []
