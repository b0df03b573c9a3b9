"""What a network gives is stored with the marks a letter carries, up to the stream-safe 30
(``MAX_MARKS``, docs/networks.md); only what a card, note or answer shows is cut to
``SHOWN_MARKS`` (5dd42fb). Each network's real recorded payloads, a letter carrying 20 marks
put into every text field: the post and its author as stored keep all 20 on every network
(Bluesky's normaliser did; Mastodon's, X's, Reddit's, Hacker News' and RSS's stored 8), and
the card built from it still shows 8."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.core.cards import Card
from bot.core.models import Mention
from bot.core.text import MAX_MARKS, SHOWN_MARKS, normalise
from integrations.discord.render import render as discord_render
from integrations.social.hackernews import parse as hackernews_parse
from integrations.social.rss import parse as rss_parse
from tests.chaos.test_hostile_input import parsers
from tests.integrations.test_normalisers_scrub import REAL, TEXT_KEYS, payloads

MARKS = 20
STACK = "Zalgo" + "\u0301" * MARKS


def stacked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (f"{v} {STACK}" if k in TEXT_KEYS and isinstance(v, str) and v
                    else stacked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [stacked(v) for v in value]
    return value


def _fields(m: Mention) -> list[str]:
    return [m.text, m.author.display_name, m.author.handle]


def _shown_cut(m: Mention) -> None:
    """The card built from ``m`` shows its stack cut to SHOWN_MARKS."""
    shown = discord_render(Card(kind="alert", key="K-1", title="t", text=m.text)).embed
    assert "Zalgo" + "\u0301" * SHOWN_MARKS in (shown.description or "")
    assert "Zalgo" + "\u0301" * (SHOWN_MARKS + 1) not in (shown.description or "")


# the recorded Hacker News items are Firebase's, which the Algolia parser does not read
@pytest.mark.parametrize("network", ["bluesky", "mastodon", "reddit", "x"])
def test_a_stack_of_marks_is_stored_whole_and_shown_cut(network: str) -> None:
    assert SHOWN_MARKS < MARKS <= MAX_MARKS
    kept = cut = 0
    for name in [n for w, n in payloads() if w == network]:
        payload = stacked(json.loads((REAL / network / name).read_text(encoding="utf-8")))
        try:
            got = [m for m in parsers()[network](payload) if m is not None]
        except Exception:  # a payload this shape refuses: the scrub test holds those
            continue
        for m in got:
            for field in (*_fields(m), normalise(m).text):
                if "Zalgo" in field:
                    kept += STACK in field
                    cut += STACK not in field
            if STACK in m.text:
                _shown_cut(m)
    assert kept and not cut, (network, kept, cut)


def test_a_hacker_news_hit_and_an_rss_entry_keep_their_stacks_too() -> None:
    hit = {"objectID": "8863", "author": "ana", "title": f"Hi {STACK}", "story_text": STACK,
           "created_at_i": 1_700_000_000, "_tags": ["story"]}
    feed = ("<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t"
            f"</title><item><guid>g-1</guid><title>Hi {STACK}</title><description>{STACK}"
            "</description><link>http://feed.example/1</link></item></channel></rss>")
    page = rss_parse.parse_feed(feed.encode(), feed_url="http://feed.example/x", headers={},
                                source="rss", first_seen=datetime(2026, 1, 1, tzinfo=UTC))
    got = [hackernews_parse.normalize_hit(hit, source="h"), *page.mentions]
    assert len(got) == 2
    for m in got:
        assert m.text.count(STACK) == 2 and normalise(m).text == m.text, repr(m.text)
        _shown_cut(m)
