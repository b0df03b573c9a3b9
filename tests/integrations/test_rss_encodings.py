"""Feeds as real servers send them: single-byte encodings that are undeclared or labelled UTF-8,
Atom content with relative links under ``xml:base``, and HTML tables and blocks whose cells must
not run together."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.errors import MalformedPayload
from integrations.social.rss import parse as rss_parse
from integrations.social.rss.html import html_to_text
from integrations.social.rss.parse import parse_feed

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FEED = "https://shop.example/feed.xml"

TEXTS = {
    "windows-1251": "Новости компании: цены снижены, доставка по всей России бесплатно.",
    "koi8-r": "Новости компании: цены снижены, доставка по всей России бесплатно.",
    "iso-8859-5": "Новости компании: цены снижены, доставка по всей России бесплатно.",
    "iso-8859-2": "Zażółć gęślą jaźń. Przepraszamy za opóźnienie dostawy, wszystko będzie "
                  "naprawione.",
    "iso-8859-7": "Καλημέρα σας, η παραγγελία σας θα φτάσει σύντομα. Ευχαριστούμε πολύ.",
    "windows-1252": "Café crème, naïve façade – déjà vu. Prix réduits à 10 €, livraison "
                    "gratuite.",
}


def rss(text: str, *, declaration: str = '<?xml version="1.0"?>') -> str:
    return (f'{declaration}<rss version="2.0"><channel><title>Shop</title>'
            f"<link>https://shop.example/</link><item><title>{text}</title>"
            f"<link>https://shop.example/1</link><description>{text}</description>"
            "</item></channel></rss>")


def parse(body: bytes, headers: dict[str, str] | None = None) -> str:
    result = parse_feed(body, feed_url=FEED, headers=headers or {}, source="rss",
                        first_seen=NOW)
    [mention] = result.mentions
    return mention.text


@pytest.mark.parametrize("encoding", sorted(TEXTS))
def test_undeclared_single_byte_encodings_decode(encoding: str) -> None:
    text = TEXTS[encoding]
    assert parse(rss(text).encode(encoding)).startswith(text)


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r", "iso-8859-2", "windows-1252"])
@pytest.mark.parametrize("label", ["http", "xml"])
def test_single_byte_feeds_labelled_utf8_decode(encoding: str, label: str) -> None:
    text = TEXTS[encoding]
    if label == "http":  # the server's default charset, the feed's real one unsaid
        body, headers = rss(text).encode(encoding), {"Content-Type": "application/rss+xml; "
                                                                      "charset=UTF-8"}
    else:  # a template that always writes utf-8 in the declaration
        body = rss(text, declaration='<?xml version="1.0" encoding="utf-8"?>').encode(encoding)
        headers = {"Content-Type": "application/rss+xml"}
    assert parse(body, headers).startswith(text)


def test_a_large_undeclared_feed_is_sniffed_on_a_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile-input review (2026-12-06): the Latin code page of an undeclared feed was
    chosen by scoring every byte of 0x80 and above under each of 11 code pages in Python, about
    5 s a megabyte of them: a 10 MB feed (``MAX_BODY``) cost 39 s of CPU a poll. It is chosen
    by the first 64 KB of them, and the whole feed decoded with it."""
    scored: list[int] = []
    real = rss_parse._best_latin

    def spy(high: bytes) -> str:
        scored.append(len(high))
        return real(high)

    monkeypatch.setattr(rss_parse, "_best_latin", spy)
    text = TEXTS["iso-8859-2"]
    items = "".join(f"<item><title>{n} {text}</title><link>https://shop.example/{n}</link>"
                    f"<description>{text * 10}</description></item>" for n in range(2_000))
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Shop</title>{items}'
            "</channel></rss>").encode("iso-8859-2")
    assert len(body) > 1_900_000
    result = parse_feed(body, feed_url=FEED, headers={}, source="rss", first_seen=NOW)
    assert len(result.mentions) == 2_000
    assert result.mentions[-1].text.startswith(f"1999 {text}")
    assert scored and max(scored) <= 65_536


def test_a_correct_single_byte_declaration_is_still_trusted() -> None:
    text = TEXTS["koi8-r"]
    body = rss(text, declaration='<?xml version="1.0" encoding="koi8-r"?>').encode("koi8-r")
    assert parse(body, {"Content-Type": "application/rss+xml; charset=utf-8"}).startswith(text)


def test_a_declaration_whose_codec_fails_plainly_is_sniffed_when_labelled_utf8() -> None:
    # punycode and "undefined" raise UnicodeError, not UnicodeDecodeError: the sniff let it out
    body = rss("Café crème", declaration='<?xml version="1.0" encoding="undefined"?>')
    assert parse(body.encode("windows-1252"),
                 {"Content-Type": "application/rss+xml; charset=utf-8"}).startswith("Café crème")


@pytest.mark.parametrize(("encoding", "title"), [
    ("punycode", "x"), ("undefined", "x"),  # UnicodeError from the codec itself
    ("utf-7", "+2D0-"), ("unicode_escape", "\\ud83d"),  # lone surrogates: UnicodeEncodeError
    ("raw_unicode_escape", "\\ud83d"),
])
def test_a_declared_encoding_that_cannot_read_the_feed_makes_it_malformed(
        encoding: str, title: str) -> None:
    body = rss(title, declaration=f'<?xml version="1.0" encoding="{encoding}"?>').encode()
    with pytest.raises(MalformedPayload, match="cannot be parsed"):
        parse_feed(body, feed_url=FEED, headers={}, source="rss", first_seen=NOW)


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
  <title>Blog</title><id>urn:blog</id><updated>2026-11-23T08:00:00Z</updated>
  <entry xml:base="posts/2026/">
    <title>Outage report</title><id>urn:blog:1</id><updated>2026-11-23T08:00:00Z</updated>
    <link href="outage.html"/>
    <content type="xhtml" xml:base="/static/">
      <div xmlns="http://www.w3.org/1999/xhtml"><p>See <a href="status/acme.html">the status
      page</a> and <img src="img/graph.png"/>, or
      <a href="https://elsewhere.example/x">this</a>.</p></div>
    </content>
  </entry>
  <entry xml:base="posts/2026/">
    <title>Second</title><id>urn:blog:2</id><updated>2026-11-23T08:30:00Z</updated>
    <content type="html">&lt;p&gt;&lt;a href="notes.html"&gt;notes&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
</feed>"""


def test_xml_base_resolves_relative_links_in_atom_content() -> None:
    result = parse_feed(ATOM.encode(), feed_url=FEED, headers={}, source="rss", first_seen=NOW)
    first, second = sorted(result.mentions, key=lambda m: m.created_at)
    assert first.url == "https://blog.example/posts/2026/outage.html"
    assert "https://blog.example/static/status/acme.html" in first.links
    assert "https://elsewhere.example/x" in first.links
    assert first.media == ("https://blog.example/static/img/graph.png",)
    assert "https://blog.example/posts/2026/notes.html" in second.links


def test_relative_links_never_leave_http() -> None:
    base = "https://blog.example/a/"
    got = html_to_text('<a href="javascript:alert(1)">x</a><a href="//cdn.example/y">y</a>'
                       '<a href="z">z</a>', base=base)
    assert got.links == ("https://cdn.example/y", "https://blog.example/a/z")
    assert html_to_text('<a href="z">z</a>', base="file:///etc/").links == ()


@pytest.mark.parametrize(("markup", "text"), [
    ("<table><tr><th>Item</th><th>Price</th></tr><tr><td>Widget</td><td>$10</td></tr></table>",
     "Item Price\nWidget $10"),
    ("<table><tr><td>Price</td><td>$10</td></tr></table>", "Price $10"),
    ("<dl><dt>Price</dt><dd>$10</dd></dl>", "Price\n$10"),
    ("<section><h2>Title</h2><main>Body</main><aside>Side</aside></section>",
     "Title\nBody\nSide"),
    ("<ul><li>one</li><li>two</li></ul><address>Main St</address><nav>Menu</nav>",
     "one\ntwo\nMain St\nMenu"),
    ("<details><summary>More</summary>Hidden</details><caption>Cap</caption>",
     "More\nHidden\nCap"),
])
def test_cells_and_blocks_are_separated(markup: str, text: str) -> None:
    got = html_to_text(markup).text
    assert [line.strip() for line in got.splitlines() if line.strip()] == text.split("\n")
