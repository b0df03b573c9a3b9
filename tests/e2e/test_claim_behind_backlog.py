"""A claim shows on its card at once, even behind a backlog of new cards: a burst queues 130
tickets' cards in #support, an agent claims an earlier ticket with its card's button (bolt's
request path, a signed request), and the card's edit reaches Slack before the 100th new card,
not after all of them (before 2026-12-01 the edit waited in the channel's strict order, 70.6 s
in a newcomer's run of the sample day). Every new card is still posted once, in order."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.core.models import Author, Mention
from bot.store.redis import RedisStore
from tests.e2e.world import ALICE, SUPPORT, World

BACKLOG = 130


async def test_a_claim_edits_its_card_before_the_100th_card_of_a_backlog(either: World) -> None:
    world = either
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    [ticket] = await world.a.store.list_tickets(status="open")
    [card] = world.posts(SUPPORT)
    await world.a.pipeline.process_batch([Mention(
        id=f"mastodon:{100 + i}", network="mastodon", source="masto",
        text=f"@acme my order is broken again, this is terrible ({i})",
        author=Author(id=f"acct{i}", handle=f"user{i}", followers=120),
        created_at=world.clock() + timedelta(seconds=i),
        url=f"https://mastodon.example/@user{i}/{100 + i}") for i in range(BACKLOG)])
    assert (await world.a.store.outbox_counts())["pending"] == BACKLOG
    calls = len(world.slack.calls)
    await world.click(ALICE, "claim", ticket.id, channel=SUPPORT, message_ts=str(card["ts"]))
    for _ in range(500):
        claimed = await world.a.store.get_ticket(ticket.id)
        if claimed is not None and claimed.status == "claimed":
            break
        await asyncio.sleep(0.01)
    await world.a.outbox.drain()
    sent = [(c.method, c.args.get("ts")) for c in world.slack.calls[calls:]
            if c.method == "chat.update" or (c.method == "chat.postMessage"
                                             and not c.args.get("thread_ts"))]
    edit = sent.index(("chat.update", card["ts"]))
    assert sum(m == "chat.postMessage" for m, _ in sent[:edit]) < 100, sent[:edit + 1]
    posted = world.posts(SUPPORT)[1:]
    assert len(posted) == BACKLOG
    tickets = sorted(await world.a.store.list_tickets(), key=lambda t: int(t.id[2:]))[1:]
    assert [p["text"].count(t.id) > 0 for p, t in zip(posted, tickets, strict=True)] == [
        True] * BACKLOG
    assert (await world.a.store.outbox_counts())["pending"] == 0
    store = world.a.store
    if isinstance(store, RedisStore):  # each card's pointer to its waiting item went with it
        assert [k async for k in store.r.scan_iter(f"{store.k.prefix}outbox:held:*")] == []
