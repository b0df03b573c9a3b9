"""A Reject form submitted after the draft was edited rejects nothing: the comment is about the
text the card showed when Reject was pressed, and the edit is a text the rejecter never saw
(as Approve and Withdraw carry the card's sha256). From a review of the Slack paths
(2026-12-05), through the signed request path; Discord's modal carries the same version
(tests/integrations/discord/test_inbound.py)."""

from __future__ import annotations

import asyncio

from tests.e2e.test_approvals import drafted_reply
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, APPROVALS, DAVE, SUPPORT, World


async def test_a_reject_form_submitted_after_an_edit_does_not_reject_the_unseen_text(
        world: World) -> None:
    aid, ts = await drafted_reply(world)
    assert await world.click(DAVE, "reject", aid, channel=APPROVALS, message_ts=ts) == 200
    await world.until(lambda: world.slack.views, "the reject form")
    form = world.slack.views[-1]
    assert await ask(world, ALICE, SUPPORT, f"edit {aid} Totally different text now") == (
        f"{aid} edited (back to pending)")
    status, answer = await world.submit(DAVE, form, {"comment": "too informal"})
    assert status == 200
    approval = await world.a.store.get_approval(aid)
    assert approval is not None
    assert (approval.status, [d for d in approval.decisions if d.verdict == "reject"]) == (
        "pending", [])
    # said in the form, which stays open (it closed, the refusal coming after it)
    assert answer is not None and answer["response_action"] == "errors", answer
    said = answer["errors"]["comment"]
    assert world.said_to(DAVE) == []
    assert said.startswith(f"{aid} was not rejected: alice edited it since its card showed it "
                           f"(sha256 {approval.content_hash[:16]}), so it waits for approval "
                           "of that text"), said
    # the form of the card as it is now rejects that text
    await world.a.outbox.drain()
    assert await world.click(DAVE, "reject", aid, channel=APPROVALS, message_ts=ts) == 200
    await world.until(lambda: len(world.slack.views) > 1, "the second reject form")
    status, _ = await world.submit(DAVE, world.slack.views[-1], {"comment": "still informal"})
    assert status == 200
    for _ in range(300):
        approval = await world.a.store.get_approval(aid)
        if approval is not None and approval.status == "rejected":
            break
        await asyncio.sleep(0.01)
    assert approval is not None and approval.status == "rejected"
