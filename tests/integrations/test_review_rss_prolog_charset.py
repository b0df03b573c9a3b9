"""A feed whose bytes are UTF-8 but whose XML declaration names a legacy encoding
(``<?xml version="1.0" encoding="windows-1252"?>``, ``ISO-8859-15``, ``windows-1251``): a CMS
template's prolog kept after the site's database moved to UTF-8, or a feed written by hand
from a Windows template. feedparser honours the declaration (RFC 3023 for ``application/*+xml``
without a charset) and every accented letter read as two (``Café`` as ``CafÃ©``, ``€`` as
``â‚¬``); its own rescue (``mixin.py``: "data that is already utf-8, presume that it is
iso-8859-1") undoes ISO-8859-1 alone. Found by a feed reader operator's review (2026-12-07).

The rule (``parse.repair_encoding``): bytes past ASCII that read as UTF-8 are UTF-8, whatever
the declaration or the HTTP charset says. feedparser's own fallback order tries UTF-8 before
windows-1252 when a label fails, and its rescue above undoes the same mistake for ISO-8859-1;
the reason it is safe is UTF-8's shape (Unicode mailing list, "How to distinguish UTF-8 from
Latin-*?", K. Whistler, 2000): a lead byte 0xC2-0xF4 must be followed by 0x80-0xBF, which in
the legacy code pages are an accented capital followed by C1 controls, punctuation or symbols,
"gibberish that is unlikely to appear in real text", and any accented or Cyrillic letter next
to an ASCII one breaks the sequence. Bytes that do not read as UTF-8 keep their label: true
windows-1252, ISO-8859-1 and Cyrillic feeds read as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from integrations.social.rss.parse import parse_feed

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
FRENCH = "Café crème, naïve façade – déjà vu, 10 €"
GERMAN = "Größere Rabatte für Übergrößen: „Straße“ ab 5 €"
RUSSIAN = "Новости компании: цены снижены"
LEGACY = ["windows-1252", "ISO-8859-1", "iso-8859-15", "cp1252", "latin1", "windows-1251",
          "koi8-r", "shift_jis"]


def rss(title: str, encoding: str) -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
            "<title>Shop</title><link>https://shop.example/</link><description>d</description>"
            f"<item><guid>urn:shop:1</guid><title>{title}</title>"
            "<link>https://shop.example/1</link>"
            "<pubDate>Mon, 30 Nov 2026 11:55:00 GMT</pubDate></item></channel></rss>")


def title(body: bytes, content_type: str | None) -> str:
    headers = {"Content-Type": content_type} if content_type else {}
    [mention] = parse_feed(body, feed_url="https://shop.example/feed", source="rss",
                           headers=headers, first_seen=NOW).mentions
    return mention.text


@pytest.mark.parametrize("declared", LEGACY)
@pytest.mark.parametrize("content_type", [
    "application/rss+xml", "application/xml", "text/xml", None, "application/rss+xml; "
    "charset=utf-8"], ids=["rss", "xml", "text-xml", "no-type", "http-utf8"])
@pytest.mark.parametrize("text", [FRENCH, GERMAN, RUSSIAN], ids=["fr", "de", "ru"])
def test_utf8_bytes_under_a_legacy_xml_declaration_read_as_utf8(
        declared: str, content_type: str | None, text: str) -> None:
    assert title(rss(text, declared).encode("utf-8"), content_type) == text


@pytest.mark.parametrize("declared", ["windows-1252", "ISO-8859-1", "iso-8859-15"])
def test_utf8_bytes_under_the_same_legacy_label_in_both_places_read_as_utf8(
        declared: str) -> None:
    """The server's default charset and the template's prolog agree, and both are wrong."""
    body = rss(FRENCH, declared).encode("utf-8")
    assert title(body, f"application/rss+xml; charset={declared}") == FRENCH
    assert title(body, f"text/xml; charset={declared}") == FRENCH


@pytest.mark.parametrize(("declared", "text"), [
    ("windows-1252", FRENCH), ("windows-1252", GERMAN), ("ISO-8859-1", "Müller in São Paulo ½"),
    ("iso-8859-15", "Œuvre à 10 €"), ("windows-1251", RUSSIAN), ("koi8-r", RUSSIAN)])
@pytest.mark.parametrize("content_type", ["application/rss+xml", "text/xml; charset={}", None],
                         ids=["rss", "text-xml-labelled", "no-type"])
def test_true_legacy_feeds_keep_their_label(declared: str, text: str,
                                            content_type: str | None) -> None:
    body = rss(text, declared).encode(declared)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")  # what makes them legacy: their letters break UTF-8
    assert title(body, content_type and content_type.format(declared)) == text
