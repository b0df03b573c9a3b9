"""Recent search covers the last 7 days only. X refuses a ``since_id`` older than that with
400 invalid-request ("'since_id' must be a tweet id created after <time>. Please use a
'since_id' that is larger than <id>"), the answer every client of recent search meets after a
quiet week for its query or a week of downtime (quoted by the public clients that handle it).
The source failed that poll and every later one, the other streams' tweets with it (from a
review of the network adapters, 2026-12-06). It now reads what X still holds, says what lay
past its reach, and moves on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from aiohttp import web

from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.support.clock import FakeClock as Clock
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

TWEPOCH_MS = 1288834974657
SEARCH = "/2/tweets/search/recent"


def snowflake(at: datetime, seq: int = 0) -> str:
    return str(((int(at.timestamp() * 1000) - TWEPOCH_MS) << 22) | seq)


def snowflake_ms(tweet_id: str) -> int:
    return (int(tweet_id) >> 22) + TWEPOCH_MS


class RecentSearch:
    """GET /2/tweets/search/recent as X answers it: the last 7 days only, and a since_id of a
    tweet made before them refused with X's own 400 body."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.tweets: list[dict[str, Any]] = []  # newest first

    def add(self, at: datetime, text: str) -> str:
        tid = snowflake(at, len(self.tweets))
        self.tweets.insert(0, {"id": tid, "text": text, "author_id": "42",
                               "created_at": at.strftime("%Y-%m-%dT%H:%M:%S.000Z")})
        return tid

    async def __call__(self, request: web.Request) -> web.Response:
        floor = self.clock() - timedelta(days=7)
        since = request.query.get("since_id")
        if since is not None and snowflake_ms(since) < floor.timestamp() * 1000:
            larger = snowflake(floor + timedelta(minutes=1))
            return web.json_response({
                "errors": [{"parameters": {"since_id": [since]},
                            "message": f"'since_id' must be a tweet id created after "
                                       f"{floor:%Y-%m-%dT%H:%MZ}. Please use a 'since_id' "
                                       f"that is larger than {larger}"}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request"}, status=400)
        data = [t for t in self.tweets
                if datetime.fromisoformat(t["created_at"].replace("Z", "+00:00")) >= floor
                and (since is None or int(t["id"]) > int(since))]
        if "start_time" in request.query:
            start = datetime.strptime(request.query["start_time"],
                                      "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            data = [t for t in data if datetime.fromisoformat(
                t["created_at"].replace("Z", "+00:00")) >= start]
        meta: dict[str, Any] = {"result_count": len(data)}
        if data:
            meta |= {"newest_id": data[0]["id"], "oldest_id": data[-1]["id"]}
        body: dict[str, Any] = {"meta": meta}
        if data:
            body["data"] = data
            body["includes"] = {"users": [{"id": "42", "username": "someone",
                                           "name": "Someone"}]}
        return web.json_response(body)


async def read_once(net: NetServer, client: httpx.AsyncClient, clock: FakeClock
                    ) -> tuple[RecentSearch, XSourceConfig, Cursors]:
    """A search source for "acme" that has read one tweet: its cursor is that tweet."""
    search = RecentSearch(clock)
    net.handler("GET", SEARCH, search)
    config = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                           queries=("acme",), timeout=2.0)
    cursors = Cursors()
    search.add(clock() - timedelta(minutes=5), "acme is down again")
    first = await XSource(config, store=cursors, client=client, clock=clock).poll()
    assert [m.text for m in first] == ["acme is down again"]
    return search, config, cursors


async def test_a_cursor_older_than_recent_search_reaches_does_not_stop_the_source(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    search, config, cursors = await read_once(net, client, clock)
    # a quiet week for this rare query (or a week the bot was off): the cursor is 8 days old
    clock.advance(days=8)
    search.add(clock() - timedelta(minutes=1), "acme support never answers")
    # X refuses the stale since_id: the source must recover (drop it, ask with start_time or
    # the since_id X names), not fail this poll and every poll after it for good
    source = XSource(config, store=cursors, client=client, clock=clock)
    later = await source.poll()
    assert [m.text for m in later] == ["acme support never answers"]
    [said] = source.skipped
    assert "older than recent search's 7 days" in said and "past X's reach" in said
    again = await XSource(config, store=cursors, client=client, clock=clock).poll()
    assert again == []  # the cursor moved on: the next poll asks from the newest, refused no more


async def test_a_since_id_x_refuses_as_too_old_is_read_from_what_x_still_holds(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Our clock behind X's by two days: a cursor six days old here is eight there, and X
    refuses it though it looks in reach here. X's answer is what is read, not our clock: the
    same poll reads the last 7 days with start_time, and the other stream's tweets are
    kept."""
    ahead = Clock(clock() + timedelta(days=2))
    search = RecentSearch(ahead)
    net.handler("GET", SEARCH, search)
    config = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                           queries=("acme", "zorblatt"), timeout=2.0)
    cursors = Cursors()
    search.add(clock() - timedelta(minutes=5), "acme is down again")
    await XSource(config, store=cursors, client=client, clock=clock).poll()
    clock.advance(days=6)
    ahead.advance(days=6)
    search.add(ahead() - timedelta(minutes=1), "acme and zorblatt, both down")
    source = XSource(config, store=cursors, client=client, clock=clock)
    later = await source.poll()
    assert [m.text for m in later] == ["acme and zorblatt, both down"]
    assert any("older than recent search's 7 days" in r for r in source.skipped)


async def test_a_quiet_query_refused_its_cursor_once_asks_without_it_after(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """No tweet of the query in X's 7 days: the refused cursor is dropped, not kept to be
    refused (and said, and counted) at every poll; the next poll asks as a first run does,
    and a tweet read then is the cursor again."""
    search, config, cursors = await read_once(net, client, clock)
    clock.advance(days=8)
    source = XSource(config, store=cursors, client=client, clock=clock)
    assert await source.poll() == []
    assert len(source.skipped) == 1
    clock.advance(minutes=1)
    assert await source.poll() == [] and len(source.skipped) == 1  # asked without it
    search.add(clock() - timedelta(seconds=10), "acme, finally")
    clock.advance(minutes=1)
    assert [m.text for m in await source.poll()] == ["acme, finally"]
    assert len(source.skipped) == 1
    assert await source.poll() == []  # from the new cursor
