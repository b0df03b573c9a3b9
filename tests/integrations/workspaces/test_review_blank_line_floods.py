"""A post of thousands of lines that draw nothing is one blank line on a card, on Slack and on
Discord, as a post of bare line breaks is (a hostile-content review, 2026-12-07).

``clean`` cut a run of three or more line breaks to one blank line ("a" + 5,000 "\\n" + "b"
is "a\\n\\nb"), but a line holding only a space, a tab, an ideographic space, a braille blank
(U+2800) or a soft hyphen was no blank line to it: "a" + " \\n" * 5,000 + "b" kept its
5,000 lines, and a card drew as many empty lines as its limits hold (about 1,500 on Slack,
2,000 on Discord), a screenful of nothing pushing the channel's other cards away."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.text import clean, normalise
from handlers.cards import alert_card
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card

# what draws nothing on a line of its own: spaces of every width, a tab, the braille blank,
# a soft hyphen (mid-line a place to break a word, shown only there)
NOTHING = [" ", "\t", "\u3000", "\u00a0", "\u2800", "\u00ad", " \u2800\t"]


def card_of(text: str) -> tuple[str, str]:
    """The post's words on its alert card: Slack's first section and Discord's description."""
    m = Mention(id="mastodon:1", network="mastodon", source="m", url="https://social.example/1",
                author=Author(id="1", handle="ana@social.example"), text=text,
                created_at=datetime(2026, 12, 7, tzinfo=UTC))
    hit = RouteHit(route="r", action="alert", workspace="w", channel="c")
    card = alert_card(Signal(mention=normalise(m), routes=(hit,)), hit, key=m.id)
    slack = next(b["text"]["text"] for b in render_card(card).blocks
                 if b["type"] == "section" and b.get("text", {}).get("type") == "plain_text")
    return slack, discord_render(card).embed.description or ""


def test_bare_line_breaks_are_one_blank_line_already() -> None:
    """The control: a flood of line breaks alone was cut before."""
    slack, discord = card_of("refund" + "\n" * 5_000 + "please")
    assert slack == "refund\n\nplease"
    assert discord == "refund\n\nplease"


@pytest.mark.parametrize("nothing", NOTHING, ids=repr)
def test_lines_of_nothing_are_one_blank_line(nothing: str) -> None:
    # 3,000 lines: the longest of them within a post's 20,000 characters (``MAX_TEXT``)
    slack, discord = card_of("refund\n" + (nothing + "\n") * 3_000 + "please")
    assert slack.count("\n") <= 2, f"{slack.count(chr(10))} lines on Slack"
    assert discord.count("\n") <= 2, f"{discord.count(chr(10))} lines on Discord"
    assert slack.startswith("refund") and slack.endswith("please")


def test_a_line_of_words_between_blank_ones_stays() -> None:
    """Only what draws nothing goes: indented words, a single blank line and a line's own
    spaces before its words stay as written."""
    text = "refund\n \n  - item one\n\u3000indented\n\nplease"
    assert clean(text) == text
    assert clean("a\n \n \n \nb") == "a\n\nb"
