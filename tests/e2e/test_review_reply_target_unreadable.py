"""A reply's publish reads the post it answers (``ApprovalService._reply_target``: X's newest
version of an edited post) just before it calls the network. That read is a convenience: the
draft already names the post. A damaged signal record of that post (the store's
``UnreadableRecord``: a hand edit, a bad restore) made the publish itself fail for good
(status ``failed``, 'signal ... cannot be read'), where before the read was added the reply
went out. It goes out now, to the post as first read, and the store's log line says the
record is damaged. Real app on SQLite, the local X API, bolt's signed request path."""

from __future__ import annotations

import asyncio
import sqlite3

from bot.store.layout import T_SIGNALS
from tests.e2e.test_review_x_reply_to_edited import XWorld, xw  # noqa: F401 (fixture)
from tests.e2e.world import ALICE, APPROVALS, DAVE, SUPPORT


async def test_a_damaged_signal_of_the_post_answered_does_not_fail_the_publish(
        xw: XWorld) -> None:  # noqa: F811
    world = xw.world
    first = xw.x.add("@acme my order is broken again, where is it")
    await xw.poll()
    [ticket] = await world.a.store.list_tickets()
    assert await world.slash(ALICE, SUPPORT, f"reply {ticket.id} Sorry! Looking now.") == 200
    approval_id = ""
    for _ in range(500):
        found = await world.a.store.list_approvals()
        if found:
            approval_id = found[0].id
            break
        await asyncio.sleep(0.01)
    assert approval_id, world.said_to(ALICE)
    await world.a.outbox.drain()
    card = next(m for m in world.posts(APPROVALS) if approval_id in str(m))
    # the answered post's stored signal is damaged after the draft was written
    with sqlite3.connect(world.tmp / "state.db") as db:
        assert db.execute(f"UPDATE {T_SIGNALS} SET json = '{{damaged' WHERE id = ?",
                          (f"x:{first['id']}",)).rowcount == 1
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=str(card["ts"]))
    a = None
    for _ in range(500):
        a = await world.a.store.get_approval(approval_id)
        if a is not None and a.status in ("published", "failed"):
            break
        await asyncio.sleep(0.01)
    assert a is not None and a.status == "published", (a.status if a else None,
                                                       a.error if a else None)
    [reply] = [t for t in xw.x.tweets if t["sent"].startswith("Sorry!")]
    assert reply["in_reply_to"] == first["id"]
