"""The second review's de-duplication fixes with two real processes on one store (a real
redis-server, and one SQLite file): the first decides its post and stalls before its write
(its fingerprint's claims made), the second decides another and writes, then the first writes.

- a copy's copy: a post's copy claims none of its cells, so the same words two and a half hours
  after the post are carded, though its copy (an hour and 40 minutes after it) was being
  decided at that moment; the copy's cell stretched the post's claim, and they were not;
- across an upgrade: two copies of a post the release before claimed (under its key, with no
  time in it), each read by its own process, are both that post's (read, not claimed), where
  they were carded once as a new post;
- a template reply to two customers: the brand's same words answering two posts are two
  cards, where they were one."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import Author, Mention, Network
from bot.core.text import fold
from bot.engine.pipeline import trace
from tests.chaos.test_dedup_races import (
    START,
    WORDS,
    configured,
    decided_beside_a_stalled_process,
)
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

TEXT = WORDS["ticket"]  # a ticket route's words


def post(native: str, network: Network, handle: str, at: datetime,
         reply_to: str | None = None) -> Mention:
    return Mention(id=f"{network}:{native}", network=network, source=network, text=TEXT,
                   author=Author(id=handle, handle=handle, display_name="Kasia"),
                   created_at=at, reply_to=reply_to)


# each path: what the store holds before (posts carded, or the release before's claim), the
# post the stalled process decides, the one the other process decides, the new cards expected
CHAIN = START - timedelta(hours=3)  # 06:00, a boundary of the first grid's cells
PATHS = {
    "copy's copy": ([post("1", "x", "kasia", CHAIN)],
                    post("2", "x", "kasia", CHAIN + timedelta(minutes=100)),
                    post("3", "x", "kasia", CHAIN + timedelta(minutes=150)), 1),
    "upgrade": ([], post("2", "bluesky", "kasia.bsky.social", START - timedelta(minutes=7)),
                post("3", "x", "kasia", START - timedelta(minutes=5)), 0),
    "template reply": ([], post("2", "x", "kasia", START, reply_to="100"),
                       post("3", "x", "kasia", START + timedelta(minutes=4), reply_to="200"), 2),
}
BEFORE_UPGRADE = post("1", "mastodon", "kasia@mastodon.social", START - timedelta(minutes=10))


async def as_the_release_before_left_it(config: Path) -> None:
    """``BEFORE_UPGRADE`` carded by the release before: its trace, and its fingerprint's
    claim as that release made it (the handle before "@" or ".", NUL, the folded words)."""
    async with open_app(load_config(config), clock=FakeClock(START), out=io.StringIO()) as app:
        fx = Effects()
        fx.traces.append((trace(BEFORE_UPGRADE, START, "routed"), 86400))
        assert await app.store.apply(fx)
        old = hashlib.sha1(f"kasia\x00{fold(TEXT)}".encode()).hexdigest()
        await app.store.claim_values([(f"fp:{old}", BEFORE_UPGRADE.id)], 72 * 3600)


@pytest.mark.untimed  # the other process held before its write by a file
@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_processes_deciding_at_once_card_what_they_should(
        tmp_path: Path, redis_server: RedisServer, backend: str, path: str) -> None:
    config = configured(tmp_path, backend, redis_server)
    before, stalled_post, other_post, expected = PATHS[path]
    async with open_app(load_config(config), clock=FakeClock(START), out=io.StringIO()) as app:
        await app.pipeline.process_batch(before)
        carded_before = len(await app.store.list_outbox(status="pending"))
    if path == "upgrade":
        await as_the_release_before_left_it(config)
    cards, traces = await decided_beside_a_stalled_process(config, tmp_path, stalled_post,
                                                           other_post)
    assert len(cards) - carded_before == expected, (cards, traces)
    if path == "upgrade":  # each named after the post the release before carded
        assert {t.detail for t in traces.values() if t is not None} == {BEFORE_UPGRADE.id}
