"""RSS/Atom normaliser against the real (and really broken) feeds in tests/fixtures/real/rss."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from bot.core.errors import MalformedPayload
from bot.core.models import Author
from integrations.social.rss.parse import MAX_AUTHOR, mention_id, parse_feed, repair_encoding

RSS = Path(__file__).parents[1] / "fixtures" / "real" / "rss"
SEEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
XML = {"Content-Type": "application/rss+xml"}

# name -> number of entries that must come out
VALID = {
    "atom_blogger_comments_threading.xml": 1,
    "atom_heise_german_cdata_html.xml": 15,
    "atom_movabletype_russian_large.xml": 15,
    "rss1_rdf_craigslist.xml": 25,
    "rss2_content_encoded_hostile_html.xml": 1,
    "rss2_jn_pt_iso8859-1_crlf.xml": 40,
    "rss2_reddit_front_page.xml": 24,
    "rss_eucjp_no_encoding_declaration.xml": 1,
    "rss_uol_latin1_no_xml_declaration.xml": 15,
    "rss_unclosed_root_escaped_ampersand_link.xml": 1,  # bozo, but the entry is usable
    "atom_big5_no_encoding_declaration.xml": 0,  # a feed title and no entries
    "rss_iso8859-7_high_bit_pubdate.xml": 0,
}


def parse(name: str, url: str | None = None) -> object:
    return parse_feed((RSS / name).read_bytes(), feed_url=url or f"https://feeds.test/{name}",
                      headers=XML, source="feeds", first_seen=SEEN)


@pytest.mark.parametrize(("name", "count"), sorted(VALID.items()))
def test_every_valid_feed_normalises(name: str, count: int) -> None:
    result = parse_feed((RSS / name).read_bytes(), feed_url=f"https://feeds.test/{name}",
                        headers=XML, source="feeds", first_seen=SEEN)
    assert len(result.mentions) == count
    assert not result.skipped
    for m in result.mentions:
        assert m.id.startswith("rss:") and len(m.id) == 4 + 40
        assert m.text and "<" not in m.text.replace("<3", "")  # no markup leaks
        assert m.created_at <= SEEN
    assert len({m.id for m in result.mentions}) == count


def test_truncated_feed_with_nothing_usable_is_malformed() -> None:
    with pytest.raises(MalformedPayload, match="not a readable feed"):
        parse_feed((RSS / "rss_truncated_incomplete_cdata.xml").read_bytes(),
                   feed_url="https://feeds.test/t", headers=XML, source="f", first_seen=SEEN)


@pytest.mark.parametrize("body", [b"", b"<html><body>502 Bad Gateway</body>",
                                  b"\x00\x01\x02 not xml at all <<<"])
def test_garbage_is_malformed(body: bytes) -> None:
    with pytest.raises(MalformedPayload):
        parse_feed(body, feed_url="https://feeds.test/g", headers=XML, source="f",
                   first_seen=SEEN)


def test_bozo_feed_with_entries_is_used_and_flagged() -> None:
    result = parse_feed((RSS / "rss_unclosed_root_escaped_ampersand_link.xml").read_bytes(),
                        feed_url="https://feeds.test/u", headers=XML, source="f",
                        first_seen=SEEN)
    assert result.bozo and "SAXParseException" in result.bozo
    m = result.mentions[0]
    assert m.url == "http://link/get?a=1&b=2"
    assert m.created_at == SEEN  # no date at all: first seen


def test_undeclared_eucjp_is_sniffed() -> None:
    result = parse_feed((RSS / "rss_eucjp_no_encoding_declaration.xml").read_bytes(),
                        feed_url="https://feeds.test/j", headers=XML, source="f",
                        first_seen=SEEN)
    text = result.mentions[0].text
    assert text.startswith("ゲーム三昧な正月\n\n『SDガンダムGジェネレーションNEO』")


def test_undeclared_big5_title_is_sniffed() -> None:
    body, headers = repair_encoding((RSS / "atom_big5_no_encoding_declaration.xml").read_bytes(),
                                    XML)
    assert "我希望" in body.decode("utf-8") and "charset=utf-8" in headers["content-type"]


def test_undeclared_latin1_falls_back_to_windows_1252() -> None:
    result = parse_feed((RSS / "rss_uol_latin1_no_xml_declaration.xml").read_bytes(),
                        feed_url="https://feeds.test/uol", headers=XML, source="f",
                        first_seen=SEEN)
    assert result.title == "UOL Noticias"
    assert result.mentions[0].text.startswith(
        "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno")


def test_declared_latin1_and_dates() -> None:
    result = parse_feed((RSS / "rss2_jn_pt_iso8859-1_crlf.xml").read_bytes(),
                        feed_url="https://feeds.test/jn", headers=XML, source="f",
                        first_seen=SEEN)
    m = result.mentions[0]
    assert m.text.startswith("Mãe de utente é a nova presidente da Raríssimas")
    assert m.created_at == datetime(2018, 1, 3, 13, 47, tzinfo=UTC)
    assert m.language == "pt-pt"


def test_hostile_html_loses_scripts_and_handlers() -> None:
    result = parse_feed((RSS / "rss2_content_encoded_hostile_html.xml").read_bytes(),
                        feed_url="https://feeds.test/h", headers=XML, source="f",
                        first_seen=SEEN)
    text = result.mentions[0].text
    assert "Did The Javascript Execute?" in text
    for bad in ("executeMe", "am_i_javascript", "function", "onload", "<script"):
        assert bad not in text


def test_atom_threading_and_html_links() -> None:
    result = parse_feed((RSS / "atom_blogger_comments_threading.xml").read_bytes(),
                        feed_url="https://feeds.test/b", headers=XML, source="f",
                        first_seen=SEEN)
    m = result.mentions[0]
    assert m.reply_to == "tag:blogger.com,1999:blog-893591374313312737.post-3861663258538857954"
    assert m.created_at == datetime(2009, 12, 9, 0, 59, 2, tzinfo=UTC)


def test_ids_are_stable_and_scoped_to_the_feed() -> None:
    a = parse("atom_heise_german_cdata_html.xml", "https://feeds.test/a")
    again = parse("atom_heise_german_cdata_html.xml", "https://feeds.test/a")
    other = parse("atom_heise_german_cdata_html.xml", "https://feeds.test/b")
    ids = [m.id for m in a.mentions]  # type: ignore[attr-defined]
    assert ids == [m.id for m in again.mentions]  # type: ignore[attr-defined]
    assert not set(ids) & {m.id for m in other.mentions}  # type: ignore[attr-defined]
    assert ids[0] == mention_id("https://feeds.test/a", "http://heise.de/-3088438")


def test_future_dates_are_clamped_to_first_seen() -> None:
    feed = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item>'
            b"<title>from the future</title><link>https://e.test/1</link>"
            b"<pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item></channel></rss>")
    result = parse_feed(feed, feed_url="https://feeds.test/f", headers=XML, source="f",
                        first_seen=SEEN)
    assert result.mentions[0].created_at == SEEN


def test_a_date_a_little_ahead_is_clock_skew_and_one_far_ahead_is_named() -> None:
    """Up to an hour ahead of first_seen the entry is dated then, like any other; further ahead
    (or undated) the source must know, to leave it out of a first read."""
    def item(title: str, date: str = "") -> bytes:
        when = f"<pubDate>{date}</pubDate>" if date else ""
        text = f"<item><title>{title}</title><link>https://e.test/{title}</link>{when}</item>"
        return text.encode()

    ahead = SEEN + timedelta(minutes=59)
    far = SEEN + timedelta(minutes=61)
    feed = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            + item("skew", format_datetime(ahead, usegmt=True))
            + item("far", format_datetime(far, usegmt=True)) + item("none")
            + b"</channel></rss>")
    result = parse_feed(feed, feed_url="https://feeds.test/f", headers=XML, source="f",
                        first_seen=SEEN)
    ids = {m.text: m.id for m in result.mentions}
    assert [m.created_at for m in result.mentions] == [SEEN, SEEN, SEEN]
    assert (result.ahead, result.undated) == ({ids["far"]}, {ids["none"]})


def test_missing_published_falls_back_to_updated() -> None:
    feed = (b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            b"<entry><id>urn:1</id><title>t</title><updated>2024-05-01T10:00:00Z</updated>"
            b"</entry></feed>")
    result = parse_feed(feed, feed_url="https://feeds.test/f", headers=XML, source="f",
                        first_seen=SEEN)
    assert result.mentions[0].created_at == datetime(2024, 5, 1, 10, tzinfo=UTC)


def test_an_atom_entry_without_an_author_has_the_feeds() -> None:
    # RFC 4287 section 4.2.1; an RSS channel's managingEditor is no item's author
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>'
            b"<author><name>Acme Team</name><uri>https://acme.test/team</uri></author>"
            b"<entry><id>1</id><title>a</title><updated>2026-11-23T08:00:00Z</updated>"
            b"<author><name>Kasia</name></author></entry>"
            b"<entry><id>2</id><title>b</title><updated>2026-11-23T08:00:00Z</updated></entry>"
            b"</feed>")
    got = parse_feed(atom, feed_url="https://acme.test/feed", headers={}, source="feeds",
                     first_seen=SEEN).mentions
    assert [(m.author.handle, m.author.profile_url) for m in got] == [
        ("Kasia", None), ("Acme Team", "https://acme.test/team")]
    rss = (b'<rss version="2.0"><channel><title>Blog</title>'
           b"<managingEditor>ed@acme.test (Ed)</managingEditor>"
           b"<item><guid>1</guid><title>a</title></item></channel></rss>")
    [item] = parse_feed(rss, feed_url="https://acme.test/rss", headers={}, source="feeds",
                        first_seen=SEEN).mentions
    assert item.author.handle == "acme.test"


def test_an_author_name_is_one_bounded_line() -> None:
    # the name is the author's key and is shown on cards: a megabyte or several lines of it
    # were stored and shown as they came
    def author(creator: bytes) -> Author:
        rss = (b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
               b"<title>Blog</title><item><guid>1</guid><title>a</title><dc:creator>" + creator
               + b"</dc:creator></item></channel></rss>")
        [item] = parse_feed(rss, feed_url="https://acme.test/rss", headers={}, source="feeds",
                            first_seen=SEEN).mentions
        return item.author

    lines = author(b"\n  Robot\r\n  of\tAcme\n")
    assert (lines.id, lines.handle, lines.display_name) == (
        "acme.test:Robot of Acme", "Robot of Acme", "Robot of Acme")
    huge = author(b"robot " * 200_000)
    assert len(huge.handle) <= MAX_AUTHOR and huge.handle.startswith("robot robot")
    assert huge.id == f"acme.test:{huge.handle}" and huge.display_name == huge.handle
    assert author("\u200b\n".encode()).handle == "acme.test"  # nothing visible: no name


def item(inner: bytes) -> bytes:
    return (b'<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
            b"<item>" + inner + b"</item></channel></rss>")


@pytest.mark.parametrize("ref", [b"&#x110000;", b"&#x0110000;", b"&#1114112;",
                                 b"&#99999999999999999999;", b"&#xD83D;"])
def test_a_reference_to_no_character_is_a_replacement_character(ref: bytes) -> None:
    # feedparser's loose parser raised on these (chr() out of range, an int too large for it)
    feed = item(b"<title>x" + ref + b"</title>")
    [m] = parse_feed(feed, feed_url="https://feeds.test/r", headers={}, source="f",
                     first_seen=SEEN).mentions
    assert m.text == "x\ufffd"


def test_references_to_the_last_planes_are_kept() -> None:
    feed = item(b"<title>&#x10000;&#1048576;&#x10FFFF;</title>")
    [m] = parse_feed(feed, feed_url="https://feeds.test/r", headers={}, source="f",
                     first_seen=SEEN).mentions
    assert m.text == "\U00010000\U00100000\U0010ffff"


def test_markup_feedparser_raises_on_is_a_malformed_feed() -> None:
    # its loose parser raised KeyError 'links' out of parse_feed (and out of the poll)
    with pytest.raises(MalformedPayload, match=r"cannot be parsed \(KeyError: 'links'\)"):
        parse_feed(b"<rss><channel><item><link></entry></link></item></channel></rss>",
                   feed_url="https://feeds.test/k", headers={}, source="f", first_seen=SEEN)


@pytest.mark.parametrize("inner", [
    b'<media:thumbnail url="http://[" />',
    b'<media:thumbnail url="http://[zz]/" />',
    "<link>https://a\uff03b@c/</link>".encode(),  # a netloc that changes under NFKC
])
def test_a_url_urlsplit_refuses_is_dropped_and_the_entry_kept(inner: bytes) -> None:
    [m] = parse_feed(item(b"<title>x</title>" + inner), feed_url="https://feeds.test/u",
                     headers={}, source="f", first_seen=SEEN).mentions
    assert (m.text, m.url, m.links, m.media) == ("x", None, (), ())


def test_an_atom_author_uri_urlsplit_refuses_is_dropped() -> None:
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>a</title>'
            "<author><name>Kasia</name><uri>https://a\uff03b@c/</uri></author></entry></feed>"
            ).encode()
    [m] = parse_feed(atom, feed_url="https://acme.test/feed", headers={}, source="f",
                     first_seen=SEEN).mentions
    assert (m.author.handle, m.author.profile_url) == ("Kasia", None)
