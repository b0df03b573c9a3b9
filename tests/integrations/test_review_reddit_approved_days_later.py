"""A Reddit post a moderator approves days after it was made (a social-listening review,
2026-12-07): a mod queue cleared on Monday holds Friday's posts. Reddit lists each at the
front of ``/new``, its id kept; the source took one only when made in the last 72 hours (the
store's dedup window: a post read before and listed again past its mark would alert twice),
so a post approved later was never read, though nobody had seen it. The source now keeps
the names it read beside each cursor (``<key>#read``): a post listed late that it never
read is news, however old (up to ``LATE_MAX``), and one it read is never read again, its
dedup mark long gone. Over real HTTP against ``tests/support/fake_reddit.py``'s ``Reads``.
"""

from __future__ import annotations

from datetime import timedelta

import httpx

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.integrations.test_reddit import net, store
from tests.integrations.test_review_reddit_edits import reddit
from tests.support.fake_reddit import Reads
from tests.support.netserver import NetServer

__all__ = ["net", "store"]


def _held(reads: Reads, clock: FakeClock) -> tuple[str, dict]:
    held = reads.post("acme charged me twice", at=clock.now)
    thing = reads.thing(held)
    reads.posts.remove(thing)  # in the spam filter: listed nowhere
    return held, thing


async def test_a_post_approved_four_days_after_it_was_made_is_read_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads = Reads()
    reads.post("acme is fine", at=clock.now - timedelta(minutes=5))
    src = reddit(net, store, client, clock, reads)
    assert len(await src.poll()) == 1
    clock.advance(minutes=10)
    held, thing = _held(reads, clock)
    clock.advance(minutes=10)
    reads.post("acme is great", at=clock.now)
    assert len(await src.poll()) == 1
    for _ in range(8):  # the weekend's polls
        clock.advance(hours=12)
        assert await src.poll() == []
    reads.posts.insert(0, thing)  # approved: at the front of /new, its id kept
    clock.advance(minutes=1)
    [late] = await src.poll()
    assert late.id == f"reddit:{held}" and late.revision is None
    clock.advance(minutes=1)
    assert await src.poll() == []  # once
    reads.post("acme again", at=clock.now)  # the cursor moves past it
    clock.advance(minutes=1)
    assert len(await src.poll()) == 1


async def test_a_post_read_then_removed_and_approved_days_later_is_not_read_again(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Its card was posted when it was read; its dedup mark is gone after 72 hours."""
    reads = Reads()
    reads.post("acme is fine", at=clock.now - timedelta(minutes=5))
    src = reddit(net, store, client, clock, reads)
    assert len(await src.poll()) == 1
    clock.advance(minutes=10)
    read = reads.post("acme charged me twice", at=clock.now)
    clock.advance(minutes=1)
    assert len(await src.poll()) == 1
    clock.advance(hours=30)  # no longer watched for edits or removal
    thing = reads.thing(read)
    reads.posts.remove(thing)
    reads.post("acme is great", at=clock.now)
    assert len(await src.poll()) == 1
    for _ in range(8):
        clock.advance(hours=12)
        assert await src.poll() == []
    reads.posts.insert(0, thing)  # approved again, days later
    clock.advance(minutes=1)
    assert await src.poll() == []
