"""Answers that must reach the person even where the bot cannot post: a form submitted from
a channel the bot is not a member of (signed requests, the local Slack)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from bot.core.cards import Reply
from integrations.slack.escape import unescape
from integrations.slack.forms import form_modal
from tests.integrations.slack.served import Served, fixture
from tests.integrations.slack.test_app_inbound import slash
from tests.support.fake_slack import FakeSlack

OUTSIDE = "COUT"  # a channel the bot was never invited to


def submitted(view: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    """The view_submission of ``view`` (as the form was opened) filled in with ``values``."""
    body = fixture("interaction_view_submission.json")
    state = {arg: {arg: {"type": "plain_text_input", "value": value}}
             for arg, value in values.items()}
    body["view"] = {**body["view"], **view, "state": {"values": state}}
    return body


async def test_a_form_answer_outside_the_bots_channels_comes_as_a_direct_message(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """chat.postEphemeral answers not_in_channel there: the answer used to be lost, with a
    traceback in the log."""
    fake_slack.outside_channels.add(OUTSIDE)
    served.handler.reply = Reply(text="A-1 drafted for approval", ephemeral=True)
    with caplog.at_level(logging.INFO, logger="integrations.slack"):
        status, _ = await served.interactive(submitted(
            form_modal("reply", channel=OUTSIDE), {"ticket": "T-5", "text": "hi"}))
        assert status == 200
        (dm,) = await fake_slack.wait_for("chat.postMessage")
        # the warning is logged once Slack has answered the direct message, after the local
        # Slack recorded it: wait for it rather than race it (this test failed under load)
        async with asyncio.timeout(5):
            while not any(r.levelno >= logging.WARNING for r in caplog.records):
                await asyncio.sleep(0.01)
    (i,) = served.handler.seen
    assert (i.action, i.target, i.channel) == ("reply", "T-5", OUTSIDE)
    assert dm.args["channel"] == "W111"  # the user id: the bot's own conversation with them
    text = unescape(dm.args["text"])
    assert text.startswith("A-1 drafted for approval") and "/invite @socialops" in text
    assert not [r for r in caplog.records if r.exc_info]
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "not_in_channel" in warnings[0] and OUTSIDE in warnings[0]
    assert "direct message" in warnings[0]


async def test_a_form_opened_by_a_command_answers_through_its_response_url(
        served: Served, fake_slack: FakeSlack) -> None:
    """A form keeps the response_url of the command that opened it: the answer then comes
    as an ephemeral message where the person typed, even in a channel the bot is not in."""
    fake_slack.outside_channels.add(OUTSIDE)
    form = slash(fake_slack, "reply T-5")
    form.update(channel_id=OUTSIDE, trigger_id="1.2.trigger")
    await served.command(form)
    await fake_slack.wait_for("views.open")
    (view,) = fake_slack.views
    assert json.loads(view["private_metadata"]) == {
        "channel": OUTSIDE, "response_url": fake_slack.response_url("cmd")}
    served.handler.reply = Reply(text="A-1 drafted for approval", ephemeral=True)
    await served.interactive(submitted(view, {"ticket": "T-5", "text": "hi"}))
    (answer,) = await fake_slack.wait_for("response")
    assert answer.args["response_type"] == "ephemeral"
    assert unescape(answer.args["text"]) == "A-1 drafted for approval"
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_a_form_answer_in_a_channel_the_bot_is_in_stays_ephemeral_there(
        served: Served, fake_slack: FakeSlack) -> None:
    await served.interactive(submitted(form_modal("reply", channel="C111"),
                                       {"ticket": "T-5", "text": "hi"}))
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert (eph.args["channel"], eph.args["user"]) == ("C111", "W111")
    assert fake_slack.calls_to("chat.postMessage") == []
