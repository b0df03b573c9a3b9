"""A global 429 longer than discord.py waits, as the outbox meets it (from a review of the
Discord paths, 2026-12-05)."""

from __future__ import annotations

import pytest

from bot.core.cards import Card
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from tests.conftest import FakeClock
from tests.support.fake_discord import FakeDiscord

OTHER = ("1000000000000000041", "1000000000000000042")


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


def card(key: str) -> Card:
    return Card(kind="alert", key=key, title="acme is down", text="acme is down again")


async def test_a_long_global_rate_limit_holds_every_channel_not_only_the_one_that_met_it(
        fake: FakeDiscord, outbox: Outbox, clock: FakeClock) -> None:
    """Discord answers a card with the real global 429 (error_429_global_rate_limit.json:
    "global": true, retry_after 64.57, X-RateLimit-Scope: global): for 64 s every request of
    this bot is refused. PLATFORMS.md: "global limit 50 requests/s per bot. 10,000 invalid
    requests (401/403/429) in 10 minutes gets the IP banned". discord.py does not wait past
    30 s, so it raises RateLimited without holding its other routes (it clears its global
    lock only when it sleeps), and the outbox holds only the channel that met it: the next
    cards, for other channels, are sent at once inside the global window, and each is one
    more 429 toward the ban."""
    fake.channels.update(OTHER)
    await outbox.send(key="a-1", workspace="discord", channel=fake.channel_id, card=card("a-1"))
    fake.script_429("POST", r"/channels/\d+/messages$", global_=True)
    await outbox.drain_once()
    for n, channel in enumerate(OTHER, start=2):
        await outbox.send(key=f"a-{n}", workspace="discord", channel=channel,
                          card=card(f"a-{n}"))
    await outbox.drain_once()  # the same instant: 64 s of the global limit still to run
    posts = [(c.path.split("/")[2], c.status) for c in fake.calls
             if c.method == "POST" and c.path.endswith("/messages")]
    assert posts == [(fake.channel_id, 429)], posts
    # once the wait is over, every card goes out, each once
    clock.advance(seconds=70)
    for _ in range(5):
        await outbox.drain_once()
    posts = [(c.path.split("/")[2], c.status) for c in fake.calls
             if c.method == "POST" and c.path.endswith("/messages")]
    assert sorted(posts[1:]) == sorted([(fake.channel_id, 200), *((c, 200) for c in OTHER)]), posts
