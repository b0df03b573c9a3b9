"""A private answer Slack holds back for a moment (chat.postEphemeral answered 429 with a
Retry-After, or a 5xx) is Slack's own trouble, not a channel the bot cannot post in: it must
not come as a direct message telling the person to invite the bot where it already is
(signed requests, the local Slack)."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.cards import Reply
from integrations.slack.escape import unescape
from tests.integrations.slack.served import Served, posted_ticket, reaction
from tests.support.fake_slack import FakeSlack


@pytest.mark.parametrize("status,error,retry_after", [
    (429, "ratelimited", 0.0),
    (500, "internal_error", None),
])
async def test_a_throttled_ephemeral_answer_is_not_sent_as_a_dm_saying_invite_the_bot(
        served: Served, fake_slack: FakeSlack, status: int, error: str,
        retry_after: float | None) -> None:
    ts = await posted_ticket(served.bot.workspace)  # in C111, where the bot is a member
    served.handler.reply = Reply(text="T-5 is already claimed by bo", ok=False)
    fake_slack.fail(method="chat.postEphemeral", status=status, error=error,
                    retry_after=retry_after)
    posted = len(fake_slack.calls_to("chat.postMessage"))
    await served.event(reaction("eyes", ts, event_id="EvThrottled"))
    # the answer arrives one way or the other: a second ephemeral, or a direct message
    async with asyncio.timeout(10):
        while not (fake_slack.calls_to("chat.postMessage")[posted:] or fake_slack.ephemerals):
            await asyncio.sleep(0.01)
    dms = fake_slack.calls_to("chat.postMessage")[posted:]
    assert not [d for d in dms if "/invite @socialops" in unescape(d.args["text"])], (
        "a 429/5xx on chat.postEphemeral was answered as a DM telling the person to invite "
        "the bot to a channel it is already in")
    (again,) = fake_slack.ephemerals[-1:]
    assert "already claimed" in unescape(again.get("text", ""))
