"""A reply approved for Bluesky whose session can no longer be made (issue 13: an expired or
revoked refresh token, then a revoked app password), end to end: the real app on SQLite with a
Bluesky account publishing to the local PDS (tests/support/fake_atproto.py), the approval
clicked through Slack. The approval's stored record says it failed, with the PDS's answer, and
the approver is told; the approval before it, made while the session held, was published."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.models import Author, Mention
from tests.conftest import FakeClock
from tests.e2e.world import ALICE, APPROVALS, DAVE, SUPPORT, World
from tests.support.fake_atproto import FakeAppView, FakePds, iso
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

ACME = "did:plc:acmeacmeacmeacmeacmeacme"


KASIA = "did:plc:kasiakasiakasiakasiakasi"
TEXTS = {1: "@acme my order is broken again, this is terrible",
         2: "@acme checkout fails again, still broken, awful"}


class BlueskyWorld:
    def __init__(self, world: World, appview: FakeAppView, pds: FakePds) -> None:
        self.world, self.appview, self.pds = world, appview, pds


@pytest.fixture
async def bsky(tmp_path: Path, clock: FakeClock) -> AsyncIterator[BlueskyWorld]:
    async with FakeSlack() as slack, NetServer() as masto, NetServer() as appview_net, \
            NetServer() as pds_net:
        appview = FakeAppView(appview_net)
        pds = FakePds(pds_net, appview)
        pds.add_account(ACME, "acme.test", "app-pass")
        w = World(tmp_path, clock, slack, masto)
        config = w.tmp / "socialops.yaml"
        config.write_text(config.read_text().replace("sources:\n", (
            "sources:\n  - {id: bsky, type: bluesky, base_url: \"" + appview_net.base + "\", "
            "pds_url: \"" + pds_net.base + "\", handle: acme.test, app_password: app-pass, "
            "queries: [acme], timeout: 2}\n"), 1))
        await w.start()
        try:
            yield BlueskyWorld(w, appview, pds)
        finally:
            await w.stop()
            await pds.close()


async def bluesky_ticket(bsky: BlueskyWorld, n: int) -> str:
    """A customer's post on the network (so a reply can name it), fetched by the source and
    made a ticket; its id."""
    world = bsky.world
    uri = f"at://{KASIA}/app.bsky.feed.post/3k{n}"
    bsky.appview.add_post(uri=uri, cid=f"bafy{n}",
                          author={"did": KASIA, "handle": "kasia.test"},
                          record={"$type": "app.bsky.feed.post", "text": TEXTS[n],
                                  "createdAt": iso(world.clock())},
                          indexed_at=iso(world.clock()))
    m = Mention(id=f"bluesky:{uri}", network="bluesky", source="bsky", text=TEXTS[n],
                author=Author(id=KASIA, handle="kasia.test", followers=10),
                created_at=world.clock(), url=f"https://bsky.app/profile/kasia.test/post/3k{n}")
    await world.a.pipeline.process(m)
    await world.a.outbox.drain()
    ticket = next(t for t in await world.a.store.list_tickets() if t.signal_id == m.id)
    return ticket.id


async def approve_reply(world: World, ticket_id: str, text: str, *,
                        published: bool = True) -> str:
    """Alice drafts ``text`` as the reply to the ticket; dave approves it with the card's
    button. Returns the approval id once publishing has ended (published, or failed)."""
    before = {a.id for a in await world.a.store.list_approvals()}
    assert await world.slash(ALICE, SUPPORT, f"reply {ticket_id} {text}") == 200
    approval_id = ""
    for _ in range(500):
        new = [a.id for a in await world.a.store.list_approvals() if a.id not in before]
        if new:
            approval_id = new[0]
            break
        await asyncio.sleep(0.01)
    assert approval_id, world.said_to(ALICE)
    await world.a.outbox.drain()
    card = next(m for m in world.posts(APPROVALS) if approval_id in str(m))
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=str(card["ts"]))
    want = "published" if published else "failed"
    for _ in range(500):
        a = await world.a.store.get_approval(approval_id)
        if a is not None and a.status == want:
            return approval_id
        await asyncio.sleep(0.01)
    a = await world.a.store.get_approval(approval_id)
    raise AssertionError(f"{approval_id} is {a.status if a else None}, not {want}: "
                         f"{a.error if a else ''}")


async def test_a_publish_the_pds_refuses_marks_the_approval_failed(bsky: BlueskyWorld) -> None:
    world = bsky.world
    first = await approve_reply(world, await bluesky_ticket(bsky, 1), "Sorry! We are on it.")
    approval: Any = await world.a.store.get_approval(first)
    assert approval is not None and approval.status == "published", approval
    assert approval.published_url and approval.published_url.startswith(  # the account's DID
        "https://bsky.app/profile/did:plc:")

    bsky.pds.expire_access_tokens()  # the session the publisher holds no longer works,
    bsky.pds.revoke_refresh_tokens()  # refreshing it answers 400 ExpiredToken,
    bsky.pds.revoke_app_password(ACME)  # and a new one cannot be made
    second = await approve_reply(world, await bluesky_ticket(bsky, 2), "Fixed now, thanks!",
                                 published=False)
    approval = await world.a.store.get_approval(second)
    assert approval is not None and approval.status == "failed", approval
    assert approval.published_id is None and approval.publishing_until is None
    # one line saying what to fix (it said only the method and the XRPC error's name)
    assert approval.error == (
        "bluesky bsky: the PDS refused the account (com.atproto.server.createSession: 401 "
        "AuthenticationRequired); nothing was posted: check handle and make a new app password "
        "(Settings → Privacy and security → App passwords) and set it in this source's "
        "config, then draft it again"), approval.error
    assert [h.action for h in approval.history][-2:] == ["publishing", "publish failed"]
    said = f"{second} approved, but publishing failed: {approval.error}"
    await world.until(lambda: said in world.said_to(DAVE), "the approver being told")
    assert [t for t in world.said_to(DAVE) if "publishing failed" in t] == [said]
    failed = [e for e in await world.a.store.audit_since(None)
              if e.object_id == second and e.action == "approval.publish"]
    assert failed, [e.action for e in await world.a.store.audit_since(None)]
    # failed is final: no timer publishes it later behind the approver's back
    sessions = len(bsky.pds.net.requests_to("/xrpc/com.atproto.server.createSession"))
    world.clock.advance(hours=2)
    await world.timers()
    approval = await world.a.store.get_approval(second)
    assert approval is not None and approval.status == "failed"
    assert len(bsky.pds.net.requests_to("/xrpc/com.atproto.server.createSession")) == sessions
