"""Mastodon numbers a status it receives over federation by the time the status says it was
made, not by when it arrived: ``Status`` has ``around_create Mastodon::Snowflake::Callbacks``,
which sets ``id = Mastodon::Snowflake.id_at(created_at)`` whenever ``created_at`` is in the past
and differs from ``updated_at`` (mastodon/mastodon lib/mastodon/snowflake.rb, app/models/
status.rb). A remote post published at 12:00 that reaches the server at 12:06 (delivery
queues, retries after the remote or this server was down) gets an id of 12:00, below every
status the hashtag timeline showed between. Read forward from ``min_id`` = the newest id seen,
such a status was never read: a lost mention (from a review of the network adapters,
2026-12-06). Each poll of a timeline now also looks below its cursor, ``LOOKBACK`` back."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
from aiohttp import web

from integrations.social.mastodon.source import LOOKBACK, MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import (  # noqa: F401
    T0,
    TAG,
    FakeTimeline,
    config,
    real_status,
    snowflake,
    timeline,
)
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


def remote(n: int, made: Any) -> dict[str, Any]:
    """A status from another server, numbered by when it says it was made."""
    return {**real_status(n, at=made), "id": snowflake(made)}


async def test_a_status_federated_late_is_read_once(
        net: NetServer, timeline: FakeTimeline, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    clock.now = T0
    cursors = Cursors()
    local = remote(1, T0 - timedelta(minutes=1))
    timeline.add(local)
    src = MastodonSource(config(net), store=cursors, client=client, clock=clock)
    assert [m.native_id for m in await src.poll()] == [local["id"]]
    # two minutes later the server receives a remote status published five minutes before
    # the poll: Mastodon gives it the id of its created_at (Snowflake.id_at(created_at))
    clock.advance(minutes=2)
    late = remote(2, T0 - timedelta(minutes=5))
    newer = remote(3, T0 + timedelta(minutes=1))
    timeline.add(late, newer)
    got = await src.poll()
    assert sorted(m.native_id for m in got) == sorted([late["id"], newer["id"]])
    assert await src.poll() == []  # read once: the look below remembers what it read
    # one made before the look reaches (LOOKBACK before the cursor) is past it, as said
    timeline.add(remote(4, T0 + timedelta(minutes=1) - LOOKBACK - timedelta(minutes=1)))
    assert await src.poll() == []


async def test_a_cursor_kept_before_the_look_below_it_sends_nothing_old(
        net: NetServer, timeline: FakeTimeline, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    """A cursor written by a release without the look: what lies below it was read then, so
    the first look learns it and sends none of it again (a flood of repeats after an
    upgrade); a status delivered late after that is read."""
    clock.now = T0
    below = [remote(n, T0 - timedelta(minutes=n)) for n in range(1, 4)]
    timeline.add(*below)
    cursors = Cursors()
    cursors.values["m1"] = json.dumps({"tag:socialops": below[0]["id"]})
    src = MastodonSource(config(net), store=cursors, client=client, clock=clock)
    assert await src.poll() == []
    late = remote(9, T0 - timedelta(minutes=2, seconds=30))
    timeline.add(late)
    assert [m.native_id for m in await src.poll()] == [late["id"]]


async def test_a_server_that_ignores_max_id_and_since_id_doubles_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """An older or other Mastodon-API server answers the newest page whatever it is asked:
    the look keeps only what lies in the span it asked for, below the cursor, and sends a
    status once."""
    clock.now = T0
    statuses: list[dict[str, Any]] = []

    async def newest_page(request: web.Request) -> web.Response:
        if "min_id" in request.query:
            floor = int(request.query["min_id"])
            return web.json_response([s for s in statuses if int(s["id"]) > floor][-40:])
        return web.json_response(statuses[:40])  # max_id and since_id ignored

    net.handler("GET", TAG, newest_page)
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
    statuses[:] = [remote(1, T0 - timedelta(minutes=1))]
    assert len(await src.poll()) == 1
    statuses[:0] = [remote(2, T0 + timedelta(seconds=30))]
    late = remote(3, T0 - timedelta(minutes=3))
    statuses.append(late)
    got = await src.poll()
    assert sorted(m.native_id for m in got) == sorted([statuses[0]["id"], late["id"]])
    assert await src.poll() == []


async def test_notifications_are_numbered_as_they_come_and_are_not_looked_below(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A notification's id is a serial number given when it arrives: nothing lands below the
    cursor, and a look there would be a request for nothing at every poll."""
    clock.now = T0
    notifications = [{"id": "41", "type": "mention",
                      "status": real_status(1, at=T0 - timedelta(minutes=1))}]

    async def answer(request: web.Request) -> web.Response:
        return web.json_response(notifications)

    net.handler("GET", "/api/v1/notifications", answer)
    src = MastodonSource(config(net, hashtags=(), notifications=True, token="t"),
                         store=Cursors(), client=client, clock=clock)
    await src.poll()
    await src.poll()
    assert all(r.q("max_id") is None for r in net.requests_to("/api/v1/notifications"))
