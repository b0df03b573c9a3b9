"""A feed that never ends: a server sending it a kilobyte a second (a real nginx's
``limit_rate``; a tarpit, an overloaded host, a proxy trickling an endless body) (a feed
reader operator's review, 2026-12-07, test failing before).

httpx's ``timeout`` bounds each wait for bytes, never the whole response, so a server that
sends something every second was read for as long as it kept sending: 64 KB took a minute,
a 10 MB feed three hours, while the source's other feeds waited unread behind it and its poll
lease stayed held. A source's ``timeout`` is what a request may take
(docs/configuration.md): the whole fetch, redirects and body, within it; past it the feed is
a failing feed, said in one line, and the source's other feeds are read."""

from __future__ import annotations

import time

from tests.interop.test_feeds_real import FEEDS, Site, site, texts

__all__ = ["site"]

SIZE = 64 * 1024  # at 1 KB a second: over a minute to send whole


def _sent(site: Site, path: str) -> int | None:
    """The bytes nginx's access log says it sent for ``path``, once it logged the request
    (when the connection closed); None while it has not."""
    log = site.nginx.root.parent / "access.log"
    for line in reversed(log.read_text().splitlines()):
        if f"GET {path} " in line:
            return int(line.split('" ', 2)[1].split()[1])
    return None


async def test_a_feed_dripping_without_end_fails_within_the_timeout_and_the_others_are_read(
        site: Site) -> None:
    (site.dir / "drip").mkdir()
    good = (FEEDS / "rss20-content-encoded.rss").read_bytes()
    padding = b"<!-- " + b"x" * SIZE + b" -->"
    drip = site.put("drip/feed.rss", good.replace(b"<channel>", b"<channel>" + padding, 1))
    feed = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([drip, feed], timeout="2")

    assert texts(await source.poll()) == ["Postmortem: the checkout outage of 22 November"]
    assert source.failing_parts() == {drip: (
        f"rss: {drip} timed out: not read whole within the source's timeout of 2 s (its "
        "server sends it slowly, or without end); raise timeout if the feed is only slow")}
    # counted, not timed: nginx logs the response cut short, far from the whole file
    path = drip.split("127.0.0.1", 1)[1].split("/", 1)[1]
    for _ in range(200):  # nginx logs it when it next writes to the closed connection
        if (sent := _sent(site, "/" + path)) is not None:
            break
        time.sleep(0.05)
    assert sent is not None and sent < SIZE // 4
