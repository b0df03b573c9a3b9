"""Interactions no listener of socialops takes (a shortcut, button or modal of another feature
of the same Slack app, a modal dismissed, an options request) are acknowledged the way Slack
expects, not answered 404; signed requests through bolt's HTTP path on a loopback port."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from integrations.slack.forms import form_modal
from tests.integrations.slack.served import Served, fixture
from tests.support.fake_slack import FakeSlack


def _named(name: str, **over: Any) -> dict[str, Any]:
    body = fixture(name)
    body.update(over)
    return body


# the real payloads as bolt's maintainers recorded them, with ids socialops has no listener for;
# each: the body, the answer Slack expects, and what the log line names
UNHANDLED: dict[str, tuple[dict[str, Any], str, str]] = {
    "global shortcut": (fixture("interaction_shortcut_global.json"), "",
                        "global shortcut callback_id='test-shortcut'"),
    "message shortcut": (fixture("interaction_shortcut_message.json"), "",
                         "message shortcut callback_id='test-shortcut'"),
    "view_closed": (fixture("interaction_view_closed.json"), "",
                    "view_closed callback_id='view-id'"),
    # an empty 200 closes the submitted modal
    "view_submission": (fixture("interaction_view_submission.json"), "",
                        "view_submission callback_id='view-id'"),
    "block_actions": (fixture("interaction_block_actions.json"), "",
                      "block_actions action_id='a'"),
    "block_suggestion": (fixture("interaction_block_suggestion.json"), '{"options": []}',
                         "block_suggestion action_id='es_a'"),
    # Slack sends an empty callback_id for a modal opened without one
    "view_closed, no callback_id": (_named("interaction_view_closed.json") | {
        "view": {**fixture("interaction_view_closed.json")["view"], "callback_id": ""}},
        "", "view_closed callback_id=''"),
    # a newline in an id is quoted, not a second log line
    "global shortcut, a newline in the id": (
        _named("interaction_shortcut_global.json", callback_id="x\nFAKE"), "",
        "global shortcut callback_id='x\\nFAKE'"),
}


@pytest.mark.parametrize("case", UNHANDLED)
async def test_an_interaction_no_listener_takes_is_acknowledged_in_one_line(
        served: Served, fake_slack: FakeSlack, case: str,
        caplog: pytest.LogCaptureFixture) -> None:
    """bolt answered these 404, so Slack showed the person an error, and logged a WARNING of
    many lines (a listener to paste in) for each."""
    body, answer, named = UNHANDLED[case]
    caplog.set_level(logging.INFO)
    status, text = await served.interactive(body)
    assert (status, text) == (200, answer)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert not [r for r in caplog.records if r.exc_info]
    (line,) = [r.getMessage() for r in caplog.records
               if r.name == "integrations.slack.app" and "not handled" in r.getMessage()]
    assert line == f"slack acme: a {named} acknowledged, not handled (no listener for it)"
    assert served.handler.seen == [] and served.bot.skipped == 0
    assert {c.method for c in fake_slack.calls} <= {"auth.test"}


def _reject_without_comment() -> dict[str, Any]:
    body = fixture("interaction_view_submission.json")
    body["view"].update(callback_id="socialops:reject_modal",
                        private_metadata=json.dumps({"target": "A-7", "channel": "C111"}),
                        state={"values": {"comment": {"comment": {
                            "type": "plain_text_input", "value": " "}}}})
    return body


def _form_with_an_error() -> dict[str, Any]:
    body = fixture("interaction_view_submission.json")
    body["view"] = {**body["view"], **form_modal("reply", channel="C111"),
                    "state": {"values": {}}}  # no ticket, no text
    return body


async def test_socialops_own_listeners_still_come_first(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """bolt runs the first listener that matches, in the order they were registered: the
    catch-alls are registered last, so each of ours still takes its own."""
    caplog.set_level(logging.INFO)
    for body in (_reject_without_comment(), _form_with_an_error()):
        status, text = await served.interactive(body)
        assert status == 200 and json.loads(text)["response_action"] == "errors", text
    click = fixture("interaction_block_actions.json")
    click["response_url"] = fake_slack.response_url("act")
    click["actions"][0].update(action_id="socialops:claim", value="T-1")
    assert (await served.interactive(click))[0] == 200
    await served.handler.arrived.wait()
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-1")]
    assert not [r for r in caplog.records if "not handled" in r.getMessage()]
