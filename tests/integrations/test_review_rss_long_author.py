"""An RSS item whose author (``<author>``, ``<dc:creator>``, ``<itunes:author>``,
``<managingEditor>``, ``<webMaster>``) is a long run of letters and digits: feedparser looks for
an e-mail address in it (``_sync_author_detail``) with a regular expression that starts again
at every character of the run and reads to its end each time, time quadratic in the run's
length: 20,000 characters took 1.5 s of a poll, 100,000 some 40 s, a megabyte (a 10 MB feed
may hold one) an hour, the source stalled the whole time (a fuzzing review, 2026-12-07,
tests/chaos/test_review_fuzz_ping_forms.py). Such a feed is refused before feedparser reads
it, in one line naming the element, as the guard refuses a feed of 40,000 attributes
(``integrations.social.rss.guard``); a real author is a name or an address."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.errors import MalformedPayload
from integrations.social.rss.guard import MAX_AUTHOR_RUN
from integrations.social.rss.parse import parse_feed

NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)


def _feed(author: str, element: str = "author") -> bytes:
    items = "".join(
        f"<item><title>post {n}</title><link>https://blog.example/{n}</link>"
        + (f"<{element}>{author}</{element}>" if n == 1 else "")
        + "</item>" for n in range(3))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
            f"<title>Acme</title><link>https://blog.example/</link>{items}</channel></rss>"
            ).encode()


def _read(body: bytes) -> list[str]:
    result = parse_feed(body, feed_url="https://blog.example/feed", headers={}, source="rss",
                        first_seen=NOW)
    return [m.url or "" for m in result.mentions]


@pytest.mark.parametrize("element", ["author", "dc:creator", "itunes:author",
                                     "managingEditor", "webMaster"])
def test_an_author_of_a_long_run_is_refused_in_one_line(element: str) -> None:
    with pytest.raises(MalformedPayload) as refused:
        _read(_feed("x" * 60_000, element))
    said = str(refused.value)
    assert "\n" not in said
    assert "https://blog.example/feed" in said and "author" in said and "60,000" in said


@pytest.mark.parametrize("author", [
    "ops@blog.example (Ana Lopez)", "x" * MAX_AUTHOR_RUN,
    " ".join(["word"] * 20_000),  # long, but in short runs: cheap to search
    "<![CDATA[Ana Lopez]]>"])
def test_a_real_author_is_read(author: str) -> None:
    assert _read(_feed(author)) == [f"https://blog.example/{n}" for n in range(3)]
