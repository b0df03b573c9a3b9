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


async def test_a_refused_form_sent_again_once_what_refused_it_changed_runs(
        world: World) -> None:
    """The reply form naming a ticket not opened yet is refused (shown under its field); sent
    again with the same values once that ticket is open, it drafts the reply. Its run-once
    mark, written in the store before the run, could not be taken back there (the replay
    memory had no way to forget), so it was answered "sent already", nothing done, for a day."""
    await open_ticket(world)
    assert await world.slash(ALICE, SUPPORT, "reply") == 200
    await world.until(lambda: world.slack.views, "the reply form")
    form = world.slack.views[-1]
    values = {"ticket": "T-2", "text": "Sorry, we are fixing it"}
    status, body = await world.submit(ALICE, form, values)
    assert status == 200 and body is not None and "T-2" in str(body.get("errors")), body
    await world.mention("@acme my order is broken again, this is terrible", n=2,
                        handle="other")  # T-2 opens
    assert await world.a.store.get_ticket("T-2") is not None
    status, body = await world.submit(ALICE, form, values)
    assert status == 200, body
    await world.until(lambda: any("A-1" in t for t in world.said_to(ALICE)), "the draft")
    drafts = [(a.id, a.text) for a in await world.a.store.list_approvals()]
    assert drafts == [("A-1", "Sorry, we are fixing it")], (drafts, world.said_to(ALICE))
    assert not any("sent already" in t for t in world.said_to(ALICE)), world.said_to(ALICE)
