"""A Reddit post or comment a moderator removed and then approved again stayed marked removed
(a community manager's review, 2026-12-06): the source dropped a thing from its re-read once
it read its removal, and the post Reddit lists again at the front of ``/new`` was the same
post already read (the pipeline's dedup), so its card, its ticket and ``why`` kept "removed by
a moderator" for a post everyone could read again.

Approving "reverts a removal" (praw, CommentModeration.approve): ``/api/info`` answers the
thing with its words, ``removed_by_category`` and ``banned_by`` null (and, to a moderator,
``approved_by``/``approved_at_utc``). A thing taken down by someone else than its author is now
kept watched (its ``#watch`` entry marked removed) for the rest of its day, and read public
again it is an ``edit`` of its tombstone, dated when it was last read removed (or Reddit's
``approved_at_utc``, to a moderator), so every process that meets it makes the same one; its
author's delete is final, as before. Over real HTTP against ``tests/support/fake_reddit.py``'s
``Reads``; what the cards and the ticket then say: tests/engine/test_review_removed_cards.py.
"""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.integrations.test_reddit import net, store
from tests.integrations.test_review_reddit_edits import reddit, world
from tests.support.fake_reddit import Reads
from tests.support.netserver import NetServer

__all__ = ["net", "store"]


@pytest.mark.parametrize("as_moderator", [False, True])
@pytest.mark.parametrize("which", ["post", "comment"])
async def test_a_thing_approved_again_is_read_public_again_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        which: str, as_moderator: bool) -> None:
    reads, post, comment = world(clock)
    name = post if which == "post" else comment
    src = reddit(net, store, client, clock, reads)
    [*first] = await src.poll()
    was = next(m for m in first if m.id == f"reddit:{name}")
    reads.remove(name, as_moderator=as_moderator)
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.revision, gone.removed_by) == ("delete", "moderator" if as_moderator
                                                else "removed" if which == "comment"
                                                else "moderator")
    removed_read = clock.now
    clock.advance(minutes=1)
    assert await src.poll() == []  # still removed: nothing new
    last_read = clock.now
    clock.advance(minutes=2)
    reads.approve(name, at=clock.now, as_moderator=as_moderator)
    clock.advance(minutes=1)
    [back] = await src.poll()
    assert (back.id, back.revision, back.removed_by) == (f"reddit:{name}", "edit", None)
    assert (back.text, back.url, back.author.handle) == (was.text, was.url, was.author.handle)
    # dated as every process reads it: Reddit's approval time to a moderator, else when it
    # was last read removed
    assert back.revised_at == (reads.approved_at(name) if as_moderator else last_read)
    assert back.revised_at is not None and back.revised_at >= removed_read
    clock.advance(minutes=1)
    assert await src.poll() == []  # once
    entry = json.loads(await store.get_cursor("rd") or "{}")["#watch"][name]
    assert entry[2] != "removed"  # watched as any public thing again


async def test_the_same_approval_read_again_after_a_lost_write_is_the_same_one(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.remove(post)
    clock.advance(minutes=1)
    await src.poll()
    clock.advance(minutes=1)
    reads.approve(post, at=clock.now)
    before = await store.get_cursor("rd")
    [back] = await src.poll()
    assert before is not None
    await store.set_cursor("rd", before)  # the process killed before its write
    clock.advance(minutes=3)
    [again] = await src.poll()
    assert (again.revision, again.revised_at) == ("edit", back.revised_at)


async def test_removed_again_after_an_approval_is_a_removal_of_its_own(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Each removal dated alike by every process (when the thing was last read public), so
    the pipeline keeps each once (tests/engine/test_review_removed_cards.py): the second
    removal was the first's, read again, and its card stayed public."""
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    dates = []
    for _ in range(2):
        public = clock.now  # read public last
        clock.advance(minutes=1)
        reads.remove(post)
        before = await store.get_cursor("rd")
        [gone] = await src.poll()
        assert (gone.revision, gone.removed_by, gone.revised_at) == ("delete", "moderator",
                                                                     public)
        assert before is not None
        await store.set_cursor("rd", before)  # killed before its write: the same removal
        clock.advance(minutes=1)
        [again] = await src.poll()
        assert again.revised_at == public
        clock.advance(minutes=1)
        assert await src.poll() == []
        reads.approve(post, at=clock.now)
        clock.advance(minutes=1)
        [back] = await src.poll()
        assert back.revision == "edit"
        dates.append(gone.revised_at)
        clock.advance(minutes=1)
        assert await src.poll() == []
    assert dates[0] != dates[1]


async def test_a_removal_is_dated_no_earlier_than_the_edit_it_follows(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A removal is dated when the thing was last read public; an edit by Reddit's
    ``edited``, which may be a little ahead of our clock (``AHEAD_TOLERANCE``). A removal read
    at the next re-read after such an edit was dated before it, and the pipeline keeps a
    removal older than the version shown as stale (one redelivered after its approval: tests/
    engine/test_review_removed_cards.py): it is dated the edit's time at least, and the
    approval after it too, so each reads later than what it follows (a senior review of the
    day's diff, 2026-12-06)."""
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    clock.advance(minutes=1)
    ahead = clock.now + timedelta(seconds=30)  # Reddit's clock ahead of ours
    reads.edit(post, "since this morning. EDIT: still down", at=ahead)
    [edit] = await src.poll()
    assert (edit.revision, edit.revised_at) == ("edit", ahead)
    reads.remove(post)
    clock.advance(seconds=10)
    [gone] = await src.poll()
    assert gone.revision == "delete" and gone.revised_at is not None
    assert gone.revised_at >= ahead, (gone.revised_at, ahead)
    clock.advance(seconds=5)
    reads.approve(post, at=clock.now)
    clock.advance(seconds=5)
    [back] = await src.poll()
    assert back.revision == "edit" and back.revised_at is not None
    assert back.revised_at >= gone.revised_at


@pytest.mark.parametrize("which", ["post", "comment"])
async def test_a_removal_after_an_approval_is_dated_no_earlier_than_the_approval(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        which: str) -> None:
    """An approval again is dated its thing's ``created_utc`` at least, which Reddit's clock
    may put ahead of ours (``AHEAD_TOLERANCE``: an hour); a removal was dated by the last
    public read and the last edit only, so one read within that lead after an approval was
    dated before it, and the pipeline keeps a removal older than the version shown as
    stale: a thing removed again stayed shown public (a senior review of the day's diff,
    2026-12-06, reading ``_revised`` beside ``Pipeline._revise``). A removal is dated its
    thing's own time at least, as the approval is."""
    reads = Reads()
    ahead = clock.now + timedelta(minutes=5)  # Reddit's clock ahead of ours
    post = reads.post("acme cloud is down", "since this morning", at=ahead)
    comment = reads.comment("acme support never answers", at=ahead, on=post)
    name = post if which == "post" else comment
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    clock.advance(minutes=1)
    reads.remove(name)
    [gone] = [m for m in await src.poll() if m.id == f"reddit:{name}"]
    assert gone.revision == "delete"
    clock.advance(minutes=1)
    reads.approve(name, at=clock.now)
    [back] = [m for m in await src.poll() if m.id == f"reddit:{name}"]
    assert back.revision == "edit" and back.revised_at is not None
    clock.advance(minutes=1)
    reads.remove(name)
    [again] = [m for m in await src.poll() if m.id == f"reddit:{name}"]
    assert again.revision == "delete" and again.revised_at is not None
    assert again.revised_at >= back.revised_at, (again.revised_at, back.revised_at)
