"""A rate limit's wait is bounded: a server's ``Retry-After`` of a year (a reset in
milliseconds read as seconds, a hostile feed), ``inf`` (which ``float()`` reads) or an HTTP
date in year 9999 paused the source's loop for as long, or for ever, and a rate-limited loop is
not reported, so nothing said why. The loop now waits at most ``RATE_WAIT_MAX`` (an hour) and
asks again. Driven through a real source (RSS) against the local feed server answering 429."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from aiohttp import web

from bot.core.errors import RATE_WAIT_MAX
from bot.engine.supervisor import Supervisor
from integrations.social.common.capped import capped_client
from tests.conftest import FakeClock
from tests.integrations.test_rss import FeedServer, feeds, source

__all__ = ["feeds"]  # the fixture, used here

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with capped_client(timeout=5) as c:
        yield c


@pytest.mark.parametrize(("retry_after", "expected"), [
    ("31536000", RATE_WAIT_MAX),  # a year
    ("inf", RATE_WAIT_MAX),
    ("Fri, 31 Dec 9999 23:59:59 GMT", RATE_WAIT_MAX),
    ("120", 120.0),  # what a server asks within the bound is waited as asked
    ("0", 1.0),  # the floor
], ids=["a year", "inf", "year 9999", "two minutes", "zero"])
async def test_a_rate_limit_is_waited_out_for_at_most_an_hour(
        feeds: FeedServer, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture,
        retry_after: str, expected: float) -> None:
    feeds.files["f.xml"] = b"<rss/>"
    feeds.faults["f.xml"] = [web.Response(status=429, headers={"Retry-After": retry_after})]
    src = source([feeds.url("f.xml")], client, FakeClock(NOW))

    async def step() -> float:
        await src.poll()
        return 0.0

    sup = Supervisor(stop=asyncio.Event(), clock=FakeClock(NOW), rng=random.Random(3),
                     floor=1.0)
    caplog.set_level(logging.WARNING)
    delay = await sup.run_once("source:feeds", step)
    assert delay == expected
    assert sup.health["source:feeds"].state == "backoff"
    assert f"retrying in {expected:.0f}s" in caplog.text
