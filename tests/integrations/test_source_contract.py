"""The Source contract: one suite, run against every social network adapter in the tree.

Each adapter talks real HTTP to the shared local server (tests/support/netserver.py), which
plays that network's API over a small in-memory "world" of posts built from the recorded
payloads in tests/fixtures/real. Every post's text carries ``item-<n>``, so the suite can tell
which posts an adapter returned without knowing its id scheme.

The contract: the first run is quiet (only the backfill window); the next poll returns only
what is new; a new adapter instance on the same SQLite file continues from the stored cursor;
429 is RateLimited (honouring Retry-After), 401 is SourceAuthError, 500 and timeouts are
SourceError, a malformed body is MalformedPayload (or, for adapters that isolate their feeds, a
counted skip); no other exception type ever leaves an adapter, and a fault moves no cursor.

Reddit and Bluesky join automatically when ``integrations/social/reddit.py`` and
``bluesky.py`` exist; until then their cases skip with the reason.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.config import SourceBase, StoreConfig
from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from bot.core.models import Mention
from bot.core.ports import Source, SourceCursorStore
from bot.store import open_store
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.hackernews.config import HackerNewsSourceConfig
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.rss.config import RssSourceConfig
from integrations.social.x.config import XSourceConfig
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

REAL = Path(__file__).parents[1] / "fixtures" / "real"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Post:
    n: int
    at: datetime

    @property
    def text(self) -> str:
        return f"item-{self.n} about socialops"


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def real(path: str) -> Any:
    return json.loads((REAL / path).read_text(encoding="utf-8"))


class Case:
    """One adapter: its config, its constructor, and the API its network speaks."""

    name: str
    fault_path: str
    tolerant = False  # isolates failing feeds as counted skips instead of raising

    def config(self, net: NetServer) -> SourceBase:
        raise NotImplementedError

    def build(self, config: SourceBase, *, store: SourceCursorStore,
              client: httpx.AsyncClient, clock: FakeClock) -> Source:
        raise NotImplementedError

    def install(self, net: NetServer, world: list[Post]) -> None:
        raise NotImplementedError


def _adapter(module: str, cls: str) -> Any:
    return getattr(importlib.import_module(f"integrations.social.{module}.source"), cls)


class MastodonCase(Case):
    name = "mastodon"
    fault_path = "/api/v1/timelines/tag/socialops"

    def config(self, net: NetServer) -> SourceBase:
        return MastodonSourceConfig(id="src", type="mastodon", base_url=net.base,
                                    hashtags=("socialops",), timeout=1.0)

    def build(self, config: SourceBase, *, store: SourceCursorStore,
              client: httpx.AsyncClient, clock: FakeClock) -> Source:
        source: Source = _adapter("mastodon", "MastodonSource")(config, store=store,
                                                                client=client, clock=clock)
        return source

    def install(self, net: NetServer, world: list[Post]) -> None:
        template = real("mastodon/account_statuses_page_limit5.json")[0]

        def status(p: Post) -> dict[str, Any]:
            s: dict[str, Any] = copy.deepcopy(template)
            s.update(id=str(117020580000000000 + p.n), created_at=iso(p.at),
                     content=f"<p>{p.text}</p>")
            return s

        async def timeline(request: web.Request) -> web.Response:
            items = sorted(world, key=lambda p: -p.n)
            limit = int(request.query.get("limit", "20"))
            if "min_id" in request.query:
                items = [p for p in items if 117020580000000000 + p.n
                         > int(request.query["min_id"])][-limit:]
            page = [status(p) for p in items[:limit]]
            headers = {}
            if page:
                headers["Link"] = (f'<{net.base}{request.path}?max_id={page[-1]["id"]}>; '
                                   f'rel="next", <{net.base}{request.path}?min_id='
                                   f'{page[0]["id"]}>; rel="prev"')
            return web.json_response(page, headers=headers)

        net.handler("GET", self.fault_path, timeline)


class XCase(Case):
    name = "x"
    fault_path = "/2/tweets/search/recent"

    def config(self, net: NetServer) -> SourceBase:
        return XSourceConfig(id="src", type="x", base_url=net.base, bearer_token="app",
                             queries=("socialops",), timeout=1.0)

    def build(self, config: SourceBase, *, store: SourceCursorStore,
              client: httpx.AsyncClient, clock: FakeClock) -> Source:
        source: Source = _adapter("x", "XSource")(config, store=store, client=client,
                                                  clock=clock)
        return source

    def install(self, net: NetServer, world: list[Post]) -> None:
        template = real("x/search_recent_tweets.json")["data"][0]

        async def search(request: web.Request) -> web.Response:
            items = sorted(world, key=lambda p: -p.n)
            if "since_id" in request.query:
                items = [p for p in items if 1578516068309794817 + p.n
                         > int(request.query["since_id"])]
            elif "start_time" in request.query:
                start = datetime.fromisoformat(request.query["start_time"].replace("Z", "+00:00"))
                items = [p for p in items if p.at >= start]
            data = [{**template, "id": str(1578516068309794817 + p.n), "text": p.text,
                     "edit_history_tweet_ids": [str(1578516068309794817 + p.n)],
                     "created_at": iso(p.at)} for p in items]
            meta: dict[str, Any] = {"result_count": len(data)}
            if data:
                meta.update(newest_id=data[0]["id"], oldest_id=data[-1]["id"])
            return web.json_response({"data": data, "meta": meta} if data else {"meta": meta})

        net.handler("GET", self.fault_path, search)


class HackerNewsCase(Case):
    name = "hackernews"
    fault_path = "/api/v1/search_by_date"

    def config(self, net: NetServer) -> SourceBase:
        return HackerNewsSourceConfig(id="src", type="hackernews", base_url=net.base,
                                      queries=("socialops",), timeout=1.0)

    def build(self, config: SourceBase, *, store: SourceCursorStore,
              client: httpx.AsyncClient, clock: FakeClock) -> Source:
        source: Source = _adapter("hackernews", "HackerNewsSource")(
            config, store=store, client=client, clock=clock)
        return source

    def install(self, net: NetServer, world: list[Post]) -> None:
        item = real("hackernews/item_story_8863.json")

        async def search(request: web.Request) -> web.Response:
            bounds = re.fullmatch(r"created_at_i>=(\d+),created_at_i<=(\d+)",
                                  request.query["numericFilters"])
            assert bounds is not None
            lo, hi = int(bounds.group(1)), int(bounds.group(2))
            hits = [{"objectID": str(9000 + p.n), "author": item["by"], "title": p.text,
                     "url": item["url"], "points": item["score"], "story_text": None,
                     "comment_text": None, "created_at_i": int(p.at.timestamp()),
                     "created_at": iso(p.at), "_tags": ["story", f"author_{item['by']}"]}
                    for p in sorted(world, key=lambda p: -p.n)
                    if lo <= int(p.at.timestamp()) <= hi]
            return web.json_response({"hits": hits, "nbHits": len(hits), "page": 0,
                                      "nbPages": 1, "hitsPerPage": 1000})

        net.handler("GET", self.fault_path, search)


class RssCase(Case):
    name = "rss"
    fault_path = "/feed.xml"
    tolerant = True  # one broken feed must not hide the others: a counted skip

    def config(self, net: NetServer) -> SourceBase:
        return RssSourceConfig(id="src", type="rss", urls=(net.url(self.fault_path),),
                               timeout=1.0)

    def build(self, config: SourceBase, *, store: SourceCursorStore,
              client: httpx.AsyncClient, clock: FakeClock) -> Source:
        source: Source = _adapter("rss", "RssSource")(config, store=store, client=client,
                                                      clock=clock)
        return source

    def install(self, net: NetServer, world: list[Post]) -> None:
        async def feed(request: web.Request) -> web.Response:
            items = "".join(
                f"<item><title>{p.text}</title><link>https://blog.example/{p.n}</link>"
                f"<guid>https://blog.example/{p.n}</guid><description>{p.text}</description>"
                f"<pubDate>{p.at.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
                for p in sorted(world, key=lambda p: -p.n))
            body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>Blog</title><link>https://blog.example/</link>{items}"
                    "</channel></rss>")
            return web.Response(body=body.encode(), content_type="application/rss+xml")

        net.handler("GET", self.fault_path, feed)


class RedditCase(Case):
    name = "reddit"
    fault_path = "/r/socialops/new"

    def config(self, net: NetServer) -> SourceBase:
        return RedditSourceConfig(id="src", type="reddit", base_url=net.base, auth_url=net.base,
                                  client_id="cid", client_secret="secret",
                                  subreddits=("socialops",), comments=False, timeout=1.0)

    def build(self, config: SourceBase, *, store: SourceCursorStore,
              client: httpx.AsyncClient, clock: FakeClock) -> Source:
        source: Source = _adapter("reddit", "RedditSource")(config, store=store, client=client,
                                                            clock=clock)
        return source

    def install(self, net: NetServer, world: list[Post]) -> None:
        template = real("reddit/subreddit_new_listing_100_after_cursor.json")
        first = template["data"]["children"][0]["data"]
        net.json("POST", "/api/v1/access_token", {"access_token": "tok", "token_type": "bearer",
                                                  "expires_in": 86400, "scope": "*"})

        def b36(n: int) -> str:
            digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
            while n:
                n, r = divmod(n, 36)
                out = digits[r] + out
            return out

        def thing(p: Post) -> dict[str, Any]:
            native = b36(2_000_000_000 + p.n)
            return {"kind": "t3", "data": {
                **first, "id": native, "name": f"t3_{native}", "title": p.text,
                "selftext": p.text, "created_utc": p.at.timestamp(), "subreddit": "socialops",
                "permalink": f"/r/socialops/comments/{native}/item/",
                "url": f"https://www.reddit.com/r/socialops/comments/{native}/item/"}}

        async def listing(request: web.Request) -> web.Response:
            items = sorted(world, key=lambda p: -p.n)
            limit = int(request.query.get("limit", "25"))
            before = request.query.get("before")
            if before:
                cut = int(before.removeprefix("t3_"), 36) - 2_000_000_000
                items = [p for p in items if p.n > cut][-limit:]
            children = [thing(p) for p in items[:limit]]
            return web.json_response({"kind": "Listing", "data": {
                "after": None, "before": None, "dist": len(children), "children": children}})

        net.handler("GET", self.fault_path, listing)


class BlueskyCase(Case):
    name = "bluesky"
    fault_path = "/xrpc/app.bsky.feed.searchPosts"

    def config(self, net: NetServer) -> SourceBase:
        return BlueskySourceConfig(id="src", type="bluesky", base_url=net.base, pds_url=net.base,
                                   handle="bot.example", app_password="app-pass",
                                   queries=("socialops",), timeout=1.0)

    def build(self, config: SourceBase, *, store: SourceCursorStore,
              client: httpx.AsyncClient, clock: FakeClock) -> Source:
        source: Source = _adapter("bluesky", "BlueskySource")(config, store=store,
                                                              client=client, clock=clock)
        return source

    def install(self, net: NetServer, world: list[Post]) -> None:
        record = real("bluesky/getRecord_post.json")
        did = record["uri"].split("/")[2]
        # the bot's own account is not the author of the posts it finds
        net.json("POST", "/xrpc/com.atproto.server.createSession",
                 {"accessJwt": "access", "refreshJwt": "refresh",
                  "did": "did:plc:botbotbotbotbotbotbotbotb", "handle": "bot.example",
                  "active": True})

        def post(p: Post) -> dict[str, Any]:
            return {"uri": f"at://{did}/app.bsky.feed.post/3k2yihcrp{p.n:05d}",
                    "cid": record["cid"],
                    "author": {"did": did, "handle": "someone.example", "displayName": "S"},
                    "record": {**record["value"], "text": p.text, "createdAt": iso(p.at),
                               "langs": ["en"]},
                    "indexedAt": iso(p.at), "replyCount": 0, "repostCount": 0,
                    "likeCount": 0, "quoteCount": 0, "labels": []}

        async def search(request: web.Request) -> web.Response:
            items = sorted(world, key=lambda p: -p.n)
            if since := request.query.get("since"):
                start = datetime.fromisoformat(since.replace("Z", "+00:00"))
                items = [p for p in items if p.at >= start]
            offset = int(request.query.get("cursor") or 0)
            limit = int(request.query.get("limit", "25"))
            page = items[offset:offset + limit]
            body: dict[str, Any] = {"posts": [post(p) for p in page], "hitsTotal": len(items)}
            if offset + limit < len(items):
                body["cursor"] = str(offset + limit)
            return web.json_response(body)

        net.handler("GET", self.fault_path, search)


def _case(case: Case, module: str | None = None) -> Any:
    # find_spec rather than importorskip: a module that exists but fails to import must fail
    # the suite loudly, not skip it quietly
    if module is None:
        return pytest.param(case, id=case.name)
    available = importlib.util.find_spec(f"integrations.social.{module}.source") is not None
    return pytest.param(case, id=case.name, marks=pytest.mark.skipif(
        not available, reason=f"integrations/social/{module}.py is not in the tree yet"))


CASES = [_case(MastodonCase()), _case(RssCase()), _case(HackerNewsCase()), _case(XCase()),
         _case(RedditCase(), "reddit"), _case(BlueskyCase(), "bluesky")]


def numbers(mentions: Sequence[Mention]) -> list[int]:
    found = []
    for m in mentions:
        match = re.search(r"item-(\d+)", m.text)
        assert match, f"{m.id}: text {m.text[:80]!r} lost its marker"
        found.append(int(match.group(1)))
    return sorted(found)


@pytest.fixture
def world(clock: FakeClock) -> list[Post]:
    clock.now = NOW
    # three posts from long before the backfill window, three inside it
    return [Post(n, NOW - timedelta(hours=3, minutes=n)) for n in (1, 2, 3)] + \
        [Post(n, NOW - timedelta(minutes=20 - n)) for n in (4, 5, 6)]


@pytest.mark.parametrize("case", CASES)
async def test_quiet_first_run_then_only_new_and_cursor_survives_a_new_instance(
        case: Case, net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        world: list[Post], tmp_path: Path) -> None:
    case.install(net, world)
    path = str(tmp_path / "cursors.db")
    store = await open_store(StoreConfig(path=path), redis_url=None, clock=clock)
    try:
        source = case.build(case.config(net), store=store, client=client, clock=clock)
        assert numbers(await source.poll()) == [4, 5, 6]
        clock.advance(minutes=2)
        world.extend(Post(n, clock.now - timedelta(seconds=30 - n)) for n in (7, 8))
        assert numbers(await source.poll()) == [7, 8]
        assert numbers(await source.poll()) == []
    finally:
        await store.close()
    # a restart: a new store object and a new adapter on the same SQLite file
    clock.advance(minutes=2)
    world.append(Post(9, clock.now - timedelta(seconds=10)))
    store = await open_store(StoreConfig(path=path), redis_url=None, clock=clock)
    try:
        again = case.build(case.config(net), store=store, client=client, clock=clock)
        assert numbers(await again.poll()) == [9]
    finally:
        await store.close()


def positions(values: dict[str, str]) -> dict[str, Any]:
    """The stored cursors without the rate-limit windows a source keeps beside its positions
    (X's ``#windows``): a failed poll moves no position, and may keep the wait X named."""

    def without_windows(value: str) -> Any:
        try:
            cursor = json.loads(value)
        except ValueError:
            return value
        return ({k: v for k, v in cursor.items() if k != "#windows"}
                if isinstance(cursor, dict) else cursor)

    return {key: without_windows(value) for key, value in values.items()}


FAULTS = [
    pytest.param(Fault.rate_limited({"Retry-After": "17"}), RateLimited, id="429"),
    pytest.param(Fault.unauthorized(), SourceAuthError, id="401"),
    pytest.param(Fault.server_error(), SourceError, id="500"),
    pytest.param(Fault.delay(1.5), SourceError, id="timeout"),
    pytest.param(Fault.truncated(), SourceError, id="truncated"),
    pytest.param(Fault.malformed_json(b'{"data": [{"id": "1", "text": "cut'), MalformedPayload,
                 id="malformed"),
]


@pytest.mark.parametrize("fault,expected", FAULTS)
@pytest.mark.parametrize("case", CASES)
async def test_faults_give_our_errors_and_move_no_cursor(
        case: Case, fault: Fault, expected: type[SourceError], net: NetServer,
        client: httpx.AsyncClient, clock: FakeClock, world: list[Post]) -> None:
    case.install(net, world)
    cursors = Cursors()
    first = case.build(case.config(net), store=cursors, client=client, clock=clock)
    assert numbers(await first.poll()) == [4, 5, 6]
    before = dict(cursors.values)
    world.append(Post(7, clock.advance(minutes=1)))
    net.fault("GET", case.fault_path, fault)
    source = case.build(case.config(net), store=cursors, client=client, clock=clock)
    try:
        got = await source.poll()
    except SourceError as exc:
        if not isinstance(exc, expected) and not (expected is SourceError
                                                  and isinstance(exc, MalformedPayload)):
            pytest.fail(f"{case.name}: {type(exc).__name__} ({exc}), expected {expected}")
        if isinstance(exc, RateLimited):
            assert exc.retry_after == pytest.approx(17)
            clock.advance(seconds=18)  # the wait asked for, honoured (X keeps it: the cursor's)
        assert positions(cursors.values) == positions(before)  # a failed poll moves nothing
    except Exception as exc:  # the contract: nothing but our own errors leaves an adapter
        pytest.fail(f"{case.name}: leaked {type(exc).__name__}: {exc}")
    else:
        fatal = expected in (RateLimited, SourceAuthError)
        if not case.tolerant or fatal:
            pytest.fail(f"{case.name}: {fault.kind} {fault.status} raised nothing")
        assert got == [] and getattr(source, "skipped", None), "a tolerated fault is counted"
    # the fault was transient: the next poll catches up, losing and doubling nothing (given
    # time to: the fault's delayed answer may still hold the loaded machine's loopback)
    patient = case.config(net).model_copy(update={"timeout": 10.0})
    assert numbers(await case.build(patient, store=cursors, client=client,
                                    clock=clock).poll()) == [7]
