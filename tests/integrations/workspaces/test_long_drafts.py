"""An approval card of a draft longer than the card holds says the draft's whole size: Approve
publishes all of it. Drafts are kept whole (``as_shown``); the cards measured them after
``clean``'s cut to a post's 20,000 characters, so a draft of 50,000 was said to be 20,000
(a hostile-input review's find)."""

from __future__ import annotations

import re

import pytest

from bot.core.cards import Button, Card
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card

BUTTONS = (Button(action="approve", label="Approve", target="A-1", version="a" * 64),)


def said(card: Card) -> tuple[str, str]:
    slack = " ".join(str(e.get("text", "")) for b in render_card(card).blocks
                     for e in b.get("elements", ()) if isinstance(e, dict))
    discord = discord_render(card).embed.to_dict().get("description", "")
    return slack, discord


@pytest.mark.parametrize("words", [3_000, 10_000])
def test_a_long_draft_is_said_at_its_whole_size(words: int) -> None:
    text = "word " * (words - 1) + "word"
    card = Card(kind="approval", key="A-1", title="Draft A-1", text=text, buttons=BUTTONS)
    slack, discord = said(card)
    size = f"{len(text):,}"
    assert re.search(f"This draft is {size} characters, more than a Slack card holds", slack), \
        slack[-400:]
    assert re.search(f"This draft is {size} characters, more than a Discord card holds",
                     discord), discord[-400:]
