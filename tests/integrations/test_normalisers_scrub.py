"""Every normaliser's output is safe to store (issue 20): a lone UTF-16 surrogate (what a JSON
escape such as ``"\\ud83d"`` decodes to) in a post or a name becomes U+FFFD, and the line and
paragraph separators become newlines, before language detection, fingerprints or the store's
JSON ever see them. Real recorded payloads, with those characters put into every text field."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import SocialopsError
from bot.core.models import Author, Mention
from bot.enrich.language import LanguageDetector
from integrations.social.rss import parse as rss_parse
from tests.chaos.test_hostile_input import parsers

REAL = Path(__file__).parents[1] / "fixtures" / "real"
POISON = " \ud83d\u2028broken\ude00\u2029"
LANGUAGE = LanguageDetector()
TEXT_KEYS = frozenset({"content", "text", "display_name", "displayName", "username", "acct",
                       "handle", "name", "body", "title", "selftext", "comment_text",
                       "story_title", "author", "spoiler_text", "note", "story_text"})


def poison(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v + POISON if k in TEXT_KEYS and isinstance(v, str) and v else poison(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v) for v in value]
    return value


def payloads() -> list[tuple[str, str]]:
    out = []
    for network in parsers():
        for path in sorted((REAL / network).glob("*.json")):
            if not path.name.endswith(".meta.json") and not path.name.startswith("error_"):
                out.append((network, path.name))
    return out


def assert_safe(m: Mention) -> None:
    blob = m.model_dump_json()  # the store's serialiser: raises on a lone surrogate
    assert json.loads(blob)["id"] == m.id
    shown = m.text + m.author.handle + m.author.display_name
    assert not any("\ud800" <= ch <= "\udfff" for ch in blob + shown)
    assert "\u2028" not in shown and "\u2029" not in shown
    LANGUAGE.detect(m.text)  # language detection encodes the text


@pytest.mark.parametrize(("network", "name"), payloads())
def test_a_normaliser_never_emits_a_lone_surrogate(network: str, name: str) -> None:
    payload = poison(json.loads((REAL / network / name).read_text(encoding="utf-8")))
    try:
        got = [m for m in parsers()[network](payload) if m is not None]
    except Exception as exc:  # a refused payload must be our own error, never a crash
        assert isinstance(exc, SocialopsError), repr(exc)
        return
    for m in got:
        assert_safe(m)
        if "broken" in m.text:
            assert "\ufffd" in m.text


def test_jetstream_events_with_lone_surrogates_are_scrubbed() -> None:
    from integrations.social.bluesky import parse as bluesky_parse

    lines = (REAL / "bluesky" / "jetstream_v1_events_real_capture.jsonl").read_text(
        encoding="utf-8").splitlines()
    seen = 0
    for line in lines[:200]:
        event = poison(json.loads(line))
        try:
            m = bluesky_parse.normalize_jetstream(event, source="b")
        except Exception as exc:
            assert isinstance(exc, SocialopsError), repr(exc)
            continue
        if m is not None:
            assert_safe(m)
            seen += "\ufffd" in m.text
    assert seen > 0


def test_an_rss_entry_with_surrogate_character_references_is_scrubbed() -> None:
    feed = (b"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
            b"<item><guid>g-&#xD83D;1</guid><title>broken &#xD83D; and&#x2028;split</title>"
            b"<description>x &#xDE00; y</description><link>http://feed.example/1</link></item>"
            b"</channel></rss>")
    page = rss_parse.parse_feed(feed, feed_url="http://feed.example/x", headers={},
                                source="rss", first_seen=datetime(2026, 1, 1, tzinfo=UTC))
    for m in page.mentions:
        assert_safe(m)


def test_the_mention_model_is_the_edge() -> None:
    m = Mention(id="x:1\ud800", network="x", source="s", created_at=datetime.now(UTC),
                author=Author(id="a\udc00", handle="h\ud83d", display_name="d\u2028n"),
                text="a\ud83d b\u2028c\u2029d", links=("http://e.x/\ud800",),
                raw={"k\ud800": ["v\udfff", {"n": "\ud83d"}]})
    assert m.text == "a\ufffd b\nc\n\nd"
    assert (m.id, m.author.id, m.author.handle, m.author.display_name) == (
        "x:1\ufffd", "a\ufffd", "h\ufffd", "d\nn")
    assert m.links == ("http://e.x/\ufffd",)
    assert m.raw == {"k\ufffd": ["v\ufffd", {"n": "\ufffd"}]}
    assert Mention.model_validate_json(m.model_dump_json()) == m
