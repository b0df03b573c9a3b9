"""Feed items whose only address is an enclosure, over real HTTP (the local feed server of
test_rss.py).

A podcast or media feed gives an item its file (``<enclosure url=... type="audio/mpeg"/>``,
Atom's ``<link rel="enclosure">``) and often no ``<link>``; some give nothing else (RSS 2.0
asks for a title or a description, and generators leave both out). Such an item was skipped
as "entry with no id, link, title or summary", logged and counted again at every poll for as
long as it stayed in the feed, and one with a title had a card without any address: the file,
which is what the item is, was nowhere. Now an item with nothing else is keyed by its
enclosure, and an item without a link has its enclosure's address as its own. From a review of
the feed source (2026-12-07); the tests failed before the fix."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, feeds, source

__all__ = ["feeds"]  # the fixture, used here

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DATE = "Mon, 30 Nov 2026 11:50:00 GMT"


def podcast(*items: str) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>acme cast</title>'
            "<link>https://acme.test/</link><description>d</description>"
            + "".join(f"<item>{item}<pubDate>{DATE}</pubDate></item>" for item in items)
            + "</channel></rss>").encode()


def enclosure(name: str) -> str:
    return f'<enclosure url="https://cdn.acme.test/{name}.mp3" length="1" type="audio/mpeg"/>'


async def test_an_item_of_an_enclosure_alone_is_read_once(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.files["f"] = podcast(enclosure("ep1"), enclosure("ep2"))
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    first = await src.poll()
    assert sorted(m.url or "" for m in first) == [
        "https://cdn.acme.test/ep1.mp3", "https://cdn.acme.test/ep2.mp3"], src.skipped
    assert not list(src.skipped)
    feeds.files["f"] = podcast(enclosure("ep1"), enclosure("ep2"), enclosure("ep3"))
    clock.advance(minutes=5)
    later = await src.poll()
    assert [m.url for m in later] == ["https://cdn.acme.test/ep3.mp3"]
    assert not list(src.skipped)


async def test_an_item_without_a_link_has_its_enclosures_address(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.files["f"] = podcast(f"<title>Episode 1: refunds</title>{enclosure('ep1')}"
                               '<guid isPermaLink="false">acme-ep-1</guid>',
                               f"<title>Episode 2</title>{enclosure('ep2')}"
                               "<link>https://acme.test/ep2</link>")
    clock.now = NOW
    src = source([feeds.url("f")], client, clock)
    got = {m.text: m for m in await src.poll()}
    assert got["Episode 1: refunds"].url == "https://cdn.acme.test/ep1.mp3"
    assert "https://cdn.acme.test/ep1.mp3" in got["Episode 1: refunds"].links
    assert got["Episode 2"].url == "https://acme.test/ep2"  # its own link, when it has one
