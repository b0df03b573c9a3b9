"""A saved reply (``reply T-1 :thanks``, ``bot.core.replies``) filled in for a hostile handle
is published once, exactly as approved, when two real processes on one real redis-server
approve it at the same moment, and when the approver's process dies right after the network
took the post (another process publishes it once the lease lapses, finding it already there).
The filled text is an ordinary draft from the moment it is written; these check that nothing
of the handle (a placeholder, a broadcast, a bidi override, a zero-width space) comes back to
life between the card and the network."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.test_claim_races import START, Setup, sandbox_posts, say
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

HANDLE = "{ticket}<!channel>@everyone\u202eevil\u200b"
SAVED = 'replies:\n  thanks: "Hi @{author}, {ticket} is fixed; sorry for the wait. {agent}"\n'


async def test_a_saved_reply_for_a_hostile_handle_is_published_once_as_approved(
        tmp_path: Path, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server)
    s.config.write_text(s.config.read_text() + SAVED)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        await app.pipeline.process_batch([Mention(
            id=f"mastodon:{n}", network="mastodon", source="brand", text="acme app broken",
            author=Author(id=f"a{n}", handle=HANDLE), created_at=START) for n in (1, 2)])
        tickets = sorted(t.id for t in await app.store.list_tickets())
        assert len(tickets) == 2, tickets
        for ticket in tickets:
            assert "drafted from :thanks" in await say(app, "alice", f"reply {ticket} :thanks")
        first, second = sorted(await app.store.list_approvals(), key=lambda a: a.id)
        for a, ticket in zip((first, second), tickets, strict=True):
            # no Mastodon handle: its letters only, addressing nobody ({author} brings no @)
            assert a.text == (f"Hi ticketchanneleveryoneevil, {ticket} is fixed; "
                              "sorry for the wait. alice"), a.text

        line = f"approve {first.id} {first.content_hash[:16]}"
        replies = await asyncio.to_thread(s.race, ("dave", line), ("erin", line))
        assert sorted(r["ok"] for r in replies) == [False, True], replies

        # the second's approver dies right after the sandbox took the post; this process
        # publishes it when the lease lapses, finding the post already made
        await asyncio.to_thread(
            s.race, ("dave", f"approve {second.id} {second.content_hash[:16]}"), at="network")
        clock.advance(seconds=121)  # approvals.publish_lease_seconds (120) has passed
        await app.runtime().fire_due_timers()
        done = [await app.store.get_approval(a.id) for a in (first, second)]
    assert [(d.status, d.publish_attempts) for d in done if d is not None] == [
        ("published", 1), ("published", 2)]
    posts = sandbox_posts(s)
    assert [p["text"] for p in posts] == [first.text, second.text]
