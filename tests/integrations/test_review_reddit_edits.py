"""Reddit edits and deletes, from a community manager's review (2026-12-06): a post or comment
edited after socialops read it kept its old card, and a deleted one its words, while Mastodon,
Bluesky, X, Hacker News and feeds follow edits. Reddit lists a thing once, when it is new; an
edit or delete shows only on the thing (``edited``: "false if not edited, edit date in UTC
epoch-seconds otherwise", reddit-archive/reddit wiki, JSON; the recorded edited comment carries
``"edited": 1458444463.0``, tests/fixtures/real/reddit/editusertext_response.json; a deleted
one's ``body`` "[deleted]", tests/fixtures/real/reddit/comment_info_deleted.json, the real
``GET /api/info`` answer). The source now reads again the things it read in the last
``EDIT_LOOKBACK`` through ``GET /api/info?id=<fullnames>`` (at most 100 a request).

Over real HTTP against ``tests/support/fake_reddit.py``'s ``Reads`` (Reddit's listings,
``/api/info`` and its rate-limit headers), on a real SQLite store; the same through real
processes killed at the store's writes is tests/chaos/test_review_reddit_edit_kills.py.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.core.errors import RateLimited
from bot.core.ports import Store
from integrations.social.reddit.source import INFO_BATCH, INFO_CALLS, INFO_RESERVE, RedditSource
from tests.conftest import FakeClock
from tests.integrations.test_reddit import config, net, store
from tests.support.fake_reddit import Reads, real
from tests.support.netserver import Fault, NetServer

__all__ = ["net", "store"]


def reddit(net: NetServer, store: Store, client: httpx.AsyncClient,
           clock: FakeClock, reads: Reads, **kw: Any) -> RedditSource:
    reads.serve(net)
    return RedditSource(config(net, comments=True, **kw), store=store, client=client,
                        clock=clock)


def world(clock: FakeClock) -> tuple[Reads, str, str]:
    reads = Reads()
    post = reads.post("acme cloud is down", "since this morning",
                      at=clock.now - timedelta(minutes=5))
    comment = reads.comment("acme support never answers", at=clock.now - timedelta(minutes=4),
                            on=post)
    return reads, post, comment


async def test_an_edited_post_and_comment_are_edits_once_dated_by_reddit(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    reads, post, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    first = await src.poll()
    assert sorted(m.id for m in first) == sorted([f"reddit:{post}", f"reddit:{comment}"])
    clock.advance(minutes=1)
    edited = clock.now - timedelta(seconds=20)
    reads.edit(post, "since this morning. EDIT: acme refunded me", at=edited)
    reads.edit(comment, "acme support answered, thanks", at=edited)
    clock.advance(minutes=1)
    got = {m.id: m for m in await src.poll()}
    assert set(got) == {f"reddit:{post}", f"reddit:{comment}"}
    assert {m.revision for m in got.values()} == {"edit"}
    assert {m.revised_at for m in got.values()} == {edited}
    assert got[f"reddit:{post}"].text.endswith("acme refunded me")
    assert got[f"reddit:{comment}"].text == "acme support answered, thanks"
    assert got[f"reddit:{post}"].created_at == first[0].created_at  # the post's own time
    clock.advance(minutes=1)
    assert await src.poll() == []  # once
    asked = [n for batch in reads.info_asked for n in batch]
    assert sorted(set(asked)) == sorted([post, comment])


async def test_the_same_edit_read_again_after_a_lost_write_is_the_same_edit(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    """A process killed after a poll, before its cursors were written, reads the edit again:
    the same edit (its time Reddit's ``edited``), which the pipeline acts on once."""
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    kept = await store.get_cursor("rd")
    reads.edit(post, "acme refunded me", at=clock.now + timedelta(seconds=10))
    clock.advance(minutes=1)
    [once] = await src.poll()
    await store.set_cursor("rd", kept or "")  # its write lost
    clock.advance(minutes=1)
    [again] = await src.poll()
    assert (again.id, again.revision, again.revised_at, again.text) == (
        once.id, once.revision, once.revised_at, once.text)


async def test_what_is_not_an_edit_edits_nothing(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    """A score that moved, and an edit back to the same words (``edited`` moved alone), are
    no edits (``edited: true`` with other words is one: test_review_reddit_removals.py)."""
    reads, post, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.thing(post)["data"]["score"] = 999
    reads.edit(comment, "acme support never answers", at=clock.now)
    clock.advance(minutes=1)
    assert await src.poll() == []


@pytest.mark.parametrize("how", ["delete", "remove"])
async def test_a_deleted_or_removed_comment_is_a_delete_once(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock, how: str) -> None:
    reads, _, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    getattr(reads, how)(comment)
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.id, gone.revision, gone.text) == (f"reddit:{comment}", "delete", "")
    clock.advance(minutes=1)
    assert await src.poll() == []
    cursor = json.loads(await store.get_cursor("rd") or "{}")
    # its author's delete is final; a removal is kept watched, marked, for an approval again
    # (tests/integrations/test_review_reddit_approved_again.py), apart from ``#watch``
    # (tests/integrations/test_review_reddit_removed_rolling.py)
    assert comment not in cursor.get("#watch", {})
    assert (cursor["#watch-removed"][comment][2] == "removed") if how == "remove" \
        else comment not in cursor.get("#watch-removed", {})


async def test_a_post_its_author_deleted_and_one_a_moderator_removed_are_deletes(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    """As a poll reads them (docs/networks.md, Reddit, Skips): a post its author deleted is
    gone; one a moderator removed keeps its title on Reddit, but is listed nowhere and its
    text is blanked: it kept its card as if public (test_review_reddit_removals.py)."""
    reads, post, _ = world(clock)
    removed = reads.post("acme billing double charged me", "card ending 1234",
                         at=clock.now - timedelta(minutes=3))
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.delete(post)
    reads.remove(removed)
    clock.advance(minutes=1)
    got = await src.poll()
    assert sorted((m.id, m.revision) for m in got) == sorted(
        [(f"reddit:{post}", "delete"), (f"reddit:{removed}", "delete")])


@pytest.mark.parametrize("status", [403, 404])
async def test_an_info_request_refused_loses_nothing_and_is_said_once(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock, status: int) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.edit(post, "acme refunded me", at=clock.now)
    newer = reads.post("acme again", at=clock.now + timedelta(seconds=30))
    net.fault("GET", "/api/info", Fault.http(
        status, {"Content-Type": "application/json"},
        json.dumps({"message": "Forbidden" if status == 403 else "Not Found",
                    "error": status})))
    clock.advance(minutes=1)
    got = await src.poll()  # the listings' reads stand
    assert [m.id for m in got] == [f"reddit:{newer}"]
    [said] = [s for s in src.skipped if "again for edits" in s]
    assert str(status) in said and "\n" not in said
    assert not src.failing_parts()
    clock.advance(minutes=1)
    [edit] = await src.poll()  # read at the next poll
    assert (edit.id, edit.revision) == (f"reddit:{post}", "edit")


@pytest.mark.parametrize("said", [
    {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "120", "x-ratelimit-used": "600"},
    {"Retry-After": "120"},  # no budget headers: the 429 alone pauses
], ids=["budget-headers", "retry-after"])
async def test_a_429_on_info_keeps_the_polls_reads_and_pauses_the_account(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock, said: dict[str, str]) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.edit(post, "acme refunded me", at=clock.now)
    newer = reads.post("acme again", at=clock.now + timedelta(seconds=30))
    net.fault("GET", "/api/info", Fault.http(
        429, {"Content-Type": "application/json", **said},
        json.dumps({"message": "Too Many Requests", "error": 429})))
    clock.advance(minutes=1)
    assert [m.id for m in await src.poll()] == [f"reddit:{newer}"]  # kept, cursor written
    cursor = json.loads(await store.get_cursor("rd") or "{}")
    assert cursor["new:socialops"] == newer
    sent = len(net.requests)
    clock.advance(seconds=30)
    with pytest.raises(RateLimited):  # the runtime pauses the source: nothing sent
        await src.poll()
    assert len(net.requests) == sent
    clock.advance(seconds=120)
    [edit] = await src.poll()
    assert (edit.id, edit.revision) == (f"reddit:{post}", "edit")


async def test_the_re_read_keeps_to_reddits_budget_and_its_100_names(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    """350 comments read: each poll asks ``/api/info`` at most ``INFO_CALLS`` times, of at
    most 100 names (Reddit answers none of more: ``VByName``'s limit), least lately read
    first, so every one is read again within a few polls; none once Reddit says only
    ``INFO_RESERVE`` requests are left."""
    reads = Reads()
    names = [reads.comment(f"acme {n}", at=clock.now - timedelta(minutes=30) + timedelta(
        seconds=n)) for n in range(350)]
    src = reddit(net, store, client, clock, reads)
    assert len(await src.poll()) == 350  # the first run's four pages, all watched
    reads.info_asked.clear()
    for _ in range(2):
        clock.advance(minutes=1)
        before = len(reads.info_asked)
        await src.poll()
        assert len(reads.info_asked) - before <= INFO_CALLS
    assert all(len(batch) <= INFO_BATCH for batch in reads.info_asked)
    assert {n for batch in reads.info_asked for n in batch} == set(names)
    reads.edit(names[0], "acme edited", at=clock.now)
    reads.remaining = INFO_RESERVE + 1  # the next answer leaves INFO_RESERVE
    clock.advance(minutes=1)
    before = len(reads.info_asked)
    assert await src.poll() == []
    assert len(reads.info_asked) == before  # no /api/info: the listings keep the budget
    reads.remaining, reads.reset = 600, 300
    clock.advance(minutes=10)  # Reddit's window reset
    edits: list[Any] = []
    for _ in range(3):
        edits += await src.poll()
        clock.advance(minutes=1)
    assert [(m.id, m.revision) for m in edits] == [(f"reddit:{names[0]}", "edit")]


async def test_the_recorded_edited_comment_is_an_edit_dated_by_its_edited(
        net: NetServer, store: Store, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    """Reddit's own answer for an edited comment (tests/fixtures/real/reddit/
    editusertext_response.json: ``"edited": 1458444463.0``, ``body`` "New text"), read first
    as it was before the edit."""
    edited = real("editusertext_response.json")["json"]["data"]["things"][0]
    edited["data"]["subreddit"] = "socialops"  # recorded as "<TEST_SUBREDDIT>"
    before = copy.deepcopy(edited)
    before["data"].update(body="Old text", body_html="", edited=False)
    clock.now = datetime.fromtimestamp(edited["data"]["edited"] + 60, UTC)
    reads = Reads()
    reads.comments = [before]
    src = reddit(net, store, client, clock, reads, backfill_minutes=24 * 60)
    [read] = await src.poll()
    assert read.text == "Old text"
    reads.comments = [edited]
    clock.advance(minutes=1)
    [edit] = await src.poll()
    assert (edit.id, edit.revision, edit.text, edit.revised_at) == (
        read.id, "edit", "New text", datetime.fromtimestamp(1458444463, UTC))
