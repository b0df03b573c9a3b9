"""A community manager's review of how the Mastodon source reads (2026-12-06), against the local
server speaking Mastodon's documented wire format and the real recorded quote status.

- A quote of one of the account's posts is a ``quote`` notification from Mastodon 4.5 on
  (docs.joinmastodon.org/entities/Notification#type: "`quote` = Someone has quoted one of your
  statuses", its ``status`` attached), not a ``mention``: ``notifications: true`` asked for
  ``types[]=mention`` only, so a customer quoting the brand's announcement was never seen
  (Bluesky's notifications take quotes: ``REASONS``).
- A hashtag stream needs a user token from Mastodon 4.2 on (methods/streaming, #hashtag:
  "4.2.0 - changed to require a User token, removing Public and App token access"): a
  token-less ``stream: true`` source was answered 401 and paused as "refused the token", a
  token nobody configured, reported as an auth failure and retried for ever. A hashtag
  timeline a server reads only to signed-in users said the same of a token-less poll.
- Search answers newest first (StatusesSearchService: ``order(id: { order: :desc })``): a walk
  stopped by the rate limit or at ten pages moved the cursor to the newest status, and the
  older ones it had not reached were never read.
- A hashtag the server does not know yet is answered 404 (GoToSocial; Mastodon documents it):
  every poll of the source failed, its other hashtags and mentions unread.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.errors import SourceAuthError
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.parse import parse_time
from integrations.social.mastodon.source import MastodonSource
from integrations.social.mastodon.stream import MastodonStreamer
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import load, real_status
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

NOTIFICATIONS = "/api/v1/notifications"
HASHTAG_STREAM = "/api/v1/streaming/hashtag"
USER_STREAM = "/api/v1/streaming/user/notification"


def config(net: NetServer, **kw: Any) -> MastodonSourceConfig:
    values: dict[str, Any] = {"id": "m1", "type": "mastodon", "base_url": net.base,
                              "timeout": 2.0, "interval": 30}
    values.update(kw)
    return MastodonSourceConfig(**values)


def quote_notification() -> tuple[dict[str, Any], dict[str, Any]]:
    """The real recorded quote (Mastodon 4.5, ``quote.state: accepted``) as the ``quote``
    notification its quoted account gets, and the status."""
    status = load("status_quote_of_bridged_bluesky_post.json")
    notification = {"id": "4711", "type": "quote", "created_at": status["created_at"],
                    "group_key": "ungrouped-4711", "account": status["account"],
                    "status": status}
    return notification, status


class Notifications:
    """``GET /api/v1/notifications`` as Mastodon answers it: only the ``types[]`` asked for
    (unknown ones dropped), newest first."""

    def __init__(self, *items: dict[str, Any]) -> None:
        self.items = list(items)

    async def __call__(self, request: web.Request) -> web.Response:
        wanted = request.query.getall("types[]", [])
        return web.json_response([n for n in self.items if not wanted or n["type"] in wanted])


async def test_a_quote_of_the_accounts_post_is_read_as_a_mention(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    quote, status = quote_notification()
    clock.now = parse_time(status["created_at"]) + timedelta(minutes=1)
    earlier = {**real_status(1, at=clock.now - timedelta(seconds=30)),
               "id": str(int(status["id"]) - 5)}
    mention = {**quote, "id": "4710", "type": "mention", "status": earlier}
    net.handler("GET", NOTIFICATIONS, Notifications(quote, mention))
    cursors = Cursors()
    src = MastodonSource(config(net, notifications=True, token="tok"), store=cursors,
                         client=client, clock=clock)
    got = await src.poll()
    assert sorted(m.native_id for m in got) == sorted([status["id"], mention["status"]["id"]])
    [quoted] = [m for m in got if m.native_id == status["id"]]
    assert quoted.text.startswith("actual reply that quotes a post")
    assert net.requests_to(NOTIFICATIONS)[0].query["types[]"] == ["mention", "quote"]
    assert json.loads(cursors.values["m1"])["notifications"] == "4711"
    assert src.skipped == []


async def test_a_quote_notification_on_the_stream_is_a_mention(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    quote, status = quote_notification()
    clock.now = parse_time(status["created_at"]) + timedelta(minutes=1)
    net.handler("GET", NOTIFICATIONS, Notifications())
    net.sse(USER_STREAM, [[f"event: notification\ndata: {json.dumps(quote)}\n\n"]])
    cursors = Cursors()
    src = MastodonSource(config(net, notifications=True, token="tok"), store=cursors,
                         client=client, clock=clock)
    stream = src.stream()
    try:
        async with asyncio.timeout(10):
            got = await anext(stream)
    finally:
        await stream.aclose()  # type: ignore[attr-defined]
    assert got.native_id == status["id"]
    assert json.loads(cursors.values["m1"])["notifications"] == "4711"


class Sleeps:
    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(0)


async def test_a_hashtag_stream_without_a_token_gives_way_to_polling_saying_why(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """docs/networks.md's hashtag source with ``stream: true`` and no token, on a Mastodon
    of 4.2 or later (mastodon.social): the streaming server answers 401. The poll needs no
    token; the stream is parked with one line that says to set one, not paused and reported
    as a refused token."""
    net.json("GET", "/api/v2/instance", {"configuration": {"urls": {
        "streaming": net.base.replace("http://", "ws://")}}})
    net.json("GET", HASHTAG_STREAM, {"error": "Missing access token"}, status=401)
    net.json("GET", "/api/v1/timelines/tag/acme", [])
    source = MastodonSource(config(net, hashtags=("acme",), stream=True), store=Cursors(),
                            client=client, clock=clock)
    sleeps = Sleeps()
    streamer = MastodonStreamer(source, sleep=sleeps)
    caplog.set_level(logging.INFO, logger="integrations.social.mastodon.stream")
    reading = asyncio.ensure_future(anext(streamer.run()))
    try:
        await asyncio.wait_for(streamer.parked.wait(), timeout=5)
        for _ in range(20):
            await asyncio.sleep(0)
        assert not reading.done()  # idle, not failed: nothing for the runtime to pause
        assert len(net.requests_to(HASHTAG_STREAM)) == 1 and sleeps.asked == []
        said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(said) == 1
        assert "token" in said[0] and "polling every 30s" in said[0]
        assert "refused" not in said[0]
    finally:
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)
    assert await source.poll() == []


async def test_a_hashtag_stream_whose_token_is_refused_still_pauses_as_a_refused_token(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.json("GET", "/api/v2/instance", {"configuration": {"urls": {
        "streaming": net.base.replace("http://", "ws://")}}})
    net.json("GET", HASHTAG_STREAM, {"error": "The access token is invalid"}, status=401)
    source = MastodonSource(config(net, hashtags=("acme",), stream=True, token="revoked"),
                            store=Cursors(), client=client, clock=clock)
    stream = source.stream()
    with pytest.raises(SourceAuthError, match="refused the token"):
        async with asyncio.timeout(10):
            await anext(stream)


SEARCH = "/api/v2/search"


class FakeSearch:
    """``GET /api/v2/search?type=statuses`` as Mastodon's StatusesSearchService answers it:
    newest first (``order(id: { order: :desc })``), ``min_id`` and ``max_id`` turned into
    ``after:`` and ``before:`` the whole second their Snowflake says
    (``convert_deprecated_options!``: ``Snowflake.to_time(id).iso8601``), ``offset`` and
    ``limit`` (at most 40). ``spend_after``: the answer to that request says the budget is
    spent (``X-RateLimit-Remaining: 0``) for 60 seconds."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.statuses: list[dict[str, Any]] = []
        self.asked = 0
        self.spend_after: int | None = None

    def add(self, *statuses: dict[str, Any]) -> None:
        self.statuses.extend(statuses)
        self.statuses.sort(key=lambda s: int(s["id"]), reverse=True)

    async def __call__(self, request: web.Request) -> web.Response:
        q = request.query
        items = self.statuses
        def second(native_id: str) -> int:
            return (int(native_id) >> 16) // 1000 * 1000  # ms, cut to its second

        if "min_id" in q:  # after: created_at > the second
            items = [s for s in items if int(s["id"]) >> 16 > second(q["min_id"])]
        if "max_id" in q:  # before: created_at < the second
            items = [s for s in items if int(s["id"]) >> 16 < second(q["max_id"])]
        offset, limit = int(q.get("offset", "0")), min(40, int(q.get("limit", "20")))
        self.asked += 1
        headers = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299"}
        if self.asked == self.spend_after:
            reset = self.clock.now + timedelta(seconds=60)
            headers.update({"X-RateLimit-Remaining": "0",
                            "X-RateLimit-Reset": reset.isoformat().replace("+00:00", "Z")})
        return web.json_response({"accounts": [], "hashtags": [],
                                  "statuses": items[offset:offset + limit]}, headers=headers)


def numbered(n: int, at: Any) -> dict[str, Any]:
    """A real status numbered by its time as Mastodon numbers it (a Snowflake of ``at``)."""
    return {**real_status(n, at=at), "id": str((int(at.timestamp() * 1000) << 16) + n)}


async def test_a_search_walk_stopped_by_the_rate_limit_goes_on_where_it_stopped(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Search answers newest first: a walk that stops before its last page (the budget spent
    mid-walk, or ten pages read) has read the newest and not the oldest new statuses. The
    cursor moved to the newest, and the next poll, reading above it, never saw the rest."""
    from tests.integrations.test_mastodon import T0

    search = FakeSearch(clock)
    net.handler("GET", SEARCH, search)
    clock.now = T0
    search.add(*(numbered(n, T0 - timedelta(minutes=5, seconds=n)) for n in range(3)))
    src = MastodonSource(config(net, queries=("acme outage",), token="tok"), store=Cursors(),
                         client=client, clock=clock)
    assert len(await src.poll()) == 3
    clock.now = T0 + timedelta(minutes=5)
    fresh = [numbered(n, T0 + timedelta(seconds=n)) for n in range(10, 55)]  # 45 new
    search.add(*fresh)
    search.spend_after = search.asked + 1  # the first page's answer spends the budget
    second = await src.poll()
    assert len(second) == 40
    clock.now += timedelta(seconds=61)  # past the reset
    third = await src.poll()
    assert sorted(m.native_id for m in [*second, *third]) == sorted(s["id"] for s in fresh)
    assert await src.poll() == []
    later = numbered(99, clock.now - timedelta(seconds=1))
    search.add(later)
    assert [m.native_id for m in await src.poll()] == [later["id"]]


async def test_a_search_walk_past_ten_pages_goes_on_at_the_next_poll(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    from tests.integrations.test_mastodon import T0

    search = FakeSearch(clock)
    net.handler("GET", SEARCH, search)
    clock.now = T0
    search.add(numbered(0, T0 - timedelta(minutes=1)))
    src = MastodonSource(config(net, queries=("acme",), token="tok"), store=Cursors(),
                         client=client, clock=clock)
    assert len(await src.poll()) == 1
    fresh = [numbered(n, T0 + timedelta(milliseconds=300 * n)) for n in range(1, 431)]
    search.add(*fresh)
    clock.now = T0 + timedelta(minutes=10)
    got = [*await src.poll(), *await src.poll()]
    assert sorted(m.native_id for m in got) == sorted(s["id"] for s in fresh)
    assert await src.poll() == []


async def test_a_hashtag_the_server_does_not_know_yet_is_empty_not_a_failed_poll(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A campaign hashtag nobody on the instance has used yet: GoToSocial answers its timeline
    404 ("Obey mastodon API by returning 404 for this", internal/processing/timeline/tag.go),
    as Mastodon documents it ("404: Not found - Hashtag does not exist", methods/timelines
    #tag). Every poll of the source failed on it, the other hashtag and the mentions unread."""
    from tests.integrations.test_mastodon import T0

    clock.now = T0
    known = real_status(1, at=T0 - timedelta(minutes=1))
    net.json("GET", "/api/v1/timelines/tag/acme", [known])
    net.json("GET", "/api/v1/timelines/tag/acmelaunch",
             {"error": "Not Found: tag was not found, or not useable/listable on this instance"},
             status=404)
    src = MastodonSource(config(net, hashtags=("acmelaunch", "acme")), store=Cursors(),
                         client=client, clock=clock)
    caplog.set_level(logging.INFO, logger="integrations.social.mastodon.source")
    assert [m.native_id for m in await src.poll()] == [known["id"]]
    assert await src.poll() == []
    # the source's own lines (the server's access log and httpx's are the requests, which a
    # test before this one in the same worker may have set to be logged)
    said = [r.getMessage() for r in caplog.records if "acmelaunch" in r.getMessage()
            and r.name == "integrations.social.mastodon.source"]
    assert len(said) == 1 and "not known" in said[0]  # said once, not at every poll
    # once someone uses it, it is read as a new hashtag is: the newest page, in the backfill
    first = real_status(2, at=clock.now - timedelta(seconds=5))
    net.json("GET", "/api/v1/timelines/tag/acmelaunch", [first])
    assert [m.native_id for m in await src.poll()] == [first["id"]]


async def test_a_hashtag_timeline_answered_by_an_html_404_still_fails_the_poll(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A 404 page that is not the API's (a base_url that is no Mastodon server) is not taken
    for an unknown hashtag: the poll fails saying so, as before."""
    from bot.core.errors import SourceError

    net.bytes("GET", "/api/v1/timelines/tag/acme", b"<html><h1>Not Found</h1></html>",
              status=404)
    src = MastodonSource(config(net, hashtags=("acme",)), store=Cursors(), client=client,
                         clock=clock)
    with pytest.raises(SourceError, match="404"):
        await src.poll()


async def test_a_hashtag_timeline_that_needs_a_token_says_to_set_one(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A server that lets only signed-in users read hashtag timelines (Mastodon 4.5's
    ``timelines_access.hashtag_feeds: authenticated``; "401: Invalid or missing Authorization
    header when the server is configured to disable unauthenticated access to hashtag
    timelines", methods/timelines#tag) and a source without a token: the poll said the server
    'refused the token', one nobody configured."""
    net.json("GET", "/api/v1/timelines/tag/acme", {"error": "The access token is invalid"},
             status=401)
    src = MastodonSource(config(net, hashtags=("acme",)), store=Cursors(), client=client,
                         clock=clock)
    with pytest.raises(SourceAuthError) as caught:
        await src.poll()
    said = str(caught.value)
    assert "refused the token" not in said
    assert "needs an access token" in said and "set token:" in said
    assert "\n" not in said
