"""Review findings for the Hacker News source, against the local Algolia-like server."""

from __future__ import annotations

import httpx
import pytest
from aiohttp import web

from bot.core.errors import RateLimited
from tests.conftest import FakeClock
from tests.integrations.test_hackernews import NOW, T0, Algolia, algolia, hit_from, make
from tests.support.fakes import Cursors

__all__ = ["algolia"]  # the fixture, used here


async def test_a_hit_algolia_indexes_late_is_read_when_a_newer_one_came_first(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """HN Search indexes from the Firebase updates stream, behind it by seconds to hours
    (algolia/hn-search#56): a comment written at 08:58:00 can show up after one written at
    08:59:50. The cursor kept only the newest hit's second, so the next poll asked for
    created_at_i >= 08:59:50 and the late comment was never read."""
    clock.now = NOW
    algolia.hits = [hit_from("item_comment_2921983.json", object_id=10, at=T0 - 10)]
    cursors = Cursors()
    assert [m.id for m in await make(algolia, client, clock, cursors).poll()] == [
        "hackernews:10"]
    # indexed now, written two minutes ago
    algolia.hits.append(hit_from("item_story_8863.json", object_id=9, at=T0 - 120))
    clock.advance(seconds=60)
    assert [m.id for m in await make(algolia, client, clock, cursors).poll()] == [
        "hackernews:9"]
    clock.advance(seconds=60)
    assert await make(algolia, client, clock, cursors).poll() == []


async def test_503_with_retry_after_pauses_the_source_for_that_long(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """docs/networks.md: "429 and 5xx back off with jitter and honour Retry-After" (RFC 9110
    section 10.2.3: a 503's Retry-After says how long the service expects to be down). The
    RSS source honours it on a 503; Hacker News dropped it and retried at the next interval."""
    clock.now = NOW
    algolia.faults = [web.Response(status=503, headers={"Retry-After": "600"})]
    with pytest.raises(RateLimited) as err:
        await make(algolia, client, clock, Cursors()).poll()
    assert err.value.retry_after == 600
