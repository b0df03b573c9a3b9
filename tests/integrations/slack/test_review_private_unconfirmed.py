"""A private answer sent through a ``response_url`` whose reply never came (a timeout, a
proxy resetting the connection) is ``Unconfirmed``: Slack most likely showed it, but nothing
says so, and a private answer is never lost, so it is sent again as ``chat.postEphemeral``.
The person then read the same answer twice, with nothing saying why; the second one now says
it is a repeat. (Skipping it would lose the answer whenever Slack had not taken it: a refusal
nobody hears of.) Through bolt's request path, signed, on the local Slack, which drops the
connection after taking the answer."""

from __future__ import annotations

from bot.core.cards import Reply
from integrations.slack.answer import AGAIN
from tests.integrations.slack.served import Served, fixture
from tests.support.fake_slack import FakeSlack


async def test_a_private_answer_sent_again_says_it_may_be_a_repeat(
        served: Served, fake_slack: FakeSlack) -> None:
    served.handler.reply = Reply.refused("T-5 is already claimed by bo")
    body = fixture("interaction_block_actions.json")
    body["response_url"] = fake_slack.response_url("act")
    body["actions"][0].update(action_id="socialops:claim", value="T-5")
    fake_slack.lose_responses = 1
    status, _ = await served.interactive(body)
    assert status == 200
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    await served.bot.stop()
    assert [r["text"] for r in fake_slack.responses] == ["T-5 is already claimed by bo"]
    assert eph.args["user"] == "W111"
    assert eph.args["text"].startswith("T-5 is already claimed by bo")  # never lost
    assert AGAIN in eph.args["text"]  # and said to be a repeat


async def test_a_refused_response_url_answer_is_posted_without_the_note(
        served: Served, fake_slack: FakeSlack) -> None:
    """Slack's refusal (an HTTP status) says nothing was shown: the post is no repeat."""
    served.handler.reply = Reply.refused("T-5 is already claimed by bo")
    body = fixture("interaction_block_actions.json")
    body["response_url"] = fake_slack.response_url("act")
    body["actions"][0].update(action_id="socialops:claim", value="T-5")
    now = fake_slack.clock()
    fake_slack.clock = lambda: now + 10_000  # expired: 404
    await served.interactive(body)
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert eph.args["text"] == "T-5 is already claimed by bo"
