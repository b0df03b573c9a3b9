"""A reply to a Reddit post a moderator removed after its ticket opened, approved through Slack's
signed request path (a marketing lead's review of approvals; SQLite and a real redis-server):
Reddit takes a comment on a removed post, which only the subreddit's moderators see, so the
approval was published and its link given to the approver while no customer would ever read
it. Now it fails once, in one line saying who removed the post and what to do, nothing posted
and no timer trying it again; once a moderator approves the post again, the reply drafted again
goes out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from tests.conftest import FakeClock
from tests.e2e.test_bluesky_publish import approve_reply
from tests.e2e.world import DAVE, UNPACED, World, redis_url_if, running_world
from tests.support.fake_reddit import Reads, Reddit
from tests.support.netserver import NetServer


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock,
                ) -> AsyncIterator[tuple[World, Reads, Reddit]]:
    async with NetServer() as red:
        reads = Reads("acme")
        reads.serve(red)
        comments = Reddit(red, username="acme_support", clock=clock)
        source = (f"  - {{id: red, type: reddit, base_url: '{red.base}', auth_url: "
                  f"'{red.base}', client_id: cid, client_secret: sec, username: acme_support, "
                  "password: pw, subreddits: [acme]}\n")
        async with running_world(tmp_path, clock, extra=UNPACED, sources=source,
                                 store=request.param, redis_url=redis_url_if(request)) as w:
            yield w, reads, comments


async def reddit_ticket(w: World, reads: Reads) -> tuple[str, str]:
    text = "acme my order is broken again, this is terrible"
    name = reads.post("acme order broken", text, at=w.clock())
    m = Mention(id=f"reddit:{name}", network="reddit", source="red", text=text,
                author=Author(id="t2_kasia", handle="kasia", followers=0),
                created_at=w.clock(),
                url=f"https://www.reddit.com/r/acme/comments/{name.removeprefix('t3_')}/x/")
    await w.a.pipeline.process(m)
    await w.a.outbox.drain()
    ticket = next(t for t in await w.a.store.list_tickets() if t.signal_id == m.id)
    return ticket.id, name


def shown_to(w: World, user: str) -> list[str]:
    """What ``user`` was shown privately, as its blocks read (the text fallback escapes '_')."""
    return [str(b["text"]["text"]) for r in w.slack.responses
            if str(r.get("rid", "")).startswith(user) for b in r.get("blocks") or []
            if isinstance(b.get("text"), dict)]


async def test_a_reply_to_a_post_removed_since_fails_once_and_says_so(
        world: tuple[World, Reads, Reddit]) -> None:
    w, reads, comments = world
    ticket, name = await reddit_ticket(w, reads)
    reads.remove(name)  # a moderator took the post down after the ticket opened
    first = await approve_reply(w, ticket, "Sorry! We are on it.", published=False)
    approval = await w.a.store.get_approval(first)
    assert approval is not None and approval.status == "failed"
    why = (f"reddit: the post to reply to ({name}) was removed by a moderator; nothing was "
           "posted: a reply there is read by nobody but the subreddit's moderators; if a "
           "moderator approves it again, draft the reply again")
    assert approval.error == why, approval.error
    said = f"{first} approved, but publishing failed: {why}"
    await w.until(lambda: said in shown_to(w, DAVE), "the approver being told")
    assert comments.comments == []
    w.clock.advance(hours=2)
    await w.timers()  # no timer tries it again
    assert comments.comments == []

    reads.approve(name, at=w.clock())  # public again: the reply drafted again goes out
    second = await approve_reply(w, ticket, "Sorry! We are on it.")
    published = await w.a.store.get_approval(second)
    assert published is not None and published.status == "published"
    [comment] = comments.comments
    assert comment["data"]["parent_id"] == name
    assert published.published_id == comment["data"]["name"]
