"""A Mastodon-API server that does not read ``min_id`` and answers its newest page whatever it
says. Mastodon documents ``min_id`` as "Returns results immediately newer than this ID. In
effect, sets a cursor at this ID and paginates forward", and ``max_id`` / ``since_id`` as
"All results returned will be lesser / greater than this ID" (docs.joinmastodon.org/methods/
timelines, methods/notifications); a server that reads only the older two (Mastodon before
2.6, some Mastodon-API servers) answers a read forward from the cursor with its newest page.
After an outage with more new statuses than a page holds, the statuses between the cursor and
that page were never read, and every later page of the poll was the same page again."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import pytest
from aiohttp import web

from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import T0, TAG, FakeTimeline, config, real_status
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

BASE = 117020580000000000


class MinIdIgnored(FakeTimeline):
    """The documented timeline (``FakeTimeline``) less ``min_id``: newest first, bounded by
    ``max_id`` and ``since_id`` only, with Mastodon's ``Link`` header."""

    async def __call__(self, request: web.Request) -> web.Response:
        query = {k: v for k, v in request.query.items() if k != "min_id"}
        return await super().__call__(request.clone(rel_url=request.rel_url.with_query(query)))


async def test_an_outage_longer_than_a_page_loses_nothing_on_a_server_ignoring_min_id(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    timeline = MinIdIgnored()
    net.handler("GET", TAG, timeline)
    clock.now = T0 + timedelta(minutes=10)
    timeline.add(*(real_status(n, at=T0 - timedelta(minutes=n)) for n in range(3, 8)))
    cursors = Cursors()
    src = MastodonSource(config(net), store=cursors, client=client, clock=clock)
    assert len(await src.poll()) == 5
    # the bot was down: 85 statuses came meanwhile, more than two pages of 40
    timeline.add(*(real_status(n, at=T0 + timedelta(seconds=n)) for n in range(8, 93)))
    net.requests.clear()
    got = await src.poll()
    assert sorted(int(m.native_id) - BASE for m in got) == list(range(8, 93))
    forward = [r for r in net.requests_to(TAG) if r.q("min_id") is not None]
    assert len(forward) <= 2  # not the same newest page asked again ten times
    net.requests.clear()
    assert await src.poll() == []
    # the newest page lists the cursor: nothing is missing, and nothing is asked again
    assert len([r for r in net.requests_to(TAG) if r.q("min_id") is not None]) == 1


async def test_an_outage_just_over_a_page_reads_the_rest_below_it(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    timeline = MinIdIgnored()
    net.handler("GET", TAG, timeline)
    clock.now = T0 + timedelta(minutes=10)
    timeline.add(*(real_status(n, at=T0 - timedelta(minutes=n)) for n in range(3, 8)))
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    await src.poll()
    timeline.add(*(real_status(n, at=T0 + timedelta(seconds=n)) for n in range(8, 50)))
    net.requests.clear()
    got = await src.poll()
    assert sorted(int(m.native_id) - BASE for m in got) == list(range(8, 50))
    # the newest page holds 49 down to 10; 8 and 9 are asked below it, newest first
    # the second page, the same again, tells the server ignores min_id
    assert len([r for r in net.requests_to(TAG) if r.q("min_id") is not None]) == 2


async def test_a_gap_past_the_polls_pages_is_said(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    timeline = MinIdIgnored()
    net.handler("GET", TAG, timeline)
    clock.now = T0 + timedelta(minutes=30)
    timeline.add(real_status(3, at=T0 - timedelta(minutes=3)))
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    await src.poll()
    timeline.add(*(real_status(n, at=T0 + timedelta(seconds=n)) for n in range(8, 508)))
    with caplog.at_level(logging.WARNING, logger="integrations.social.mastodon.source"):
        got = await src.poll()
    # ten pages: the newest, the same again, then eight below it
    assert len(got) == 40 * 9
    [said] = [r.getMessage() for r in caplog.records if "whatever min_id says" in r.getMessage()]
    assert said.endswith(f"the statuses between it and {BASE + 3} are not read")
