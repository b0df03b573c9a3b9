"""A subreddit that goes private, is quarantined or banned answers its listings with a JSON
error: 403 ``{"reason": "private", "message": "Forbidden", "error": 403}`` or 404
``{"reason": "banned", "message": "Not Found", "error": 404}`` (prawcore maps them to
Forbidden / NotFound; asyncpraw's tests quote the private body). The other subreddits of the
source are still readable: one gone subreddit must not hide them, nor pause the whole source as
if the account's credentials were refused (from a review of the network adapters, 2026-12-06:
raised, it did both, at every poll)."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from bot.core.errors import SourceAuthError, SourceError
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.integrations.test_reddit import World, net, source, store, synthetic  # noqa: F401
from tests.support.netserver import Fault, NetServer


@pytest.mark.parametrize("gone", [
    Fault.http(403, {"Content-Type": "application/json"},
               {"reason": "private", "message": "Forbidden", "error": 403}),
    Fault.http(404, {"Content-Type": "application/json"},
               {"reason": "banned", "message": "Not Found", "error": 404}),
], ids=["private-403", "banned-404"])
async def test_one_private_or_banned_subreddit_does_not_hide_the_others(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,  # noqa: F811
        gone: Fault) -> None:
    live = World(synthetic(3, newest=clock.now - timedelta(minutes=1)))
    net.handler("GET", "/r/socialops/new", live)
    net.handler("GET", "/r/gonesub/new", live)
    net.fault("GET", "/r/gonesub/new", *([gone] * 20))  # gone for good
    src = source(net, store, client, clock, subreddits=("gonesub", "socialops"))
    got = await src.poll()
    assert sorted(m.text for m in got) == ["post-0", "post-1", "post-2"]
    [(path, why)] = src.failing_parts().items()  # source health counts it, per listing
    assert path == "/r/gonesub/new" and str(gone.status) in why
    assert "new:gonesub" not in json.loads(await store.get_cursor(src.id) or "{}")
    live.things[:0] = synthetic(1, newest=clock.now, start=3)
    assert [m.text for m in await src.poll()] == ["post-3"]  # its cursor kept, read on


async def test_a_listing_refused_without_a_reason_is_the_accounts_and_pauses_the_source(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,  # noqa: F811
        ) -> None:
    """A 403 naming no reason (a token without the scope) is the credentials': the poll
    stops and the runtime pauses the source, as before; every listing failing raises."""
    live = World(synthetic(3, newest=clock.now - timedelta(minutes=1)))
    net.handler("GET", "/r/socialops/new", live)
    net.handler("GET", "/r/gonesub/new", live)
    net.fault("GET", "/r/gonesub/new", Fault.http(
        403, {"Content-Type": "application/json"}, {"message": "Forbidden", "error": 403}))
    src = source(net, store, client, clock, subreddits=("gonesub", "socialops"))
    with pytest.raises(SourceAuthError):
        await src.poll()
    net.fault("GET", "/r/gonesub/new", *([Fault.http(500, {}, "")] * 3))
    net.fault("GET", "/r/socialops/new", *([Fault.http(500, {}, "")] * 3))
    with pytest.raises(SourceError):
        await src.poll()
