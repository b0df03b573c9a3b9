"""The fourth review's de-duplication fixes with two real processes on one store (a real
redis-server, and one SQLite file): the first decides a post and stalls before its write (its
fingerprint's claims made), the second decides another and writes, then the first writes.

- namesakes: chris@infosec.exchange and chris@mas.to, both shown as "Chris", saying the same
  words are two cards, where the second's was merged into the first's (the second claims its
  account's cells in a round trip of its own);
- a reply's bridged copy: a Mastodon reply and its Bridgy Fed copy on Bluesky (answering the
  bridge's copy of the parent) are one card, where the copy made a second (the reply holds
  its cells without its parent, which the copy reads)."""

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


def post(mid: str, handle: str, name: str, minutes: int, reply_to: str | None = None
         ) -> Mention:
    return Mention(id=mid, network=mid.partition(":")[0], source="masto",  # type: ignore[arg-type]
                   text=WORDS["ticket"], created_at=START + timedelta(minutes=minutes),
                   reply_to=reply_to,
                   author=Author(id=f"{handle}-id", handle=handle, display_name=name))


# each path: the post the stalled process decides, the one the other process decides, the
# cards expected
PATHS = {
    "namesakes": (post("mastodon:1", "chris@infosec.exchange", "Chris", 0),
                  post("mastodon:2", "chris@mas.to", "Chris", 12), 2),
    "a reply's bridged copy": (
        post("mastodon:1", "kasia@mastodon.social", "Kasia", 0, reply_to="1135"),
        post("bluesky:at://did:plc:k/app.bsky.feed.post/2", "kasia.mastodon.social.ap.brid.gy",
             "Kasia", 1, reply_to="at://did:plc:acmebridged/app.bsky.feed.post/1"), 1),
}


@pytest.mark.untimed  # the other process held before its write by a file
@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_processes_card_namesakes_apart_and_a_bridged_reply_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, path: str) -> None:
    config = configured(tmp_path, backend, redis_server)
    stalled_post, other_post, expected = PATHS[path]
    cards, traces = await decided_beside_a_stalled_process(config, tmp_path, stalled_post,
                                                           other_post)
    assert len(cards) == expected, (cards, traces)
