"""Markup built to make html.parser re-read the rest of the document from every ``<`` ("<a " *
n, "<a/" * n, "<!--" * n, "<a b='>'" * n, ...) goes through the feed, Mastodon and Hacker News
normalisers and comes out as sane text. Before, 40,000 characters of "<a " in one feed entry
held the event loop for 17 s, and 100,000 characters of "<a/" took 85 s in ``html_to_text``.

No times here (benchmarks/backtracking.py has them). Linear time is shown by what it rests on:
after the pre-pass the parser is never left holding unparsed input to re-read, and 100,000
characters of each shape are read in full.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from bot.core.text import MAX_TEXT, clean
from integrations.social.hackernews.parse import normalize_hit
from integrations.social.mastodon.parse import normalize_status
from integrations.social.rss.defuse import defuse
from integrations.social.rss.html import html_to_text
from integrations.social.rss.parse import parse_feed

pytestmark = pytest.mark.untimed  # in-process parsing; no kill, no clock (tests/chaos/conftest.py)

N = 100_000
# shapes the parser cannot close: every one is text
UNCLOSABLE = ["<a ", "<a/", "<a =", "<a b='", '<a b="', "<a b='>'", "<!--", "<!--x>", "</a",
              "<?", "<!x", "<!doctype", "<![CDATA[", "<![if", "<a b='x' c", "<x y='<x y=\""]


def hostile(unit: str, tail: str = "") -> str:
    return (unit * (N // len(unit) + 1))[:N] + tail


@pytest.mark.parametrize("unit", UNCLOSABLE)
def test_unclosable_markup_reads_as_text(unit: str) -> None:
    markup = hostile(unit)
    assert html_to_text(markup).text == clean(" ".join(markup.split()))


@pytest.mark.parametrize("unit", UNCLOSABLE)
def test_the_parser_is_left_nothing_to_reread(unit: str) -> None:
    # html.parser keeps what it cannot close in ``rawdata`` and scans it again from every
    # later "<" when the input ends: that is where the time went
    before, after = HTMLParser(), HTMLParser()
    before.feed(hostile(unit)[:2_000])
    after.feed(defuse(hostile(unit)))
    assert len(before.rawdata) > 1_000
    assert after.rawdata in ("", "<")  # a "<" last of all waits for input that never comes


@pytest.mark.parametrize(("markup", "text", "links"), [
    ("<svg>" * (N // 10) + "</a>" * (N // 8), "", 0),  # stray closes in dropped elements
    ("<p>" * (N // 3), "", 0),
    ("".join(f'<a href="https://x.example/{i}">x</a> ' for i in range(N // 40)), None, N // 40),
    ("<script>" + "<a " * (N // 3), "", 0),  # an unclosed script: its body is never text
])
def test_closable_but_heavy_markup(markup: str, text: str | None, links: int) -> None:
    result = html_to_text(markup)
    if text is not None:
        assert result.text == text
    assert len(result.text) <= MAX_TEXT and len(result.links) == links


@pytest.mark.parametrize("unit", ["<a ", "<a b='>'", "<!--x>", "</a"])
def test_hostile_markup_through_each_normaliser(unit: str) -> None:
    markup = hostile(unit)
    feed = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t'
            b'</title><item><title>acme</title><link>https://blog.example/1</link>'
            b"<description><![CDATA[" + markup.encode() + b"]]></description></item>"
            b"</channel></rss>")
    entry = parse_feed(feed, feed_url="https://blog.example/feed", headers={}, source="rss",
                       first_seen=datetime(2026, 1, 1, tzinfo=UTC)).mentions[0]
    toot = normalize_status({"id": "1", "created_at": "2026-01-01T00:00:00Z", "content": markup,
                             "account": {"id": "2", "acct": "a@b.example"}}, source="m")
    comment = normalize_hit({"objectID": "3", "created_at_i": 1_767_225_600, "author": "pg",
                             "comment_text": markup}, source="hn")
    assert comment is not None
    expected = clean(" ".join(markup.split()))
    assert entry.text.startswith("acme\n\n" + expected[:1_000])
    assert toot.text == expected and comment.text == expected
