"""The Reddit source over real HTTP: the shared local server (tests/support/netserver.py) plays
Reddit's OAuth API from the recorded payloads in tests/fixtures/real/reddit, with cursors in a
real SQLite store. Token flow and refresh, the User-Agent on every request, paging back to the
cursor, a vanished cursor, the quiet first run, the rate-limit pause and every fault case.
The publisher's tests are in test_reddit_publish.py.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.config import StoreConfig
from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from bot.core.ports import Store
from bot.store import open_store
from integrations.social.reddit.api import Refused, user_agent
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.source import RedditSource, fullname_order
from tests.conftest import FakeClock
from tests.support.netserver import Fault, NetServer

REDDIT = Path(__file__).parents[1] / "fixtures" / "real" / "reddit"
TOKEN = "/api/v1/access_token"


def real(name: str) -> Any:
    return json.loads((REDDIT / name).read_text(encoding="utf-8"))


def b36(n: int) -> str:
    digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out


class World:
    """One listing's things, newest first, served with Reddit's ``before``/``after`` rules:
    ``before=X`` gives the ``limit`` things just newer than X, ``after=X`` those just older,
    and either is empty when X is not (or no longer) in the listing."""

    def __init__(self, things: list[dict[str, Any]]) -> None:
        self.things = things

    def names(self) -> list[str]:
        return [t["data"]["name"] for t in self.things]

    async def __call__(self, request: web.Request) -> web.Response:
        limit = min(100, int(request.query.get("limit", "25")))
        names = self.names()
        if before := request.query.get("before"):
            idx = names.index(before) if before in names else 0
            page = self.things[max(0, idx - limit):idx]
        elif after := request.query.get("after"):
            idx = names.index(after) + 1 if after in names else len(names)
            page = self.things[idx:idx + limit]
        else:
            page = self.things[:limit]
        more = page and page[-1] is not self.things[-1]
        return web.json_response({"kind": "Listing", "data": {
            "after": page[-1]["data"]["name"] if more else None, "before": None,
            "dist": len(page), "children": page}})


def synthetic(count: int, *, newest: datetime, start: int = 0) -> list[dict[str, Any]]:
    """``count`` posts shaped like the recorded /new page, one a minute, newest first."""
    template = real("subreddit_new_listing_100_after_cursor.json")["data"]["children"][0]
    out = []
    for n in range(start + count - 1, start - 1, -1):
        thing = copy.deepcopy(template)
        native = b36(1_000_000_000 + n)
        thing["data"].update(id=native, name=f"t3_{native}", title=f"post-{n}", selftext="",
                             created_utc=(newest - timedelta(minutes=start + count - 1 - n))
                             .timestamp(), permalink=f"/r/socialops/comments/{native}/x/")
        out.append(thing)
    return out


def numbers(mentions: Any) -> list[int]:
    return sorted(int(m.text.split("post-")[1].split()[0]) for m in mentions)


async def listing_cursors(store: Store, source_id: str = "rd") -> dict[str, Any]:
    """The source's stored cursor without the things it watches for edits (``#watch``) and
    the names each listing read (``<key>#read``)."""
    cursor = json.loads(await store.get_cursor(source_id) or "{}")
    cursor.pop("#watch", None)
    return {k: v for k, v in cursor.items() if not k.endswith("#read")}


def config(net: NetServer, **kw: Any) -> RedditSourceConfig:
    base: dict[str, Any] = {"id": "rd", "type": "reddit", "base_url": net.base,
                            "auth_url": net.base, "client_id": "cid", "client_secret": "sec",
                            "username": "botuser", "password": "pw",
                            "subreddits": ("socialops",), "comments": False, "timeout": 1.0}
    return RedditSourceConfig(**{**base, **kw})


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        server.json("POST", TOKEN, {"access_token": "tok-1", "token_type": "bearer",
                                    "expires_in": 3600, "scope": "*"})
        # the re-read for edits (``RedditSource._reread``): Reddit answers names it holds no
        # thing for with an empty Listing; tests of edits serve tests/support/fake_reddit.py's
        server.json("GET", "/api/info", {"kind": "Listing", "data": {
            "after": None, "before": None, "dist": 0, "children": []}})
        yield server


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    s = await open_store(StoreConfig(path=str(tmp_path / "c.db")), redis_url=None, clock=clock)
    yield s
    await s.close()


def source(net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
           **kw: Any) -> RedditSource:
    return RedditSource(config(net, **kw), store=store, client=client, clock=clock)


# --- OAuth and the User-Agent ----------------------------------------------------------------


async def test_password_grant_basic_auth_bearer_and_user_agent_on_every_request(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.handler("GET", "/r/socialops/new", World(synthetic(3, newest=clock.now)))
    src = source(net, store, client, clock)
    await src.poll()
    (tok,) = net.requests_to(TOKEN, "POST")
    assert dict(httpx.QueryParams(tok.body.decode())) == {
        "grant_type": "password", "username": "botuser", "password": "pw"}
    assert tok.headers["Authorization"] == "Basic " + base64.b64encode(b"cid:sec").decode()
    listing = net.requests_to("/r/socialops/new")
    assert listing and all(r.headers["Authorization"] == "bearer tok-1" for r in listing)
    assert all(r.q("raw_json") == "1" and int(r.q("limit") or 0) <= 100 for r in listing)
    agent = "python:socialops.cid:0.1 (by /u/botuser)"
    assert user_agent(src.config) == agent
    assert net.requests and {r.headers["User-Agent"] for r in net.requests} == {agent}


async def test_client_credentials_grant_and_user_agent_override(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.handler("GET", "/r/socialops/new", World(synthetic(1, newest=clock.now)))
    src = source(net, store, client, clock, username=None, password=None,
                 user_agent="linux:com.example.watch:2.0 (by /u/ops)")
    await src.poll()
    (tok,) = net.requests_to(TOKEN)
    assert dict(httpx.QueryParams(tok.body.decode())) == {"grant_type": "client_credentials"}
    assert {r.headers["User-Agent"] for r in net.requests} == {
        "linux:com.example.watch:2.0 (by /u/ops)"}


async def test_token_is_cached_then_fetched_again_after_expiry(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.handler("GET", "/r/socialops/new", World(synthetic(2, newest=clock.now)))
    src = source(net, store, client, clock)
    await src.poll()
    clock.advance(minutes=30)
    await src.poll()
    assert len(net.requests_to(TOKEN)) == 1
    clock.advance(minutes=31)  # past expires_in (less the safety margin)
    await src.poll()
    assert len(net.requests_to(TOKEN)) == 2


async def test_401_on_a_cached_token_fetches_a_new_one_once_and_retries(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    world = World(synthetic(2, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock)
    await src.poll()
    world.things[:0] = synthetic(1, newest=clock.advance(minutes=1), start=2)
    body = (REDDIT / "error_401_unauthorized.json").read_bytes()
    net.fault("GET", "/r/socialops/new", Fault.http(
        401, {"www-authenticate": 'Bearer realm="reddit", error="invalid_token"'}, body))
    assert numbers(await src.poll()) == [2]
    assert len(net.requests_to(TOKEN)) == 2


async def test_401_with_a_fresh_token_is_an_auth_error(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.fixture("GET", "/r/socialops/new", REDDIT / "error_401_unauthorized.json")
    with pytest.raises(SourceAuthError, match="invalid_token"):
        await source(net, store, client, clock).poll()
    assert len(net.requests_to(TOKEN)) == 1  # no loop of token requests


@pytest.mark.parametrize("answer,status", [({"error": "invalid_grant"}, 200),
                                           ({"message": "Unauthorized", "error": 401}, 401)])
async def test_refused_credentials_are_an_auth_error_and_no_listing_is_asked(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        answer: dict[str, Any], status: int) -> None:
    net.json("POST", TOKEN, answer, status=status)
    net.handler("GET", "/r/socialops/new", World(synthetic(1, newest=clock.now)))
    with pytest.raises(SourceAuthError):
        await source(net, store, client, clock).poll()
    assert net.requests_to("/r/socialops/new") == []


async def test_no_client_id_is_an_auth_error(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    with pytest.raises(SourceAuthError, match="client_id"):
        await source(net, store, client, clock, client_id=None).poll()
    assert net.requests == []


# --- reading ---------------------------------------------------------------------------------


async def test_quiet_first_run_reads_the_recorded_page_back_to_the_backfill_window(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    page = real("subreddit_new_listing_100_after_cursor.json")
    things = page["data"]["children"]
    newest = max(t["data"]["created_utc"] for t in things)
    clock.now = datetime.fromtimestamp(newest, tz=UTC) + timedelta(minutes=5)
    cutoff = (clock.now - timedelta(minutes=10)).timestamp()
    expected = {f"reddit:{t['data']['name']}" for t in things
                if t["data"]["created_utc"] >= cutoff}
    assert 0 < len(expected) < len(things)
    net.handler("GET", "/r/socialops/new", World(things))
    src = source(net, store, client, clock, backfill_minutes=10)
    got = await src.poll()
    assert {m.id for m in got} == expected
    cursor = await listing_cursors(store)
    assert cursor == {"new:socialops": things[0]["data"]["name"]}


async def test_cards_link_to_the_configured_web_site(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Reddit's web site was a constructor argument, not a key: a team reading through
    old.reddit.com (or a proxy in front of Reddit) could not have its cards link there, where
    every other network's site is configurable (Bluesky's web_url). ``web_url`` is the site
    cards link posts and profiles to; the API is refused there."""
    page = real("subreddit_new_listing_100_after_cursor.json")
    things = page["data"]["children"][:3]
    clock.now = datetime.fromtimestamp(things[0]["data"]["created_utc"], tz=UTC) + timedelta(
        minutes=1)
    net.handler("GET", "/r/socialops/new", World(things))
    src = source(net, store, client, clock, web_url="https://old.reddit.com")
    got = await src.poll()
    assert got and all((m.url or "").startswith("https://old.reddit.com/r/") for m in got), [
        m.url for m in got]
    assert all(m.author.profile_url is None
               or m.author.profile_url.startswith("https://old.reddit.com/user/")
               for m in got)
    problems = list(config(net, web_url="https://oauth.reddit.com").problems(resolve=Path))
    assert [(key, text) for key, text in problems] == [(("web_url",), problems[0][1])]
    assert "Reddit's API (base_url), not its web site" in problems[0][1], problems


async def test_first_run_pages_with_after_and_quiet_backfill_zero_still_fixes_a_cursor(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    world = World(synthetic(300, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    got = await source(net, store, client, clock, backfill_minutes=150).poll()
    assert numbers(got) == list(range(149, 300))  # 151 posts in the window: two pages
    assert [r.q("after") for r in net.requests_to("/r/socialops/new")][:2] == [
        None, world.names()[99]]
    await store.set_cursor("rd", "")
    clock.advance(seconds=1)
    assert await source(net, store, client, clock, backfill_minutes=0).poll() == []
    assert await listing_cursors(store) == {
        "new:socialops": world.names()[0]}


async def test_one_misdated_post_is_left_out_alone_and_the_backfill_read_on(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The third newest of 30 posts in the backfill hour has a created_utc of 2001 (a damaged
    one): the first run's walk ended at it, as at the first post before the window, so 2 of
    the 29 were read and none of the rest counted, and the cursor moved past them. Only a page
    ending in old posts ends the walk now (on 300 posts, the window's end on page 2); the
    misdated one is left out and counted."""
    things = synthetic(300, newest=clock.now)
    things[2]["data"]["created_utc"] = 1_000_000_000.0
    net.handler("GET", "/r/socialops/new", World(things))
    src = source(net, store, client, clock, backfill_minutes=150)
    got = await src.poll()
    assert numbers(got) == [n for n in range(149, 300) if n != 297]
    assert src.skipped.total == 1
    assert src.skipped[0] == ("reddit: /r/socialops/new listed 1 thing(s) older than where the "
                              "walk ends among newer ones (a damaged date or id): left out")
    clock.advance(minutes=1)
    assert await src.poll() == []


async def test_pages_with_before_back_to_the_cursor_losing_and_doubling_nothing(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    world = World(synthetic(10, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock)
    await src.poll()
    clock.advance(hours=5)
    world.things[:0] = synthetic(240, newest=clock.now, start=10)
    assert numbers(await src.poll()) == list(range(10, 250))
    befores = [r.q("before") for r in net.requests_to("/r/socialops/new")[1:]]
    names = world.names()
    # 240 new: pages of 100 and 100 then 40, each asked before the newest of the last
    assert befores == [names[240], names[140], names[40]]
    assert await listing_cursors(store) == {"new:socialops": names[0]}
    assert await src.poll() == []


async def test_a_cursor_that_vanished_from_the_listing_is_walked_past_by_id(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    world = World(synthetic(5, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock)
    await src.poll()
    del world.things[0]  # the cursor post is removed by the spam filter
    world.things[:0] = synthetic(3, newest=clock.advance(minutes=3), start=5)
    assert numbers(await src.poll()) == [5, 6, 7]
    assert await src.poll() == []


async def test_recorded_comments_then_the_recorded_empty_before_page(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    page = real("subreddit_comments_stream_page.json")
    names = [c["data"]["name"] for c in page["data"]["children"]]
    await store.set_cursor("rd", json.dumps({"new:kakapo": "t3_zzzzzz",
                                             "comments:kakapo": names[-1]}))
    empty = (REDDIT / "subreddit_comments_empty_before_cursor.json").read_bytes()

    async def comments(request: web.Request) -> web.Response:
        if request.query.get("before") == names[0]:
            return web.Response(body=empty, content_type="application/json")
        return await World(page["data"]["children"])(request)

    net.handler("GET", "/r/kakapo/comments", comments)
    net.handler("GET", "/r/kakapo/new", World([]))
    src = source(net, store, client, clock, subreddits=("kakapo",), comments=True)
    got = await src.poll()
    created = {f"reddit:{c['data']['name']}": c["data"]["created_utc"]
               for c in page["data"]["children"]}
    # everything newer than the cursor (the page's oldest), oldest first
    assert [m.id for m in got] == sorted((f"reddit:{n}" for n in names[:-1]),
                                         key=lambda i: created[i])
    assert all(m.reply_to and m.thread_id and m.url for m in got)
    assert await src.poll() == []
    cursor = await listing_cursors(store)
    assert cursor["comments:kakapo"] == names[0]


async def test_deleted_and_malformed_things_are_skipped_and_counted(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    deleted = real("comment_info_deleted.json")["data"]["children"][0]
    good = real("subreddit_comments_stream_page.json")["data"]["children"][0]
    removed = copy.deepcopy(good)
    removed["data"].update(id="zz1", name="t1_zz1", body="[removed]", author="[deleted]")
    broken = copy.deepcopy(good)
    broken["data"].update(id="zz2", name="t1_zz2", body=None)
    things = [broken, removed, deleted, good]
    for t in things:
        t["data"]["created_utc"] = clock.now.timestamp() - 60
    net.handler("GET", "/r/socialops/comments", World(things))
    net.handler("GET", "/r/socialops/new", World([]))
    src = source(net, store, client, clock, comments=True)
    got = await src.poll()
    assert [m.id for m in got] == [f"reddit:{good['data']['name']}"]
    assert src.gone == 2 and len(src.skipped) == 1 and "without body" in src.skipped[0]


async def test_mentions_inbox_and_search_paths(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    inbox = real("inbox_mentions_listing.json")
    clock.now = datetime.fromtimestamp(inbox["data"]["children"][0]["data"]["created_utc"],
                                       tz=UTC) + timedelta(minutes=1)
    net.fixture("GET", "/message/mentions", REDDIT / "inbox_mentions_listing.json")
    net.handler("GET", "/r/socialops+python/search", World(synthetic(2, newest=clock.now)))
    net.handler("GET", "/search", World([]))
    for sub in ("socialops", "python"):
        net.handler("GET", f"/r/{sub}/new", World([]))
    src = source(net, store, client, clock, subreddits=("socialops", "r/python"),
                 queries=("socialops",), mentions=True, backfill_minutes=60 * 24 * 365)
    got = await src.poll()
    inbox_ids = {f"reddit:{c['data']['name']}" for c in inbox["data"]["children"]}
    assert inbox_ids <= {m.id for m in got}
    assert len(got) == len(inbox_ids) + 2
    (search,) = net.requests_to("/r/socialops+python/search")
    assert (search.q("q"), search.q("restrict_sr"), search.q("sort")) == ("socialops", "1", "new")
    # without subreddits the query searches all of reddit
    await source(net, store, client, clock, subreddits=(), queries=("socialops",)).poll()
    assert net.requests_to("/search")[0].q("sort") == "new"


# --- rate limits and faults ------------------------------------------------------------------


async def test_a_spent_budget_pauses_the_next_poll_without_sending(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    world = World(synthetic(2, newest=clock.now))
    spent = {"x-ratelimit-used": "100", "x-ratelimit-remaining": "0.0",
             "x-ratelimit-reset": "53"}

    async def listing(request: web.Request) -> web.Response:
        answer = await world(request)
        answer.headers.update(spent)
        return answer

    net.handler("GET", "/r/socialops/new", listing)
    src = source(net, store, client, clock)
    await src.poll()
    sent = len(net.requests)
    clock.advance(seconds=3)
    with pytest.raises(RateLimited) as caught:
        await src.poll()
    assert caught.value.retry_after == pytest.approx(50)
    assert len(net.requests) == sent
    clock.advance(seconds=51)
    spent["x-ratelimit-remaining"] = "99"
    await src.poll()
    assert len(net.requests) > sent


async def test_recorded_ratelimit_headers_with_budget_left_do_not_pause(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.fixture("GET", "/message/mentions", REDDIT / "inbox_mentions_listing.json")
    src = source(net, store, client, clock, subreddits=(), mentions=True)
    await src.poll()
    await src.poll()
    assert len(net.requests_to("/message/mentions")) >= 2


@pytest.mark.parametrize("headers,wait", [
    ({"Retry-After": "17", "x-ratelimit-reset": "40"}, 17),
    ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "40"}, 40),
])
async def test_429_honours_retry_after_then_the_reset_header(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        headers: Mapping[str, str], wait: float) -> None:
    net.handler("GET", "/r/socialops/new", World([]))
    net.fault("GET", "/r/socialops/new", Fault.rate_limited(headers))
    with pytest.raises(RateLimited) as caught:
        await source(net, store, client, clock).poll()
    assert caught.value.retry_after == pytest.approx(wait)


@pytest.mark.parametrize("fault,error,words", [
    (Fault.server_error(502), SourceError, "502"),
    (Fault.delay(1.5), SourceError, "timed out"),
    (Fault.truncated(), SourceError, "failed"),
    (Fault.http(403, None, {"message": "Forbidden", "error": 403}), SourceAuthError, "403"),
    (Fault.http(400, {"Content-Type": "application/json"},
                (REDDIT / "error_400_gold_required.json").read_bytes()),
     SourceError, "GOLD_REQUIRED"),
    (Fault.http(400, {"Content-Type": "text/html"},
                (REDDIT / "error_400_html_body.html").read_bytes()),
     SourceError, "400 with a text/html body"),
    (Fault.http(200, {"Content-Type": "text/html"}, b"<html>Our CDN was unable</html>"),
     MalformedPayload, "not JSON"),
    (Fault.malformed_json(b'{"kind": "Listing", "data": {"children": [{"kind": "t3'),
     MalformedPayload, "not JSON"),
    (Fault.http(200, {"Content-Type": "application/json"}, {"kind": "t3", "data": {}}),
     MalformedPayload, "Listing"),
])
async def test_faults_are_our_errors_and_move_no_cursor(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        fault: Fault, error: type[Exception], words: str) -> None:
    world = World(synthetic(2, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock)
    await src.poll()
    before = await store.get_cursor("rd")
    world.things[:0] = synthetic(1, newest=clock.advance(minutes=1), start=2)
    net.fault("GET", "/r/socialops/new", fault)
    with pytest.raises(error, match=words) as caught:
        await src.poll()
    if error is SourceError:  # a 4xx is Refused, the listing's SourceError all the same
        assert type(caught.value) in (SourceError, Refused)
    assert await store.get_cursor("rd") == before
    assert numbers(await src.poll()) == [2]


class Stuck(World):
    """A listing that ignores ``after`` and ``before``: every page is its head, 100 things,
    naming ``after`` as the next page (a hostile or broken server)."""

    def __init__(self, things: list[dict[str, Any]], *, after: str) -> None:
        super().__init__(things)
        self.after = after

    async def __call__(self, request: web.Request) -> web.Response:
        page = self.things[:100]
        return web.json_response({"kind": "Listing", "data": {
            "after": self.after, "before": None, "dist": len(page), "children": page}})


@pytest.mark.parametrize(("after", "why"), [
    ("t3_same", "after of /r/socialops/new 't3_same' came back again"),
    ("t3_" + "z" * 100_000, "after of /r/socialops/new is 100,003 bytes long (at most 512)"),
    ("t3_" + "ж" * 300, "after of /r/socialops/new is 603 bytes long (at most 512)"),
    # at the bound, a multibyte letter last: 512 bytes are followed (and arrive whole), 513 not
    ("t3_" + "a" * 505 + "жж", "after of /r/socialops/new 't3_" + "a" * 37 + "' came back again"),
    ("t3_" + "a" * 507 + "€", "after of /r/socialops/new is 513 bytes long (at most 512)")])
async def test_a_first_run_stops_at_an_after_that_repeats_or_is_absurdly_long(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture, after: str, why: str) -> None:
    """The first run walks the head with ``after``. A server answering the same ``after`` on
    every page had it fetch MAX_PAGES copies of one page, and a 100 KB one failed the poll on a
    URL too long; now the walk ends there: one warning line, one count in the skip log, the
    things read kept and the cursor fixed."""
    world = Stuck(synthetic(300, newest=clock.now), after=after)
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock, backfill_minutes=1_000)
    with caplog.at_level("WARNING"):
        got = await src.poll()
    assert numbers(got) == list(range(200, 300))
    asked = [r.q("after") for r in net.requests_to("/r/socialops/new")]
    assert asked == ([None, after] if len(after.encode()) <= 512 else [None])
    reason = f"reddit: {why}: paging stopped, the rest waits for the next poll"
    assert list(src.skipped) == [reason] and src.skipped.total == 1  # type: ignore[attr-defined]
    assert [r.getMessage() for r in caplog.records] == [f"reddit source rd: {reason}"]
    assert await listing_cursors(store) == {
        "new:socialops": world.names()[0]}


async def test_paging_before_the_cursor_stops_when_the_listing_ignores_it(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """With a cursor, each next page is asked ``before`` the newest of the last. A listing that
    ignores ``before`` answers its head again, whose newest is the same: the walk ends there
    (it fetched MAX_PAGES copies), said once."""
    world = World(synthetic(10, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock)
    await src.poll()
    clock.advance(hours=5)
    stuck = Stuck(synthetic(240, newest=clock.now, start=10), after="t3_x")
    net.handler("GET", "/r/socialops/new", stuck)
    with caplog.at_level("WARNING"):
        assert numbers(await src.poll()) == list(range(150, 250))
    befores = [r.q("before") for r in net.requests_to("/r/socialops/new")[1:]]
    assert befores == [world.names()[0], stuck.names()[0]]
    assert src.skipped.total == 1  # type: ignore[attr-defined]
    assert [r.getMessage() for r in caplog.records] == [
        f"reddit source rd: reddit: before of /r/socialops/new {stuck.names()[0]!r} came back "
        "again: paging stopped, the rest waits for the next poll"]


def test_fullname_order_follows_base36() -> None:
    assert fullname_order("t3_100") > fullname_order("t3_zz")
    assert fullname_order("t1_10") == 36 and fullname_order("t1_a") == 10
    assert fullname_order("t3_") == -1 and fullname_order("bogus!") == -1


@pytest.mark.parametrize("created", [True, -86400.0, None, "1700000000"])
async def test_a_thing_without_a_readable_time_does_not_end_a_first_run(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        created: Any) -> None:
    """The first old thing of a new-first listing ends the first run's window; one whose time
    the normaliser cannot read is skipped and counted, and does not. ``true`` (read as 1,
    1970) and a time before 1970 (no Mention's) ended it there: the things after it in the
    window were never read."""
    things = synthetic(5, newest=clock.now)
    things[1]["data"]["created_utc"] = created
    net.handler("GET", "/r/socialops/new", World(things))
    src = source(net, store, client, clock, backfill_minutes=60)
    assert numbers(await src.poll()) == [0, 1, 2, 4]
    assert src.skipped.total == 1


async def test_what_reddits_admins_leave_of_a_removed_thing_is_gone(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A thing Reddit's own admins removed keeps a notice where its words were: the comment's
    body "[ Removed by Reddit ]", the post's title the same and its text the content policy
    (or copyright) notice. Each was read as a post: a card saying "[ Removed by Reddit ]"."""
    posts = synthetic(4, newest=clock.now)
    policy = ("[ Removed by Reddit on account of violating the [content policy]"
              "(/help/contentpolicy). ]")
    posts[0]["data"].update(title="[ Removed by Reddit ]", selftext=policy)
    posts[1]["data"].update(title="[ Removed by reddit ]",
                            selftext="[ Removed by Reddit in response to a copyright notice. ]")
    # the title stays on the post's page, but the post is taken down: no card either (it was
    # read as its title; docs/networks.md, Reddit, Skips)
    posts[2]["data"].update(selftext=policy, is_self=True)
    net.handler("GET", "/r/socialops/new", World(posts))
    good = real("subreddit_comments_stream_page.json")["data"]["children"][0]
    removed = copy.deepcopy(good)
    # its author blanked with its words, as Reddit shows it (reddit-archive/reddit,
    # r2/r2/models/link.py, ``Comment.add_props``): a named author's "[ Removed by Reddit ]"
    # is their own words (tests/integrations/test_review_reddit_said_by_fields.py)
    removed["data"].update(id="zz1", name="t1_zz1", body="[ Removed by Reddit ]",
                           author="[deleted]", author_fullname=None)
    for t in (removed, good):
        t["data"]["created_utc"] = clock.now.timestamp() - 60
    net.handler("GET", "/r/socialops/comments", World([removed, good]))
    src = source(net, store, client, clock, comments=True)
    got = {m.id: m for m in await src.poll()}
    assert set(got) == {f"reddit:{posts[3]['data']['name']}", f"reddit:{good['data']['name']}"}
    assert src.gone == 4 and not src.skipped


async def test_a_thing_whose_name_is_not_its_kinds_is_named_by_its_kind_and_id(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A name of "" (or of another kind) was the mention's id: "reddit:", every such thing the
    same mention (the second never reached a channel)."""
    things = synthetic(4, newest=clock.now)
    for thing, name in zip(things[1:3], ("", "t1_"), strict=True):
        thing["data"]["name"] = name
    net.handler("GET", "/r/socialops/new", World(things))
    got = await source(net, store, client, clock).poll()
    assert sorted(m.id for m in got) == sorted(f"reddit:t3_{t['data']['id']}" for t in things)


async def test_a_permalink_off_the_site_is_counted_and_not_the_address(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A post's permalink "https://evil.example/..." was the card's "Open on Reddit" link. It is
    refused with one warning line and one count in the skip log (``mentions_skipped_total``);
    the address is made of the post's id and subreddit."""
    post = copy.deepcopy(real("subreddit_new_listing_100_after_cursor.json")
                         ["data"]["children"][0])
    post["data"]["permalink"] = "https://evil.example/r/kakapo/comments/x/"
    post["data"]["created_utc"] = clock.now.timestamp() - 60
    net.handler("GET", "/r/socialops/new", World([post]))
    src = source(net, store, client, clock)
    [got] = await src.poll()
    assert got.url == "https://www.reddit.com/r/AskReddit/comments/48fbm9/"
    assert src.skipped.total == 1
    assert src.skipped[0] == ("reddit:t3_48fbm9: permalink "
                              "'https://evil.example/r/kakapo/comments/x/' "
                              "is no address on https://www.reddit.com; not used")


async def test_a_thing_dated_far_ahead_is_dated_when_fetched_logged_and_counted(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """created_utc 7e9 (2191) was kept: first in its author's history for ever, the lag 0. It
    is dated by the poll's clock now (Reddit documents no other time), said and counted."""
    things = synthetic(3, newest=clock.now)
    things[0]["data"]["created_utc"] = 7_000_000_000.0
    net.handler("GET", "/r/socialops/new", World(things))
    src = source(net, store, client, clock, backfill_minutes=10)
    got = {m.id: m for m in await src.poll()}
    far = f"reddit:{things[0]['data']['name']}"
    assert got[far].created_at == clock.now
    assert all(m.created_at < clock.now for k, m in got.items() if k != far)
    assert src.skipped.total == 1 and far in src.skipped[0] and "2191" in src.skipped[0]


async def test_a_comment_with_two_addresses_refused_is_one_item_counted_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """socialops_mentions_skipped_total counts items ("or read with a field refused"): a comment
    whose ``permalink`` and ``context`` both name another site counted 2, one comment read. It
    counts 1 now, each field still said in its own warning line; the next comment, refused
    too, counts its own 1."""
    first = copy.deepcopy(real("subreddit_comments_stream_page.json")["data"]["children"][0])
    second = copy.deepcopy(first)
    second["data"].update(id="zz9", name="t1_zz9")
    for thing in (first, second):
        thing["data"]["created_utc"] = clock.now.timestamp() - 60
        thing["data"]["permalink"] = "https://evil.example/r/kakapo/comments/a/"
    first["data"]["context"] = "https://evil.example/r/kakapo/comments/b/?context=3"
    net.handler("GET", "/r/socialops/comments", World([second, first]))
    net.handler("GET", "/r/socialops/new", World([]))
    src = source(net, store, client, clock, comments=True)
    with caplog.at_level("WARNING"):
        got = await src.poll()
    assert len(got) == 2 and all(m.url and "evil" not in m.url for m in got)
    assert src.skipped.total == 2, list(src.skipped)
    assert len(src.skipped) == 3
    lines = [r.getMessage() for r in caplog.records]
    assert sorted(line.split(": ")[1] + " " + line.split(": ")[2].split(" ")[0]
                  for line in lines) == ["reddit:t1_dgauydy context", "reddit:t1_dgauydy permalink",
                                         "reddit:t1_zz9 permalink"]
