"""A Reddit post a moderator approves more than a day after it was made (a community manager's
second review, 2026-12-07). Reddit lists an approved post at the front of ``/new`` again, its
id kept (r/changelog, 2012-04-18, "Approved links move to the top of the new listing"): that is
all an account that does not moderate the subreddit sees of it (the approval is in the
subreddit's moderation log, ``/r/<sub>/about/log``, ``action=approvelink``, which only its
moderators read). The source took such a post only when made in the last 24 hours, and stopped
watching a removed one after 24 hours: a post held by the spam filter and approved the next
day was never read, and a post removed and approved the next day stayed marked removed on
its cards and ticket for good. Now both reach back as far as the store's dedup marks are kept
by default (72 hours: a post listed again within them is never a second alert).
Over real HTTP against ``tests/support/fake_reddit.py``'s ``Reads``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx

from bot.app.compose import build_sources
from bot.core.config import load_config
from bot.core.ports import Store
from integrations.social.reddit.source import LATE_REACH, RedditSource
from tests.conftest import FakeClock
from tests.integrations.test_reddit import net, store
from tests.integrations.test_review_reddit_edits import config, reddit
from tests.support.fake_reddit import Reads
from tests.support.netserver import NetServer

__all__ = ["net", "store"]


async def test_a_post_removed_and_approved_the_next_day_reads_public_again(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads = Reads()
    post = reads.post("acme cloud is down", "since this morning",
                      at=clock.now - timedelta(minutes=5))
    src = reddit(net, store, client, clock, reads)
    [first] = await src.poll()
    reads.remove(post)
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.revision, gone.removed_by) == ("delete", "moderator")
    for _ in range(3):  # the polls of the day after
        clock.advance(hours=10)
        assert await src.poll() == []
    reads.approve(post, at=clock.now)
    clock.advance(minutes=1)
    [back] = await src.poll()
    assert (back.id, back.revision, back.removed_by) == (first.id, "edit", None)
    assert back.text == first.text
    clock.advance(minutes=1)
    assert await src.poll() == []  # once


async def test_a_post_the_spam_filter_held_and_a_moderator_approved_the_next_day_is_read(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads = Reads()
    held = reads.post("acme charged me twice", at=clock.now - timedelta(minutes=10))
    held_thing = reads.thing(held)
    reads.posts.remove(held_thing)  # in the spam filter: listed nowhere
    reads.post("acme is great", at=clock.now - timedelta(minutes=5))
    src = reddit(net, store, client, clock, reads)
    assert len(await src.poll()) == 1
    clock.advance(hours=30)
    assert await src.poll() == []
    reads.posts.insert(0, held_thing)  # approved: at the front of /new, its id kept
    clock.advance(minutes=1)
    [late] = await src.poll()
    assert late.id == f"reddit:{held}" and late.revision is None
    clock.advance(minutes=1)
    assert await src.poll() == []  # once


async def test_a_shorter_dedup_window_bounds_how_late_a_post_is_read(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """With ``store.dedup_ttl_hours: 24`` a post's dedup mark is gone after a day: the source
    reads a post listed late no further back than that (a senior review, 2026-12-07: the
    reach was 72 hours whatever the store kept, so a post read before and listed again within
    them, its mark gone, was a second alert), as ``within_dedup`` bounds a backfill."""
    reads = Reads()
    held = reads.post("acme charged me twice", at=clock.now - timedelta(minutes=10))
    held_thing = reads.thing(held)
    reads.posts.remove(held_thing)
    reads.post("acme is great", at=clock.now - timedelta(minutes=5))
    reads.serve(net)
    src = RedditSource(config(net, comments=True), store=store, client=client, clock=clock,
                       remembered=timedelta(hours=24))
    assert len(await src.poll()) == 1
    clock.advance(hours=30)
    reads.posts.insert(0, held_thing)  # approved 30 hours on: past the store's memory
    clock.advance(minutes=1)
    assert await src.poll() == []


async def test_the_runtime_gives_the_reddit_source_the_stores_dedup_window(
        tmp_path: Path, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """``build_sources`` hands ``store.dedup_ttl_hours`` to a network that "remembers"."""
    path = tmp_path / "socialops.yaml"
    reaches = []
    for hours in (12, 500):
        path.write_text(f"store: {{backend: sqlite, path: s.db, dedup_ttl_hours: {hours}}}\n"
                        "sources:\n- {id: r1, type: reddit, client_id: a, client_secret: b,\n"
                        "   subreddits: [acme]}\n")
        _, sources = build_sources(load_config(path), store=store, client=client, clock=clock)
        reaches.append(sources["r1"].late_reach)  # type: ignore[attr-defined]
    assert reaches == [timedelta(hours=12), LATE_REACH]
