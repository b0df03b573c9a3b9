"""Right-to-left authors' names in the answers Slack shows inside a form: a refusal under a
field (``response_action: errors``, the reject modal's and a form's) and the subscribe form's
preview (``views.update``). Their messages and answers isolated them since
test_review_rtl_names_in_answers.py; these did not, and "@محمد's draft A-7 …" first on the
refusal, or a preview's "• @محمد on Mastodon, …" sample, turned the rest of its line around.
A security review, 2026-12-07. Through bolt's request path, signed, on the local Slack, as
test_review_modal_refusal.py's modals are."""

from __future__ import annotations

import json
from typing import Any

from bot.core.cards import Reply
from bot.core.text import FSI, PDI, clean, utf16_len
from integrations.slack.api import call
from integrations.slack.app import MODAL_ERROR
from integrations.slack.forms import PREVIEW_ACTION, PREVIEW_BLOCK, form_modal
from tests.integrations.slack.served import Served, fixture
from tests.integrations.slack.test_review_modal_refusal import reject_submission
from tests.support.fake_slack import FakeSlack

ARABIC, HEBREW = "محمد", "שרה"


async def test_a_refusal_in_the_modal_isolates_a_right_to_left_handle(
        served: Served, fake_slack: FakeSlack) -> None:
    refusal = (f"@{ARABIC}\u202e wrote A-7's post: only its step 1 approvers decide; "
               f"@{HEBREW}.2 is one")
    served.handler.reply = Reply.refused(refusal)
    status, text = await served.interactive(reject_submission("Tone is off"))
    assert status == 200
    answer = json.loads(text)
    assert answer.get("response_action") == "errors", text
    shown = answer["errors"]["comment"]
    assert shown.startswith(f"{FSI}@{ARABIC}{PDI} wrote A-7's post"), shown
    assert f"{FSI}@{HEBREW}.2{PDI} is one" in shown, shown
    assert "\u202e" not in shown  # the override, hostile, is dropped as everywhere else
    # copied from the modal, the handle reads as itself once a command cleans it
    assert clean(shown.split()[0]) == f"@{ARABIC}"


async def test_a_long_refusal_cut_in_the_modal_closes_its_isolate_within_the_bound(
        served: Served, fake_slack: FakeSlack) -> None:
    """A right-to-left handle the modal's cut falls in is closed at the cut, the text still
    within ``MODAL_ERROR``; the whole refusal still comes privately."""
    head = "x" * (MODAL_ERROR - 200)  # the cut falls inside the handle
    whole = f"{head} @{ARABIC}{'ب' * 200} and the rest"
    served.handler.reply = Reply.refused(whole)
    status, text = await served.interactive(reject_submission("Tone is off"))
    assert status == 200
    shown = json.loads(text)["errors"]["comment"]
    assert utf16_len(shown) <= MODAL_ERROR and "private message" in shown
    assert shown.count(FSI) == shown.count(PDI) == 1, shown
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert clean(eph.args["text"]) == whole


async def test_an_answer_naming_no_one_is_shown_in_the_modal_as_it_was(
        served: Served, fake_slack: FakeSlack) -> None:
    served.handler.reply = Reply.refused("@kasia wrote A-7: only its approvers decide")
    _, text = await served.interactive(reject_submission("Tone is off"))
    assert json.loads(text)["errors"] == {
        "comment": "@kasia wrote A-7: only its approvers decide"}


def _preview_press(view: dict[str, Any]) -> dict[str, Any]:
    """The subscribe form's Preview pressed (block_actions inside the modal), its query
    filled in, as Slack sends it."""
    body = fixture("interaction_block_actions.json")
    for key in ("channel", "message", "response_url"):
        body.pop(key, None)
    body["container"] = {"type": "view", "view_id": view["id"]}
    body["view"] = {**view, "state": {"values": {
        "query": {"query": {"type": "plain_text_input", "value": "refund"}},
        "digest": {"digest": {"type": "plain_text_input", "value": None}},
        "lang": {"lang": {"type": "plain_text_input", "value": None}}}}}
    body["actions"][0].update(action_id=PREVIEW_ACTION, block_id="preview_actions")
    body["actions"][0].pop("value", None)
    return body


async def test_a_preview_in_the_form_isolates_its_right_to_left_authors(
        served: Served, fake_slack: FakeSlack) -> None:
    opened = await call(served.bot.client, "views.open", trigger_id="1.2.3",
                        view=form_modal("subscribe", channel="C111"))
    served.handler.reply = Reply.done(
        "3 matches over the last 7 days\n"
        f"• @{ARABIC} on Mastodon, 2 h ago: refund please\n"
        "• @kasia on Mastodon, 3 h ago: refund please\n"
        f"• @{HEBREW}.2 on Mastodon, 4 h ago: refund please", names=(f"@{ARABIC}",))
    status, _ = await served.interactive(_preview_press(opened["view"]))
    assert status == 200
    await fake_slack.wait_for("views.update")
    (block,) = [b for b in fake_slack.views[-1]["blocks"] if b.get("block_id") == PREVIEW_BLOCK]
    lines = block["text"]["text"].splitlines()
    assert lines[1].startswith(f"• {FSI}@{ARABIC}{PDI} on Mastodon"), lines[1]
    assert lines[3].startswith(f"• {FSI}@{HEBREW}.2{PDI} on Mastodon"), lines[3]
    assert FSI not in lines[2] and "\ufdd0" not in block["text"]["text"]
