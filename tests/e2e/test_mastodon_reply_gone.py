"""A Mastodon reply whose status was deleted between the mention and the approval, end to end:
Slack's signed requests through bolt, the real app on SQLite, and a local Mastodon answering
``POST /api/v1/statuses`` as Mastodon does for an ``in_reply_to_id`` it cannot find (404, its
``statuses.errors.in_reply_not_found`` text; app/controllers/api/v1/statuses_controller.rb
set_thread). Nothing is posted; the approval is failed once, the approver and the card say
why in words a person acts on, and no timer tries it again."""

from __future__ import annotations

import json

import pytest
from aiohttp import web

from tests.e2e.test_bluesky_publish import approve_reply
from tests.e2e.test_queue import ask
from tests.e2e.world import APPROVALS, CAROL, DAVE, SUPPORT, World

GONE = "The post you are trying to reply to does not appear to exist."


def why(world: World) -> str:
    return (f"the status to reply to (1 on {world.masto.base}) is gone or not visible to this "
            f"account (the server answered 404: {GONE}); nothing was posted")


async def test_a_reply_to_a_deleted_status_is_failed_once_and_said(world: World) -> None:
    posted: list[dict[str, object]] = []

    async def statuses(request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("in_reply_to_id") == "1":  # deleted after the mention came in
            return web.json_response({"error": GONE}, status=404)
        posted.append(body)
        return web.json_response({"id": "9001", "url": f"{world.masto.base}/@acme/9001"})

    world.masto.handler("POST", "/api/v1/statuses", statuses)
    said_why = why(world)
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    approval_id = await approve_reply(world, "T-1", "Sorry! We are on it.", published=False)
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None and approval.status == "failed"
    assert approval.error == f"mastodon: {said_why}", approval.error
    assert posted == []

    def told() -> list[str]:
        return [t for t in world.said_to(DAVE) if "publishing failed" in t]

    await world.until(told, "the approver being told")
    [said] = told()
    assert said == f"{approval_id} approved, but publishing failed: mastodon: {said_why}", said
    # one click, one decision: the approval is audited as approved and its publish as
    # failed (by socialops); it was also audited as dave's refused approve, which it was not
    trail = [(e.actor, e.action) for e in await world.a.store.audit_since(None)
             if e.object_id == approval_id and e.actor == "dave"]
    assert trail == [("dave", "approval.approved")], trail
    await world.a.outbox.drain()
    card = next(m for m in world.posts(APPROVALS) if approval_id in json.dumps(m))
    assert said_why in json.dumps(card, ensure_ascii=False), card
    failed = await ask(world, CAROL, SUPPORT, "drafts failed")
    assert failed.splitlines()[1].startswith(f"• {approval_id}"), failed
    tries = len(world.masto.requests_to("/api/v1/statuses", "POST"))
    assert tries == 1
    world.clock.advance(hours=2)
    await world.timers()
    again = await world.a.store.get_approval(approval_id)
    assert again is not None and again.status == "failed"
    assert len(world.masto.requests_to("/api/v1/statuses", "POST")) == tries


REFUSED = {401: "The access token is invalid",
           403: "This action is outside the authorized scopes"}


@pytest.mark.parametrize("status", [401, 403])
async def test_a_token_refused_at_publish_says_what_to_fix(world: World, status: int) -> None:
    """A revoked token (401) or one without write:statuses (403), as Mastodon answers each:
    the approval fails once, in one line naming the source key and the scope to fix."""
    async def statuses(request: web.Request) -> web.Response:
        return web.json_response({"error": REFUSED[status]}, status=status)

    world.masto.handler("POST", "/api/v1/statuses", statuses)
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    approval_id = await approve_reply(world, "T-1", "Sorry! We are on it.", published=False)
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None and approval.status == "failed"
    assert approval.error == (
        f"mastodon masto: the server refused the token ({status}: {REFUSED[status]}); nothing "
        "was posted: make a new access token with write:statuses (Preferences → Development "
        "→ your application) and set it as this source's token, then draft it again"), \
        approval.error
    said = f"{approval_id} approved, but publishing failed: {approval.error}"
    await world.until(lambda: said in world.said_to(DAVE), "the approver being told")
    assert len(world.masto.requests_to("/api/v1/statuses", "POST")) == 1
