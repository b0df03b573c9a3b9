"""Authors' profiles (follower count, handle, name) from ``app.bsky.actor.getProfiles``,
asked as little as the AppView's limits need: a Jetstream burst on a popular keyword (hundreds
of posts a minute) made one call per streamed mention, against the 3,000 requests per 5
minutes an IP may make through a PDS (docs.bsky.app, "Rate Limits"), and a getProfiles outage
logged one warning line per mention. Profiles are now cached (bounded, expiring), the authors
of mentions arriving together asked in one call (25 at most), and an outage said once."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta

import httpx
import pytest
from aiohttp import web

from bot.core.models import Mention
from bot.core.ports import Store
from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.integrations.test_bluesky import KEYWORDS, NOW, config, iso, no_sleep
from tests.support.netserver import NetServer

PROFILES_PATH = "/xrpc/app.bsky.actor.getProfiles"


def did(n: int) -> str:
    return f"did:plc:author{n:019d}"


def event(n: int, author: int) -> str:
    at = NOW + timedelta(milliseconds=n)
    return json.dumps({"did": did(author), "time_us": int(at.timestamp() * 1_000_000),
                       "kind": "commit", "commit": {
                           "rev": "3l", "operation": "create",
                           "collection": "app.bsky.feed.post", "rkey": f"3k{n:011d}",
                           "cid": "bafy", "record": {"$type": "app.bsky.feed.post",
                                                     "text": f"the band is down ({n})",
                                                     "createdAt": iso(at)}}})


class AppView:
    """getProfiles: each DID asked gets handle a<n>.example and n followers, while up."""

    def __init__(self, net: NetServer) -> None:
        self.up = True
        self.asked: list[list[str]] = []
        net.handler("GET", PROFILES_PATH, self.profiles)

    async def profiles(self, request: web.Request) -> web.Response:
        actors = request.query.getall("actors")
        self.asked.append(actors)
        if not self.up:
            return web.json_response({"error": "InternalServerError"}, status=502)
        return web.json_response({"profiles": [
            {"did": a, "handle": f"a{int(a[-19:])}.example", "followersCount": int(a[-19:])}
            for a in actors]})


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


def stream_source(net: NetServer, store: Store, client: httpx.AsyncClient,
                  clock: FakeClock, sid: str = "bsky") -> BlueskySource:
    cfg = config(net, id=sid, handle=None, app_password=None, queries=(),
                 jetstream_url=net.ws_base, stream=True, stream_keywords=KEYWORDS)
    return BlueskySource(cfg, store=store, client=client, clock=clock, sleep=no_sleep)


async def take(source: BlueskySource, n: int) -> list[Mention]:
    got: list[Mention] = []

    async def run() -> None:
        async for mention in source.stream():
            got.append(mention)
            if len(got) == n:
                return

    await asyncio.wait_for(run(), timeout=20)
    return got


async def test_a_burst_asks_each_author_once_in_calls_of_25(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = NOW
    view = AppView(net)
    # 120 mentions from 40 authors, arriving together
    net.websocket("/subscribe", [event(n, n % 40) for n in range(120)])
    got = await take(stream_source(net, store, client, clock), 120)
    assert len({m.id for m in got}) == 120  # nothing lost, nothing doubled
    assert all(m.author.followers == int(m.author.id[-19:]) for m in got)
    assert all(m.author.handle == f"a{int(m.author.id[-19:])}.example" for m in got)
    asked = [a for call in view.asked for a in call]
    assert sorted(asked) == sorted(did(n) for n in range(40))  # each author once: cached
    assert all(len(call) <= 25 for call in view.asked)
    assert len(view.asked) <= 4  # was 120: one a mention (40 authors need 2 at best)


async def test_profiles_are_cached_until_they_expire(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = NOW
    view = AppView(net)
    source = stream_source(net, store, client, clock)
    await source._with_followers([mention(1)])
    await source._with_followers([mention(1)])
    assert view.asked == [[did(1)]]
    clock.now = NOW + timedelta(hours=2)
    [fresh] = await source._with_followers([mention(1)])
    assert view.asked == [[did(1)], [did(1)]] and fresh.author.followers == 1


def mention(author: int) -> Mention:
    from integrations.social.bluesky.parse import normalize_jetstream

    found = normalize_jetstream(json.loads(event(author, author)), source="bsky")
    assert found is not None
    return found


async def test_an_outage_is_said_once_and_its_end_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    clock.now = NOW
    view = AppView(net)
    view.up = False
    net.websocket("/subscribe", [event(n, n) for n in range(60)])
    source = stream_source(net, store, client, clock)
    with caplog.at_level(logging.INFO, logger="integrations.social.bluesky.source"):
        got = await take(source, 60)
        assert len({m.id for m in got}) == 60 and all(m.author.followers is None for m in got)
        said = [r for r in caplog.records if "follower counts" in r.getMessage()]
        assert len(said) == 1 and said[0].levelno == logging.WARNING  # was 60 lines
        assert len(view.asked) == 1  # not asked again until a while has passed
        view.up = True
        clock.now = NOW + timedelta(minutes=1)
        [back] = await source._with_followers([mention(7)])
    assert back.author.followers == 7
    said = [r for r in caplog.records if "follower counts" in r.getMessage()]
    assert len(said) == 2 and said[1].levelno == logging.INFO
    assert "read again" in said[1].getMessage()


async def test_a_crash_while_mentions_wait_for_their_authors_loses_none(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A mention waits (GATHER) for others before its author is asked; the position saved
    every SAVE_EVERY events meanwhile must not pass it, or a crash then loses it for good."""
    from integrations.social.bluesky import source as module

    monkeypatch.setattr(module, "GATHER", 30.0)
    clock.now = NOW
    AppView(net)
    quiet = [json.loads(event(n, n)) for n in range(1, 701)]
    for e in quiet:
        e["commit"]["record"]["text"] = "nothing to see"
    net.websocket("/subscribe", [event(0, 0), *map(json.dumps, quiet)])
    source = stream_source(net, store, client, clock)
    task = asyncio.create_task(take(source, 1))
    for _ in range(2_000):
        if source.stream_seen == 701:
            break
        await asyncio.sleep(0.01)
    assert source.stream_seen == 701
    task.cancel()  # the process dies with the mention still waiting
    with pytest.raises(asyncio.CancelledError):
        await task
    saved = await store.get_cursor("bsky:jetstream")
    assert saved is None or int(saved) <= json.loads(event(0, 0))["time_us"]
