"""The longest answers, through bolt's request path (signed requests) to the local Slack, which
now refuses an answer past Block Kit's limits wherever it goes: through a ``response_url``
(HTTP 400 ``invalid_blocks``, as Slack's webhooks answer, and nothing shown) and as
``chat.postEphemeral`` (as ``chat.postMessage``). Before, only posted and updated messages were
held to the limits there, so an answer too long for Slack would have passed these tests and
been lost in Slack. ``list`` in a channel of 100,000 subscriptions, each line hostile (CJK,
RTL, a ZWJ sequence, combining marks, a long link), is the longest answer a channel can ask
for: it comes as whole lines up to the message's limits and says how many were left out."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp

from bot.core.cards import Reply
from bot.core.models import Subscription
from handlers.subscriptions import describe
from integrations.slack.render import MAX_CARD_TEXT
from tests.integrations.slack.served import Served
from tests.integrations.slack.test_app_inbound import slash
from tests.support.fake_slack import MAX_BLOCKS_TEXT, FakeSlack, block_errors, blocks_text

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
QUERY = ('"acme" OR 返金 OR استرداد OR "\U0001F469\u200d\U0001F4BB e\u0301\u0302" OR '
         "https://acme.example/" + "a" * 60)


def listing(n: int) -> str:
    """What ``list`` answers for a channel of ``n`` subscriptions."""
    one = Subscription.model_construct(
        id="S-0", workspace="acme", channel="C111", query=QUERY, created_by="alice",
        created_at=NOW, mode="digest", digest_interval="daily", languages=("en", "ja", "ar"),
        sentiment_max=None, sentiment_min=None, muted_until=None, version=0)
    line = describe(one, NOW).removeprefix("S-0: ")
    return "\n".join(f"S-{i}: {line}" for i in range(1, n + 1))


async def test_the_local_slack_refuses_an_answer_past_the_limits(fake_slack: FakeSlack) -> None:
    too_many = [{"type": "section", "text": {"type": "plain_text", "text": "x"}}] * 51
    too_long = [{"type": "section", "text": {"type": "plain_text", "text": "x" * 3_001}}]
    async with aiohttp.ClientSession() as http:
        for blocks in (too_many, too_long):
            async with http.post(fake_slack.response_url("r"), json={
                    "text": "x", "blocks": blocks, "response_type": "ephemeral"}) as resp:
                assert (resp.status, await resp.text()) == (400, "invalid_blocks")
        headers = {"Authorization": f"Bearer {fake_slack.token}"}
        for blocks in (too_many, too_long):
            async with http.post(f"{fake_slack.api_url}chat.postEphemeral", headers=headers,
                                 json={"channel": "C111", "user": "W111", "text": "x",
                                       "blocks": blocks}) as resp:
                assert (await resp.json())["error"] == "invalid_blocks"
    assert fake_slack.responses == fake_slack.ephemerals == []


async def test_100000_subscriptions_listed_come_as_whole_lines_within_the_limits(
        served: Served, fake_slack: FakeSlack) -> None:
    text = listing(100_000)
    served.handler.reply = Reply(text=text, ephemeral=True)
    assert (await served.command(slash(fake_slack, "list")))[0] == 200
    (answer,) = await fake_slack.wait_for("response")
    assert fake_slack.responses  # the local Slack took it
    blocks = answer.args["blocks"]
    assert block_errors(blocks) == [] and blocks_text(blocks) <= MAX_CARD_TEXT < MAX_BLOCKS_TEXT
    shown = "\n".join(b["text"]["text"] for b in blocks).splitlines()
    *lines, last = shown
    assert lines == text.splitlines()[: len(lines)]  # whole lines, in order
    assert last == (f"… and {100_000 - len(lines):,} more lines: the answer is longer than one "
                    "Slack message holds")
