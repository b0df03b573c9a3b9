"""Text shown to people is cut between user-perceived characters, with "…" saying it was cut:
a plain slice cut a rejection comment on a card's status, an approval's or a source's error on
its card, a dead delivery's error in `deliveries` and a suggested reply inside an emoji
sequence (👩‍💻 became 👩, a different picture, with no sign that anything was left out).
Each through Slack's real renderer."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.app.compose import poison_notice
from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.core.models import (
    Approval,
    Author,
    ChannelRef,
    Decision,
    Mention,
    Sentiment,
    Signal,
)
from bot.core.ports import Store
from bot.enrich.summary import summarise
from handlers.audit import Audit
from handlers.cards import approval_card
from handlers.deliveries import Deliveries
from integrations.slack.render import render_card, render_text
from tests.conftest import FakeClock

CODER = "👩‍💻"  # 👩 ZWJ 💻: three code points, one character on screen
AT = datetime(2026, 12, 1, 9, tzinfo=UTC)


def shown(message: object) -> str:
    return json.dumps(message.__dict__, ensure_ascii=False)


def test_a_cards_status_and_error_are_cut_between_characters() -> None:
    """The headline quotes a rejection comment up to 100 characters and the Error field an
    approval's error up to 500: an emoji sequence across either limit was split."""
    comment = "x" * 98 + CODER + " rest of the comment"
    error = "e" * 498 + CODER + " rest of the error"
    approval = Approval(
        id="A-1", status="rejected", text="Winter sale", network="mastodon", account="main",
        author="ana", content_hash="h", created_at=AT, error=error,
        decisions=(Decision(at=AT, person="dave", verdict="reject", step=0, comment=comment,
                            content_hash="h"),))
    card = approval_card(approval)
    assert card.title == f"A-1: Rejected by dave: {'x' * 98}…"
    rendered = shown(render_card(card))
    assert f"Rejected by dave: {'x' * 98}…" in rendered, rendered
    assert "e" * 498 + "…" in rendered, rendered
    # the decision's own field shows the comment whole; nowhere is the sequence split
    assert rendered.count("👩") == rendered.count(CODER) == 1, rendered


async def test_a_dead_deliverys_error_in_the_answer_is_cut_between_characters(
        store: Store, clock: FakeClock) -> None:
    fx = Effects()
    fx.send(OutboxItem.new(key="T-1@sales", workspace="console", channel="sales",
                           card=Card(kind="alert", key="T-1", title="t"), now=clock()))
    assert await store.apply(fx)
    [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=1)
    await store.retry_later(claimed.key, owner="w", at=clock(), dead=True,
                            error="channel_not_found " + "n" * 280 + CODER + " and more")
    deliveries = Deliveries(store, clock=clock, audit=Audit(clock=clock), hint=lambda _: "")
    reply = await deliveries.list_reply()
    rendered = shown(render_text(reply.text))
    assert "n" * 280 + "…" in rendered, rendered
    assert "👩" not in rendered, rendered


def test_a_mentions_reason_in_its_ops_notice_is_cut_between_characters(
        clock: FakeClock) -> None:
    """The ops channel's notice of a mention set aside quotes its failure up to 300."""
    mention = Mention(id="mastodon:1", network="mastodon", source="main", text="acme",
                      author=Author(id="a1", handle="u1"), created_at=AT)
    fx = Effects()
    poison_notice(ChannelRef(workspace="console", channel="ops"), clock, mention,
                  "RuntimeError: " + "r" * 284 + CODER + " and more", fx)
    [item] = fx.outbox
    rendered = shown(render_card(item.card))
    assert "r" * 284 + "…. The source moves on." in rendered, rendered
    assert "👩" not in rendered, rendered


def test_a_digests_sample_post_is_cut_between_characters() -> None:
    """A digest quotes each sample post up to 200 characters, then "…"."""
    text = "acme " + "d" * 194 + CODER + " the rest of a long post"
    post = Mention(id="mastodon:1", network="mastodon", source="t", text=text,
                   author=Author(id="a1", handle="u1"), created_at=AT)
    summary = summarise([Signal(mention=post, sentiment=Sentiment(label="negative"))])
    rendered = shown(render_text(summary.render()))
    assert "acme " + "d" * 194 + "…" in rendered, rendered
    assert "👩" not in rendered, rendered


async def test_a_dead_deliverys_title_in_the_answer_is_cut_between_characters(
        store: Store, clock: FakeClock) -> None:
    """`deliveries` quoted a card's title up to 80 code points: an author's name with an
    emoji sequence across the cut was shown as another picture."""
    fx = Effects()
    fx.send(OutboxItem.new(key="T-1@sales", workspace="console", channel="sales",
                           card=Card(kind="alert", key="T-1", title="t" * 78 + CODER + " x"),
                           now=clock()))
    assert await store.apply(fx)
    [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=1)
    await store.retry_later(claimed.key, owner="w", at=clock(), dead=True, error="gone")
    deliveries = Deliveries(store, clock=clock, audit=Audit(clock=clock), hint=lambda _: "")
    rendered = shown(render_text((await deliveries.list_reply()).text))
    assert "t" * 78 + "…" in rendered and "👩" not in rendered, rendered
