"""``why`` of a cross-post, asked by a support manager who has to tell a VP where the post
went (2026-12-07): the Bluesky copy of a Mastodon post said only "not alerted: a cross-post of
mastodon:1 (...), which was handled instead", naming neither the ticket nor the channel the
first copy's card is in, and saying "handled" of a first copy that was itself held back (its
route muted), so neither copy was ever shown. It now names what came of the first copy: its
routes, their outcomes and channels, or what held it back. Signed slash commands into the bolt
app, the local Slack, a SQLite file or a real redis-server, an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World, redis_url_if, running_world

WORDS = "acme charged me twice, where is my refund?"


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


async def ask(w: World, text: str) -> str:
    before = len(w.said_to(CAROL))
    assert await w.slash(CAROL, SUPPORT, f"why {text}") == 200
    await w.until(lambda: len(w.said_to(CAROL)) > before, "the answer to why")
    return w.said_to(CAROL)[-1]


async def test_a_cross_post_names_the_ticket_and_channel_of_the_copy_handled(
        tmp_path: Path, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    clock = FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))
    async with running_world(tmp_path, clock, extra=UNPACED, store=store,
                             redis_url=redis_url) as w:
        await w.mention(WORDS, n=1)
        clock.advance(minutes=1)
        await w.mention(WORDS, n=2, network="bluesky")
        said = await ask(w, "bluesky:2")
        assert "a cross-post of mastodon:1" in said, said
        # before: "which was handled instead", no ticket, no channel
        assert "route support fired (ticket to #support): ticket T-1" in said, said


async def test_a_cross_post_of_a_copy_held_back_is_not_said_handled(
        tmp_path: Path, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    clock = FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))
    async with running_world(tmp_path, clock, extra=UNPACED, store=store,
                             redis_url=redis_url) as w:
        await w.slash(CAROL, SUPPORT, "mute support 1h")  # a lead's word, as chat takes it
        await w.mention(WORDS, n=1)
        clock.advance(minutes=1)
        await w.mention(WORDS, n=2, network="bluesky")
        assert w.posts(SUPPORT) == []
        said = await ask(w, "bluesky:2")
        assert "a cross-post of mastodon:1" in said, said
        assert "handled instead" not in said, said  # before: said, though nothing was shown
        assert "route support matched but was held back: silenced by" in said, said
        assert "(carol: muted from chat)" in said, said
