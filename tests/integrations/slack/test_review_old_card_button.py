"""A button of a card an older version of socialops posted, whose action this version has no
more (a deploy renamed or dropped it; the card in the channel keeps its buttons until its next
change): the click was acknowledged, counted and logged as a malformed block action, and the
person who pressed it saw nothing happen, with no word of what to do instead. Now they are
told in one private line, through the click's response_url; it still never reaches the
handler. Through bolt's request path, signed, on the local Slack."""

from __future__ import annotations

import logging

import pytest

from tests.integrations.slack.served import Served
from tests.integrations.slack.test_app_inbound import click
from tests.support.fake_slack import FakeSlack


async def test_a_button_this_version_has_no_more_tells_the_person_what_to_do(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="integrations.slack"):
        status, _ = await served.interactive(click(fake_slack, "socialops:acknowledge", "T-1"))
        assert status == 200
        (told,) = await fake_slack.wait_for("response")
        await served.bot.stop()
    assert served.handler.seen == [] and served.bot.skipped == 1
    assert told.args["response_type"] == "ephemeral"
    text = told.args["text"]
    assert "\n" not in text and "older version" in text and "/socialops help" in text, text
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "acknowledge" in lines[0] and "malformed" not in lines[0], lines


@pytest.mark.parametrize("action_id", ["socialops:", "socialops:" + "x" * 300])
async def test_a_malformed_action_is_still_only_skipped(
        served: Served, fake_slack: FakeSlack, action_id: str) -> None:
    """An action id no version ever wrote (empty, over 255) is no old card's: skipped, as
    before, nothing said."""
    status, _ = await served.interactive(click(fake_slack, action_id, "T-1"))
    await served.bot.stop()
    assert fake_slack.calls_to("response") == [] and served.handler.seen == []
    assert status in (200, 400)
