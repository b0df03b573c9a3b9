"""The subscribe form's Preview pressed while a field is wrong: what is wrong was said in the
preview's own block at the bottom of the form ("Fix the form first: query: Required."), keyed
by the field's argument name, where a submitted form says it under the field itself
(``response_action: errors``). Slack takes ``errors`` only in a submission's answer, so the
preview's ``views.update`` says it in the field's ``hint``, under the field, as the submission
does; the preview's block says only that nothing was previewed. Through bolt's request path,
signed, on the local Slack (test_review_rtl_names_in_modals.py presses the same Preview)."""

from __future__ import annotations

from typing import Any

from integrations.slack.api import call
from integrations.slack.forms import PREVIEW_BLOCK, form_modal
from tests.integrations.slack.served import Served
from tests.integrations.slack.test_review_rtl_names_in_modals import _preview_press
from tests.support.fake_slack import FakeSlack


def _pressed_with(view: dict[str, Any], query: str | None) -> dict[str, Any]:
    body = _preview_press(view)
    body["view"]["state"]["values"]["query"]["query"]["value"] = query
    return body


def _block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    (block,) = [b for b in view["blocks"] if b.get("block_id") == block_id]
    return block


async def test_a_wrong_field_is_said_under_it_when_the_preview_is_pressed(
        served: Served, fake_slack: FakeSlack) -> None:
    opened = await call(served.bot.client, "views.open", trigger_id="1.2.3",
                        view=form_modal("subscribe", channel="C111"))
    status, _ = await served.interactive(_pressed_with(opened["view"], None))
    assert status == 200
    (update,) = await fake_slack.wait_for("views.update")
    shown = update.args["view"]
    assert _block(shown, "query")["hint"]["text"] == "Required."
    preview = _block(shown, PREVIEW_BLOCK)["text"]["text"]
    assert "Required" not in preview and "query:" not in preview, preview
    assert preview == "Nothing previewed: fix what is said under Query first.", preview
    assert not served.handler.seen  # nothing previewed


async def test_the_hint_goes_once_the_field_is_right(
        served: Served, fake_slack: FakeSlack) -> None:
    opened = await call(served.bot.client, "views.open", trigger_id="1.2.3",
                        view=form_modal("subscribe", channel="C111"))
    await served.interactive(_pressed_with(opened["view"], None))
    (first,) = await fake_slack.wait_for("views.update")
    assert "hint" in _block(first.args["view"], "query")
    again = _pressed_with(opened["view"], "refund")
    again["view"].pop("hash")  # the hash the first update gave is not what this test is about
    await served.interactive(again)
    _, second = await fake_slack.wait_for("views.update", count=2)
    assert "hint" not in _block(second.args["view"], "query")


async def test_a_long_problem_under_its_field_keeps_within_the_hint_s_bound(
        served: Served, fake_slack: FakeSlack) -> None:
    """A problem that quotes what was typed (a query of 3,000 characters) is cut to the
    2,000 characters a hint holds: the local Slack refuses a longer one (invalid_blocks), and
    the preview said nothing at all."""
    opened = await call(served.bot.client, "views.open", trigger_id="1.2.3",
                        view=form_modal("subscribe", channel="C111"))
    await served.interactive(_pressed_with(opened["view"], "(" * 3_000))
    (update,) = await fake_slack.wait_for("views.update")
    hint = _block(update.args["view"], "query")["hint"]["text"]
    assert 0 < len(hint) <= 2_000, len(hint)
