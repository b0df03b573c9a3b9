"""A disabled source whose token the server refuses holds no other source (an SRE's review),
against the local Mastodon server.

``enabled: false`` keeps a source configured and never polled; its account was still one of
ours, asked at every poll of every source of its network, and a token refused (a stale one,
the usual reason to disable a source) held them all: every Mastodon source read nothing,
failing with "renew m-old's token, or take it out of the config", which ``socialops check
--online`` never said (it asks enabled sources only). A refused token posts nothing through
the bot, so nothing of ours can come back from it: the others read on, said once in a warning.
A disabled source whose server fails otherwise (a 5xx) still holds, as an enabled one does: its
token may still publish."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.compose import build_source
from bot.core.errors import SourceError
from integrations.social.mastodon.config import MastodonSourceConfig
from tests.conftest import FakeClock
from tests.e2e.test_review_x_own_while_unknown import near_now, tweets
from tests.e2e.world import UNPACED, running_world
from tests.integrations.test_bluesky_services import Cursors
from tests.integrations.test_own_posts import MASTODON, NOW
from tests.support.fake_x import FakeX
from tests.support.netserver import NetServer


def sources(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> Any:
    clock.now = NOW
    status = json.loads((MASTODON / "status_edited_cw_mention_customemoji_gifv.json")
                        .read_text(encoding="utf-8"))
    theirs = copy.deepcopy(status)
    theirs["created_at"] = (NOW - timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    net.json("GET", "/api/v1/timelines/tag/acme", [theirs])
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base,
                               hashtags=("acme",), timeout=2)
    old = MastodonSourceConfig(id="m-old", type="mastodon", base_url=net.base,
                               token="stale", hashtags=(), timeout=2, enabled=False)
    return build_source(cfg, store=Cursors(), client=client, clock=clock, peers=(cfg, old))


async def test_a_disabled_source_with_a_refused_token_holds_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    net.json("GET", "/api/v1/accounts/verify_credentials",
             {"error": "The access token is invalid"}, status=401)
    source = sources(net, client, clock)
    with caplog.at_level("WARNING", logger="integrations.social"):
        got = await source.poll()  # before: SourceError "... renew m-old's token ..."
        await source.poll()
    assert len(got) == 1
    said = [r.getMessage() for r in caplog.records]
    assert said == [
        "mastodon m: the token of source m-old (enabled: false) is refused (mastodon: "
        "GET /api/v1/accounts/verify_credentials refused the token (401) The access token is "
        "invalid): its posts cannot be told from others', read on; renew its token, or take "
        "it out of the config"], said


async def test_a_disabled_source_whose_server_fails_still_holds(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.json("GET", "/api/v1/accounts/verify_credentials", {"error": "down"}, status=503)
    source = sources(net, client, clock)
    with pytest.raises(SourceError) as failed:
        await source.poll()
    assert "the account of source m-old" in str(failed.value)


@pytest.mark.parametrize("store", ["sqlite", "redis"])
async def test_a_disabled_x_source_with_a_refused_user_token_holds_nothing(
        tmp_path: Path, store: str, request: pytest.FixtureRequest,
        caplog: pytest.LogCaptureFixture) -> None:
    """X's, in the app as it runs (``open_app``, the fake X server): the search-only source
    reads both tweets, where it failed naming x-acme at every poll."""
    url = request.getfixturevalue("redis_url") if store == "redis" else None
    async with NetServer() as net:
        FakeX(net)
        sources = (f'  - {{id: x1, type: x, base_url: "{net.base}", bearer_token: app, '
                   "queries: [acme]}\n"
                   f'  - {{id: x-acme, type: x, base_url: "{net.base}", user_token: user, '
                   "enabled: false}\n")
        async with running_world(tmp_path, near_now(), extra=UNPACED, store=store,
                                 redis_url=url, sources=sources) as w:
            tweets(net, w)
            net.json("GET", "/2/users/me", {"title": "Unauthorized", "status": 401}, status=401)
            with caplog.at_level("WARNING", logger="integrations.social"):
                assert await w.a.runtime().poll_once(w.a.sources["x1"], here=True) == 2
            said = [r.getMessage() for r in caplog.records if "x-acme" in r.getMessage()]
            assert len(said) == 1 and said[0].startswith(
                "x x1: the token of source x-acme (enabled: false) is refused ("), said
