"""An Atom title, summary or content that is text (``type="text"``, or no ``type``: RFC 4287
section 3.1.1, "If the 'type' attribute is not provided, Atom Processors MUST behave as though
it were present with a value of 'text'") is read as the text it is, over real HTTP (the local
feed server of test_rss.py). It was read as HTML: a GitHub commit titled
``Fix Vec<T> handling`` (written ``Vec&lt;T&gt;``, as text must be) came out ``Fix Vec
handling``, and ``Never put <script> in a title`` came out ``Never put``, the rest (a
brand's name among it) unread by routing. What feedparser judges an RSS title to be (plain
text unless it holds markup) is honoured the same way; an HTML title or body is still HTML."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, feeds, source

__all__ = ["feeds"]  # the fixture, used here

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def atom(*entries: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>acme commits</title>'
            '<id>urn:acme</id><updated>2026-11-30T11:00:00Z</updated>'
            + "".join(entries) + "</feed>").encode()


def entry(n: int, inner: str) -> str:
    return (f"<entry><id>urn:acme:{n}</id><updated>2026-11-30T11:5{n}:00Z</updated>"
            f'<link href="https://acme.test/c/{n}"/>{inner}</entry>')


def rss(title: str, description: str) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>acme</title>'
            "<link>https://acme.test/</link><description>d</description>"
            f"<item><guid>urn:acme:r</guid><title>{title}</title>"
            f"<description>{description}</description><link>https://acme.test/r</link>"
            "<pubDate>Mon, 30 Nov 2026 11:55:00 GMT</pubDate></item></channel></rss>").encode()


async def read(feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
               body: bytes) -> list[str]:
    feeds.files["f"] = body
    clock.now = NOW
    return [m.text for m in await source([feeds.url("f")], client, clock).poll()]


async def test_an_atom_text_title_keeps_its_angle_brackets(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    texts = await read(feeds, client, clock, atom(
        entry(1, "<title>Fix Vec&lt;T&gt; handling in acme</title>"),
        entry(2, '<title type="text">Never put &lt;script&gt; in a title, acme</title>')))
    assert sorted(texts) == ["Fix Vec<T> handling in acme",
                             "Never put <script> in a title, acme"]


async def test_an_atom_text_summary_and_content_are_text(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    texts = await read(feeds, client, clock, atom(
        entry(1, "<title>One</title><summary>Close every &lt;section&gt; tag; acme</summary>"),
        entry(2, '<title>Two</title><content type="text">Result&lt;T, E&gt; &lt;script&gt;'
                 "x&lt;/script&gt; acme</content>")))
    assert sorted(texts) == ["One\n\nClose every <section> tag; acme",
                             "Two\n\nResult<T, E> <script>x</script> acme"]


async def test_html_stays_html(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    texts = await read(feeds, client, clock, atom(
        entry(1, '<title type="html">&lt;b&gt;Bold&lt;/b&gt; acme</title>'
                 '<content type="html">&lt;p&gt;Hi &lt;script&gt;x()&lt;/script&gt;'
                 "there&lt;/p&gt;</content>"),
        entry(2, '<title>X</title><content type="xhtml"><div '
                 'xmlns="http://www.w3.org/1999/xhtml"><p>Hi <b>you</b></p></div></content>')))
    assert sorted(texts) == ["Bold acme\n\nHi there", "X\n\nHi you"]


async def test_an_rss_title_of_text_keeps_its_angle_brackets(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """An RSS 2.0 title is the item's title, not markup: one that holds no markup feedparser
    knows (``vector<int>``, in CDATA or escaped) is text; the description is HTML as ever."""
    assert await read(feeds, client, clock, rss(
        "<![CDATA[Why vector<bool> breaks acme]]>",
        "&lt;p&gt;It &lt;b&gt;does&lt;/b&gt;&lt;/p&gt;")) == [
        "Why vector<bool> breaks acme\n\nIt does"]


async def test_a_text_summary_of_escaped_paragraphs_is_still_html(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Escaped HTML in an Atom summary that names no type (so is text, but was written as
    HTML): paragraphs and links are read as HTML, as before; only a title is text whatever
    it holds."""
    texts = await read(feeds, client, clock, atom(entry(1, (
        "<title>Release &lt;b&gt;2.0&lt;/b&gt;</title><summary>&lt;p&gt;Read "
        '&lt;a href="https://acme.test/notes"&gt;the notes&lt;/a&gt;&lt;/p&gt;</summary>'))))
    assert texts == ["Release <b>2.0</b>\n\nRead the notes"]
