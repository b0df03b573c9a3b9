"""Slack's undocumented total (``msg_blocks_too_long``: about 12,000 characters of text over all
of a message's blocks, slackapi/bolt-js#2509 and #2867) against cards at their worst, through
the renderer, slack_sdk and the local Slack that refuses what Slack refuses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.cards import Button, Card, CardField
from bot.core.errors import PermanentDeliveryError
from bot.core.models import Approval, Decision
from handlers.approvals import content_hash
from handlers.cards import approval_card
from integrations.slack.api import call
from integrations.slack.render import MAX_CARD_TEXT, render_card, text_size
from integrations.slack.workspace import SlackWorkspace
from tests.support.fake_slack import MAX_BLOCKS_TEXT, FakeSlack, blocks_text

CH = "C111"
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def words(n: int, seed: str = "word") -> str:
    return (f"{seed} " * (n // (len(seed) + 1) + 1))[: n - 1] + "."


def approval(draft: str, *, comments: int = 3) -> Approval:
    decisions = tuple(Decision(at=AT, person=f"p{i}", verdict="reject", step=0,
                               comment=words(2_000, f"c{i}"), content_hash="0" * 64)
                      for i in range(comments))
    return Approval(id="A-7", text=draft, network="mastodon", account="masto", author="alice",
                    reply_context=words(1_000, "ctx"), decisions=decisions,
                    content_hash=content_hash(draft), created_at=AT)


def sections_text(blocks: list[dict]) -> str:  # type: ignore[type-arg]
    return "".join(b["text"]["text"] for b in blocks
                   if b["type"] == "section" and b.get("text", {}).get("type") == "plain_text")


async def test_the_fake_refuses_a_message_past_the_total(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    blocks = [{"type": "section", "text": {"type": "plain_text", "text": "x" * 3_000}}] * 5
    assert blocks_text(blocks) == 15_000 > MAX_BLOCKS_TEXT
    with pytest.raises(PermanentDeliveryError, match="msg_blocks_too_long"):
        await call(slack_ws.client, "chat.postMessage", channel=CH, text="t", blocks=blocks)
    assert fake_slack.top_level(CH) == []


async def test_a_worst_case_card_is_accepted(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    buttons = tuple(Button(action="claim", label="L" * 75, target=f"T-{n}") for n in range(25))
    card = Card(kind="alert", key="K-1", title="t" * 400, text=words(50_000),
                url="https://example.com/post/1", network="x", network_name="X",
                author="a" * 200, author_url="https://example.com/" + "u" * 2_900,
                badges=tuple("b" * 60 for _ in range(20)), route="r" * 200, status="s" * 100,
                fields=tuple(CardField(name="n" * 100, value=words(5_000)) for _ in range(40)),
                footer="f" * 5_000, buttons=buttons,
                mention_users=tuple(f"U{n:010d}" for n in range(400)))
    assert text_size(render_card(card).blocks) <= MAX_CARD_TEXT
    ref = await slack_ws.post(CH, card)
    msg = fake_slack.message(CH, ref.message_id)
    assert msg is not None
    [actions] = [b for b in msg["blocks"] if b["type"] == "actions"]
    assert len(actions["elements"]) == 25  # never a button
    assert any(b["type"] == "section" and "<@U" in b["text"]["text"] for b in msg["blocks"])


async def test_a_realistic_approval_card_shows_the_whole_draft_and_cuts_comments(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    a = approval(words(3_000, "draft"))
    ref = await slack_ws.post(CH, approval_card(a))
    msg = fake_slack.message(CH, ref.message_id)
    assert msg is not None
    assert sections_text(msg["blocks"]) == a.text  # exactly what Approve approves
    approve = next(e for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]
                   if e["action_id"] == "socialops:approve")
    assert approve["value"] == f"A-7#{a.content_hash}"
    values = [f["text"] for b in msg["blocks"] for f in b.get("fields", [])
              if f["type"] == "plain_text"]
    comments = [v for v in values if v.startswith("c0") or v.startswith("c2")]
    assert comments and all(len(v) < 2_000 for v in comments)  # the longest went first
    assert any(v.startswith("ctx") and len(v) == 1_000 for v in values)
    assert f"content sha256 {a.content_hash[:16]}" in str(msg["blocks"])


async def test_a_draft_longer_than_a_card_says_so_and_where_the_whole_is(
        fake_slack: FakeSlack, slack_ws: SlackWorkspace) -> None:
    a = approval(words(15_000, "draft"))
    ref = await slack_ws.post(CH, approval_card(a))
    msg = fake_slack.message(CH, ref.message_id)
    assert msg is not None
    shown = sections_text(msg["blocks"])
    assert a.text.startswith(shown) and len(shown) > 5_000
    notes = [e["text"] for b in msg["blocks"] if b["type"] == "context" for e in b["elements"]]
    assert any("This draft is 15,000 characters" in n and f"first {len(shown):,}" in n
               and "socialops audit" in n for n in notes)
    assert f"A-7#{a.content_hash}" in str(msg["blocks"])
