"""A Bluesky reply the author's thread gate refuses (17f2d98: not written, since nobody would
see it), end to end through Slack's signed path: the approval is left failed, once, where a
person can act on it: its card says why, the approver is told once, ``drafts failed`` lists
it, nothing was written to the PDS and no timer tries it again."""

from __future__ import annotations

import json

from tests.e2e.test_bluesky_publish import (  # noqa: F401 (the fixture)
    KASIA,
    BlueskyWorld,
    approve_reply,
    bluesky_ticket,
    bsky,
)
from tests.e2e.test_queue import ask
from tests.e2e.world import APPROVALS, CAROL, DAVE, SUPPORT

WHY = "does not let this account reply (a thread gate"
POST_URL = "https://bsky.app/profile/kasia.test/post/3k1"


async def test_a_reply_a_thread_gate_refuses_is_failed_once_and_said(
        bsky: BlueskyWorld) -> None:  # noqa: F811
    world = bsky.world
    ticket = await bluesky_ticket(bsky, 1)
    bsky.appview.gated.add(f"at://{KASIA}/app.bsky.feed.post/3k1")
    approval_id = await approve_reply(world, ticket, "Sorry! We are on it.", published=False)
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None and approval.status == "failed"
    assert WHY in (approval.error or ""), approval.error
    assert approval.published_id is None and approval.publishing_until is None
    puts = bsky.pds.net.requests_to("/xrpc/com.atproto.repo.putRecord")
    assert puts == []  # nothing written
    def told() -> list[str]:
        return [t for t in world.said_to(DAVE) if "publishing failed" in t]

    await world.until(told, "the approver being told")
    [said] = told()  # once
    assert said.startswith(f"{approval_id} approved, but publishing failed: ") and WHY in said
    # the post named by the address a person opens (an at-uri opens nowhere, and Slack showed
    # its did:plc: with fullwidth colons)
    assert f"the author of {POST_URL} does not let" in said, said
    await world.a.outbox.drain()
    card = next(m for m in world.posts(APPROVALS) if approval_id in json.dumps(m))
    assert WHY in json.dumps(card, ensure_ascii=False), card
    failed = await ask(world, CAROL, SUPPORT, "drafts failed")
    assert failed.splitlines()[0] == "1 draft (failed in the last 7 days):", failed
    assert failed.splitlines()[1].startswith(f"• {approval_id}"), failed
    # failed is final: no timer writes it later behind the approver's back
    asked = len(bsky.appview.net.requests_to("/xrpc/app.bsky.feed.getPosts"))
    world.clock.advance(hours=2)
    await world.timers()
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None and approval.status == "failed"
    assert bsky.pds.net.requests_to("/xrpc/com.atproto.repo.putRecord") == []
    assert len(bsky.appview.net.requests_to("/xrpc/app.bsky.feed.getPosts")) == asked
