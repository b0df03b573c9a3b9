"""A card whose author draws nothing (soft hyphens, the braille blank: ``clean`` keeps them),
as a queued card of an older release may carry, on Slack: the context line linked "@" plus
nothing to the author's profile, where Discord's card names the network alone
(tests/integrations/discord/test_review_invisible_names.py). Slack's does the same now."""

from __future__ import annotations

import pytest

from bot.core.cards import Card
from integrations.slack.render import render_card

BLANK = ["\u00ad\u00ad", "\u2800", "\u3164\u00ad \u2800", "@\u00ad"]


@pytest.mark.parametrize("name", BLANK)
def test_a_blank_author_leaves_the_context_to_the_network(name: str) -> None:
    card = Card(kind="alert", key="k", title="a post", text="hi", author=name,
                author_url="https://m.example/@a", network="mastodon", network_name="Mastodon")
    context = render_card(card).blocks[1]
    assert context["type"] == "context"
    assert context["elements"][0]["text"] == "*Mastodon*"
