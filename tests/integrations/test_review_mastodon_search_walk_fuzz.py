"""A security review's fuzzing of the Mastodon search walk (``<key>#walk``, 2026-12-06).

Pleroma and Akkoma (and Rebased) search with ``Pleroma.Search.DatabaseSearch``: ``offset`` and
``limit`` only, newest first; ``min_id`` and ``max_id`` are not read (``search/2`` passes
``%{"offset" => offset, "limit" => limit}`` to ``Pagination.fetch_paginated``). A search whose
term has more than ten pages of history then never ended its walk: every poll's ten pages were
full, so the first new status started a walk (``<newest> <oldest>``), and each later part
skipped everything at or above its oldest, read nothing, and kept the walk as it was, for ever:
the cursor never moved and every later status of that search was dropped unread. A page that
lists the cursor's status or an older one now ends the walk, and a walk's part that reads
nothing below where it stopped (more than ten pages at once on such a server) ends it too.
A ``Link`` header whose address ``urlsplit`` cannot read failed every poll of the source.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import FakeTimeline
from tests.integrations.test_mastodon_review_reading import SEARCH, FakeSearch, config, numbered
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


class PleromaSearch(FakeSearch):
    """Search as Pleroma's DatabaseSearch answers it: newest first, ``offset`` and ``limit``
    (at most 40), the ids asked for not read."""

    async def __call__(self, request: web.Request) -> web.Response:
        q = request.query
        offset, limit = int(q.get("offset", "0")), min(40, int(q.get("limit", "20")))
        self.asked += 1
        return web.json_response({"accounts": [], "hashtags": [],
                                  "statuses": self.statuses[offset:offset + limit]})


async def test_a_search_on_a_server_that_ignores_ids_reads_each_new_status(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    from tests.integrations.test_mastodon import T0

    search = PleromaSearch(clock)
    net.handler("GET", SEARCH, search)
    clock.now = T0
    # a term with a long history: 500 statuses over the past days
    search.add(*(numbered(n, T0 - timedelta(hours=1, minutes=n)) for n in range(500)))
    src = MastodonSource(config(net, queries=("acme",), token="tok"), store=Cursors(),
                         client=client, clock=clock)
    await src.poll()  # first run: the newest page within the backfill
    got: list[Any] = []
    for n in range(1, 6):
        clock.now = T0 + timedelta(minutes=n)
        status = numbered(1000 + n, clock.now - timedelta(seconds=10))
        search.add(status)
        got += [m.native_id for m in await src.poll()]
        assert got[-1:] == [status["id"]], f"poll {n}: the new status was not read"
    assert await src.poll() == []
    # the walk ends on the page where it reaches the cursor, not ten pages on
    asked = search.asked
    assert await src.poll() == []
    assert search.asked - asked == 1


class BrokenLinks(FakeTimeline):
    """A hashtag timeline whose ``Link`` header's addresses cannot be split (an unclosed ``[``
    host: ``urlsplit`` raises "Invalid IPv6 URL"), as a damaged proxy or server may send."""

    async def __call__(self, request: web.Request) -> web.Response:
        answer = await super().__call__(request)
        if "Link" in answer.headers:
            answer.headers["Link"] = answer.headers["Link"].replace(
                "https://elsewhere.example", "https://[elsewhere.example")
        return answer


async def test_a_link_header_that_cannot_be_read_does_not_fail_the_poll(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """``link_params`` let ``urlsplit``'s ValueError out: every poll of the source failed
    ("Invalid IPv6 URL", naming nothing), its other hashtags and mentions unread."""
    from tests.integrations.test_mastodon import T0, real_status

    timeline = BrokenLinks()
    net.handler("GET", "/api/v1/timelines/tag/acme", timeline)
    other = FakeTimeline()
    net.handler("GET", "/api/v1/timelines/tag/other", other)
    clock.now = T0
    timeline.add(real_status(0, at=T0 - timedelta(minutes=1)))
    src = MastodonSource(config(net, hashtags=("acme", "other")), store=Cursors(),
                         client=client, clock=clock)
    assert len(await src.poll()) == 1
    fresh = [real_status(n, at=T0 + timedelta(seconds=n)) for n in range(1, 46)]
    timeline.add(*fresh)
    later = real_status(99, at=T0 + timedelta(minutes=1))
    other.add(later)
    clock.now = T0 + timedelta(minutes=2)
    got = [m.native_id for m in await src.poll()]
    got += [m.native_id for m in await src.poll()]
    assert sorted(got) == sorted([later["id"], *(s["id"] for s in fresh)])


async def test_a_walk_that_cannot_go_on_ends_and_later_statuses_are_read(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """More than ten pages of new statuses at once (a busy term, a day the bot was down) on a
    server that reads no ``max_id``: the walk's next part is answered the same newest pages,
    all at or above where it stopped; it read nothing, kept the walk as it was, and so on at
    every poll: the query was never read again. A part that reads nothing ends the walk."""
    from tests.integrations.test_mastodon import T0

    search = PleromaSearch(clock)
    net.handler("GET", SEARCH, search)
    clock.now = T0
    search.add(*(numbered(n, T0 - timedelta(hours=1, minutes=n)) for n in range(500)))
    src = MastodonSource(config(net, queries=("acme",), token="tok"), store=Cursors(),
                         client=client, clock=clock)
    await src.poll()
    burst = [numbered(1000 + n, T0 + timedelta(seconds=n)) for n in range(450)]
    search.add(*burst)
    clock.now = T0 + timedelta(minutes=10)
    assert len(await src.poll()) == 400  # ten pages: the walk stops before its end
    caplog.set_level(logging.WARNING, logger="integrations.social.mastodon.source")
    await src.poll()  # the same newest pages again: nothing below where it stopped
    assert any("acme" in r.getMessage() and "not read" in r.getMessage()
               for r in caplog.records)
    for n in range(1, 4):
        clock.now += timedelta(minutes=1)
        status = numbered(5000 + n, clock.now - timedelta(seconds=5))
        search.add(status)
        assert [m.native_id for m in await src.poll()] == [status["id"]], n
