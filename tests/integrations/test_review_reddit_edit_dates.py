"""Reddit edits dated by ``edited`` when Reddit's clock is a little ahead of ours (a review of
the re-read through ``/api/info``, test failing before).

An edit is dated by its ``edited`` ("edit date in UTC epoch-seconds", reddit-archive/reddit
wiki, JSON) so that the same edit read again after a lost write (a process killed before its
cursors were written, or a stalled one and the one that took over) is the same edit, which
the pipeline acts on once (its mark is the edit's time). An ``edited`` even a second ahead of
the reading clock was dated by that clock instead: read again a minute later it was another
edit, a second card edit and thread note. The post's own ``created_utc`` from the same server
is taken up to ``AHEAD_TOLERANCE`` ahead (``common.dating.post_date``); its ``edited`` now is
too. Over real HTTP against ``tests/support/fake_reddit.py``, on a real SQLite store."""

from __future__ import annotations

from datetime import timedelta

import httpx

from bot.core.ports import Store
from integrations.social.common.dating import AHEAD_TOLERANCE
from tests.conftest import FakeClock
from tests.integrations.test_reddit import net, store
from tests.integrations.test_review_reddit_edits import reddit, world
from tests.support.netserver import NetServer

__all__ = ["net", "store"]


async def test_an_edit_dated_seconds_ahead_read_again_after_a_lost_write_is_the_same_edit(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    kept = await store.get_cursor("rd")
    clock.advance(minutes=1)
    edited = clock.now + timedelta(seconds=2)  # Reddit's clock two seconds ahead of ours
    reads.edit(post, "acme refunded me", at=edited)
    [once] = await src.poll()
    await store.set_cursor("rd", kept or "")  # its write lost
    clock.advance(minutes=1)
    [again] = await src.poll()
    assert once.revised_at == again.revised_at == edited


async def test_an_edited_far_ahead_is_still_dated_when_read(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Past the tolerance an ``edited`` is no time to keep (a later edit would read as older
    than it): the edit is dated when it was read, as before."""
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    clock.advance(minutes=1)
    reads.edit(post, "acme refunded me", at=clock.now + AHEAD_TOLERANCE + timedelta(minutes=1))
    [edit] = await src.poll()
    assert edit.revised_at == clock.now
