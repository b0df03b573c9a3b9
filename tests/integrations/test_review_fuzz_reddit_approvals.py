"""Hostile dates of a removal and an approval again (``banned_at_utc``, ``approved_at_utc``,
``edited``) in Reddit's ``GET /api/info`` answers, against the source's re-read
(``RedditSource._revised``, ``_dated``; a fuzzing review, 2026-12-06). Over real HTTP against
``tests/support/fake_reddit.py``'s ``Reads``.

Found: an integer too large for a float (JSON has no limit; ``1`` and 400 zeros) made
``math.isfinite`` raise ``OverflowError`` out of the poll, at every poll after (the cursor is
written after the re-read): the account never read again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.integrations.test_reddit import net, store
from tests.integrations.test_review_reddit_edits import reddit, world
from tests.support.netserver import NetServer

__all__ = ["net", "store"]

HOSTILE = [10 ** 400, -(10 ** 400), 2 ** 1024, 1e308, -1.0, float("nan"), float("inf"),
           "1700000000", [1700000000], {"at": 1}, True, None, 0]


@pytest.mark.parametrize("at", HOSTILE, ids=lambda v: repr(v)[:20])
@pytest.mark.parametrize("key", ["banned_at_utc", "approved_at_utc", "edited"])
async def test_a_hostile_date_of_a_removal_or_an_approval_is_never_a_failed_poll(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        key: str, at: Any) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    clock.advance(minutes=1)
    reads.remove(post, as_moderator=True)
    if key != "approved_at_utc":
        reads.thing(post)["data"][key] = at
    [gone] = await src.poll()
    assert (gone.revision, gone.removed_by) == ("delete", "moderator")
    assert gone.revised_at is not None and gone.revised_at <= clock.now
    clock.advance(minutes=1)
    assert await src.poll() == []
    reads.approve(post, at=clock.now, as_moderator=True)
    reads.thing(post)["data"][key] = at
    clock.advance(minutes=1)
    [back] = await src.poll()
    assert (back.revision, back.removed_by) == ("edit", None)
    assert back.revised_at is not None
    assert gone.revised_at <= back.revised_at <= clock.now + timedelta(hours=1)
    clock.advance(minutes=1)
    assert await src.poll() == []
