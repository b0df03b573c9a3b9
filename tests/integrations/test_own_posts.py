"""Our own accounts' posts never become mentions: every source drops what any account
configured for its network posted (counted in ``skipped`` as "own post"), so an approved reply
that comes back through search cannot open a ticket about itself."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.compose import build_source
from bot.core.errors import SourceAuthError, SourceError
from integrations.social.bluesky.source import BlueskyPublisher
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.x.config import XSourceConfig
from tests.conftest import FakeClock
from tests.integrations.test_bluesky_services import ACME, Cursors, Services
from tests.integrations.test_reddit import TOKEN, World, synthetic
from tests.support.netserver import NetServer

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MASTODON = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


@pytest.fixture
async def services() -> AsyncIterator[Services]:
    async with NetServer() as appview, NetServer() as pds:
        s = Services(appview, pds)
        yield s
        await s.pds.close()


def own_skips(source: Any) -> list[str]:
    return [s for s in source.skipped if s.startswith("own post")]


async def test_an_approved_bluesky_reply_found_by_search_is_not_a_mention(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    s.pds.clock_iso = (NOW - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    parent = s.post(1, NOW - timedelta(minutes=5), "acme broke my order")
    publisher_cfg = s.config(id="bsky-acme", queries=())
    # a search-only source (no credentials) and the publishing account's own source
    search_cfg = s.config(id="bsky-search", handle=None, app_password=None)
    peers = (publisher_cfg, search_cfg)
    await BlueskyPublisher(publisher_cfg, client=client, clock=clock).publish(
        "acme here: refunded, sorry!", reply_to=f"bluesky:{parent}", idempotency_key="A-1:h")
    for cfg in (search_cfg, s.config(id="bsky-own")):
        source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock,
                                   peers=(*peers, cfg))
        got = await source.poll()
        assert [m.text for m in got] == ["acme broke my order"], cfg.id
        [skip] = own_skips(source)
        assert skip.startswith(f"own post: bluesky:at://{ACME}/")


async def test_our_mastodon_accounts_on_any_server_are_dropped(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    status = json.loads((MASTODON / "status_edited_cw_mention_customemoji_gifv.json")
                        .read_text(encoding="utf-8"))
    theirs = copy.deepcopy(status)
    ours = copy.deepcopy(status)
    ours["id"], ours["account"]["id"] = str(int(status["id"]) + 1), "777"
    ours["account"].update(acct="acme", url=f"{net.base}/@acme", username="acme")
    # the same account seen from another server: another id, a qualified acct
    relayed = copy.deepcopy(ours)
    relayed["id"], relayed["account"]["id"] = str(int(status["id"]) + 2), "99999"
    relayed["account"]["acct"] = "acme@127.0.0.1"
    for s in (theirs, ours, relayed):
        s["created_at"] = (NOW - timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    net.json("GET", "/api/v1/timelines/tag/acme", [relayed, ours, theirs])
    net.json("GET", "/api/v1/accounts/verify_credentials", ours["account"])
    clock.now = NOW
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base, token="tok",
                               hashtags=("acme",), timeout=2)
    source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock,
                               peers=(cfg,))
    got = await source.poll()
    assert [m.native_id for m in got] == [status["id"]]
    assert len(own_skips(source)) == 2
    [who] = net.requests_to("/api/v1/accounts/verify_credentials")
    assert who.headers["Authorization"] == "Bearer tok"
    await source.poll()
    assert len(net.requests_to("/api/v1/accounts/verify_credentials")) == 1  # learnt once



async def test_an_account_whose_token_is_refused_holds_the_poll_asked_again_each_time(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Another Mastodon account's refused token: its posts cannot be told from a customer's,
    so the search-only source reads nothing (its poll fails naming that account and what to
    do, in one line) and asks verify_credentials again at each poll (the token may be fixed).
    It read on before, and the account's replies came in as mentions; and the INFO line of
    the refusal, said beside the failed poll's, is gone."""
    net.json("GET", "/api/v1/timelines/tag/acme", [])
    net.json("GET", "/api/v1/accounts/verify_credentials", {"error": "The access token is "
                                                                     "invalid"}, status=401)
    clock.now = NOW
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base,
                               hashtags=("acme",), timeout=2)
    publisher = MastodonSourceConfig(id="m-acme", type="mastodon", base_url=net.base,
                                     token="revoked", hashtags=(), timeout=2)
    source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock,
                               peers=(cfg, publisher))
    with caplog.at_level("INFO", logger="integrations.social.mastodon.source"):
        for _ in range(3):
            with pytest.raises(SourceError) as failed:
                await source.poll()
    said = str(failed.value)
    assert not isinstance(failed.value, SourceAuthError), said  # this source's own is fine
    assert "\n" not in said and "the account of source m-acme" in said, said
    assert "401" in said and "renew m-acme's token, or take it out of the config" in said, said
    assert len(net.requests_to("/api/v1/accounts/verify_credentials")) == 3
    assert net.requests_to("/api/v1/timelines/tag/acme") == []
    assert [r.getMessage() for r in caplog.records] == []
    net.json("GET", "/api/v1/accounts/verify_credentials", {
        "id": "777", "username": "acme", "acct": "acme", "url": f"{net.base}/@acme"})
    assert await source.poll() == []  # renewed: read again
    assert len(net.requests_to("/api/v1/timelines/tag/acme")) == 1


async def test_the_stream_does_not_start_while_its_account_is_not_known(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The stream, as the poll: while verify_credentials fails (a 503), the team's posts on
    the hashtag stream cannot be told from a customer's; it connected anyway and passed them
    on as mentions. It fails before connecting (the runtime retries it with backoff)."""
    net.json("GET", "/api/v1/accounts/verify_credentials", {"error": "down"}, status=503)
    net.json("GET", "/api/v1/streaming/hashtag", {"error": "not to be asked"}, status=500)
    clock.now = NOW
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base, token="tok",
                               hashtags=("acme",), stream=True, timeout=2)
    source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock,
                               peers=(cfg,))
    with pytest.raises(SourceError, match="nothing is read until"):
        await anext(source.stream())
    assert net.requests_to("/api/v1/streaming/hashtag") == []
    assert net.requests_to("/api/v2/instance") == []


async def test_our_x_account_is_dropped_by_user_id(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    def tweet(n: str, author: str) -> dict[str, Any]:
        return {"id": n, "text": f"acme tweet {n}", "author_id": author,
                "created_at": "2026-11-23T08:55:00.000Z"}

    net.json("GET", "/2/tweets/search/recent", {
        "data": [tweet("1002", "42"), tweet("1001", "7")],
        "includes": {"users": [{"id": "42", "username": "acme", "name": "Acme"},
                               {"id": "7", "username": "kasia", "name": "Kasia"}]},
        "meta": {"newest_id": "1002", "oldest_id": "1001", "result_count": 2}})
    clock.now = NOW
    search = XSourceConfig(id="x-search", type="x", base_url=net.base, bearer_token="b",
                           queries=("acme",))
    account = XSourceConfig(id="x-acme", type="x", base_url=net.base, user_token="u",
                            user_id="42")
    source: Any = build_source(search, store=Cursors(), client=client, clock=clock,
                               peers=(search, account))
    assert [m.native_id for m in await source.poll()] == ["1001"]
    assert own_skips(source) == ["own post: x:1002"]


async def test_our_reddit_account_is_dropped_by_username(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.json("POST", TOKEN, {"access_token": "tok-1", "token_type": "bearer",
                             "expires_in": 3600, "scope": "*"})
    things = synthetic(2, newest=clock.now)
    things[0]["data"]["author"] = "BotUser"  # reddit names are case-insensitive
    things[1]["data"]["author"] = "kasia"
    net.handler("GET", "/r/socialops/new", World(things))
    cfg = RedditSourceConfig(id="rd", type="reddit", base_url=net.base, auth_url=net.base,
                             client_id="cid", client_secret="sec", username="botuser",
                             password="pw", subreddits=("socialops",), comments=False,
                             timeout=1.0)
    source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock,
                               peers=(cfg,))
    got = await source.poll()
    assert [m.author.handle for m in got] == ["kasia"]
    assert len(own_skips(source)) == 1


async def test_bluesky_jetstream_waits_for_our_did_when_resolving_our_handle_fails(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A Jetstream event names its author by DID alone, so our posts on it are known by the
    DID that ``resolveHandle`` gives for our handle. While that failed (a 503) the stream
    connected anyway, and kept its unknown DID for as long as it stayed connected: the team's
    post came in as a mention. It fails before connecting (the runtime reconnects it with
    backoff, resolving again); a handle nobody has (a 400) is no reason to wait."""
    from integrations.social.bluesky.config import BlueskySourceConfig

    ours, kasia = "did:plc:acmeacmeacmeacmeacmeacme", "did:plc:kasiakasiakasiakasiakasi"

    def event(did: str, rkey: str, text: str) -> str:
        return json.dumps({"did": did, "time_us": int(NOW.timestamp() * 1_000_000),
                           "kind": "commit", "commit": {
                               "rev": "3l", "operation": "create", "cid": "bafy",
                               "collection": "app.bsky.feed.post", "rkey": rkey, "record": {
                                   "$type": "app.bsky.feed.post", "text": text,
                                   "createdAt": NOW.isoformat().replace("+00:00", "Z")}}})

    net.json("GET", "/xrpc/com.atproto.identity.resolveHandle", {"did": ours})
    net.json("GET", "/xrpc/com.atproto.identity.resolveHandle", {"error": "InternalServerError"},
             status=503)
    connects = net.websocket("/subscribe", [event(ours, "3kours", "acme: fixed, sorry!"),
                                            event(kasia, "3ktheirs", "acme is down")])
    clock.now = NOW
    publisher = BlueskySourceConfig(id="bsky-acme", type="bluesky", base_url=net.base,
                                    pds_url=net.base, handle="acme.example",
                                    app_password="pw", queries=(), timeout=2)
    cfg = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base, pds_url=net.base,
                              jetstream_url=net.ws_base, stream=True, stream_keywords=("acme",),
                              queries=(), timeout=2)
    source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock,
                               peers=(cfg, publisher))

    async def first() -> Any:
        async for mention in source.stream():
            return mention

    with pytest.raises(SourceError, match="nothing is read until") as failed:
        await asyncio.wait_for(first(), timeout=10)
    assert "acme.example" in str(failed.value) and "503" in str(failed.value), failed.value
    assert connects == []
    net.json("GET", "/xrpc/com.atproto.identity.resolveHandle", {"did": ours})
    got = await asyncio.wait_for(first(), timeout=10)  # reconnected: resolved this time
    assert got.id == f"bluesky:at://{kasia}/app.bsky.feed.post/3ktheirs"
    assert own_skips(source) == [f"own post: bluesky:at://{ours}/app.bsky.feed.post/3kours"]


async def test_bluesky_jetstream_waits_no_more_once_our_handle_is_said_to_be_nobodys(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A handle nobody has (a 400) is no reason to wait, but one that failed first with a 503
    kept that 503 when it then answered 400: the stream refused to connect for good, quoting
    a failure long past (a senior review of the afternoon's diff, 2026-12-06). The failure
    kept is the last answer's: a 400 clears it, and the stream connects."""
    from integrations.social.bluesky.config import BlueskySourceConfig

    kasia = "did:plc:kasiakasiakasiakasiakasi"
    net.json("GET", "/xrpc/com.atproto.identity.resolveHandle", {"error": "InternalServerError"},
             status=503)
    net.websocket("/subscribe", [json.dumps({
        "did": kasia, "time_us": int(NOW.timestamp() * 1_000_000), "kind": "commit",
        "commit": {"rev": "3l", "operation": "create", "cid": "bafy",
                   "collection": "app.bsky.feed.post", "rkey": "3ktheirs", "record": {
                       "$type": "app.bsky.feed.post", "text": "acme is down",
                       "createdAt": NOW.isoformat().replace("+00:00", "Z")}}})])
    clock.now = NOW
    publisher = BlueskySourceConfig(id="bsky-acme", type="bluesky", base_url=net.base,
                                    pds_url=net.base, handle="gone.example",
                                    app_password="pw", queries=(), timeout=2)
    cfg = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base, pds_url=net.base,
                              jetstream_url=net.ws_base, stream=True, stream_keywords=("acme",),
                              queries=(), timeout=2)
    source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock,
                               peers=(cfg, publisher))

    async def first() -> Any:
        async for mention in source.stream():
            return mention

    with pytest.raises(SourceError, match="nothing is read until"):
        await asyncio.wait_for(first(), timeout=10)
    net.json("GET", "/xrpc/com.atproto.identity.resolveHandle",
             {"error": "InvalidRequest", "message": "Unable to resolve handle"}, status=400)
    got = await asyncio.wait_for(first(), timeout=10)  # nobody's: not waited for
    assert got.id == f"bluesky:at://{kasia}/app.bsky.feed.post/3ktheirs"
