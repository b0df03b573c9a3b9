"""What a card Slack refuses for good says to do, in the one ERROR line of its give-up (all
an operator without an ops channel sees; the ops notice's Fix field says the same). Slack's
refusals of ``chat.postMessage`` each have their own fix, and three were told "see the
error; retry once fixed": ``is_archived`` (the error said it, the fix did not),
``msg_too_long`` (a retry renders the same card: a bug to report, as ``invalid_blocks``), and
``channel_not_found`` was told only to check the channel id, though Slack answers it for a
private channel the bot was never invited to, whose id is right. The outbox, a real store
and the Slack client are the real ones, against the local Slack Web API."""

from __future__ import annotations

import logging

import pytest

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_dead_notice_grouping import _outbox, _send
from tests.support.fake_slack import FakeSlack

FIXES = {
    "channel_not_found": ("check the channel id", "/invite @socialops"),
    "not_in_channel": ("invite the bot to the channel",),
    "is_archived": ("unarchive",),
    "invalid_blocks": ("report it",),
    "msg_too_long": ("report it",),
}


@pytest.mark.parametrize("error", sorted(FIXES))
async def test_each_refusal_of_a_card_says_what_to_do(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture, error: str) -> None:
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.fail(times=100, method="chat.postMessage", error=error)
        outbox = _outbox(store, clock, slack, ops_slack)
        with caplog.at_level(logging.ERROR, logger="bot.engine.outbox"):
            await _send(store, outbox, clock, 1, 1)
    lines = [r.getMessage() for r in caplog.records if "giving up on" in r.getMessage()]
    assert len(lines) == 1 and "\n" not in lines[0], lines
    fix = lines[0].rsplit("; fix: ", 1)[1]
    assert fix != "see the error; retry once fixed"
    for said in FIXES[error]:
        assert said in fix, fix
