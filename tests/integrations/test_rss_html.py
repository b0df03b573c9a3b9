"""HTML to text: the linear pre-pass (``defuse``) leaves real and well-formed markup as it is,
and broken markup reads as the stdlib parser alone would read it.

The hostile shapes themselves (100,000 characters of "<a " and the like) are in
tests/chaos/test_hostile_markup.py; the times in benchmarks/backtracking.py.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.social.rss.defuse import defuse
from integrations.social.rss.html import MAX_MARKUP, _Collector, html_to_text
from integrations.social.rss.parse import repair_encoding

REAL = Path(__file__).parents[1] / "fixtures" / "real"
_MARKUP_KEYS = frozenset({"content", "spoiler_text", "note", "text", "story_text",
                          "comment_text"})


def _strings(value: Any) -> Iterator[str]:
    """Every markup-bearing string in a recorded JSON payload (statuses, accounts, items)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _MARKUP_KEYS and isinstance(item, str):
                yield item
            else:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def real_markup() -> list[str]:
    """Titles, summaries and contents of every recorded feed; toot, bio and comment HTML of
    every recorded Mastodon and Hacker News payload (streams included)."""
    out: list[str] = []
    for path in sorted((REAL / "rss").glob("*.xml")):
        body, headers = repair_encoding(path.read_bytes(), {})
        parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False,
                                  resolve_relative_uris=False)
        for entry in parsed.entries:
            out += [entry[k] for k in ("title", "summary") if isinstance(entry.get(k), str)]
            out += [c.get("value") or "" for c in entry.get("content") or []]
    for network in ("mastodon", "hackernews"):
        for path in sorted((REAL / network).iterdir()):
            if path.suffix == ".json":
                out += _strings(json.loads(path.read_text()))
            elif path.suffix == ".txt":  # server-sent events: the payloads are the data lines
                for line in path.read_text().splitlines():
                    if line.startswith("data:") and line[5:].strip().startswith(("{", "[")):
                        out += _strings(json.loads(line[5:]))
    return out


def reference(markup: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """What the collector makes of markup read by the stdlib parser alone, no pre-pass."""
    collector = _Collector("https://feeds.test/")
    try:
        collector.feed(markup)
        collector.close()
    except Exception:  # as html_to_text: an unknown <![keyword stops the parser
        pass
    return "".join(collector.parts), tuple(collector.links), tuple(collector.media)


def test_real_markup_is_left_as_it_is() -> None:
    corpus = real_markup()
    assert sum("<" in m for m in corpus) > 150  # the corpus really holds markup
    for markup in corpus:
        assert defuse(markup) == markup
        assert reference(defuse(markup)) == reference(markup)


_TEXT = st.text(alphabet="ab é😀&;#>=/'\"!?-\n\t", max_size=12)  # prose: no "<"
_VALUE = st.text(alphabet="ab <>&;=/'\"!?-\n", max_size=12)  # anything but its own quote
_TAG = st.sampled_from(["p", "a", "b", "img", "br", "td", "li", "svg", "x-y", "h1", "span"])


@st.composite
def _element(draw: st.DrawFn) -> str:
    tag = draw(_TAG)
    attrs = ""
    for name in draw(st.lists(st.sampled_from(["href", "src", "title", "data-x"]),
                              max_size=3)):
        quote = draw(st.sampled_from(["'", '"']))
        attrs += f" {name}={quote}{draw(_VALUE).replace(quote, '')}{quote}"
    close = draw(st.sampled_from([">", "/>", " >"]))
    return f"<{tag}{attrs}{close}{draw(_TEXT)}</{tag}>"


_RAW = st.text(alphabet="ab <>'\"=/!-?&", max_size=16)  # a raw-text body: no "</"
_WELL_FORMED = st.lists(st.one_of(
    _TEXT, _element(),
    _RAW.map(lambda s: f"<!--{s.replace('-', '')}-->"),
    _RAW.map(lambda s: f"<![CDATA[{s}]]>"),
    _RAW.map(lambda s: f"<script>{s.replace('/', '')}</script>"),
    _RAW.map(lambda s: f"<style type='text/css'>{s.replace('/', '')}</style>"),
    st.sampled_from(["<!DOCTYPE html>", '<?xml version="1.0"?>', "<![if !mso]>", "&lt;",
                     "<br>", "<hr/>"]),
), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(markup=_WELL_FORMED)
def test_well_formed_markup_is_left_as_it_is(markup: str) -> None:
    assert defuse(markup) == markup


# Broken markup without quotes: every way html.parser can fail to close a construct, which
# defuse must read as the parser does (with quotes, an unclosable tag can hide a ">" in a
# value: the one case the module docstring says reads differently).
_BROKEN = st.lists(st.sampled_from([
    "<", ">", "/", "!", "?", "-", "--", "=", " ", "\n", "\t", "\x00", "a", "p", "x", "]", "&",
    "#", ";", "&amp;", "&lt;", "<a", "</a", "<a href=/x>", "<img src=i.png>", "<p>", "</p>",
    "<br/>", "<!--", "-->", "<![CDATA[", "]]>", "<![if ", "]>", "<?", "<!doctype", "<script>",
    "</script>", "<style>", "</style >", "href=",
]), min_size=1, max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(markup=_BROKEN)
def test_broken_markup_reads_as_the_parser_alone_reads_it(markup: str) -> None:
    # the same links and media, and the same text but for entities: inside an unclosable tag
    # whose pattern runs past a "<" opening a bogus tag, the parser keeps the bogus tag's
    # "&amp;" as written where defuse's text reads "&" (the module docstring's second case)
    text, links, media = reference(defuse(markup))
    want_text, want_links, want_media = reference(markup)
    assert (links, media) == (want_links, want_media)
    assert text == want_text or html.unescape(text) == html.unescape(want_text)


def test_a_bogus_tag_behind_an_unclosable_one_differs_only_in_its_entities() -> None:
    markup = "<a</a<a&amp;\x00"  # found by the property test above (CI, 2026-12-06)
    assert reference(markup)[0] == "<a</a<a&amp;\x00"
    assert reference(defuse(markup))[0] == "<a</a<a&\x00"


def test_an_unclosable_construct_is_text_up_to_the_next_gt() -> None:
    # as html.parser makes it at the end of its input
    assert html_to_text("a <b c='x <i>d</i> e").text == "a <b c='x <i>d e"
    assert html_to_text("a <!-- b <p>c").text == "a <!-- b <p>c"
    assert html_to_text("a <!-- b").text == "a <!-- b"


def test_markup_past_the_bound_is_not_read_and_no_half_tag_is_left() -> None:
    markup = "<p>" + "word " * (MAX_MARKUP // 5) + '<a href="https://x.example/">late</a>'
    result = html_to_text(markup)
    assert result.links == ()  # beyond MAX_MARKUP
    assert "<" not in result.text and result.text.startswith("word word")
