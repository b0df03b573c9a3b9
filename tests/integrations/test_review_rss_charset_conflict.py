"""A feed whose bytes are UTF-8 (and whose XML declaration says so, or says nothing) served
with a legacy ``charset`` in its ``Content-Type``: a server's default left from before the site
moved to UTF-8 (Apache's ``AddDefaultCharset windows-1251`` on a Russian site, a servlet
container's ``windows-1252``). feedparser follows the HTTP label (RFC 3023), and every accented
or Cyrillic letter came out as two or three others (``Café`` as ``CafÃ©``, ``Новости`` as
``РќРѕРІРѕСЃС‚Рё``), words routing rules never matched; it rescues only ``ISO-8859-1``. Bytes
with non-ASCII letters that read as UTF-8 are UTF-8 (legacy text almost never does: Cyrillic or
accented windows-125x bytes break UTF-8's sequences), so they are read as UTF-8, the label
overridden; bytes that do not read as UTF-8 keep their label, and so does a feed whose XML
declaration names that legacy encoding too."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web

from integrations.social.rss.parse import parse_feed
from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, feeds, source

__all__ = ["feeds"]  # the fixture, used here

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
FRENCH = "Café crème, naïve façade – déjà vu, 10 €"
RUSSIAN = "Новости компании: цены снижены, доставка бесплатно"


def rss(title: str, declaration: str = '<?xml version="1.0" encoding="utf-8"?>') -> str:
    return (f'{declaration}<rss version="2.0"><channel><title>Shop</title>'
            "<link>https://shop.example/</link><description>d</description>"
            f"<item><guid>urn:shop:1</guid><title>{title}</title>"
            "<link>https://shop.example/1</link>"
            "<pubDate>Mon, 30 Nov 2026 11:55:00 GMT</pubDate></item></channel></rss>")


def title(body: bytes, content_type: str) -> str:
    [mention] = parse_feed(body, feed_url="https://shop.example/feed", source="rss",
                           headers={"Content-Type": content_type}, first_seen=NOW).mentions
    return mention.text


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-15", "iso-8859-2",
                                     "windows-1251", "koi8-r", "ISO-8859-1"])
@pytest.mark.parametrize("declaration", ['<?xml version="1.0" encoding="utf-8"?>',
                                         '<?xml version="1.0"?>', ""],
                         ids=["utf-8", "undeclared", "no-declaration"])
@pytest.mark.parametrize("text", [FRENCH, RUSSIAN], ids=["french", "russian"])
def test_utf8_bytes_under_a_legacy_http_charset_read_as_utf8(
        charset: str, declaration: str, text: str) -> None:
    body = rss(text, declaration).encode("utf-8")
    assert title(body, f"application/rss+xml; charset={charset}") == text
    assert title(body, f"text/xml; charset={charset}") == text


@pytest.mark.parametrize(("charset", "text"), [("windows-1252", FRENCH),
                                               ("windows-1251", RUSSIAN), ("koi8-r", RUSSIAN)],
                         ids=["windows-1252", "windows-1251", "koi8-r"])
def test_a_legacy_label_on_legacy_bytes_is_still_trusted(charset: str, text: str) -> None:
    assert title(rss(text).encode(charset), f"application/rss+xml; charset={charset}") == text
    declared = rss(text, f'<?xml version="1.0" encoding="{charset}"?>').encode(charset)
    assert title(declared, f"text/xml; charset={charset}") == text


async def test_a_russian_site_s_old_default_charset_over_http(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    feeds.faults["ru"] = [web.Response(body=rss(RUSSIAN).encode("utf-8"), headers={
        "Content-Type": "text/xml; charset=windows-1251"})]
    clock.now = NOW
    assert [m.text for m in await source([feeds.url("ru")], client, clock).poll()] == [RUSSIAN]
