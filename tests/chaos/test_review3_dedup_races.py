"""The third review's de-duplication fix with two real processes on one store (a real
redis-server, and one SQLite file): the first decides a feed entry and stalls before its write
(its fingerprint's claims made), the second decides another and writes, then the first writes.

- two outlets: one wire story in two papers' feeds under one byline ("Associated Press") is
  two cards, where the second outlet's was merged into the first's;
- one outlet: its story in two of its feeds (on two hosts of its site, one address) is still
  one card."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from tests.chaos.test_dedup_races import (
    START,
    WORDS,
    configured,
    decided_beside_a_stalled_process,
)
from tests.support.redis_server import RedisServer

TEXT = WORDS["ticket"] + "\n\nBy the Associated Press: the wire's story, as each paper ran it."


def entry(n: int, feed_host: str, link: str, minutes: int) -> Mention:
    return Mention(id=f"rss:{n}", network="rss", source="rss-news", text=TEXT, url=link,
                   links=(link,), created_at=START + timedelta(minutes=minutes),
                   author=Author(id=f"{feed_host}:Associated Press", handle="Associated Press",
                                 display_name="Associated Press"))


# each path: the entry the stalled process decides, the one the other process decides, the
# cards expected
PATHS = {
    "two outlets": (entry(1, "www.herald.example", "https://www.herald.example/b/1", 0),
                    entry(2, "feeds.feedburner.com", "https://gazette.example/2026/b/", 10), 2),
    "one outlet": (entry(1, "www.herald.example", "https://www.herald.example/b/1", 0),
                   entry(2, "rss.herald.example", "https://herald.example/b/1?utm_source=rss",
                         10), 1),
}


@pytest.mark.untimed  # the other process held before its write by a file
@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_processes_deciding_two_outlets_entries_card_each_outlet(
        tmp_path: Path, redis_server: RedisServer, backend: str, path: str) -> None:
    config = configured(tmp_path, backend, redis_server)
    stalled_entry, other_entry, expected = PATHS[path]
    cards, traces = await decided_beside_a_stalled_process(config, tmp_path, stalled_entry,
                                                           other_entry)
    assert len(cards) == expected, (cards, traces)
