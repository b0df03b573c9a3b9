"""Review findings for the RSS source, over real HTTP (the recorded-feed server of test_rss)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, _items, feeds, source

__all__ = ["feeds"]  # the fixture, used here


async def test_a_feed_that_comes_back_after_an_empty_document_is_not_read_again(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A feed that answers one empty document (a CMS mid-deploy, a cache warming up: a valid
    channel with no items) must not make every entry of the next document new: "seen" was the
    ids of the last document only, so all five entries, weeks old and never posted (the quiet
    first read), were posted then: past the pipeline's dedup window, nothing held them back."""
    feeds.files["blog"] = _items((5, "g5"), (4, "g4"), (3, "g3"), (2, "g2"), (1, "g1"))
    clock.now = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)  # four weeks after the entries
    src = source([feeds.url("blog")], client, clock)
    assert await src.poll() == []  # the quiet first read
    feeds.files["blog"] = _items()
    assert await src.poll() == []
    feeds.files["blog"] = _items((5, "g5"), (4, "g4"), (3, "g3"), (2, "g2"), (1, "g1"))
    assert await src.poll() == []


async def test_an_older_copy_of_the_feed_does_not_bring_back_its_entries(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Behind a CDN, one poll can reach a node still holding the document before: its
    oldest entry, gone from the last document, was read again."""
    feeds.files["cdn"] = _items((2, "g2"), (1, "g1"))
    src = source([feeds.url("cdn")], client, clock)
    assert [m.text for m in await src.poll()] == ["acme 1", "acme 2"]
    feeds.files["cdn"] = _items((3, "g3"), (2, "g2"))
    assert [m.text for m in await src.poll()] == ["acme 3"]
    feeds.files["cdn"] = _items((2, "g2"), (1, "g1"))  # the stale node
    assert await src.poll() == []


_MOVED = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
          b"<item><title>acme moved</title><link>post.html</link><guid>g1</guid>"
          b"<pubDate>Mon, 23 Nov 2026 08:30:00 GMT</pubDate>"
          b'<description>&lt;a href="notes/rel.html"&gt;notes&lt;/a&gt;</description>'
          b"</item></channel></rss>")


@pytest.fixture
async def moved() -> AsyncIterator[TestServer]:
    """A blog whose feed moved: /old/feed.xml answers 301 (or, at /tmp/, 302) to
    /new/blog/feed.xml, whose entries link relatively."""
    async def old(request: web.Request) -> web.StreamResponse:
        return web.Response(status=301, headers={"Location": "/new/blog/feed.xml"})

    async def tmp(request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": "/new/blog/feed.xml"})

    async def new(request: web.Request) -> web.StreamResponse:
        return web.Response(body=_MOVED, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/old/feed.xml", old)
    app.router.add_get("/tmp/feed.xml", tmp)
    app.router.add_get("/new/blog/feed.xml", new)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    yield server
    await server.close()


async def test_relative_links_of_a_redirected_feed_resolve_against_where_it_now_is(
        moved: TestServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """RFC 3986 section 5.1.3: with no base in the document, the base URI is the one used to
    retrieve it, "if the retrieval was the result of a redirected request, the last URI used
    (i.e., the URI that resulted in the actual retrieval of the representation)". Links were
    resolved against the configured URL: /old/post.html, a page that does not exist."""
    src = source([str(moved.make_url("/old/feed.xml"))], client, clock)
    [mention] = await src.poll()
    assert mention.url == str(moved.make_url("/new/blog/post.html"))
    assert str(moved.make_url("/new/blog/notes/rel.html")) in mention.links


async def test_a_feed_moved_for_good_is_said_once_with_its_new_address(
        moved: TestServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """RFC 9110 section 15.4.2: a 301 says "any future references to this resource ought to
    use one of the enclosed URIs". The source followed it at every poll and never said so:
    the operator cannot fix the config before the old address stops redirecting (a domain
    lapses) and the feed goes quiet. A 302 is temporary and says nothing."""
    old, tmp = str(moved.make_url("/old/feed.xml")), str(moved.make_url("/tmp/feed.xml"))
    src = source([old, tmp], client, clock)
    with caplog.at_level(logging.INFO):
        await src.poll()
        await src.poll()
    said = [r.getMessage() for r in caplog.records if "moved" in r.getMessage()]
    assert len(said) == 1, said
    assert old in said[0] and str(moved.make_url("/new/blog/feed.xml")) in said[0]
    assert tmp not in said[0]


@pytest.mark.parametrize("refusal", [
    web.Response(status=403, text="Just a moment..."),  # a CDN's bot check, on one host
    web.Response(status=429, headers={"Retry-After": "120"}),
])
async def test_one_feed_refusing_does_not_silence_the_source_s_other_feeds(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        refusal: web.Response) -> None:
    """A source of many feeds (the README's Google Alerts, app-store reviews, blogs,
    subreddit .rss) in which one host refuses bots (a 403 bot check; reddit's .rss answering
    429): the poll raised at that feed, the entries already read from the feeds before it were
    dropped with the cursor unsaved, and the feeds after it were never asked, poll after poll.
    The module says one broken feed does not hide the others."""
    feeds.files["blog"] = _items((1, "g1"))
    status, headers = refusal.status, dict(refusal.headers)
    feeds.faults["walled"] = [web.Response(status=status, headers=headers) for _ in range(3)]
    src = source([feeds.url("blog"), feeds.url("walled")], client, clock)
    assert [m.text for m in await src.poll()] == ["acme 1"]
    assert feeds.url("walled") in src.failing_parts()
    feeds.files["blog"] = _items((2, "g2"), (1, "g1"))
    clock.advance(minutes=5)
    assert [m.text for m in await src.poll()] == ["acme 2"]


async def test_a_site_that_rewrites_its_guids_does_not_post_its_history_again(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A blog moved to https (or to another CMS) rewrites every guid in its feed: the same
    posts, weeks old, under new ids. A later poll read every id not seen as new whatever its
    date, so the whole history was posted to the channel: the flood the quiet first read
    exists to prevent (docs/networks.md: "a new source does not flood channels with
    history"). A document none of whose ids was seen is read as a first read is, from the
    feed's last read on, and said; a post the site made since is still read. (Its links move
    to https too: guids rewritten under the same links and words are the entries read before,
    test_review_feed_changing_guids.py.)"""
    def blog(scheme: str, *newer: int) -> bytes:
        return _items(*((n, f"{scheme}://blog.test/?p={n}") for n in (*newer, 5, 4, 3, 2, 1))
                      ).replace(b"<link>https://", f"<link>{scheme}://".encode())
    feeds.files["moved"] = blog("http")  # dated 08:11 to 08:15
    clock.now = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    src = source([feeds.url("moved")], client, clock)
    assert await src.poll() == []  # a quiet first read: all before its 60 minutes
    feeds.files["moved"] = blog("https", 25)  # every id rewritten, and a post made at 08:35
    clock.now = datetime(2026, 11, 23, 9, 40, tzinfo=UTC)
    caplog.set_level(logging.WARNING)
    got = await src.poll()
    assert [m.text.split()[:2] for m in got] == [["acme", "25"]], got
    assert "rewrote them" in caplog.text, caplog.text
    assert src.skipped.total == 5  # counted in socialops_mentions_skipped_total


async def test_a_feed_that_turned_over_between_two_reads_is_read_whole(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The other side of the line: a busy feed (five entries, polled after a stop) whose
    entries are all new since its last read shares no id with it either; they are all dated
    after that read, and all read."""
    feeds.files["busy"] = _items(*((n, f"g{n}") for n in (5, 4, 3, 2, 1)))  # 08:11-08:15
    clock.now = datetime(2026, 11, 23, 8, 20, tzinfo=UTC)
    src = source([feeds.url("busy")], client, clock)
    assert len(await src.poll()) == 5  # within the first read's 60 minutes
    feeds.files["busy"] = _items(*((n, f"g{n}") for n in (25, 24, 23, 22, 21)))  # 08:31-35
    clock.now = datetime(2026, 11, 23, 8, 40, tzinfo=UTC)
    assert len(await src.poll()) == 5


async def test_a_feed_gone_for_good_says_so(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """RFC 9110 section 15.5.11: 410 Gone is "likely to be permanent" and "clients with
    link-editing capabilities SHOULD delete references to the target URI". The source kept
    polling it, failing each time in the same words as a 404 or a 500 ("answered 410"), so
    the source-health alert did not say the fix is to remove the URL."""
    feeds.files["blog"] = _items((1, "g1"))
    feeds.faults["retired"] = [web.Response(status=410)]
    src = source([feeds.url("blog"), feeds.url("retired")], client, clock)
    await src.poll()
    why = src.failing_parts()[feeds.url("retired")]
    assert "gone" in why and "remove it from urls" in why, why
