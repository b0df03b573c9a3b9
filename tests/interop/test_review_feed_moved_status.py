"""A feed moved for good (a 301 or 308 from a real nginx) is said where people look: the chat
and console ``status``, with the new URL to put in urls, for as long as the old one is
configured. Before (a feed reader operator's review, 2026-12-07), it was said once, in a
warning line of the log: ``status`` said ``ok`` and the day the old address stopped
redirecting (a lapsed domain, a CMS moved again), the feed went quiet with nothing to say why.
The app as ``socialops run`` builds it, a real SQLite file."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.ports import Source
from tests.app.test_operator_signals import NOW, STATUS, Opener, config, opened
from tests.interop.conftest import Nginx

__all__ = ["opened"]

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>alerts</title><link>https://example.com/</link>
<item><title>acme refund please</title><link>https://example.com/posts/1</link>
<guid>https://example.com/posts/1</guid><pubDate>Fri, 20 Nov 2026 11:59:00 GMT</pubDate>
<description>acme refund please</description></item>
</channel></rss>"""


async def poll(app: App, source_id: str) -> None:
    runtime = app.runtime()
    source = app.sources[source_id]

    async def step(source: Source = source) -> float:
        await runtime.poll_once(source)
        return 1.0

    await runtime.supervisor.run_once(f"source:{source_id}", step)
    await app.outbox.drain()


async def status_after_polls(tmp_path: Path, opened: Opener, urls: list[str],
                             polls: int = 1) -> str:
    cfg = config(tmp_path, 0)
    cfg.write_text(cfg.read_text().replace(
        "[{id: feeds, type: replay, path: m.jsonl, batch: 2}]",
        "[{id: feed, type: rss, urls: [" + ", ".join(f"'{u}'" for u in urls) + "]}]"))
    app: App = await opened(open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW))
    for _ in range(polls):
        await poll(app, "feed")
    return (await app.dispatcher.handle(STATUS)).text


async def test_status_names_a_feed_moved_for_good_and_the_url_to_put_in_urls(
        nginx: Nginx, tmp_path: Path, opened: Opener) -> None:
    here = nginx.root / "moved-status"
    here.mkdir()
    (here / "feed.rss").write_text(FEED)
    (here / "still.rss").write_text(FEED.replace("posts/1", "posts/2"))
    old = f"{nginx.base_url}/moved-status/moved/feed.rss"
    new = f"{nginx.base_url}/moved-status/feed.rss"
    still = f"{nginx.base_url}/moved-status/still.rss"
    # polled twice: the second poll's redirect is said as the first's (the log says it once
    # a process), and the feed's 304 behind it too
    status = await status_after_polls(tmp_path, opened, [old, still], polls=2)
    assert (f"feed ({old} has moved for good to {new} (301): put {new} in urls in place "
            "of it)") in status, status
    assert still not in status, status
