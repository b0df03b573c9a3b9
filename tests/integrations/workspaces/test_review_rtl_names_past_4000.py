"""A right-to-left name an answer carries (``Reply.names``) is isolated wherever the answer
shows it, not only in its first 4,000 characters (a fuzzing review, 2026-12-07). Slack shows
up to 10,000 characters of an answer (``MAX_CARD_TEXT``), and ``marked_names`` marked the
names in the first 4,000 alone (``MARKED_SPAN``, sized for a card's field): a preview whose
filter line ran long (a ``lang`` list of thousands of characters) pushed its samples past
it, and "• @محمد علي on Mastodon, …" was laid out right to left, the answer's words after
the name moved. A name of two words is not a "@handle" ``marked_handles`` finds whole."""

from __future__ import annotations

from bot.core.cards import Reply
from bot.core.text import ANSWER_SHOWN, FSI, MARKED_SPAN, PDI, marked_names
from integrations.slack.render import render_text

NAME = "@محمد علي"


def _answer(before: int) -> Reply:
    head = "\n".join("per day: " + "x" * 90 for _ in range(before // 100))
    return Reply.done(f"{head}\n• {NAME} on Mastodon, 2 h ago: refund please", names=(NAME,))


def test_a_name_past_4000_characters_of_an_answer_is_isolated_on_slack() -> None:
    reply = _answer(6_000)
    assert reply.text.index(NAME) > 4_000
    msg = render_text(reply.marked())
    shown = "\n".join(b["text"]["text"] for b in msg.blocks if b["type"] == "section")
    assert f"{FSI}{NAME}{PDI} on Mastodon" in shown


def test_names_are_marked_as_far_as_any_answer_shows() -> None:
    assert MARKED_SPAN >= ANSWER_SHOWN
    line = "x" * (ANSWER_SHOWN - 20) + f" {NAME} 3"
    assert "\ufdd0" in marked_names(line, (NAME,))
