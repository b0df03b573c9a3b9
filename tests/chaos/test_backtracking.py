"""Posts built to make a backtracking regex retry from every position ("a-a-a-...", "x.x.x....",
"[a]([a](...", "\\n\\n\\n...", ">!>!>!...", a long run of digits) go through every stage that
scans a post's text, and come out right. Before, 20,000 characters of "a-" held the event loop
for 8 s in language detection alone; Reddit markdown, a Reddit rate-limit reply, a Mastodon
``Link`` header and an author's handle had the same flaw.

The times are a benchmark's, not a test's (``benchmarks/backtracking.py``: every pattern the
project compiles, worst case now against the replaced patterns in the same run). Here: the
rewritten patterns find what the old ones found on ordinary text (compared on random strings
where the rewrite is exact), and the hostile posts give sane answers.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

import pytest

from bot.core.errors import RateLimited
from bot.core.models import Author, Mention
from bot.core.text import normalise
from bot.enrich import Enricher
from bot.enrich.author import likely_bot
from bot.enrich.features import featurise
from bot.enrich.language import _STRIP
from integrations.social.mastodon.api import link_params
from integrations.social.reddit.parse import _unspoil, markdown_to_text
from integrations.social.reddit.publish import _WAIT

# in-process parsing; it asserts answers, never times
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

N = 20_000
SHAPES = ["a-", "x.", "1.0", "ab.", "a.b/", "[a](", "[", ">!", "\n", "\n\n", "- ", "```\n",
          "<a", "@a.", "#a", "1", "ø", "😡"]


def hostile(unit: str, tail: str = "") -> str:
    return (unit * (N // len(unit) + 1))[:N] + tail


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


@pytest.mark.parametrize("unit", SHAPES)
def test_a_post_built_to_backtrack_is_enriched(enricher: Enricher, unit: str) -> None:
    m = normalise(Mention(id="reddit:t3_x", network="reddit", source="s",
                          text=hostile(unit, "!"), created_at=datetime(2026, 11, 20, tzinfo=UTC),
                          author=Author(id="1", handle="1" * 5000 + "x")))
    facts = enricher.facts(m)
    language = facts.language()
    assert language is None or re.fullmatch("[a-z]{2}", language)
    assert facts.intent() in ("complaint", "question", "praise", "lead", "spam", "other")
    assert facts.sentiment().label in ("positive", "negative", "neutral", "unknown")
    assert len(featurise(m.text).index) > 0
    assert likely_bot(m, []) is False  # the handle does not end in digits


@pytest.mark.parametrize("unit", SHAPES)
def test_reddit_markdown_built_to_backtrack_is_read(unit: str) -> None:
    body = hostile(unit)
    out = markdown_to_text(body)
    assert len(out.text) <= len(body)
    assert out.links == ()


def test_reddit_markdown_still_reads_links_spoilers_rules_and_fences() -> None:
    out = markdown_to_text("See [the docs](https://acme.example/docs) >!it ends well!<\n\n"
                           "---\n```\ncode\n```\nbye")
    assert out.links == ("https://acme.example/docs",)
    assert "the docs" in out.text and "it ends well" in out.text
    assert "---" not in out.text and "```" not in out.text and "bye" in out.text


def test_unspoil_is_the_regex_it_replaces() -> None:
    regex = re.compile(r">!(.*?)!<", re.S)
    rng = random.Random(3)
    for _ in range(50_000):
        s = "".join(rng.choice(">!<a \n") for _ in range(rng.randint(0, 18)))
        assert _unspoil(s) == regex.sub(r"\1", s), s


def test_the_rate_limit_wait_is_read_as_before() -> None:
    old = re.compile(r"(\d+)\s*(second|minute|hour)", re.I)
    rng = random.Random(5)
    parts = [*"12 a", "minute", "second", "hours", "Minutes"]
    for _ in range(50_000):
        s = "".join(rng.choice(parts) for _ in range(rng.randint(0, 10)))
        a, b = old.search(s), _WAIT.search(s)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), s
    assert _WAIT.search(hostile("1")) is None
    wait = _WAIT.search("you are doing that too much. try again in 7 minutes.")
    assert wait is not None and wait.groups() == ("7", "minute")


def test_a_reddit_rate_limit_reply_built_to_backtrack_still_waits() -> None:
    from integrations.social.reddit.publish import RedditPublisher

    publisher = RedditPublisher.__new__(RedditPublisher)
    with pytest.raises(RateLimited) as caught:
        publisher._read_answer({"json": {"errors": [["RATELIMIT", hostile("1"), "ratelimit"]]}},
                               "t3_abc")
    assert caught.value.retry_after == 600.0  # no readable wait: ten minutes


def test_a_link_header_built_to_backtrack_has_no_next_page() -> None:
    assert link_params(hostile("<a"), "next") == {}
    header = '<https://m.example/api/v1/timelines/tag/x?max_id=7>; rel="next"'
    assert link_params(header, "next") == {"max_id": "7"}


@pytest.mark.parametrize(("text", "left"), [
    ("check bit.ly/abc now", "check   now"),
    ("visit acme.com today", "visit   today"),
    ("email me at bob@acme.com ok", "email me at bob@  ok"),
    ("the-verge.com/article here", "  here"),
    ("re-read acme.io/docs", "re-read  "),
    ("e.g. acme.co/x", "e.g.  "),
    ("U.S.A. is big", "U.S.A. is big"),
    ("v1.5.2 release notes", "v1.5.2 release notes"),
    ("@handle.bsky.social hi", "  hi"),
    ("foo..bar.com/x", "foo.. "),
    ("sub.domain.co.uk/path?x=1 ok", "  ok"),
    ("node.js rocks", "node.js rocks"),
])
def test_links_and_handles_are_taken_out_of_language_detection_as_before(text: str,
                                                                          left: str) -> None:
    assert _STRIP.sub(" ", text) == left
