"""One click, one audit record, one count, end to end: Slack's signed requests through bolt
against the local Slack, the real app on SQLite.

An approve after the draft expired (before its timer ran) was two rows: ``approval.expired``
by socialops, then dave's ``refused.approve``. It is dave's ``refused.approve`` alone, saying
it expired and carrying the draft before (pending) and after (expired). An approve whose
publish then failed was counted ``interactions_total{outcome="refused"}``, though it was
accepted and audited as approved: it is ``outcome="failed"``."""

from __future__ import annotations

from aiohttp import web

from tests.e2e.test_approval_integrity import told
from tests.e2e.test_approvals import drafted_reply, status_of
from tests.e2e.test_bluesky_publish import approve_reply
from tests.e2e.world import APPROVALS, DAVE, World


async def test_an_approve_after_expiry_is_one_refusal_in_the_audit(world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    world.clock.advance(hours=24, minutes=1)  # the expiry timer has not fired yet
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    said = await told(world, DAVE, "expired")
    assert await status_of(world, approval_id) == "expired"
    await world.timers()  # the late timer finds it expired: nothing more to write
    trail = [e for e in await world.a.store.audit_since(None)
             if e.object_id == approval_id and e.action != "approval.draft"]
    assert [(e.actor, e.action) for e in trail] == [("dave", "refused.approve")], trail
    [row] = trail
    assert row.detail.startswith(said), (row.detail, said)
    assert row.object_type == "approval"
    assert row.before is not None and row.before["status"] == "pending"
    assert row.after is not None and row.after["status"] == "expired"
    counted = world.a.metrics.value("interactions_total", action="approve", outcome="refused")
    assert counted == 1


async def test_an_approve_whose_publish_failed_is_counted_as_failed(world: World) -> None:
    async def statuses(request: web.Request) -> web.Response:
        return web.json_response({"error": "The access token is invalid"}, status=401)

    world.masto.handler("POST", "/api/v1/statuses", statuses)
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    approval_id = await approve_reply(world, "T-1", "Sorry! We are on it.", published=False)
    await told(world, DAVE, "publishing failed")

    def counted(outcome: str) -> float:
        return world.a.metrics.value("interactions_total", action="approve", outcome=outcome)

    assert (counted("failed"), counted("refused"), counted("ok")) == (1, 0, 0), approval_id
