"""Hostile feeds through the RSS source's own ``poll`` (HTTP from the local network server,
the production client with its size cap, feedparser behind the guard), made from real feeds.

Two kinds. Element mutations (hypothesis, derandomized, bounded): in one entry of a real RSS 2.0
or Atom feed, one element is removed or its content replaced by a wrong value (empty, 100 KB,
raw and referenced control and bidi characters, 2,000 nested tags, an unclosed CDATA section,
an undeclared entity, a date in a broken form). Whole-document attacks (a table): entity
expansion, external entities and a DTD to fetch, a 50 MB feed, lying encodings.

What must hold: ``poll`` returns; every other entry is read; the mutated one is read or counted
in ``skipped`` (at most once); a second poll of the same document reads nothing again; no log
line carries a control character; every mention is bounded; nothing is fetched but the feeds;
no byte of a local file reaches a mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.social.rss.config import RssSourceConfig
from integrations.social.rss.source import RssSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.mutations import EXAMPLES, SETTINGS
from tests.support.polling import Outcome, World, bounded, one_line_logs, opened_world, polled

RSS = Path(__file__).parents[1] / "fixtures" / "real" / "rss"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ENTRIES = 5  # of each real feed, kept: every entry is polled, mutated, once per example


def first_entries(raw: bytes, tag: bytes) -> bytes:
    """``raw`` with only its first ``ENTRIES`` entries (``<item>`` or ``<entry>``)."""
    blocks = list(re.finditer(rb"<%s[ >].*?</%s>" % (tag, tag), raw, re.S))
    return raw[:blocks[ENTRIES - 1].end()] + raw[blocks[-1].end():]


@dataclass(frozen=True)
class Feed:
    name: str
    body: bytes
    tag: bytes  # of an entry

    def entries(self) -> list[re.Match[bytes]]:
        return list(re.finditer(rb"<%s[ >].*?</%s>" % (self.tag, self.tag), self.body, re.S))

    def elements(self, entry: int) -> list[re.Match[bytes]]:
        """The child elements of one entry, as (start, end) spans in the whole body."""
        block = self.entries()[entry]
        inner = re.finditer(rb"<([A-Za-z][\w:.-]*)(\s[^>]*)?(/>|>.*?</\1\s*>)",
                            block.group(0)[len(self.tag) + 2:], re.S)
        return list(inner)


JN = Feed("jn.pt", first_entries((RSS / "rss2_jn_pt_iso8859-1_crlf.xml").read_bytes(), b"item"),
          b"item")
HEISE = Feed("heise", first_entries((RSS / "atom_heise_german_cdata_html.xml").read_bytes(),
                                    b"entry"), b"entry")
FEEDS = [JN, HEISE]

BROKEN_DATES = [
    "", "0", "-1", "99999999999999999999", "Mon, 32 Foo 2018 25:61:61 +9999",
    "Wed, 03 Jan 0000 13:47:00 GMT", "Wed, 03 Jan 9999 23:59:59 -2359", "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-23:59", "2018-02-30T10:00:00Z", "\u0662\u0660\u0661\u0668-01-03",
    "NaN", "2018-01-03T13:47:00Z" * 500, "Wed, 03 Jan 2018 13:47:00 \u202eTMG",
]

# element content, as bytes in the document (a replacement is written as it arrives on the wire)
CONTENT: dict[str, bytes] = {
    "empty": b"",
    "100 KB": "\u00e9x".encode() * 50_000,
    "raw controls": b"\x00\x1b]52;c;aGk=\x07\x1b[2J\r\n" + "\u202e\u2066evil\u2069".encode(),
    "referenced controls": b"&#0;&#x1b;[2J&#x202e;&#xd800;&#x7;evil",
    "nested tags": b"<a>" * 2_000,  # deep, yet under the guard's budget (see below for over)
    "unclosed CDATA": b"<![CDATA[never closed",
    "undeclared entity": b"&evil;&amp;&lt;script&gt;",
    **{f"date {d[:20]!r}": d.encode() for d in BROKEN_DATES},
}


def mutated(feed: Feed, entry: int, element: int, kind: str) -> bytes:
    """``feed`` with one element of one entry removed (``kind`` "remove") or its content
    replaced."""
    block = feed.entries()[entry]
    offset = block.start() + len(feed.tag) + 2
    el = feed.elements(entry)[element]
    start, end = offset + el.start(), offset + el.end()
    if kind == "remove":
        new = b""
    else:
        name = el.group(1)
        new = b"<%s%s>%s</%s>" % (name, el.group(2) or b"", CONTENT[kind], name)
    return feed.body[:start] + new + feed.body[end:]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with opened_world() as w:
        yield w


def source(world: World, *names: str) -> RssSource:
    config = RssSourceConfig(id="feeds", type="rss", urls=tuple(world.net.url(f"/feeds/{n}")
                                                                for n in names),
                             backfill_minutes=10**7, timeout=5)
    return RssSource(config, store=Cursors(), client=world.client, clock=FakeClock(NOW))


def serve(world: World, name: str, body: bytes, content_type: str = "application/rss+xml"
          ) -> None:
    world.net.bytes("GET", f"/feeds/{name}", body, headers={"Content-Type": content_type})


def poll(world: World, src: RssSource) -> Outcome:
    return polled(world, src, src.poll)


@pytest.fixture(scope="module")
def entry_ids(world: World) -> dict[str, list[set[str]]]:
    """Per feed, the mention ids each entry gives (the ids of the whole feed less those of the
    feed without that entry): every entry of the unmutated feed is read."""
    found: dict[str, list[set[str]]] = {}
    for feed in FEEDS:
        serve(world, feed.name, feed.body)
        out = poll(world, source(world, feed.name))
        assert out.mentions is not None and out.skips == 0
        every = {m.id for m in out.mentions}
        assert len(every) == ENTRIES, feed.name
        per: list[set[str]] = []
        for n, block in enumerate(feed.entries()):
            serve(world, feed.name, feed.body[:block.start()] + feed.body[block.end():])
            rest = poll(world, source(world, feed.name)).mentions or ()
            per.append(every - {m.id for m in rest})
            assert len(per[n]) == 1, (feed.name, n)
        found[feed.name] = per
    return found


@pytest.mark.parametrize("feed", FEEDS, ids=[f.name for f in FEEDS])
@settings(SETTINGS, max_examples=max(1, EXAMPLES // 2))  # two polls of a feed each
@given(data=st.data())
def test_a_mutated_entry_leaves_the_others_read(world: World, entry_ids: dict[str, list[set[str]]],
                                                feed: Feed, data: st.DataObject) -> None:
    entry = data.draw(st.integers(0, ENTRIES - 1), label="entry")
    element = data.draw(st.integers(0, len(feed.elements(entry)) - 1), label="element")
    kind = data.draw(st.sampled_from(["remove", *CONTENT]), label="kind")
    serve(world, feed.name, mutated(feed, entry, element, kind))
    src = source(world, feed.name)
    out = poll(world, src)
    assert out.error is None, out.error
    assert out.mentions is not None
    got = {m.id for m in out.mentions}
    assert out.skips <= 1
    # A CDATA section left open runs to the next "]]>", in a later entry: the document itself
    # joins the entries between, and no reader can tell them apart again. Every other
    # mutation leaves the other entries as they were.
    if kind != "unclosed CDATA":
        others = set().union(*(ids for n, ids in enumerate(entry_ids[feed.name])
                               if n != entry))
        assert others <= got, f"other entries lost: {sorted(others - got)}"
        if len(got) < ENTRIES:
            assert out.skips == 1, "the entry was dropped without a count"
    one_line_logs(out)
    for m in out.mentions:
        bounded(m)
    again = poll(world, src)
    assert again.mentions == [], "a second poll of the same document read entries again"


# --- whole documents ------------------------------------------------------------------------

_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_ITEMS = (b"<rss version=\"2.0\"><channel><title>t</title><link>https://a.example/</link>"
          b"<item><title>%s</title><link>https://a.example/1</link><guid>g1</guid>"
          b"<pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate><description>%s</description>"
          b"</item></channel></rss>")


def _doctype(internal: bytes) -> bytes:
    return _HEAD + b"<!DOCTYPE rss [" + internal + b"]>\n"


def _laughs() -> bytes:
    decls = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10 if n > 1 else b"&lol;" * 10)
        for n in range(1, 10))
    return _doctype(decls) + _ITEMS % (b"&lol9;", b"laughs")


def _documents(base: str) -> dict[str, tuple[bytes, str]]:
    """name -> (body, Content-Type)."""
    rss = "application/rss+xml"
    utf8 = _HEAD + _ITEMS % ("Ação ünïcödé".encode(), "Olá".encode())
    return {
        "billion laughs": (_laughs(), rss),
        "quadratic blowup": (_doctype(b'<!ENTITY a "' + b"x" * 50_000 + b'">')
                             + _ITEMS % (b"&a;" * 2_000, b"q"), rss),
        "external entity, a local file": (
            _doctype(b'<!ENTITY xxe SYSTEM "file:///etc/passwd">') + _ITEMS % (b"&xxe;", b"x"),
            rss),
        "external entity over HTTP": (
            _doctype(b'<!ENTITY xxe SYSTEM "%s/secret">' % base.encode())
            + _ITEMS % (b"&xxe;", b"x"), rss),
        "parameter entity fetching a DTD": (
            _doctype(b'<!ENTITY %% dtd SYSTEM "%s/evil.dtd"> %%dtd;' % base.encode())
            + _ITEMS % (b"t", b"x"), rss),
        "external DTD": (_HEAD + b'<!DOCTYPE rss SYSTEM "%s/evil.dtd">\n' % base.encode()
                         + _ITEMS % (b"t", b"x"), rss),
        "50 MB": (_HEAD + _ITEMS % (b"t", b"x" * 50 * 1024 * 1024), rss),
        "UTF-8 declared UTF-16": (utf8.replace(b"UTF-8", b"UTF-16"), rss),
        "UTF-8 labelled latin-1 by the server": (utf8, "application/rss+xml; charset=iso-8859-1"),
        "latin-1 declared UTF-8": (utf8.decode().encode("latin-1"), rss),
        "UTF-16 byte order mark, UTF-8 bytes": (b"\xff\xfe" + utf8, rss),
        "declared utf-7": (utf8.replace(b"UTF-8", b"UTF-7") + b"+ADw-script+AD4-", rss),
        "declared punycode": (utf8.replace(b"UTF-8", b"punycode"), rss),
        "an unknown encoding": (utf8.replace(b"UTF-8", b"x-no-such-codec"), rss),
        "invalid UTF-8 bytes": (utf8.replace(b"\xc3\xa7", b"\xc3\x28\xff\xfe"), rss),
        "entries without id or link": (
            _HEAD + b"<rss version=\"2.0\"><channel><title>t</title>"
            + b"".join(b"<item><title>same</title><description>d%d</description></item>" % n
                       for n in range(3))
            + b"<item><title>same</title></item><item></item></channel></rss>", rss),
        "not a feed": (b"<html><body>" + b"<p>x" * 1000 + b"</body></html>", "text/html"),
        "binary": (bytes(range(256)) * 400, "application/octet-stream"),
    }


DOCUMENTS = list(_documents("http://x"))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_hostile_document_costs_only_its_own_feed(world: World, name: str) -> None:
    body, content_type = _documents(world.net.base)[name]
    world.net.bytes("GET", "/secret", b"SECRET-BYTES")
    world.net.bytes("GET", "/evil.dtd", b'<!ENTITY xxe "SECRET-BYTES">')
    serve(world, "hostile", body, content_type)
    serve(world, JN.name, JN.body)
    world.net.requests.clear()
    src = source(world, "hostile", JN.name)
    out = poll(world, src)
    assert out.error is None, out.error
    assert out.mentions is not None

    assert len({m.id for m in out.mentions}) == len(out.mentions)
    assert len(out.mentions) >= ENTRIES, "the good feed's entries were not all read"
    assert {r.path for r in world.net.requests} == {"/feeds/hostile", f"/feeds/{JN.name}"}
    for m in out.mentions:
        bounded(m)
        assert "SECRET-BYTES" not in m.to_json() and "root:" not in m.to_json()
    assert out.skips <= 1 or name == "entries without id or link"
    one_line_logs(out)
    assert poll(world, src).mentions == [], "a second poll read entries again"
