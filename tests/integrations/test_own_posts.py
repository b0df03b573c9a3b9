"""Our own accounts' posts never become mentions: every source drops what any account
configured for its network posted (counted in ``skipped`` as "own post"), so an approved reply
that comes back through search cannot open a ticket about itself."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.compose import build_source
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



async def test_an_account_whose_token_is_refused_is_asked_again_but_said_once(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Another Mastodon account's refused token: verify_credentials is asked again at each poll
    (the token may be fixed), but its line came at every poll of every source; now once."""
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
            assert await source.poll() == []
    assert len(net.requests_to("/api/v1/accounts/verify_credentials")) == 3
    said = [r.getMessage() for r in caplog.records if "cannot tell who" in r.getMessage()]
    assert len(said) == 1 and "m-acme" in said[0], said

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
