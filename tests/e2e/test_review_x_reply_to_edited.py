"""A reply drafted from the card of an X post its author edited, end to end: the real app on
SQLite, the X source polling the local X API (tests/support/fake_x.py) and publishing there,
the reply drafted with ``/socialops reply`` and approved with the card's button through bolt.

X makes each edit a new post with a new id; the API returns "the most recent version of a
Post, unless a specific past version is requested by Post ID" (docs.x.com, Edit Posts / Edit
Tweets), and the versions before are kept only as the edit history, which (as reported of the
app since edits came: mashable.com, "Editing tweets creates complexity") take no replies. The
ticket keys the post by its original id (``x:<original id>``): the reply answered that first
version, under a post the customer had replaced. It answers the newest version read."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.models import Author, Mention
from tests.conftest import FakeClock
from tests.e2e.test_bluesky_publish import approve_reply
from tests.e2e.world import SUPPORT, World
from tests.integrations.test_review_x_edits import serve_search
from tests.support.fake_slack import FakeSlack
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import NetServer


class XWorld:
    def __init__(self, world: World, x: FakeX) -> None:
        self.world, self.x = world, x

    async def poll(self) -> None:
        source: Any = self.world.a.sources["x1"]
        await self.world.a.pipeline.process_batch(list(await source.poll()))
        await self.world.a.outbox.drain()


@pytest.fixture
async def xw(tmp_path: Path, clock: FakeClock) -> AsyncIterator[XWorld]:
    async with FakeSlack() as slack, NetServer() as masto, NetServer() as xnet:
        x = FakeX(xnet, clock=clock)
        serve_search(xnet, x)
        w = World(tmp_path, clock, slack, masto)
        config = w.tmp / "socialops.yaml"
        config.write_text(config.read_text().replace("sources:\n", (
            "sources:\n  - {id: x1, type: x, base_url: \"" + xnet.base + "\", "
            "bearer_token: app, user_token: user, user_id: \"" + USER_ID + "\", "
            "queries: [acme], timeout: 2}\n"), 1))
        await w.start()
        try:
            yield XWorld(w, x)
        finally:
            await w.stop()


async def test_a_reply_to_an_edited_x_post_answers_its_newest_version(xw: XWorld) -> None:
    world = xw.world
    first = xw.x.add("@acme my order is broken again, where is it")
    await xw.poll()
    [ticket] = await world.a.store.list_tickets()
    assert ticket.signal_id == f"x:{first['id']}"
    world.clock.advance(minutes=4)
    newest = xw.x.edit(first, "@acme my order is broken again, where is it? order 1234")
    await xw.poll()
    kept = await world.a.store.get_signal(f"x:{first['id']}")
    assert kept is not None and kept.mention.edits == 1
    await approve_reply(world, ticket.id, "Sorry! We are looking at order 1234 now.")
    [reply] = [t for t in xw.x.tweets if t["sent"].startswith("Sorry!")]
    assert reply["in_reply_to"] == newest["id"], (reply["in_reply_to"], first["id"])


async def test_a_ticket_post_deleted_before_its_card_went_out_on_slack(either: World) -> None:
    """The other findings of the same review, on Slack (SQLite and a redis-server): the card
    of a ticket still waiting when its post is deleted never shows the words (the delete's
    thread line kept it behind the post, which went out as first read), and a deleted post's
    card links to no post (its address is a 404 now)."""
    world = either
    url = "https://mastodon.example/@kasia/41"
    m = Mention(id="mastodon:41", network="mastodon", source="masto",
                text="acme my order is broken, card 4111 1111", url=url,
                author=Author(id="acctkasia", handle="kasia", followers=120),
                created_at=world.clock())
    await world.a.pipeline.process(m)  # the card queued; not delivered yet
    world.clock.advance(minutes=1)
    gone = m.model_copy(update={"text": "", "revision": "delete",
                                "revised_at": world.clock(), "raw": {}})
    await world.a.pipeline.process(gone)
    await world.a.outbox.drain()
    writes = [c for c in world.slack.calls
              if c.method in ("chat.postMessage", "chat.update")]
    assert writes and not any("4111" in json.dumps(c.args) for c in writes)
    [card] = world.posts(SUPPORT)
    assert "deleted by its author" in json.dumps(card["blocks"])
    assert url not in json.dumps(card), card
    thread = world.slack.thread(SUPPORT, card["ts"])
    assert [t["text"] for t in thread] == ["socialops: mastodon:41 deleted by its author"]
