"""Reddit's refusals of an approved reply, answered HTTP 200 in its ``json.errors`` envelope
(``api_type=json``: ``[code, message, field]``, reddit-archive/reddit r2/r2/lib/errors.py),
through Slack's signed request path to the approval's end (a Reddit API developer's second pass;
SQLite and a real redis-server).

``RATELIMIT`` ("you are doing that too much. try again in 9 minutes.") posted nothing: the
approval waits the nine minutes, is tried again once then, and posts the comment once, with no
look for an earlier post (there is none) and no "may have posted". ``THREAD_LOCKED``, ``TOO_OLD``
and ``DELETED_COMMENT`` fail it at once in one line saying nothing was posted and what to do,
and no timer tries it again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.models import Approval, Author, Mention
from bot.store.redis import RedisStore
from handlers.cards import CLAIMED, POSTPONED, UNCONFIRMED, UNSENT
from tests.conftest import FakeClock
from tests.e2e.test_bluesky_publish import approve_reply
from tests.e2e.world import (
    ALICE,
    APPROVALS,
    DAVE,
    SUPPORT,
    UNPACED,
    World,
    redis_url_if,
    running_world,
)
from tests.support.fake_reddit import Reads, Reddit
from tests.support.netserver import NetServer

World_ = tuple[World, Reads, Reddit, NetServer]


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock,
                ) -> AsyncIterator[World_]:
    async with NetServer() as red:
        reads = Reads("acme")
        reads.serve(red)
        comments = Reddit(red, username="acme_support", clock=clock)
        source = (f"  - {{id: red, type: reddit, base_url: '{red.base}', auth_url: "
                  f"'{red.base}', client_id: cid, client_secret: sec, username: acme_support, "
                  "password: pw, subreddits: [acme]}\n")
        async with running_world(tmp_path, clock, extra=UNPACED, sources=source,
                                 store=request.param, redis_url=redis_url_if(request)) as w:
            yield w, reads, comments, red


def lossy(w: World) -> int:
    """1 where the store can lose a claim it acknowledged, each try then looking first."""
    return int(isinstance(w.a.store, RedisStore))


async def ticket_on(w: World, reads: Reads, *, comment: bool = False) -> str:
    """A customer's post (or their comment on one) in r/acme, made a ticket."""
    text = "acme my order is broken again, this is terrible"
    name = reads.post("acme order broken", text, at=w.clock())
    if comment:
        name = reads.comment(text, at=w.clock(), on=name)
    m = Mention(id=f"reddit:{name}", network="reddit", source="red", text=text,
                author=Author(id="t2_kasia", handle="kasia", followers=0),
                created_at=w.clock(),
                url=f"https://www.reddit.com/r/acme/comments/{name.removeprefix('t3_')}/x/")
    await w.a.pipeline.process(m)
    await w.a.outbox.drain()
    return next(t.id for t in await w.a.store.list_tickets() if t.signal_id == m.id)


async def approved_and_tried(w: World, ticket: str, text: str) -> Approval:
    """Alice drafts ``text`` as the ticket's reply, dave approves it; the approval once its
    first try has ended (put off, here)."""
    assert await w.slash(ALICE, SUPPORT, f"reply {ticket} {text}") == 200
    for _ in range(500):
        if drafted := await w.a.store.list_approvals():
            break
        await asyncio.sleep(0.01)
    [draft] = drafted
    await w.a.outbox.drain()
    card = next(m for m in w.posts(APPROVALS) if draft.id in str(m))
    await w.click(DAVE, "approve", draft.id, channel=APPROVALS, message_ts=str(card["ts"]))
    for _ in range(500):
        a = await w.a.store.get_approval(draft.id)
        if a is not None and POSTPONED in [h.action for h in a.history]:
            return a
        await asyncio.sleep(0.01)
    raise AssertionError(f"{draft.id} was never put off: {a}")


def posts_to_comment(red: NetServer) -> int:
    return len(red.requests_to("/api/comment", "POST"))


async def test_reddit_s_ratelimit_waits_what_it_names_and_posts_once(world: World_) -> None:
    """Reddit names the time left rounded down ("9 minutes" of 9 minutes 30 seconds): the
    retry after exactly 9 minutes was refused again, put off a second time (failed before)."""
    w, reads, comments, red = world
    ticket = await ticket_on(w, reads)
    comments.limited_until = w.clock() + timedelta(minutes=9, seconds=30)
    put_off = await approved_and_tried(w, ticket, "Sorry! We are on it.")
    assert put_off.status == "approved" and put_off.next_try_at is not None, put_off
    assert put_off.error is not None and "try again in 9 minutes" in put_off.error
    assert "may have posted" not in put_off.error, put_off.error
    assert comments.comments == [] and posts_to_comment(red) == 1

    w.clock.advance(minutes=8)
    await w.timers()  # not yet: Reddit asked for nine
    assert posts_to_comment(red) == 1
    w.clock.now = put_off.next_try_at
    await w.timers()
    done = await w.a.store.get_approval(put_off.id)
    assert done is not None and done.status == "published", done
    [comment] = comments.comments
    assert done.published_id == comment["data"]["name"]
    assert posts_to_comment(red) == 2  # the refused one and the one that posted
    # nothing to look for, but where the store may have lost a claim (a Redis), before each try
    assert len(red.requests_to("/user/acme_support/comments")) == 2 * lossy(w)
    actions = [h.action for h in done.history]
    assert actions.count(CLAIMED) == 2 and UNCONFIRMED not in actions and UNSENT not in actions
    assert actions.count(POSTPONED) == 1, actions

    w.clock.advance(hours=2)
    await w.timers()
    assert len(comments.comments) == 1 and posts_to_comment(red) == 2


@pytest.mark.parametrize(("error", "on_comment", "said"), [
    (["THREAD_LOCKED", "Comments are locked.", "parent"], False, "its thread is locked"),
    (["TOO_OLD", "that's a piece of history now; it's too late to reply to it", "parent"],
     False, "its thread is archived"),
    (["DELETED_COMMENT", "that comment has been deleted", "parent"], True,
     "the comment was deleted by its author"),
])
async def test_a_reply_reddit_refuses_for_its_thread_fails_once_in_one_line(
        world: World_, error: list[str], on_comment: bool, said: str) -> None:
    w, reads, comments, red = world
    ticket = await ticket_on(w, reads, comment=on_comment)
    comments.refusals.append(error)
    failed_id = await approve_reply(w, ticket, "Sorry! We are on it.", published=False)
    failed = await w.a.store.get_approval(failed_id)
    assert failed is not None and failed.status == "failed" and failed.error, failed
    assert "\n" not in failed.error and error[0] in failed.error, failed.error
    assert said in failed.error and "nothing was posted" in failed.error, failed.error
    assert "may have posted" not in failed.error, failed.error
    w.clock.advance(hours=2)
    await w.timers()  # not tried again
    assert comments.comments == [] and posts_to_comment(red) == 1
    assert len(red.requests_to("/user/acme_support/comments")) == lossy(w)
