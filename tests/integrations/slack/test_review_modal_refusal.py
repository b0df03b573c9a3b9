"""A form (modal) submission the handler refuses: the refusal is shown in the modal, which
stays open (``response_action: errors``, keyed by the block id), when the handler answers
within the ack's bound; it used to be acked first, the modal closing, and the refusal coming
afterwards as an ephemeral message the person might not see. A handler slower than the bound
is acked and answered privately as before. Through bolt's request path, signed, on the local
Slack; the slow handler is held by the test's gate, so no time is waited or asserted. A test
of a modal's own wait takes the app once auth.test has answered (``served``): the first
request's wait for it, bounded by the wall clock, is ``test_a_modal_waits_less_...``'s."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.core.cards import Reply
from integrations.slack.app import MODAL_ERROR, SENT_ALREADY
from tests.integrations.slack.served import Served, fixture
from tests.support.fake_slack import FakeSlack

REFUSAL = "you are not an approver for step 1 of A-7"


def reject_submission(comment: str) -> dict[str, Any]:
    body = fixture("interaction_view_submission.json")
    view = body["view"]
    view["callback_id"] = "socialops:reject_modal"
    view["private_metadata"] = json.dumps({"target": "A-7", "channel": "C111", "ts": "5.5"})
    view["state"]["values"] = {"comment": {"comment": {"type": "plain_text_input",
                                                       "value": comment}}}
    return body


def form_submission(ticket: str, text: str) -> dict[str, Any]:
    body = fixture("interaction_view_submission.json")
    view = body["view"]
    view["callback_id"] = "socialops:form:reply"
    view["private_metadata"] = json.dumps({"channel": "C111"})
    view["state"]["values"] = {
        "ticket": {"ticket": {"type": "plain_text_input", "value": ticket}},
        "text": {"text": {"type": "plain_text_input", "value": text}}}
    return body


async def test_a_refused_rejection_is_shown_in_the_modal(
        served: Served, fake_slack: FakeSlack) -> None:
    served.handler.reply = Reply.refused(REFUSAL)
    status, text = await served.interactive(reject_submission("Tone is off"))
    assert status == 200
    answer = json.loads(text) if text else {}
    assert answer.get("response_action") == "errors", text
    assert answer["errors"] == {"comment": REFUSAL}
    await served.bot.stop()
    assert [i.action for i in served.handler.seen] == ["reject"]
    assert fake_slack.calls_to("chat.postEphemeral") == []  # said once, in the modal


async def test_an_accepted_rejection_closes_the_modal(
        served: Served, fake_slack: FakeSlack) -> None:
    served.handler.reply = Reply(text="A-7 rejected", ephemeral=True)
    status, text = await served.interactive(reject_submission("Tone is off"))
    assert status == 200 and text == ""
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert eph.args["text"] == "A-7 rejected"


async def test_a_slow_refusal_is_answered_privately_after_the_ack(
        served: Served, fake_slack: FakeSlack) -> None:
    served.bot.modal_wait = 0.01  # the handler is held past it by the gate
    served.handler.reply = Reply.refused(REFUSAL)
    served.handler.gate = asyncio.Event()
    status, text = await served.interactive(reject_submission("Tone is off"))
    assert status == 200 and text == ""  # acked, the modal closed
    served.handler.gate.set()
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert eph.args["text"] == REFUSAL


async def test_a_refused_form_sent_again_runs_again(
        served: Served, fake_slack: FakeSlack) -> None:
    """A refused form did nothing: sent again with the same values (what refused it has
    changed since: a handler that broke, a ticket opened meanwhile), it runs, where it was
    answered "This form was sent already"."""
    served.handler.reply = Reply.refused("T-99 not found")
    await served.interactive(form_submission("T-99", "thanks"))
    served.handler.reply = Reply(text="R-1 waits for approval", ephemeral=True)
    again = form_submission("T-99", "thanks")
    again["trigger_id"] = "222.333.again"  # another request (its own signature), same view
    status, text = await served.interactive(again)
    assert status == 200 and text == ""
    (refused, eph) = await fake_slack.wait_for("chat.postEphemeral", count=2)
    assert refused.args["text"] == "T-99 not found"
    assert eph.args["text"] == "R-1 waits for approval"
    assert len(served.handler.seen) == 2


@pytest.mark.first_auth  # the first wait itself: the app unwarmed
async def test_a_modal_waits_less_after_a_slow_first_auth_test(
        served: Served, fake_slack: FakeSlack) -> None:
    """The first request waits for auth.test before its ack (up to 2 s of Slack's 3): a
    modal's work then has only what is left of the bound, so the two waits together stay
    within it. Here auth.test alone outlasts the bound: the modal is closed at once and the
    refusal said after, as a slow one is (auth.test's 0.3 s is at least that: nothing here
    depends on how fast the machine is)."""
    served.bot.auth_wait = 5.0
    served.bot.modal_wait = 0.2
    fake_slack.slow("auth.test", 0.3)  # more than the modal's bound, spent before the ack
    served.handler.reply = Reply.refused(REFUSAL)
    status, text = await served.interactive(reject_submission("Tone is off"))
    assert status == 200 and text == ""  # not waited for, though the handler answers at once
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert eph.args["text"] == REFUSAL


async def test_a_long_refusal_shown_in_the_modal_still_reaches_the_person_whole(
        served: Served, fake_slack: FakeSlack) -> None:
    """Slack documents no length for an ``errors`` message (docs.slack.dev, modals: a block id
    and a string; bolt's ViewErrorsResponseAction the same), and the modal kept the first
    1,000 characters of a refusal, the rest lost. The modal still shows a bounded part,
    saying where the rest is, and the whole refusal comes as a private message."""
    whole = REFUSAL + "; " + " ".join(f"step {n} waits for its approvers" for n in range(60))
    assert len(whole) > MODAL_ERROR
    served.handler.reply = Reply.refused(whole)
    status, text = await served.interactive(reject_submission("Tone is off"))
    assert status == 200
    answer = json.loads(text)
    assert answer.get("response_action") == "errors", text
    shown = answer["errors"]["comment"]
    assert len(shown) <= MODAL_ERROR and shown.startswith(REFUSAL)
    assert "private message" in shown
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert eph.args["text"] == whole


async def test_a_form_refusal_about_a_field_the_form_lacks_closes_it(
        served: Served, fake_slack: FakeSlack) -> None:
    """A guard: the reply form has no Account field (its account is the ticket's), so a
    refusal the dispatcher says is about the account is not pinned under another field."""
    served.handler.reply = Reply.refused("no account 'x' can publish", field="account")
    status, text = await served.interactive(form_submission("T-1", "thanks"))
    assert (status, text) == (200, "")  # closed
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert eph.args["text"] == "no account 'x' can publish"


async def test_a_form_refusal_about_one_of_its_fields_is_shown_under_it(
        served: Served, fake_slack: FakeSlack) -> None:
    served.handler.reply = Reply.refused("no ticket T-99", field="ticket")
    status, text = await served.interactive(form_submission("T-99", "thanks"))
    assert status == 200
    assert json.loads(text) == {"response_action": "errors",
                                "errors": {"ticket": "no ticket T-99"}}


async def test_a_rejection_sent_twice_runs_once(served: Served, fake_slack: FakeSlack) -> None:
    """The reject form sent a second time with the same comment (a double press on a slow
    link, a client sending it again): one intent, as any other form's. It ran twice, the
    second refused by the handler ("A-7 was rejected by dave already") and audited as a
    refusal: two entries and a refusal for one rejection."""
    served.handler.reply = Reply(text="A-7 rejected", ephemeral=True)
    await served.interactive(reject_submission("Tone is off"))
    again = reject_submission("Tone is off")
    again["trigger_id"] = "222.333.again"  # another request (its own signature), same view
    status, text = await served.interactive(again)
    assert status == 200 and text == ""
    (first, second) = await fake_slack.wait_for("chat.postEphemeral", count=2)
    assert first.args["text"] == "A-7 rejected"
    assert second.args["text"] == SENT_ALREADY
    assert [i.action for i in served.handler.seen] == ["reject"]


async def test_a_refused_rejection_sent_again_runs_again(
        served: Served, fake_slack: FakeSlack) -> None:
    """A refused rejection did nothing: sent again (the approver added since), it runs."""
    served.handler.reply = Reply.refused(REFUSAL)
    await served.interactive(reject_submission("Tone is off"))
    served.handler.reply = Reply(text="A-7 rejected", ephemeral=True)
    again = reject_submission("Tone is off")
    again["trigger_id"] = "222.333.again"
    status, text = await served.interactive(again)
    assert status == 200 and text == ""
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert eph.args["text"] == "A-7 rejected"
    assert len(served.handler.seen) == 2
