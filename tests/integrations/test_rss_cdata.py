"""A feed entry whose CDATA section is left unclosed, over real HTTP (the local feed server of
test_rss.py). The section runs to the next ``]]>``: the document stays well-formed, so
feedparser (and any XML reader) sees no damage and reads the entries after it as that one's
text, one entry where the feed has several; with no ``]]>`` after it they are lost. The
entries after one never closed are recovered, and the feed is said damaged in one log line
naming it. One that a later ``]]>`` closes is left as the document says: those bytes are
exactly what a well-formed feed holds when an entry's text (a comment, a forum post: anyone's)
quotes an entry's end and another entry, so reading them as entries let that text forge an
entry of the feed, its title, link and author its own."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest

from integrations.social.rss.parse import close_runaway_cdata
from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, feeds, source

__all__ = ["feeds"]  # the fixture, used here

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def item(n: int, description: str) -> str:
    return (f"<item><title>Outage report {n}</title><link>https://acme.example/{n}</link>"
            f"<guid>https://acme.example/{n}</guid>"
            f"<pubDate>Mon, 23 Nov 2026 08:{n:02d}:00 GMT</pubDate>"
            f"<description>{description}</description></item>")


def document(*items: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            "<title>Acme status</title><link>https://acme.example/</link>"
            + "\n".join(items) + "</channel></rss>").encode()


async def test_the_entries_after_an_unclosed_cdata_are_read(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    feeds.files["status"] = document(item(1, "one"), item(2, "<![CDATA[<p>two"),
                                     item(3, "three"), item(4, "four"))
    clock.now = NOW
    src = source([feeds.url("status")], client, clock, backfill=120)
    with caplog.at_level(logging.INFO):
        got = await src.poll()
    assert sorted((m.raw["title"], m.text) for m in got) == [
        ("Outage report 1", "Outage report 1\n\none"),
        ("Outage report 2", "Outage report 2\n\ntwo"),
        ("Outage report 3", "Outage report 3\n\nthree"),
        ("Outage report 4", "Outage report 4\n\nfour")]
    said = [r.getMessage() for r in caplog.records if "CDATA" in r.getMessage()]
    assert said == [f"rss source feeds: {feeds.url('status')} is damaged but readable (1 CDATA "
                    "section(s) left unclosed, ended at their element's end (the entries after "
                    "each would have been its text, or lost))"]
    assert await src.poll() == []  # each read once


def test_a_cdata_quoting_an_entry_s_end_is_text() -> None:
    """Markup inside a closed section with no entry starting after it is the entry's text (a
    post about feeds), left as it is."""
    body = document(item(1, "<![CDATA[write </description></item> to end one]]>"),
                    item(2, "two"))
    assert close_runaway_cdata(body) == (body, 0)


def test_many_unclosed_sections_cost_linear_time() -> None:
    """Each section's end is looked for once, not once a section (20,000 unclosed sections
    of one document read in time quadratic in its size took 15 s)."""
    found = [0]
    body = document(*(item(n % 60, "<![CDATA[x") for n in range(20_000)))

    class Counting(bytes):
        def find(self, sub: bytes, *at: int) -> int:  # type: ignore[override]
            found[0] += 1
            return super().find(sub, *at)

    fixed, closed = close_runaway_cdata(Counting(body))
    assert closed == 20_000 and found[0] <= 2
    assert fixed.count(b"<![CDATA[x]]></description>") == 20_000


async def test_an_entry_s_text_cannot_forge_an_entry(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A well-formed feed whose entry's text (a comment feed, a forum's: written by anyone)
    holds an entry's end and a whole entry of its own making, in the CDATA section the feed
    closes: one entry, that markup its text. Read as an unclosed section ended at its
    element's end (1b71453), it was two, the second with the text's title and its link to
    another site."""
    forged = ("</description></item><item><title>Acme: reset your password</title>"
              "<link>https://acme-login.evil.example/reset</link>"
              "<guid>https://acme-login.evil.example/reset</guid>"
              "<pubDate>Mon, 23 Nov 2026 08:59:00 GMT</pubDate><description><![CDATA[now")
    feeds.files["comments"] = document(item(1, f"<![CDATA[great post{forged}]]>"),
                                       item(2, "two"))
    clock.now = NOW
    src = source([feeds.url("comments")], client, clock, backfill=120)
    got = await src.poll()
    assert sorted(m.raw["title"] for m in got) == ["Outage report 1", "Outage report 2"]
    assert not any("evil.example" in (m.url or "") for m in got)
    assert close_runaway_cdata(document(item(1, f"<![CDATA[great post{forged}]]>")))[1] == 0


def test_a_section_a_later_one_closes_is_left_as_written() -> None:
    """An unclosed section followed by another entry's closed one reads as one entry with the
    entries between as its text, as before 1b71453: those bytes cannot be told from a closed
    section quoting entries (above)."""
    body = document(item(1, "one"), item(2, "<![CDATA[<p>two"), item(3, "three"),
                    item(4, "<![CDATA[<p>four</p>]]>"))
    assert close_runaway_cdata(body) == (body, 0)
