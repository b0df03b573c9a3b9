"""One form sent twice (the same view: a double press of its button on a slow connection, a
client that sends again) runs once in the whole deployment: it drafted two replies for the same
customer, each waiting for approval and each published if approved. A form sent back with its
errors is corrected and sent again freely. From a review of the Slack paths (2026-12-05),
through the signed request path."""

from __future__ import annotations

import asyncio

from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, SUPPORT, World


async def test_one_form_submitted_twice_drafts_one_reply(world: World) -> None:
    tid, _ = await open_ticket(world)
    assert await world.slash(ALICE, SUPPORT, f"reply {tid}") == 200
    await world.until(lambda: world.slack.views, "the reply form")
    form = world.slack.views[-1]
    # first without its text: sent back with its error, then corrected and sent again
    status, body = await world.submit(ALICE, form, {"ticket": tid, "text": ""})
    assert status == 200 and "errors" in body, body
    values = {"ticket": tid, "text": "Sorry, we are fixing it"}
    answers = await asyncio.gather(world.submit(ALICE, form, values),
                                   world.submit(ALICE, form, values))
    assert [status for status, _ in answers] == [200, 200]
    await world.until(lambda: len(world.said_to(ALICE)) >= 2, "both answers")
    drafts = [(a.id, a.text) for a in await world.a.store.list_approvals()]
    assert drafts == [("A-1", "Sorry, we are fixing it")], (drafts, world.said_to(ALICE))
    assert any("sent already" in t for t in world.said_to(ALICE)), world.said_to(ALICE)
