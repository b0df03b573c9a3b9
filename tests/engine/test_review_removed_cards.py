"""A post taken down by a moderator or by the network, after it made a card: its cards, its
ticket's thread, history and ``why`` said "deleted by its author", blaming the customer for
what a subreddit's moderators (or Reddit) did (a community manager's review, 2026-12-06: a
Reddit comment removed by a moderator, ``[removed]``, was "deleted by its author"). Now they say
who took it down, as the Reddit source reads it (``Mention.removed_by``:
tests/integrations/test_review_reddit_removals.py), and the words go as a delete's do. Through
the pipeline, the route actions and the console chat, on a SQLite file and a redis-server."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

import pytest

from bot.core.models import Author, Mention
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import mention
from tests.engine.test_review_edits import Revising, why


def taken_down(native: str, by: Literal["moderator", "network", "removed"] | None,
               clock: FakeClock) -> Mention:
    """What ``RedditSource._revised`` gives for a thing read again that is gone now."""
    return Mention(id=f"reddit:{native}", network="reddit", source="test",
                   author=Author(id="", handle=""), text="", created_at=clock(),
                   revision="delete", revised_at=clock(), removed_by=by)


@pytest.mark.parametrize(("by", "said"), [
    ("moderator", "removed by a moderator"),
    ("network", "removed by Reddit"),
    ("removed", "removed on Reddit"),
    (None, "deleted by its author"),
])
async def test_a_post_taken_down_says_who_took_it_on_its_cards_ticket_and_why(
        store: Store, clock: FakeClock, tmp_path: Path,
        by: Literal["moderator", "network", "removed"] | None, said: str) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    await h.pipeline.process(mention("t3_a", "login is broken", network="reddit", clock=clock))
    await h.pipeline.process(mention("t1_b", "I love it", network="reddit", clock=clock))
    await h.outbox.drain()
    clock.advance(minutes=3)
    for native in ("t3_a", "t1_b"):
        await h.pipeline.process(taken_down(native, by, clock))
        await h.pipeline.process(taken_down(native, by, clock))  # read again: once
    await h.outbox.drain()
    updates = [r for r in h.shown() if r[0] == "update"]
    assert sorted((r[1], r[2]) for r in updates) == [("marketing", "reddit:t1_b|praise"),
                                                     ("support", "T-1")]
    assert all(f"({said} at " in r[3] and "broken" not in r[3] and "love" not in r[3]
               for r in updates), updates
    if by is not None:
        assert all("deleted by its author" not in r[3] for r in updates), updates
    assert [r[4] for r in updates if r[2] == "T-1"] == [f"socialops: reddit:t3_a {said}"]
    kept = await store.get_signal("reddit:t3_a")
    assert kept is not None and kept.mention.text == "" and kept.mention.removed_by == by
    assert said in await why(store, "reddit:t3_a")


@pytest.mark.parametrize(("by", "action"), [
    ("moderator", "post removed by a moderator"),
    ("network", "post removed by Reddit"),
    ("removed", "post removed on Reddit"),
    (None, "post deleted"),
])
async def test_a_ticket_history_and_audit_say_who_took_its_post_down(
        store: Store, clock: FakeClock, tmp_path: Path,
        by: Literal["moderator", "network", "removed"] | None, action: str) -> None:
    """The thread line said who, but the history (``status``'s timeline, the queue's
    ``last: socialops post deleted``) and the audit said ``post deleted``: the customer
    blamed for the moderators' removal (a community manager's review, 2026-12-06)."""
    h = Revising(store, clock, tmp_path / "r.jsonl")
    await h.pipeline.process(mention("t3_a", "login is broken", network="reddit", clock=clock))
    clock.advance(minutes=3)
    await h.pipeline.process(taken_down("t3_a", by, clock))
    t = await store.get_ticket("T-1")
    assert t is not None and t.history[-1].action == action, t.history[-1]
    assert [e.action for e in t.history].count(action) == 1
    audit = [e.action for e in await store.audit_since()]
    assert audit.count("ticket.post_removed" if by else "ticket.post_deleted") == 1, audit
    assert "ticket.post_deleted" not in audit or by is None


def approved_again(m: Mention, clock: FakeClock) -> Mention:
    """What ``RedditSource._revised`` gives for a thing read removed, public again: the post
    as it is now, an ``edit`` dated when it was last read removed."""
    return m.model_copy(update={"revision": "edit", "revised_at": clock()})


@pytest.mark.parametrize("by", ["moderator", "network", "removed"])
async def test_a_post_approved_again_after_a_removal_reads_public_again_once(
        store: Store, clock: FakeClock, tmp_path: Path,
        by: Literal["moderator", "network", "removed"]) -> None:
    """It stayed marked removed, its words gone from its cards and ticket, while everyone
    could read it again (a community manager's review, 2026-12-06)."""
    h = Revising(store, clock, tmp_path / "r.jsonl")
    post = mention("t3_a", "login is broken", network="reddit", clock=clock)
    comment = mention("t1_b", "I love it", network="reddit", clock=clock)
    await h.pipeline.process(post)
    await h.pipeline.process(comment)
    await h.outbox.drain()
    clock.advance(minutes=3)
    for m in (post, comment):
        await h.pipeline.process(taken_down(m.native_id, by, clock))
    await h.outbox.drain()
    removed = len(h.shown())
    clock.advance(minutes=5)
    for m in (post, comment):
        await h.pipeline.process(approved_again(m, clock))
        await h.pipeline.process(approved_again(m, clock))  # read again: once
    await h.outbox.drain()
    back = h.shown()[removed:]
    assert sorted((r[1], r[2]) for r in back) == [("marketing", "reddit:t1_b|praise"),
                                                  ("support", "T-1")], back
    assert all(r[0] == "update" and "removed" not in r[3] for r in back), back
    assert "I love it" in next(r[3] for r in back if r[2] == "reddit:t1_b|praise")
    assert "login is broken" in next(r[3] for r in back if r[2] == "T-1")
    assert [r[4] for r in back if r[2] == "T-1"] == [
        "socialops: reddit:t3_a public again on Reddit; its card shows it again"]
    kept = await store.get_signal("reddit:t3_a")
    assert kept is not None and kept.mention.text == "login is broken"
    assert kept.mention.removed_by is None and kept.mention.edits == 0
    t = await store.get_ticket("T-1")
    assert t is not None and t.history[-1].action == "post public again"
    assert "ticket.post_restored" in [e.action for e in await store.audit_since()]
    said = await why(store, "reddit:t3_a")
    assert "public again on Reddit at" in said and "removed" not in said, said
    # an edit older than the approval changes nothing
    await h.pipeline.process(post.model_copy(update={
        "text": "old words", "revision": "edit", "revised_at": clock() - timedelta(minutes=1)}))
    await h.outbox.drain()
    assert len(h.shown()) == removed + 2


async def test_an_edit_after_its_authors_delete_still_changes_nothing(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    post = mention("t3_a", "login is broken", network="reddit", clock=clock)
    await h.pipeline.process(post)
    await h.outbox.drain()
    clock.advance(minutes=3)
    await h.pipeline.process(taken_down("t3_a", None, clock))
    await h.outbox.drain()
    shown = len(h.shown())
    clock.advance(minutes=3)
    await h.pipeline.process(approved_again(post, clock))
    await h.outbox.drain()
    assert len(h.shown()) == shown
    kept = await store.get_signal("reddit:t3_a")
    assert kept is not None and kept.mention.revision == "delete" and kept.mention.text == ""


async def test_a_post_removed_again_after_its_approval_is_marked_again(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """Each removal is its own (dated by the source when the post was last read public):
    the second one was taken for the first, read again, and the card stayed public."""
    h = Revising(store, clock, tmp_path / "r.jsonl")
    post = mention("t3_a", "login is broken", network="reddit", clock=clock)
    await h.pipeline.process(post)
    await h.outbox.drain()
    for _ in range(2):
        clock.advance(minutes=3)
        gone = taken_down("t3_a", "moderator", clock)
        await h.pipeline.process(gone)
        await h.pipeline.process(gone)  # read again: once
        clock.advance(minutes=3)
        back = approved_again(post, clock)
        await h.pipeline.process(back)
        await h.pipeline.process(back)
    await h.outbox.drain()
    # (edits of one card queued together go out as one, their thread lines joined)
    lines = "\n".join(str(r[4]) for r in h.shown()
                      if r[0] == "update" and r[2] == "T-1").splitlines()
    assert lines == 2 * ["socialops: reddit:t3_a removed by a moderator",
                         "socialops: reddit:t3_a public again on Reddit; its card shows it "
                         "again"], lines
    kept = await store.get_signal("reddit:t3_a")
    assert kept is not None and kept.mention.text == "login is broken"


async def test_a_removal_met_after_its_approval_again_changes_nothing(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """The removal's queue entry (bot/store/queue.py) taken by a consumer killed before its
    commit, redelivered by ``XAUTOCLAIM`` after another consumer had acted on the approval
    read by the next poll (or a release beside this one that read it first): the removal,
    dated before the approval, blanked the card and marked removed a post everyone could read
    again, for good (nothing reads it public again: its source's ``#watch`` says public). A
    removal older than the version shown is stale, as an edit older than it is (a senior
    review of the day's diff, 2026-12-06)."""
    h = Revising(store, clock, tmp_path / "r.jsonl")
    post = mention("t3_a", "login is broken", network="reddit", clock=clock)
    await h.pipeline.process(post)
    await h.outbox.drain()
    clock.advance(minutes=3)
    removal = taken_down("t3_a", "moderator", clock)  # read by one poll, its consumer killed
    clock.advance(minutes=5)
    await h.pipeline.process(approved_again(post, clock))  # the next polls' approval, first
    await h.outbox.drain()
    shown = len(h.shown())
    clock.advance(minutes=5)
    await h.pipeline.process(removal)  # the removal's entry, claimed again
    await h.outbox.drain()
    assert h.shown()[shown:] == []
    kept = await store.get_signal("reddit:t3_a")
    assert kept is not None and kept.mention.text == "login is broken" \
        and kept.mention.revision == "edit", kept.mention
    t = await store.get_ticket("T-1")
    assert t is not None and "removed" not in t.history[-1].action, t.history[-1]
    assert "removed by a moderator" not in await why(store, "reddit:t3_a")


async def test_an_approval_met_before_the_removal_it_reverts_is_no_authors_edit(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """A moderator removed a post and approved it again; the approval (an ``edit`` of the
    words shown: ``RedditSource._revised``) was acted on before the removal (one poll read it
    removed, its entry claimed again late; or another process's poll read it approved first).
    It was "edited by its author": its edits counted, its cards and ticket told of an edit the
    customer never made (a community manager's second review, 2026-12-07). The words shown are
    unchanged: nothing is told, and the removal after it is still stale."""
    h = Revising(store, clock, tmp_path / "r.jsonl")
    post = mention("t3_a", "login is broken", network="reddit", clock=clock)
    await h.pipeline.process(post)
    await h.outbox.drain()
    shown = len(h.shown())
    clock.advance(minutes=3)
    removal = taken_down("t3_a", "moderator", clock)
    clock.advance(minutes=5)
    await h.pipeline.process(approved_again(post, clock))
    await h.outbox.drain()
    clock.advance(minutes=5)
    await h.pipeline.process(removal)
    await h.outbox.drain()
    assert h.shown()[shown:] == []
    kept = await store.get_signal("reddit:t3_a")
    assert kept is not None and kept.mention.edits == 0, kept
    assert kept.mention.text == "login is broken" and kept.mention.removed_by is None
    said = await why(store, "reddit:t3_a")
    assert "edited by its author" not in said and "removed" not in said, said
    t = await store.get_ticket("T-1")
    assert t is not None and all("edit" not in e.action for e in t.history), t.history
