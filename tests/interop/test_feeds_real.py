"""The project's RSS/Atom source against a real web server (the session's nginx): conditional
GETs with the validators nginx really sends, feeds in the styles found in the wild (feeds/), and
legacy encodings that declare nothing or the wrong thing.

The source is configured as a user configures it (a ``socialops.yaml`` loaded by the project,
built by its registry) and runs on a fixed clock, half an hour to an hour after most entries'
dates, so the quiet first run is the same whatever the machine's date. nginx is shared by the
session: each test serves its files from its own directory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from bot.app.compose import build_source
from bot.core.config import StoreConfig, load_config
from bot.core.models import Mention
from bot.core.ports import Store
from bot.store import open_store
from integrations.social.rss.parse import feed_key
from integrations.social.rss.source import RssSource
from tests.conftest import FakeClock

if TYPE_CHECKING:
    from tests.interop.conftest import Nginx

FEEDS = Path(__file__).parent / "feeds"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class Exchange:
    path: str
    status: int
    sent: dict[str, str]  # the conditional headers the source sent
    content_type: str


@dataclass
class Site:
    """A directory of the shared nginx, the source reading it, and every exchange seen."""

    nginx: Nginx
    dir: Path
    store: Store
    client: httpx.AsyncClient
    clock: FakeClock
    tmp: Path
    exchanges: list[Exchange] = field(default_factory=list)

    def url(self, name: str) -> str:
        return f"{self.nginx.base_url}/{self.dir.name}/{name}"

    def put(self, name: str, data: bytes | None = None, *, source: str | None = None,
            mtime_step: int = 0) -> str:
        """Serves ``data`` (or a file from feeds/) as ``name``. ``mtime_step`` moves the file's
        mtime forward by whole seconds: nginx's validators are the mtime and size, and a test
        writes faster than the clock ticks."""
        path = self.dir / name
        before = path.stat().st_mtime if path.exists() else None
        if data is None:
            shutil.copyfile(FEEDS / (source or name), path)
        else:
            path.write_bytes(data)
        if before is not None and mtime_step:
            os.utime(path, (before + mtime_step, before + mtime_step))
        return self.url(name)

    def source(self, urls: Sequence[str], **fields: str) -> RssSource:
        extra = "".join(f"    {k}: {v}\n" for k, v in fields.items())
        path = self.tmp / "socialops.yaml"
        path.write_text("sources:\n  - id: feeds\n    type: rss\n    urls:\n"
                        + "".join(f"      - {u}\n" for u in urls) + extra, encoding="utf-8")
        config = load_config(path, env={}).config
        src = build_source(config.source("feeds"), store=self.store, client=self.client,
                           clock=self.clock, peers=config.sources)
        assert isinstance(src, RssSource)
        return src

    def since(self, mark: int) -> list[tuple[str, int]]:
        return [(e.path.rsplit("/", 1)[-1], e.status) for e in self.exchanges[mark:]]


@pytest.fixture
async def site(nginx: Nginx, tmp_path: Path, request: pytest.FixtureRequest
               ) -> AsyncIterator[Site]:
    directory = nginx.root / re.sub(r"\W+", "-", request.node.name)
    directory.mkdir()
    store = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "store.db")),
                             redis_url=None, clock=FakeClock(NOW))
    exchanges: list[Exchange] = []

    async def seen(response: httpx.Response) -> None:
        sent = {k: v for k, v in response.request.headers.items()
                if k.lower() in ("if-none-match", "if-modified-since")}
        exchanges.append(Exchange(response.request.url.path, response.status_code, sent,
                                  response.headers.get("content-type", "")))

    async with httpx.AsyncClient(event_hooks={"response": [seen]}) as client:
        yield Site(nginx, directory, store, client, FakeClock(NOW), tmp_path, exchanges)
    await store.close()


def texts(mentions: Sequence[Mention]) -> list[str]:
    return [m.text.split("\n", 1)[0] for m in mentions]  # the titles


async def cursor(site: Site) -> dict[str, dict[str, object]]:
    raw = await site.store.get_cursor("feeds")
    assert raw is not None
    feeds: dict[str, dict[str, object]] = json.loads(raw)["feeds"]
    return feeds


# -- conditional GETs --------------------------------------------------------------------------


NEW_ITEM = b"""\t<item>
\t\t<title>Checkout is fast again</title>
\t\t<link>https://eng.acme.example/2026/11/23/checkout-fast/</link>
\t\t<dc:creator><![CDATA[Kasia Nowak]]></dc:creator>
\t\t<pubDate>Mon, 23 Nov 2026 08:55:00 +0000</pubDate>
\t\t<guid isPermaLink="false">https://eng.acme.example/?p=1240</guid>
\t\t<description><![CDATA[Latency is back to normal.]]></description>
\t</item>
"""


async def test_304_keeps_the_cursor_and_a_changed_file_gives_only_its_new_entries(
    site: Site,
) -> None:
    url = site.put("feed.rss", source="rss20-content-encoded.rss")
    # written at the source's clock (fixed, in the past): nginx's Last-Modified is no later
    # than it, as when the two clocks agree (one more than an hour ahead is not sent back)
    written = site.clock().timestamp()
    os.utime(site.dir / "feed.rss", (written, written))
    source = site.source([url])

    assert texts(await source.poll()) == ["Postmortem: the checkout outage of 22 November"]
    [first] = site.exchanges
    assert first.status == 200 and first.sent == {}
    saved = await site.store.get_cursor("feeds")
    state = (await cursor(site))[feed_key(url)]
    etag, modified = str(state["etag"]), str(state["modified"])
    assert etag.startswith('"') and modified.endswith(" GMT")

    # unchanged: nginx answers 304 to the stored validators; nothing new, the cursor kept
    assert await source.poll() == []
    assert site.since(1) == [("feed.rss", 304)]
    assert site.exchanges[1].sent == {"if-none-match": etag, "if-modified-since": modified}
    assert await site.store.get_cursor("feeds") == saved

    # each validator alone is honoured too (a server that sends only one of them)
    assert saved is not None
    for drop in ("etag", "modified"):
        stored = json.loads(saved)["feeds"]
        stored[feed_key(url)] = {**stored[feed_key(url)], drop: None}
        await site.store.set_cursor("feeds", json.dumps({"feeds": stored}))
        mark = len(site.exchanges)
        assert await source.poll() == []
        assert site.since(mark) == [("feed.rss", 304)]
        assert len(site.exchanges[mark].sent) == 1
    await site.store.set_cursor("feeds", saved)

    # touched, same bytes: a new ETag and a 200, but no entry is new
    site.put("feed.rss", source="rss20-content-encoded.rss", mtime_step=60)
    mark = len(site.exchanges)
    assert await source.poll() == []
    assert site.since(mark) == [("feed.rss", 200)]
    touched = (await cursor(site))[feed_key(url)]["etag"]
    assert touched != etag

    # changed: only the new entry, then 304 again
    body = (FEEDS / "rss20-content-encoded.rss").read_bytes()
    site.put("feed.rss", body.replace(b"\t<item>\n", NEW_ITEM + b"\t<item>\n", 1),
             mtime_step=60)
    mark = len(site.exchanges)
    [new] = await source.poll()
    assert new.text.startswith("Checkout is fast again")
    assert new.created_at == datetime(2026, 11, 23, 8, 55, tzinfo=UTC)
    assert site.since(mark) == [("feed.rss", 200)]
    assert site.exchanges[mark].sent["if-none-match"] == touched
    assert await source.poll() == []
    assert site.since(mark + 1) == [("feed.rss", 304)]


# -- feed styles -------------------------------------------------------------------------------


async def test_rss091_rss20_rdf_and_atom_as_published(site: Site) -> None:
    names = ["rss091.rss", "rss20-content-encoded.rss", "rdf-rss10.rdf",
             "atom-xhtml-xml-base.atom"]
    urls = [site.put(n) for n in names]
    source = site.source(urls)

    got = {m.url: m for m in await source.poll()}
    assert site.since(0) == [(n, 200) for n in names]
    # RSS 0.91 has no dates: its entries are stamped when first seen, and the first run keeps
    # history quiet; every other feed's entries from the last hour, and only those
    assert sorted(got) == [
        "https://blog.acme.example/posts/2026/release-2-0.html",
        "https://blog.acme.example/posts/2026/status-page.html",
        "https://eng.acme.example/2026/11/23/postmortem-checkout/",
        "https://news.acme.example/story/26/11/23/0830/acme-cloud-goes-dark",
    ]

    # RSS 2.0 (WordPress): content:encoded rather than the shorter description, dc:creator,
    # table cells apart, scripts gone
    post = got["https://eng.acme.example/2026/11/23/postmortem-checkout/"]
    assert post.text.startswith("Postmortem: the checkout outage of 22 November\n\n"
                                "Checkout failed for 42 minutes on Sunday. Nobody was charged")
    assert "eu-west 42" in post.text and "us-east 17" in post.text
    assert "trackView" not in post.text
    assert post.author.display_name == "Kasia Nowak"
    assert post.created_at == datetime(2026, 11, 23, 8, 40, 12, tzinfo=UTC)
    assert post.links == ("https://eng.acme.example/2026/11/23/postmortem-checkout/",
                          "https://status.acme.example/incidents/77")

    # RDF / RSS 1.0 (Slashdot-style): items outside the channel, dc:date, escaped HTML
    story = got["https://news.acme.example/story/26/11/23/0830/acme-cloud-goes-dark"]
    assert story.text == ("Acme Cloud Goes Dark For 42 Minutes\n\nAn anonymous reader writes:\n"
                          "Acme Cloud's checkout was down on Sunday.")
    assert story.author.handle == "msmash"
    assert story.created_at == datetime(2026, 11, 23, 8, 30, tzinfo=UTC)

    # Atom: xhtml content, relative links resolved through three nested xml:base values
    release = got["https://blog.acme.example/posts/2026/release-2-0.html"]
    assert release.text.split("\n\n")[0] == "Release 2.0 & what’s next"
    # (the feed's own line breaks inside a paragraph are kept as they are)
    assert " ".join(release.text.split("\n\n", 1)[1].split()) == (
        "Read the changelog and the upgrade guide.")
    assert release.links == ("https://blog.acme.example/posts/2026/release-2-0.html",
                             "https://blog.acme.example/posts/2026/release-2-0/changelog.html",
                             "https://blog.acme.example/docs/upgrade")
    assert release.media == ("https://blog.acme.example/posts/2026/release-2-0/img/chart.png",)
    assert release.author.display_name == "Kasia Nowak"
    assert release.author.profile_url == "https://blog.acme.example/authors/kasia"
    assert release.created_at == datetime(2026, 11, 23, 8, 45, tzinfo=UTC)
    moved = got["https://blog.acme.example/posts/2026/status-page.html"]
    assert moved.links == ("https://blog.acme.example/posts/2026/status-page.html",
                           "https://blog.acme.example/status/")
    assert moved.created_at == datetime(2026, 11, 23, 8, 55, tzinfo=UTC)  # <updated> only
    # no author of its own: the feed's applies (RFC 4287 section 4.2.1)
    assert moved.author.display_name == "Acme Team"

    assert await source.poll() == []
    assert site.since(len(names)) == [(n, 304) for n in names]

    # a new RSS 0.91 item is found, stamped when first seen
    site.clock.advance(minutes=5)
    body = (FEEDS / "rss091.rss").read_bytes()
    item = (b"<item>\n<title>Acme 1.1 released</title>\n"
            b"<link>http://weblog.acme.example/archive/acme-1-1.html</link>\n"
            b"<description>Bug fixes, and a faster caf\xe9 mode.</description>\n</item>\n")
    site.put("rss091.rss", body.replace(b"<item>\n", item + b"<item>\n", 1), mtime_step=60)
    [new] = await source.poll()
    assert new.text == "Acme 1.1 released\n\nBug fixes, and a faster café mode."
    assert new.url == "http://weblog.acme.example/archive/acme-1-1.html"
    assert new.created_at == site.clock()


# -- encodings ---------------------------------------------------------------------------------


RUSSIAN = [
    "Плановые работы в ночь на субботу\n\nЛичный кабинет будет недоступен с 02:00 до 04:00 "
    "по московскому времени. Приносим извинения.",
    "Новый тариф «Облако Плюс»\n\nС 1 декабря цены снижены на 20%. Доставка оборудования по "
    "всей России бесплатно.",
    "Ответы на частые вопросы\n\nКак подключить счётчик, где найти договор и что делать, если "
    "ёлка не светится.",
]


@pytest.mark.parametrize("name", ["cp1251-undeclared.xml", "cp1251-labelled-utf8.xml",
                                  "koi8r-undeclared.rss"])
async def test_mislabelled_cyrillic_feeds_are_decoded(site: Site, name: str) -> None:
    raw = (FEEDS / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # what the file is not, whatever it says
    source = site.source([site.put(name)])
    got = await source.poll()
    [exchange] = site.exchanges
    assert exchange.status == 200 and "charset" not in exchange.content_type
    expected = RUSSIAN if not name.startswith("koi8") else [
        t.replace("«", '"').replace("»", '"') for t in RUSSIAN]  # KOI8-R has no guillemets
    assert [m.text for m in got] == expected
    assert {m.author.display_name for m in got} == {"Облако: новости"}
    assert [m.language for m in got] == ["ru"] * 3


# -- feeds that would cost seconds -------------------------------------------------------------


async def test_a_billion_laughs_and_a_megabyte_of_unclosed_markup_are_refused_each_poll(
    site: Site,
) -> None:
    # each took a worker thread 0.65-1.3 s and about 10 s every poll
    lol = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    laughs = site.put("laughs.rss", (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]><rss version="2.0">'
        f"<channel><item><title>&l9;</title><link>https://x.example/1</link></item></channel>"
        f"</rss>").encode())
    good = (FEEDS / "rss20-content-encoded.rss").read_bytes()
    unclosed = site.put("unclosed.xml", good.split(b"</channel>")[0] + b"<a>" * 333_333)
    feed = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([laughs, unclosed, feed])

    assert texts(await source.poll()) == ["Postmortem: the checkout outage of 22 November"]
    failing = source.failing_parts()
    assert set(failing) == {laughs, unclosed}
    assert failing[laughs].endswith("is not read: its DTD declares the entity 'l0'; a feed may "
                                    "declare only one-character entities such as nbsp")
    assert failing[unclosed].endswith("is not read: it has 333,364 tags, more than the 40,000 "
                                      "a feed is read with: put a shorter feed in urls (the "
                                      "site's latest entries, or one category's or tag's)")
    assert set(await cursor(site)) == {feed_key(feed)}  # nothing of theirs is remembered

    # fetched again (no validators kept) and refused again, unread; the good feed is a 304
    assert await source.poll() == []
    assert site.since(3) == [("laughs.rss", 200), ("unclosed.xml", 200), ("feed.rss", 304)]
    assert set(source.failing_parts()) == {laughs, unclosed}
