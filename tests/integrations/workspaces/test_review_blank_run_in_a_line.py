"""One line of thousands of characters that draw nothing is a few of them on a card, on Slack
and on Discord (a hostile-content review, 2026-12-07).

``clean`` cut a run of lines that draw nothing to one blank line, but a single line of them
was one line to it: "refund " + 5,000 braille blanks (U+2800) + " please" kept the 5,000,
each a glyph as wide as a letter, and Slack and Discord wrap them into rows: a card of a
hundred empty rows between two words. The same with no-break, en, em or ideographic spaces,
which a browser does not let hang at the end of a row as it does the ASCII space. A run of
spaces and tabs alone (code, ASCII art, which a post may indent) is left as written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.text import MAX_BLANK_RUN, clean, normalise
from handlers.cards import alert_card
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card

# a variation selector after each blank (which ``clean`` keeps after a drawn character) draws
# nothing either, and parted the run into runs of one
BLANKS = ["\u2800", "\u00a0", "\u2003", "\u3000", "\u202f", " \u2800", "\u2800\t", "\u00ad",
          "\u2800\ufe0f", "\u2800\U000e0100"]


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


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
def test_one_line_of_blanks_is_bounded(blank: str) -> None:
    text = "refund " + blank * (6_000 // len(blank)) + " please"
    for shown in card_of(text):
        assert shown.startswith("refund") and shown.endswith("please"), shown[:80]
        assert len(shown) <= len("refund please") + MAX_BLANK_RUN + 2, len(shown)


def test_a_run_of_blanks_in_a_one_line_name_is_bounded_too() -> None:
    assert len(clean("a" + "\u2800" * 500 + "b")) == MAX_BLANK_RUN + 2


def test_spaces_and_short_runs_stay() -> None:
    """Indentation and ASCII art keep their spaces and tabs; a short run of any blank, a
    braille picture's blank cells, stays."""
    art = "x\n" + " " * 200 + "|\n\t\t\t\t" + " " * 100 + "y"
    assert clean(art) == art
    assert clean("é" + " " * 200 + "é") == "é" + " " * 200 + "é"
    picture = "⣿⣿" + "\u2800" * MAX_BLANK_RUN + "⣿\n⠀⠀⣿"
    assert clean(picture) == picture
