"""Feeds refused before feedparser reads them (``integrations.social.rss.guard``): entity
declarations, and more markup than a feed needs. No times here: that feedparser is never given
such a feed is what bounds its cost (the figures are in the guard's docstring)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import pytest

from bot.core.errors import MalformedPayload
from integrations.social.rss.guard import (
    MAX_ATTRIBUTES,
    MAX_ENTRY_TERMS,
    MAX_MARKUP,
    MAX_NAMESPACES,
    MAX_TAG_ATTRIBUTES,
    MAX_TAGS,
)
from integrations.social.rss.parse import FeedResult, parse_feed

RSS = Path(__file__).parents[1] / "fixtures" / "real" / "rss"
SEEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
XML = {"Content-Type": "application/rss+xml"}
HEAD = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>a</title><link>https://blog.example/1</link></item>")
TAIL = b"</channel></rss>"


def laughs(*, between: str = "\n", depth: int = 10) -> bytes:
    """The "billion laughs": each entity ten of the one before."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, depth)]
    return (f'<?xml version="1.0"?>{between}<!DOCTYPE rss [{between}'
            f"{between.join(entities)}{between}]>\n"
            f'<rss version="2.0"><channel><title>t</title><item><title>&lol{depth - 1};</title>'
            f"<link>https://blog.example/1</link></item></channel></rss>").encode()


def doctype(subset: str, body: str = "&e;", *, between: str = "\n") -> bytes:
    """A feed whose DTD is ``subset``. feedparser takes out each declaration that begins a line
    and is more than a plain text, so expat sees a subset on the declaration's line intact."""
    return (f'<?xml version="1.0"?>{between}<!DOCTYPE rss [{between}{subset}{between}]>\n'
            f'<rss version="2.0"><channel><title>t</title><item><title>{body}</title>'
            f"<link>https://blog.example/1</link></item></channel></rss>").encode()


ENTITIES = {
    # expat expanded it up to its amplification limit (8 MiB first): 0.65 s for 900 bytes
    "laughs on one line": laughs(between=""),
    # feedparser's DOCTYPE rewrite keeps none of these; expat never saw them
    "laughs a line each": laughs(),
    # one plain entity referenced over and over: the loose parser's str.replace took 49 s
    # for 200 KB of this
    "one long entity": doctype('<!ENTITY e "' + "x" * 5_000 + '">', "&e;" * 2_000 + "<"),
    "a parameter entity": doctype('<!ENTITY % p "x">', "t", between=""),
    "an external entity": doctype('<!ENTITY e SYSTEM "file:///etc/passwd">', between=""),
    # a "<a" in a literal ends feedparser's idea of the prolog; expat reads on
    "past a tag in a literal": (b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "x<a" [\n'
                                b'<!ENTITY e "' + b"x" * 500 + b'">]><rss version="2.0">'
                                b"<channel><item><title>&e;</title></item></channel></rss>"),
    # feedparser takes the declaration out of the comment and declares it: a regex's reading
    "in a comment before the doctype": (
        b'<?xml version="1.0"?>\n<!--\n<!ENTITY e "' + b"x" * 500 + b'">\n-->\n'
        b'<!DOCTYPE rss>\n<rss version="2.0"><channel><item><title>&e;</title></item>'
        b"</channel></rss>"),
    "in UTF-16": laughs(between="").decode().replace(
        'version="1.0"?>', 'version="1.0" encoding="utf-16"?>').encode("utf-16"),
}


@pytest.fixture
def feedparser_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times feedparser was given a document."""
    calls: list[int] = []
    real: Callable[..., Any] = feedparser.parse

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(feedparser, "parse", counted)
    return calls


def read(body: bytes, headers: dict[str, str] | None = None) -> FeedResult:
    return parse_feed(body, feed_url="https://blog.example/feed", headers=XML
                      if headers is None else headers, source="feeds", first_seen=SEEN)


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_a_feed_declaring_entities_is_refused_unread(name: str,
                                                     feedparser_calls: list[int]) -> None:
    with pytest.raises(MalformedPayload, match=r"^rss: https://blog\.example/feed is not read: "
                       r"its DTD declares the entity '\w+'; a feed may declare only "
                       r"one-character entities"):
        read(ENTITIES[name], headers={})
    assert feedparser_calls == []


def test_one_character_entities_are_read() -> None:
    # old templates declare the HTML entities they use
    feed = doctype('<!ENTITY nbsp "&#160;">\n<!ENTITY copy "\u00a9">\n<!ENTITY x "&#x2014;">',
                   "Acme&nbsp;Cloud &copy; 2026 &x; status")
    [m] = read(feed).mentions
    assert m.text == "Acme Cloud \u00a9 2026 \u2014 status"  # the no-break space cleaned


def test_entity_declarations_in_entries_are_text() -> None:
    # a post about XXE: its samples are text in CDATA or escaped, not the feed's DTD
    feed = (HEAD.replace(b"<title>a</title>", b"<title>XXE</title><description><![CDATA["
                         b'<pre><!ENTITY e SYSTEM "file:///etc/passwd"></pre>]]></description>')
            + b"<item><title>&lt;!ENTITY e 'x'&gt;</title><link>https://blog.example/2</link>"
            b"</item>" + TAIL)
    assert [m.url for m in read(feed).mentions] == ["https://blog.example/1",
                                                    "https://blog.example/2"]


MARKUP = {
    # a megabyte of this took 10 s: expat read to the end, then the loose parser again
    "unclosed start tags": HEAD + b"<a>" * (MAX_TAGS + 1),
    "start tags never ended": HEAD + b"<a " * (MAX_TAGS + 1),
    "empty elements, well-formed": HEAD + b"<x/>" * (MAX_TAGS + 1) + TAIL,
    "end tags never ended": HEAD + b"</a" * MAX_MARKUP,
    "ampersands": HEAD + b"&" * MAX_MARKUP,
    "escaped markup": HEAD + b"<item><title>t</title><description>" + b"&lt;p&gt;"
    * (MAX_MARKUP // 2) + b"</description></item>" + TAIL,
    # a CDATA section that never closes does not hide what follows
    "after an unclosed CDATA": HEAD + b"<![CDATA[" + b"<a>" * (MAX_TAGS + 1),
    "after the last CDATA": HEAD + b"<![CDATA[x]]>" + b"<a>" * (MAX_TAGS + 1),
}


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_more_markup_than_a_feed_needs_is_refused_unread(name: str,
                                                        feedparser_calls: list[int]) -> None:
    with pytest.raises(MalformedPayload, match=r"^rss: https://blog\.example/feed is not read: "
                       r"it has [\d,]+ (tags|'<' and '&'), more than the [\d,]+ a feed is "
                       r"read with: put a shorter feed in urls \(.*\)$"):
        read(MARKUP[name])
    assert feedparser_calls == []


def test_markup_inside_cdata_is_not_counted(feedparser_calls: list[int]) -> None:
    # both parsers take a CDATA section as one piece of text (WordPress's content:encoded)
    html = b"<p>Checkout <a href='https://status.example/'>is back</a>.</p>" * MAX_TAGS
    feed = HEAD + (b"<item><title>t</title><link>https://blog.example/2</link><description>"
                   b"<![CDATA[" + html + b"]]></description></item>") + TAIL
    assert len(read(feed).mentions) == 2
    assert feedparser_calls == [1]


def test_a_feed_just_under_the_budget_is_read() -> None:
    items = b"".join(b"<item><title>%d</title><link>https://blog.example/%d</link></item>"
                     % (i, i) for i in range((MAX_TAGS - 10) // 3))
    assert len(read(HEAD + items + TAIL).mentions) == (MAX_TAGS - 10) // 3 + 1


def test_the_largest_real_feed_is_far_under_the_budget() -> None:
    body = (RSS / "atom_movabletype_russian_large.xml").read_bytes()  # 157 KB, 15 entries
    assert body.count(b"<") * 5 < MAX_TAGS and len(read(body).mentions) == 15


def _attributes(n: int) -> bytes:
    return b" ".join(b"a%d='1'" % i for i in range(n))


# a hostile-input review (2026-12-05): feedparser's strict parser is quadratic in one element's
# attributes and in the namespaces declared; 40,000 attributes on one element (419 KB) took
# 23 s a poll, 39,000 elements each declaring a namespace 61 s
ATTRIBUTES = {
    "on one element": (HEAD + b"<x " + _attributes(MAX_TAG_ATTRIBUTES + 1) + b"/>" + TAIL,
                       r"an element of it has [\d,]+ attributes, more than the [\d,]+ a feed"),
    "in all": (HEAD + b"".join(b"<x " + _attributes(50) + b"/>"
                               for _ in range(MAX_ATTRIBUTES // 50 + 1)) + TAIL,
               r"it has [\d,]+ attributes, more than the [\d,]+ a feed"),
    "namespaces": (HEAD + b"".join(b'<n%d:x xmlns:n%d="u%d"/>' % (i, i, i)
                                   for i in range(MAX_NAMESPACES + 1)) + TAIL,
                   r"it declares [\d,]+ namespaces, more than the [\d,]+ a feed"),
}


@pytest.mark.parametrize("name", sorted(ATTRIBUTES))
def test_more_attributes_or_namespaces_than_a_feed_needs_are_refused_unread(
        name: str, feedparser_calls: list[int]) -> None:
    feed, said = ATTRIBUTES[name]
    with pytest.raises(MalformedPayload, match=r"^rss: https://blog\.example/feed is not read: "
                       + said + r" is read with(: put a shorter feed in urls \(.*\))?$"):
        read(feed)
    assert feedparser_calls == []


def test_attributes_inside_cdata_and_a_feed_under_the_budget_are_read() -> None:
    # escaped HTML in a CDATA section is text, its href= no attribute of the feed's
    html = b"<a href='https://status.example/' class='x'>up</a>" * MAX_ATTRIBUTES
    feed = HEAD + (b"<item><title>t</title><link>https://blog.example/2</link><description>"
                   b"<![CDATA[" + html + b"]]></description></item>") + TAIL
    assert len(read(feed).mentions) == 2
    items = b"".join(b"<item><title>%d</title><link>https://blog.example/%d</link><x %s/>"
                     b"</item>" % (i, i, _attributes(MAX_TAG_ATTRIBUTES))
                     for i in range(MAX_ATTRIBUTES // MAX_TAG_ATTRIBUTES - 2))
    assert len(read(HEAD + items + TAIL).mentions) == MAX_ATTRIBUTES // MAX_TAG_ATTRIBUTES - 1


def _item(terms: bytes, n: int = 1) -> bytes:
    return (b"<item><title>t%d</title><link>https://blog.example/t%d</link>%s</item>"
            % (n, n, terms))


_KEYWORDS = b",".join(b"k%d" % i for i in range(MAX_ENTRY_TERMS + 1))
_NAMESPACES = (b'<?xml version="1.0"?><rss version="2.0" '
               b'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
               b'xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title>')

# a hostile-input review (2026-12-06): feedparser keeps an entry's categories and keywords in a
# list it searches before each append (``_add_tag``), quadratic in the terms of one entry. A
# comma-separated keywords element is one tag however many terms it holds: 20,000 keywords
# (129 KB) took 5 s a poll, and a megabyte of them minutes; 39,000 categories (under MAX_TAGS)
# about half a minute
TERMS = {
    "itunes keywords": _NAMESPACES + _item(b"<itunes:keywords>" + _KEYWORDS
                                           + b"</itunes:keywords>") + TAIL,
    "media keywords in CDATA": _NAMESPACES + _item(b"<media:keywords><![CDATA[" + _KEYWORDS
                                                   + b"]]></media:keywords>") + TAIL,
    "categories": HEAD + _item(b"".join(b"<category>c%d</category>" % i
                                        for i in range(MAX_ENTRY_TERMS + 1))) + TAIL,
    "the channel's own": _NAMESPACES + b"<itunes:keywords>" + _KEYWORDS
    + b"</itunes:keywords>" + _item(b"") + TAIL,
}


@pytest.mark.parametrize("name", sorted(TERMS))
def test_an_entry_of_more_categories_and_keywords_than_a_feed_needs_is_refused_unread(
        name: str, feedparser_calls: list[int]) -> None:
    with pytest.raises(MalformedPayload, match=r"^rss: https://blog\.example/feed is not read: "
                       r"an entry of it has [\d,]+ categories and keywords, more than the "
                       r"[\d,]+ an entry is read with$"):
        read(TERMS[name])
    assert feedparser_calls == []


def test_categories_and_keywords_spread_over_entries_are_read() -> None:
    # a podcast's hundreds of episodes, each with its dozen keywords and a few categories
    per = MAX_ENTRY_TERMS // 2
    keywords = b",".join(b"k%d" % i for i in range(per - 3))
    items = b"".join(_item(b"<itunes:keywords>" + keywords + b"</itunes:keywords>"
                           + b"<category>a</category><category>b</category>", n)
                     for n in range(5))
    feed = _NAMESPACES + b"<itunes:keywords>a,b</itunes:keywords>" + items + TAIL
    assert len(read(feed).mentions) == 5
    # commas in an entry's text are no keywords
    text = HEAD + _item(b"<description><![CDATA[" + b"a, " * MAX_ENTRY_TERMS
                        + b"]]></description>") + TAIL
    assert len(read(text).mentions) == 2
