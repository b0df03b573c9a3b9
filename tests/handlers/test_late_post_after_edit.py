"""A publishing call that outlived its claim's lease and posted, after a withdraw took the draft
over and an edit changed its text (review of 32da262, on each store: a SQLite file and a real
redis-server, each process a service of its own). 32da262 records such a post only while the
draft still holds the text it posted; an edit after the withdraw (and an approval of the new
text, published by another process) made its settle refused, and the old text's post, live,
was recorded nowhere. Now its address goes into the draft's history and card thread, whatever
the draft became, and the approver is told to delete it if it should not stand."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from bot.core.ports import PublishResult, Store
from tests.handlers.test_withdraw_races import (
    Network,
    later_timers_publish_nothing,
    service,
)
from tests.handlers.test_withdraw_takeover_fencing import Slow as SlowCall
from tests.handlers.test_withdraw_takeover_fencing import stalled_past_its_lease
from tests.support.clock import FakeClock

LATE = "posted after its claim ended"


class Slow(SlowCall):
    """A network call in flight until ``gate`` is set; its posts at slow.example, another
    address than the second process's network's."""

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        done = await super().publish(text, reply_to=reply_to, idempotency_key=idempotency_key,
                                     maybe_published=maybe_published,
                                     attempted_since=attempted_since)
        return PublishResult(id=f"s{done.id}", url=f"https://slow.example/{done.id}")


async def _slow_call_withdrawn(store: Store, clock: FakeClock) -> tuple[
        Slow, asyncio.Task[Any], str, str]:
    network = Slow()
    approving, draft = await stalled_past_its_lease(store, clock, network,
                                                    stalled=network.started)
    return network, approving, draft.id, draft.content_hash


async def test_the_old_texts_post_is_recorded_when_an_edit_followed_the_withdraw(
        store: Store, clock: FakeClock) -> None:
    """alice withdraws at 121 s (the lease ended) and edits the draft back to approval; then
    dave's slow call returns: it posted 'Launch day'. Before, its settle was refused ('A-1 is
    pending') and the post's address was nowhere."""
    network, approving, ident, old_hash = await _slow_call_withdrawn(store, clock)
    second = service(store, clock, Network())
    assert (await second.withdraw(ident, "alice", "launch moved")).ok
    edited = await second.edit(ident, "alice", "Launch next week")
    assert edited.ok, edited
    network.gate.set()
    told = await approving
    assert network.posts, "the slow call posted"
    assert told.text == (
        f"{ident}'s text of sha256 {old_hash[:16]} was posted after this try's claim had "
        "ended: https://slow.example/1; it is pending now (withdrawn and edited meanwhile); "
        "delete the post if it should not stand"), told.text
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "pending" and stored.text == \
        "Launch next week"
    assert stored.published_url is None
    late = [e for e in stored.history if e.action == LATE]
    assert len(late) == 1 and late[0].detail.startswith("https://slow.example/1"), late
    assert old_hash[:16] in late[0].detail
    cards = [i for i in await store.list_outbox(status="pending", limit=1000)
             if i.key.startswith(f"{ident}@")]
    last = max(cards, key=lambda i: (len(i.key), i.key)).card  # its thread's lines, merged
    assert last.thread_note is not None and last.thread_note.splitlines()[-1].startswith(
        f"socialops {LATE}: https://slow.example/1"), last.thread_note


async def test_both_posts_are_recorded_when_the_new_text_was_approved_and_published_first(
        store: Store, clock: FakeClock) -> None:
    """alice withdraws, edits; dave approves the new text in another process, which publishes
    it; then the slow call returns with the old text's post: two posts, both live. The draft
    stays published with the new one's address, and the old one's is in its history."""
    network, approving, ident, old_hash = await _slow_call_withdrawn(store, clock)
    other = Network()
    second = service(store, clock, other)
    assert (await second.withdraw(ident, "alice", "launch moved")).ok
    edited = await second.edit(ident, "alice", "Launch next week")
    assert edited.ok, edited
    stored = await store.get_approval(ident)
    assert stored is not None
    approved = await second.approve(ident, "dave", shown_hash=stored.content_hash[:16])
    assert approved.ok and "https://m.example/1" in approved.text, approved
    network.gate.set()
    told = await approving
    assert told.text.startswith(
        f"{ident}'s text of sha256 {old_hash[:16]} was posted after this try's claim had "
        "ended: https://slow.example/1; it is published now: https://m.example/1"), told.text
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "published"
    assert stored.published_url == "https://m.example/1"
    late = [e for e in stored.history if e.action == LATE]
    assert len(late) == 1 and late[0].detail.startswith("https://slow.example/1"), late
    clock.advance(minutes=10)
    await later_timers_publish_nothing(store, clock, second)
    assert len(network.posts) == 1 and len(other.posts) == 1
