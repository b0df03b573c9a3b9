"""An XML declaration that says UTF-16 on bytes that are not, and UTF-16 without its byte order
mark, served by a real nginx (a feed reader operator's review, 2026-12-07, test failing
before).

A template that writes ``encoding="UTF-16"`` (a .NET ``StringWriter``'s declaration, whose
string is then written out as UTF-8) on bytes that read a character a byte: the declaration
itself is readable so, which UTF-16 never is (XML 1.0 appendix F), so it lies. The feed was
``not an RSS or Atom feed``, every entry unread. UTF-16 written without its byte order mark
(which XML asks for, and appendix F reads without: ``<`` and ``?`` each with a zero byte) was
taken for a legacy single-byte encoding and transcoded into nonsense, the same line."""

from __future__ import annotations

import pytest

from tests.interop.test_feeds_real import Site, site

__all__ = ["site"]

TITLE = "Café crème: naïve façade, 10 €"


def rss(encoding: str) -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
            "<title>Shop</title><link>https://shop.example/</link>"
            f"<item><guid>urn:shop:1</guid><title>{TITLE}</title>"
            "<link>https://shop.example/1</link>"
            "<pubDate>Mon, 23 Nov 2026 08:55:00 GMT</pubDate></item></channel></rss>")


@pytest.mark.parametrize(("name", "body"), [
    ("utf-8 declared utf-16", rss("UTF-16").encode("utf-8")),
    ("utf-8 declared utf-16le", rss("utf-16le").encode("utf-8")),
    ("utf-16le without its bom", rss("utf-16").encode("utf-16-le")),
    ("utf-16be without its bom", rss("UTF-16").encode("utf-16-be")),
])
async def test_utf16_declared_on_bytes_that_are_not_or_without_its_bom(
        site: Site, name: str, body: bytes) -> None:
    source = site.source([site.put("feed.xml", body)])
    assert [m.text for m in await source.poll()] == [TITLE]
    assert source.failing_parts() == {}
