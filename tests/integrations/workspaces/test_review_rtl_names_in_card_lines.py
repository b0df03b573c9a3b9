"""Right-to-left authors' names in the lines of a group card and a digest card ("• @name
(Mastodon): text", one per post) are isolated (FSI ... PDI) on Slack and Discord, as a
title's, the author line's and a spike card's fields are (test_rtl_author_isolated.py,
test_review_rtl_names_in_fields.py). A hostile-content review, 2026-12-07.

Unisolated, a name holding an Arabic or Hebrew letter is the first strong character of its
line, which a reader laying the line out by its first strong character (Slack, Discord, a
phone's notification) turns right to left: "• @محمد (Mastodon): refund please" reads
"refund please :(Mastodon) محمد@ •", the post's words before whose they are; a name ending in
digits or punctuation took the " (" and the network after it into its run on any reader."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.cards import Card
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.text import FSI, PDI
from bot.enrich.summary import DigestSummary
from handlers.cards import group_card
from handlers.routing import digest_card
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card

ARABIC, HEBREW = "محمد", "שרה"
HIT = RouteHit(route="r", action="alert", workspace="w", channel="c")


def _signal(n: int, handle: str) -> Signal:
    m = Mention(id=f"mastodon:{n}", network="mastodon", source="m",
                url=f"https://social.example/{n}", author=Author(id=str(n), handle=handle),
                text="refund please", created_at=datetime(2026, 12, 7, tzinfo=UTC))
    return Signal(mention=m, routes=(HIT,))


# ten posts, the most a group card lists: an Arabic and a Hebrew name past the eighth line
HANDLES = ["kasia", ARABIC, "bob", HEBREW, "ana", "li", "jo", "ed", f"{ARABIC}2", f"{HEBREW}3"]


def _group() -> Card:
    return group_card([_signal(n, h) for n, h in enumerate(HANDLES)], HIT, key="g")


def _digest() -> Card:
    summary = DigestSummary(count=12, top_terms=("refund",),
                            representatives=tuple(_signal(n, h) for n, h in enumerate(HANDLES)))
    return digest_card(summary, HIT, key="d")


def _slack_text(card: Card) -> str:
    return next(str(b["text"]["text"]) for b in render_card(card).blocks
                if b["type"] == "section" and b.get("text", {}).get("type") == "plain_text")


def _discord_text(card: Card) -> str:
    return discord_render(card).embed.description or ""


@pytest.mark.parametrize("card", [_group, _digest], ids=["group", "digest"])
@pytest.mark.parametrize("shown", [_slack_text, _discord_text], ids=["slack", "discord"])
def test_each_right_to_left_author_in_a_card_s_lines_is_isolated(card: object,
                                                                 shown: object) -> None:
    text = shown(card())  # type: ignore[operator]
    for name in (ARABIC, HEBREW, f"{ARABIC}2", f"{HEBREW}3"):
        assert (f"{FSI}@{name}{PDI} (" in text or f"{FSI}\\@{name}{PDI} \\(" in text), text
    assert text.count(FSI) == text.count(PDI) == 4
    assert f"{FSI}@kasia" not in text and f"{FSI}\\@kasia" not in text


def test_a_left_to_right_card_carries_no_names() -> None:
    """Only names holding a right-to-left letter are carried (most cards: none)."""
    card = group_card([_signal(1, "kasia"), _signal(2, "bob")], HIT, key="g")
    assert card.text_names == ()
    assert "text_names" not in card.model_dump_json()


def _reply_card(handle: str) -> Card:
    from bot.core.models import Approval
    from handlers.approvals import in_reply_to
    from handlers.cards import approval_card

    a = Approval(id="A-1", text="We are on it", network="mastodon", account="acme",
                 reply_to="mastodon:1", reply_context=in_reply_to(handle, "refund please"),
                 author="alice", content_hash="a" * 64,
                 created_at=datetime(2026, 12, 7, tzinfo=UTC))
    return approval_card(a)


def _slack_field(card: Card, name: str) -> str:
    for block in render_card(card).blocks:
        cells = block.get("fields") or []
        for label, value in zip(cells[::2], cells[1::2], strict=True):
            if name in label["text"]:
                return str(value["text"])
    raise AssertionError(f"no {name} field")


def _discord_field(card: Card, name: str) -> str:
    return next(str(f["value"]) for f in discord_render(card).embed.to_dict()["fields"]
                if f["name"] == name)


@pytest.mark.parametrize("shown", [_slack_field, _discord_field], ids=["slack", "discord"])
def test_a_right_to_left_author_a_draft_answers_is_isolated(shown: object) -> None:
    """A draft's "In reply to" field starts with the name of the author it answers:
    "@محمد: refund please" turned the field right to left, the post's words first."""
    value = shown(_reply_card(ARABIC), "In reply to")  # type: ignore[operator]
    assert value.startswith(f"{FSI}@{ARABIC}{PDI}:") or \
        value.startswith(f"{FSI}\\@{ARABIC}{PDI}\\:"), value
    assert FSI not in shown(_reply_card("kasia"), "In reply to")  # type: ignore[operator]
