"""The RSS source over real HTTP: a local aiohttp server serving the recorded feeds."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.core.errors import RateLimited, SourceAuthError, SourceError
from integrations.social.rss import source as rss_source
from integrations.social.rss.config import RssSourceConfig
from integrations.social.rss.parse import feed_key, mention_id, parse_feed
from integrations.social.rss.source import RssSource, retry_after
from tests.conftest import FakeClock
from tests.support.fakes import Cursors, recording_where

RSS = Path(__file__).parents[1] / "fixtures" / "real" / "rss"


@dataclass
class FeedServer:
    """Serves feed files with ETag / Last-Modified, and scripted faults per path."""

    files: dict[str, bytes] = field(default_factory=dict)
    faults: dict[str, list[web.Response | str]] = field(default_factory=dict)  # or "hang"
    release: asyncio.Event = field(default_factory=asyncio.Event)
    requests: list[web.Request] = field(default_factory=list)
    server: TestServer | None = None
    # what every feed's Last-Modified says (one ahead of a test's clock by more than an hour is
    # not sent back: test_review_rss_future_last_modified.py)
    last_modified: str = "Mon, 23 Nov 2026 08:00:00 GMT"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request)
        name = request.match_info["name"]
        if self.faults.get(name):
            fault = self.faults[name].pop(0)
            if isinstance(fault, web.Response):
                return fault
            await self.release.wait()  # "hang": answer only when the test lets go
            return web.Response(status=200)
        body = self.files.get(name)
        if body is None:
            return web.Response(status=404)
        etag = f'"{hash(body) & 0xffffffff:x}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304)
        return web.Response(body=body, headers={
            "Content-Type": "application/rss+xml", "ETag": etag,
            "Last-Modified": self.last_modified})

    def url(self, name: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(f"/feeds/{name}"))


@pytest.fixture
async def feeds() -> AsyncIterator[FeedServer]:
    fs = FeedServer()
    app = web.Application()
    app.router.add_get("/feeds/{name}", fs.handle)
    fs.server = TestServer(app, host="127.0.0.1", port=0)
    await fs.server.start_server()
    yield fs
    fs.release.set()
    await fs.server.close()


def source(urls: list[str], client: httpx.AsyncClient, clock: FakeClock,
           cursors: Cursors | None = None, backfill: int = 60) -> RssSource:
    cfg = RssSourceConfig(id="feeds", type="rss", urls=tuple(urls), backfill_minutes=backfill,
                          timeout=2.0)
    return RssSource(cfg, store=cursors or Cursors(), client=client, clock=clock)


async def test_first_poll_is_quiet_then_new_entries_arrive(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.files["heise"] = (RSS / "atom_heise_german_cdata_html.xml").read_bytes()
    clock.now = datetime(2016, 2, 1, 17, 0, tzinfo=UTC)  # shortly after the newest entry
    feeds.last_modified = "Mon, 01 Feb 2016 16:30:00 GMT"
    cursors = Cursors()
    src = source([feeds.url("heise")], client, clock, cursors, backfill=60)
    first = await src.poll()
    assert [m.created_at for m in first] == sorted(m.created_at for m in first)
    assert first and all(m.created_at >= datetime(2016, 2, 1, 16, 0, tzinfo=UTC) for m in first)
    assert len(first) < 15  # older history is not replayed
    # unchanged feed: the server answers 304 to our If-None-Match
    assert await src.poll() == []
    assert feeds.requests[-1].headers["If-None-Match"].startswith('"')
    assert feeds.requests[-1].headers["If-Modified-Since"] == "Mon, 01 Feb 2016 16:30:00 GMT"
    # a new entry appears: exactly it comes out
    body = feeds.files["heise"].replace(
        b"<entry>", b"<entry><title>Neu</title><id>urn:neu</id>"
                    b"<updated>2016-02-01T18:00:00+01:00</updated>"
                    b"<link href='https://heise.test/neu'/></entry><entry>", 1)
    feeds.files["heise"] = body
    new = await src.poll()
    assert [m.text for m in new] == ["Neu"]
    assert await src.poll() == []


async def test_cursor_survives_a_new_process(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.files["jn"] = (RSS / "rss2_jn_pt_iso8859-1_crlf.xml").read_bytes()
    clock.now = datetime(2018, 1, 3, 14, 30, tzinfo=UTC)
    cursors = Cursors()
    first = await source([feeds.url("jn")], client, clock, cursors).poll()
    assert first
    again = await source([feeds.url("jn")], client, clock, cursors).poll()
    assert again == []


async def test_undated_feed_is_silent_on_first_run_then_reports_new(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.files["uol"] = (RSS / "rss_uol_latin1_no_xml_declaration.xml").read_bytes()
    src = source([feeds.url("uol")], client, clock)
    assert await src.poll() == []
    feeds.files["uol"] = feeds.files["uol"].replace(
        b"<item>", b"<item><title>Nova not\xedcia</title><link>https://uol.test/n</link></item>"
                   b"<item>", 1)
    new = await src.poll()
    assert [m.text for m in new] == ["Nova notícia"]
    assert new[0].created_at == clock.now


async def test_feeds_are_parsed_off_the_event_loop(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a feed is up to MAX_BODY of markup: reading it must not stall the other sources
    loops: list[bool] = []
    monkeypatch.setattr(rss_source, "parse_feed", recording_where(parse_feed, loops))
    feeds.files["heise"] = (RSS / "atom_heise_german_cdata_html.xml").read_bytes()
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    await source([feeds.url("heise")], client, clock).poll()
    assert loops == [False]


async def test_a_broken_feed_does_not_hide_the_others(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.files["trunc"] = (RSS / "rss_truncated_incomplete_cdata.xml").read_bytes()
    feeds.files["heise"] = (RSS / "atom_heise_german_cdata_html.xml").read_bytes()
    feeds.faults["down"] = [web.Response(status=500, text="oops")]
    clock.now = datetime(2016, 2, 1, 17, 0, tzinfo=UTC)
    src = source([feeds.url("trunc"), feeds.url("down"), feeds.url("missing"),
                  feeds.url("heise")], client, clock)
    got = await src.poll()
    assert got and all(m.raw["feed"] == feed_key(feeds.url("heise")) for m in got)
    reasons = " | ".join(src.skipped)
    assert "not a readable feed" in reasons and "answered 500" in reasons
    assert "answered 404" in reasons
    # each broken feed is named, for source health's per-feed alerts
    assert set(src.failing_parts()) == {feeds.url("trunc"), feeds.url("down"),
                                        feeds.url("missing")}
    assert "answered 500" in src.failing_parts()[feeds.url("down")]
    feeds.files["down"] = feeds.files["heise"]
    await src.poll()  # the 500 was transient: that feed is no longer failing
    assert feeds.url("down") not in src.failing_parts()


@pytest.mark.parametrize("hostile", [
    b"<rss><channel><item><link></entry></link></item></channel></rss>",  # feedparser: KeyError
    b'<?xml version="1.0" encoding="utf-7"?><rss version="2.0"><channel><item><title>+2D0-'
    b"</title></item></channel></rss>",  # a codec's lone surrogate: UnicodeEncodeError
])
async def test_a_feed_the_parser_raises_on_is_skipped_and_the_others_go_on(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock, hostile: bytes) -> None:
    # it raised out of the poll: no feed of the source delivered, no cursor saved, every poll
    feeds.files["hostile"] = hostile
    feeds.files["heise"] = (RSS / "atom_heise_german_cdata_html.xml").read_bytes()
    clock.now = datetime(2016, 2, 1, 17, 0, tzinfo=UTC)
    cursors = Cursors()
    src = source([feeds.url("hostile"), feeds.url("heise")], client, clock, cursors)
    got = await src.poll()
    assert got and all(m.raw["feed"] == feed_key(feeds.url("heise")) for m in got)
    assert set(src.failing_parts()) == {feeds.url("hostile")}
    assert "cannot be parsed" in src.failing_parts()[feeds.url("hostile")]
    assert feed_key(feeds.url("heise")) in cursors.values["feeds"]
    assert await src.poll() == []  # the good feed's cursor holds; the hostile one still skips
    assert set(src.failing_parts()) == {feeds.url("hostile")}


async def test_a_feed_that_would_cost_seconds_is_skipped_unread_and_counted(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # both were read every poll: the billion laughs for 0.65-1.3 s of a worker thread, a
    # megabyte of unclosed markup for 9-10 s (feeds may be 10 MB)
    lol = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    feeds.files["laughs"] = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]><rss version="2.0">'
        f"<channel><item><title>&l9;</title><link>https://x.example/1</link></item></channel>"
        f"</rss>").encode()
    feeds.files["unclosed"] = (b'<rss version="2.0"><channel><item><title>a</title>'
                               b"<link>https://x.example/2</link></item>" + b"<a>" * 50_000)
    feeds.files["heise"] = (RSS / "atom_heise_german_cdata_html.xml").read_bytes()
    clock.now = datetime(2016, 2, 1, 17, 0, tzinfo=UTC)
    src = source([feeds.url("laughs"), feeds.url("unclosed"), feeds.url("heise")], client,
                 clock)
    got = await src.poll()
    assert got and all(m.raw["feed"] == feed_key(feeds.url("heise")) for m in got)
    failing = src.failing_parts()
    assert set(failing) == {feeds.url("laughs"), feeds.url("unclosed")}
    assert failing[feeds.url("laughs")] == (
        f"rss: {feeds.url('laughs')} is not read: its DTD declares the entity 'l0'; a feed may "
        f"declare only one-character entities such as nbsp")
    assert failing[feeds.url("unclosed")] == (
        f"rss: {feeds.url('unclosed')} is not read: it has 50,005 tags, more than the 40,000 a "
        f"feed is read with: put a shorter feed in urls (the site's latest entries, or one "
        f"category's or tag's)")
    assert len(src.skipped) == 2

async def test_every_feed_failing_fails_the_poll(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    src = source([feeds.url("gone"), feeds.url("also-gone")], client, clock)
    with pytest.raises(SourceError, match="all 2 feeds failed"):
        await src.poll()  # failing, not quiet: source health must not learn silence from it
    assert len(src.failing_parts()) == 2


async def test_rate_limit_and_auth_stop_the_poll(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.faults["f"] = [web.Response(status=429, headers={"Retry-After": "120"}),
                         web.Response(status=403)]
    src = source([feeds.url("f")], client, clock)
    with pytest.raises(RateLimited) as info:
        await src.poll()
    assert info.value.retry_after == 120
    clock.advance(seconds=120)  # the runtime's pause
    with pytest.raises(SourceAuthError) as refused:
        await src.poll()
    assert str(refused.value) == (  # what to fix: these sources have no credential keys
        f"rss: {feeds.url('f')} refused access (403); feeds are read without a login: use the "
        "feed's public URL, or a private feed's URL with its token in it")


async def test_timeout_is_a_logged_skip(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.faults["slow"] = ["hang", "hang"]
    feeds.files["heise"] = (RSS / "atom_heise_german_cdata_html.xml").read_bytes()
    # 1 s: the healthy feed's answer within it on a loaded machine too (at 0.05 s it timed out
    # as well in a fresh-clone CI beside other work, and the poll failed as a whole)
    cfg = RssSourceConfig(id="feeds", type="rss", urls=(feeds.url("slow"), feeds.url("heise")),
                          timeout=1.0)
    src = RssSource(cfg, store=Cursors(), client=client, clock=clock)
    await src.poll()
    assert "timed out" in src.skipped[-1]
    with pytest.raises(SourceError, match="timed out"):  # its only feed: the poll fails
        await RssSource(cfg.model_copy(update={"urls": (feeds.url("slow"),)}), store=Cursors(),
                        client=client, clock=clock).poll()


def test_retry_after_forms() -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert retry_after({"retry-after": "7"}, now) == 7
    assert retry_after({"retry-after": "Mon, 23 Nov 2026 09:01:00 GMT"}, now) == 60
    assert retry_after({}, now, default=5) == 5
    assert retry_after({"retry-after": "soon"}, now, default=5) == 5


async def test_undated_items_left_out_on_a_first_read_are_counted_in_one_line(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    body = (RSS / "rss_uol_latin1_no_xml_declaration.xml").read_bytes()
    feeds.files["uol"] = body
    items = body.count(b"<item>")
    src = source([feeds.url("uol")], client, clock)
    with caplog.at_level("INFO", logger=rss_source.__name__):
        assert await src.poll() == []
    assert items > 1 and src.skipped.total == items  # mentions_skipped_total grows by these
    assert list(src.skipped) == [f"{feeds.url('uol')}: {items} undated item(s) on the first "
                                 f"read of this feed left out; undated items are read from "
                                 f"the next poll on"]
    assert len([r for r in caplog.records if "undated" in r.getMessage()]) == 1
    # later polls: new undated items are read (dated when first seen), nothing more skipped
    feeds.files["uol"] = body.replace(
        b"<item>", b"<item><title>Nova</title><link>https://uol.test/n</link></item><item>", 1)
    assert [m.text for m in await src.poll()] == ["Nova"]
    assert src.skipped.total == items


async def test_items_dated_a_little_ahead_are_read_on_a_first_read_and_far_ahead_apart(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A feed whose server clock runs minutes fast dates its newest items ahead of ours. On a
    first read they were left out and counted as undated ("N undated item(s) ... left out"),
    so its newest items never showed. Up to an hour ahead is clock skew: dated now, and read.
    Further ahead the date is wrong: left out, counted and said apart from undated items."""
    clock.now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    def item(title: str, date: str | None) -> str:
        when = f"<pubDate>{date}</pubDate>" if date else ""
        return (f"<item><title>{title}</title><link>https://news.test/{title}</link>{when}"
                "</item>")

    feeds.files["skew"] = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                           + item("fast5", "Mon, 30 Nov 2026 12:05:00 GMT")
                           + item("fast50", "Mon, 30 Nov 2026 12:50:00 GMT")
                           + item("recent", "Mon, 30 Nov 2026 11:50:00 GMT")
                           + item("typo", "Tue, 30 Nov 2027 12:00:00 GMT")
                           + item("nodate", None)
                           + item("history", "Mon, 30 Nov 2026 09:00:00 GMT")
                           + "</channel></rss>").encode()
    url = feeds.url("skew")
    src = source([url], client, clock)
    with caplog.at_level("INFO", logger=rss_source.__name__):
        first = await src.poll()
    assert [(m.text, m.created_at) for m in first] == [
        ("recent", datetime(2026, 11, 30, 11, 50, tzinfo=UTC)),
        ("fast5", clock.now), ("fast50", clock.now)]
    assert list(src.skipped) == [
        f"{url}: 1 undated item(s) on the first read of this feed left out; undated items are "
        "read from the next poll on",
        f"{url}: 1 item(s) dated more than 1 h ahead (a wrong date, not clock skew) on the "
        "first read of this feed left out; such items are read from the next poll on, dated "
        "when first seen"]
    assert src.skipped.total == 2
    assert len([r for r in caplog.records if "first read" in r.getMessage()]) == 2


async def test_an_entry_dated_before_1970_is_read_by_its_next_date(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Feeds written from .NET give ``0001-01-01T00:00:00`` (``DateTime.MinValue``, an unset
    date) as ``published``: the entry was skipped whole ("does not fit a Mention"), its good
    ``updated`` never read. A date before 1970 is no date: the next one is read, and an entry
    with no other is undated (left out of a first read, counted)."""

    def entry(name: str, *dates: str) -> str:
        return (f"<entry><id>urn:{name}</id><title>acme {name}</title>{''.join(dates)}"
                f"<link href='https://blog.test/{name}'/><author><name>a</name></author>"
                "</entry>")

    feeds.files["dotnet"] = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>t</title><id>urn:feed</id><updated>2026-11-23T08:50:00Z</updated>"
        + entry("unset", "<published>0001-01-01T00:00:00Z</published>",
                "<updated>2026-11-23T08:40:00Z</updated>")
        + entry("epoch-minus", "<published>1969-12-31T23:59:59Z</published>",
                "<updated>2026-11-23T08:45:00Z</updated>")
        + entry("only-unset", "<published>0001-01-01T00:00:00Z</published>")
        + entry("plain", "<published>2026-11-23T08:50:00Z</published>")
        + "</feed>").encode()
    url = feeds.url("dotnet")
    src = source([url], client, clock)
    got = await src.poll()
    assert [(m.text, m.created_at) for m in got] == [
        ("acme unset", datetime(2026, 11, 23, 8, 40, tzinfo=UTC)),
        ("acme epoch-minus", datetime(2026, 11, 23, 8, 45, tzinfo=UTC)),
        ("acme plain", datetime(2026, 11, 23, 8, 50, tzinfo=UTC))]
    assert list(src.skipped) == [f"{url}: 1 undated item(s) on the first read of this feed "
                                 "left out; undated items are read from the next poll on"]


async def test_php_zero_date_is_no_date(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """PHP writes its zero date (``0000-00-00 00:00:00``, an unset date in WordPress and
    others) in W3C form as ``-0001-11-30T00:00:00+00:00``. feedparser reads a negative year as
    the year 2000 (2000-01-01), so the entry was dated then: on a first read left out
    silently as history, its good ``updated`` never read, and later read as a post of 2000.
    A negative year is no date, as one before 1970 is: the next date is read."""

    def entry(name: str, *dates: str) -> str:
        return (f"<entry><id>urn:{name}</id><title>acme {name}</title>{''.join(dates)}"
                f"<link href='https://blog.test/{name}'/><author><name>a</name></author>"
                "</entry>")

    feeds.files["php"] = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>t</title><id>urn:feed</id><updated>2026-11-23T08:50:00Z</updated>"
        + entry("unset", "<published>-0001-11-30T00:00:00+00:00</published>",
                "<updated>2026-11-23T08:40:00Z</updated>")
        + entry("plain", "<published>2026-11-23T08:50:00Z</published>")
        + "</feed>").encode()
    got = await source([feeds.url("php")], client, clock).poll()
    assert [(m.text, m.created_at) for m in got] == [
        ("acme unset", datetime(2026, 11, 23, 8, 40, tzinfo=UTC)),
        ("acme plain", datetime(2026, 11, 23, 8, 50, tzinfo=UTC))]


async def test_entries_that_share_one_guid_are_each_read(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A feed that gives every entry the same guid (a template's constant, or the feed's own
    address): they were one mention. The first was read, the others never, and no later entry
    either (its id was in the previous document). Sharing a key, they are told apart by their
    link and title."""

    def item(n: int) -> str:
        return (f"<item><title>acme {n}</title><link>https://blog.test/{n}</link>"
                f"<guid isPermaLink='false'>https://blog.test/feed</guid>"
                f"<pubDate>Mon, 23 Nov 2026 08:{10 + n}:00 GMT</pubDate></item>")

    def feed(*ns: int) -> bytes:
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                "<title>t</title>" + "".join(item(n) for n in ns) + "</channel></rss>").encode()

    feeds.files["guid"] = feed(3, 2, 1)
    src = source([feeds.url("guid")], client, clock)
    first = await src.poll()
    assert [m.text for m in first] == ["acme 1", "acme 2", "acme 3"]
    assert len({m.id for m in first}) == 3
    feeds.files["guid"] = feed(4, 3, 2, 1)
    assert [m.text for m in await src.poll()] == ["acme 4"]
    assert await src.poll() == []


def _items(*entries: tuple[int, str]) -> bytes:
    """An RSS document of entries ``(n, guid)``, newest first as given."""
    items = "".join(
        f"<item><title>acme {n}</title><link>https://blog.test/{n}</link>"
        f"<guid isPermaLink='false'>{guid}</guid>"
        f"<pubDate>Mon, 23 Nov 2026 08:{10 + n}:00 GMT</pubDate></item>" for n, guid in entries)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>t</title>{items}</channel></rss>").encode()


async def test_an_entry_is_not_read_again_when_another_shares_its_guid_for_a_while(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Entries that share a guid are told apart by link and title, but only while they share
    it: an entry read under its guid was read again when a copy of it came into the document
    (a pinned item listed twice), and a third time when the copy went; a feed of one guid
    whose document came down to one entry had its next entries never read (that entry's id
    was the guid's, in the previous document). A guid once shared stays told apart."""
    feeds.files["pin"] = _items((2, "g2"), (1, "g1"))
    src = source([feeds.url("pin")], client, clock)
    assert [m.text for m in await src.poll()] == ["acme 1", "acme 2"]
    feeds.files["pin"] = _items((1, "g1"), (3, "g3"), (2, "g2"), (1, "g1"))  # 1 pinned
    assert [m.text for m in await src.poll()] == ["acme 3"]
    feeds.files["pin"] = _items((3, "g3"), (2, "g2"), (1, "g1"))  # unpinned
    assert await src.poll() == []

    feeds.files["one"] = _items((2, "https://blog.test/feed"), (1, "https://blog.test/feed"))
    one = source([feeds.url("one")], client, clock)
    assert [m.text for m in await one.poll()] == ["acme 1", "acme 2"]
    for n in (3, 4):  # the feed lists its newest entry only
        feeds.files["one"] = _items((n, "https://blog.test/feed"))
        assert [m.text for m in await one.poll()] == [f"acme {n}"]
    assert await one.poll() == []


async def test_an_upgrade_does_not_read_again_the_entries_one_guid_made_one_mention(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A feed of one guid, read by the release before entries sharing it were told apart:
    its entries were one mention, which alerted. Told apart now, each has a new id: all of
    them came out as new, the one that alerted again too. They are taken as read, said once
    with their count; the entries after them are read."""
    url = feeds.url("old")
    guid = "https://blog.test/feed"
    cursors = Cursors()
    cursors.values["feeds"] = json.dumps({"feeds": {url: {
        "etag": None, "modified": None, "seen": [mention_id(url, guid)]}}})
    feeds.files["old"] = _items((3, guid), (2, guid), (1, guid))
    src = source([url], client, clock, cursors)
    assert await src.poll() == []
    assert list(src.skipped) == [
        f"{url}: 3 entries sharing an id read as one entry before are told apart by link "
        "and title from now on; taken as read"]
    feeds.files["old"] = _items((4, guid), (3, guid), (2, guid), (1, guid))
    assert [m.text for m in await src.poll()] == ["acme 4"]
