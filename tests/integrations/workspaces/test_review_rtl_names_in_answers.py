"""Right-to-left authors' names starting an answer's lines (a subscription preview's
"• @name on Mastodon, …" samples, a ticket's "T-3 by @name on …" in ``why``) are isolated
(FSI ... PDI) on Slack and Discord, as a card's lines are
(test_review_rtl_names_in_card_lines.py). A hostile-content review, 2026-12-07.

Unisolated, "• @محمد on Mastodon, 2 h ago: refund please" is laid out right to left by a
reader taking a line's direction from its first strong character (Slack, Discord, a phone's
notification), and a name ending in U+202E (dropped by ``clean``, but a digit or "." after
an Arabic name still joins its run) takes the words after it. The answer carries the names
(``Reply.names``); each renderer marks them before escaping and cutting and isolates them
after, as it does a card's. A copied handle is still the handle: FSI and PDI sit outside it,
and a command reads them as the invisible characters ``clean`` drops."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.cards import Reply
from bot.core.models import Subscription
from bot.core.text import FSI, PDI, clean
from handlers.preview import PreviewResult, Sample, sample_names
from handlers.preview import render as render_preview
from integrations.discord.inbound import reply_payload
from integrations.slack.render import render_text

ARABIC, HEBREW = "محمد", "שרה"


def _preview() -> Reply:
    sub = Subscription(id="S-preview", workspace="w", channel="c", query="refund",
                       created_by="alice", created_at=datetime(2026, 12, 7, tzinfo=UTC))
    samples = tuple(Sample(id=f"mastodon:{n}", network="mastodon", author=handle,
                           text="refund please", url=None,
                           created_at="2026-12-06T10:00:00+00:00")
                    for n, handle in enumerate((ARABIC, "kasia", f"{HEBREW}.2")))
    result = PreviewResult(per_day=((date(2026, 12, 6), 3), (date(2026, 12, 7), 0)),
                           samples=samples, matched=3, scanned=40, seconds=0.1)
    return Reply.done(render_preview(sub, result), names=sample_names(result))


def _slack(reply: Reply) -> str:
    msg = render_text(reply.marked(), links=reply.links)
    return "\n".join(str(b["text"]["text"]) for b in msg.blocks if b["type"] == "section")


def _discord(reply: Reply) -> str:
    return str(reply_payload(reply)["content"])


@pytest.mark.parametrize("shown", [_slack, _discord], ids=["slack", "discord"])
def test_a_preview_s_right_to_left_authors_are_isolated(shown: object) -> None:
    text = shown(_preview())  # type: ignore[operator]
    lines = [line for line in text.splitlines() if "refund please" in line]
    assert len(lines) == 3, text
    assert lines[0].startswith(f"• {FSI}@{ARABIC}{PDI} on Mastodon") or \
        lines[0].startswith(f"• {FSI}\\@{ARABIC}{PDI} on Mastodon"), lines[0]
    assert (f"{FSI}@{HEBREW}.2{PDI} on" in lines[2]
            or f"{FSI}\\@{HEBREW}\\.2{PDI} on" in lines[2]), lines[2]
    assert FSI not in lines[1] and text.count(FSI) == text.count(PDI) == 2
    # copied, the handle reads as itself once a command cleans what it was given
    assert clean(f"{FSI}@{ARABIC}{PDI}") == f"@{ARABIC}"


def test_an_answer_naming_no_one_is_as_it_was() -> None:
    reply = Reply.done("T-3 by @kasia on Mastodon")
    assert reply.marked() == reply.text and "names" not in reply.model_dump_json()
    assert _discord(reply) == "T\\-3 by \\@kasia on Mastodon"  # escaped as before


def _ticket_lines() -> Reply:
    """Answers that name people by their handles without carrying them (``tickets``, ``why``,
    ``status``, ``drafts``): "T-3 by @محمد on Mastodon", "In reply to @שרה: …"."""
    return Reply.done(f"T-3 by @{ARABIC} on Mastodon, 2 h ago\n"
                      f"@{HEBREW}\u202e wrote: refund please\n"
                      "T-4 by @kasia on Mastodon\n"
                      f"A-1 (pending) In reply to @{ARABIC}2: refund")


@pytest.mark.parametrize("shown", [_slack, _discord], ids=["slack", "discord"])
def test_right_to_left_handles_an_answer_names_are_isolated(shown: object) -> None:
    text = shown(_ticket_lines())  # type: ignore[operator]
    first, second, third, fourth = text.splitlines()
    for line, name in ((first, ARABIC), (second, HEBREW), (fourth, f"{ARABIC}2")):
        assert f"{FSI}@{name}{PDI}" in line or f"{FSI}\\@{name}{PDI}" in line, line
    assert second.startswith(FSI) and "\u202e" not in second  # the override is dropped
    assert FSI not in third and text.count(FSI) == text.count(PDI) == 3
