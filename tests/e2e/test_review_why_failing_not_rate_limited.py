"""``why`` of a post never fetched while its source keeps failing the same way (a support
lead's review: a Hacker News source whose ``base_url`` nothing answers at, the connection
refused by this machine's kernel, asked through bolt with a signed slash command, a SQLite
file). The first failure was said as one (``its last poll failed ...: cannot reach``); from the
second, with the same error, ``why`` said the network had rate-limited the source ("nothing to
fix"), hiding the failure: a failed poll also writes when the source was polled, with the
supervisor's backoff as its wait, and the health record, unchanged, keeps the first failure's
time, so the wait read as a rate limit's. It is said as the failure it is, every time."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))
    async with FakeSlack() as slack, NetServer() as masto:
        source = (f"  - {{id: hn, type: hackernews, base_url: 'http://127.0.0.1:{closed_port()}/',"
                  " queries: [acme]}\n")
        w = World(tmp_path, clock, slack, masto, extra=UNPACED, sources=source)
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def ask(w: World, text: str) -> str:
    before = len(w.said_to(CAROL))
    assert await w.slash(CAROL, SUPPORT, f"why {text}") == 200
    await w.until(lambda: len(w.said_to(CAROL)) > before, "the answer to why")
    return w.said_to(CAROL)[-1]


async def test_a_source_failing_twice_alike_is_said_failing_not_rate_limited(
        world: World) -> None:
    w = world
    runtime, source = w.a.runtime(), w.a.sources["hn"]
    for _ in range(3):  # 09:10, 09:11, 09:12: refused each time, the same error
        with pytest.raises(Exception, match="cannot reach"):
            await runtime.poll_once(source)
        w.clock.advance(minutes=1)
    said = await ask(w, "https://news.ycombinator.com/item?id=42175667")
    assert "rate-limited" not in said, said
    assert "nothing to fix" not in said, said
    assert "its last poll failed" in said and "cannot reach" in said, said


@pytest.mark.parametrize("address", ["https://news.ycombinator.com/item?id=abc",
                                     "https://news.ycombinator.com/user?id=pg"])
async def test_an_address_naming_no_item_is_said_so_not_that_hn_did_not_return_it(
        world: World, address: str) -> None:
    """A mistyped item address (letters for its number, the profile page copied): nothing is
    asked of Algolia, yet ``why`` said Hacker News "did not return it (deleted, not public, or
    not readable with the credentials configured)", where HN needs no credentials."""
    said = await ask(world, address)
    assert "did not return it" not in said, said
    assert "its address names no Hacker News item: an item's address is " \
           "https://news.ycombinator.com/item?id=NUMBER" in said, said
