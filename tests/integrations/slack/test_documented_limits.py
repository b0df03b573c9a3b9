"""Slack's documented limits against the fake that now enforces them (a section's text is at
most 3,000 characters), and a reaction whose message cannot be read: retried, and if it still
fails, counted and forgotten so a redelivery is handled instead of dropped as a duplicate."""

from __future__ import annotations

from typing import Any

from bot.core.cards import Button, Card
from bot.core.config import SlackWorkspaceConfig
from integrations.slack.app import build_slack_app
from integrations.slack.workspace import SlackWorkspace
from tests.integrations.slack.served import RecordingHandler, reaction
from tests.support.fake_slack import FakeSlack, block_errors

CH = "C111"


async def test_400_configured_users_fit_the_mention_section(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    users = tuple(f"U{n:010d}" for n in range(400))  # 5,200+ characters of pings
    ref = await slack_ws.post(CH, Card(kind="alert", key="A-1", title="Outage",
                                       mention_users=users))
    msg = fake_slack.message(CH, ref.message_id)
    assert msg is not None and block_errors(msg["blocks"]) == []
    [section] = [b for b in msg["blocks"] if b["type"] == "section"]
    text = section["text"]["text"]
    assert len(text) <= 3_000
    pinged = text.count("<@U")
    assert 0 < pinged < 400 and text.endswith(f" +{400 - pinged} more")


def test_the_fake_refuses_what_slack_refuses() -> None:
    assert block_errors([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}])
    assert block_errors([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}])
    assert block_errors([{"type": "divider"}] * 51)
    assert block_errors([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3000}}]) \
        == []
    context = {"type": "context", "elements": [{"type": "mrkdwn", "text": "x" * 3001}]}
    assert block_errors([context])
    button = {"type": "button", "text": {"type": "plain_text", "text": "Open"},
              "action_id": "a", "url": "https://x.example/" + "a" * 2983}
    assert block_errors([{"type": "actions", "elements": [button]}])
    button["url"] = str(button["url"])[:3000]
    context["elements"][0]["text"] = "x" * 3000
    assert block_errors([context, {"type": "actions", "elements": [button]}]) == []


class Sleeps:
    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)


async def posted_ticket(ws: SlackWorkspace) -> str:
    card = Card(kind="ticket", key="T-5", title="t",
                buttons=(Button(action="claim", label="Claim", target="T-5"),))
    return (await ws.post(CH, card)).message_id


def bot_for(config: SlackWorkspaceConfig, handler: RecordingHandler, sleeps: Sleeps) -> Any:
    return build_slack_app(config, handler=handler, sleep=sleeps)


async def test_a_reaction_survives_a_failed_history_read(
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig) -> None:
    handler, sleeps = RecordingHandler(), Sleeps()
    bot = bot_for(slack_config, handler, sleeps)
    ts = await posted_ticket(bot.workspace)
    fake_slack.fail(method="conversations.history", status=500, error="internal_error")
    await bot._on_reaction(reaction("eyes", ts))
    assert [(i.action, i.target) for i in handler.seen] == [("claim", "T-5")]
    assert len(fake_slack.calls_to("conversations.history")) == 2 and sleeps.asked == [1.0]
    assert bot.reactions_failed == 0


async def test_a_reaction_whose_message_cannot_be_read_is_not_marked_seen(
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig) -> None:
    handler, sleeps = RecordingHandler(), Sleeps()
    bot = bot_for(slack_config, handler, sleeps)
    ts = await posted_ticket(bot.workspace)
    fake_slack.fail(times=3, method="conversations.history", status=500,
                    error="internal_error")
    await bot._on_reaction(reaction("eyes", ts))
    assert handler.seen == [] and bot.reactions_failed == 1
    assert sleeps.asked == [1.0, 2.0]  # backoff between the three reads
    # the same event again (a redelivery, or Slack recovering): handled, not a "duplicate"
    await bot._on_reaction(reaction("eyes", ts))
    assert [(i.action, i.target) for i in handler.seen] == [("claim", "T-5")]
    await bot._on_reaction(reaction("eyes", ts))  # a real duplicate still acts once
    assert len(handler.seen) == 1
