"""The team's own X replies while X will not say whose the user token is (a social media
manager's review, after the Mastodon source learnt to hold: b3dd982b). A source that posts
(``user_token``) without a ``user_id`` learns its account from ``GET /2/users/me``; while that
failed (a timeout, a 429, a 5xx) the poll read on without it, and the team's own reply that
recent search found opened a ticket about itself. Another X source with such a token was never
asked at all. Now the poll holds (fails in one line, nothing read, the cursor unmoved) until
every account is known, and reads then what came meanwhile, the team's posts skipped.

The app as it runs (``open_app``, a SQLite file or a real redis-server), its Slack the local
wire-level one, X ``tests/support``'s fake, polled by the runtime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import RateLimited, SourceAuthError, SourceError
from tests.conftest import FakeClock
from tests.e2e.test_review_own_while_unknown import polled, ticketed
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World, running_world
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import Fault, NetServer

THEIRS, OURS = "1865000000000000001", "1865000000000000002"


def near_now() -> FakeClock:
    return FakeClock(datetime.now(UTC).replace(second=0, microsecond=0))


def x_sources(net: NetServer, *, peer: bool) -> str:
    """An X source that searches and posts, without its user_id; with ``peer``, the posting
    account is another source's and this one only searches."""
    if peer:
        return (f'  - {{id: x1, type: x, base_url: "{net.base}", bearer_token: app, '
                "queries: [acme]}\n"
                f'  - {{id: x-acme, type: x, base_url: "{net.base}", user_token: user}}\n')
    return (f'  - {{id: x1, type: x, base_url: "{net.base}", bearer_token: app, '
            "user_token: user, queries: [acme]}\n")


def tweets(net: NetServer, w: World) -> None:
    """A customer's complaint about acme and the team's reply to it, both found by search."""
    made = [(w.clock() - timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            for m in (5, 6)]
    page: dict[str, Any] = {
        "data": [{"id": OURS, "author_id": USER_ID, "created_at": made[0],
                  "text": "@kasia acme login is down for everyone, sorry, please bear with us",
                  "edit_history_tweet_ids": [OURS]},
                 {"id": THEIRS, "author_id": "555", "created_at": made[1],
                  "text": "acme login is down for me, please help",
                  "edit_history_tweet_ids": [THEIRS]}],
        "includes": {"users": [{"id": USER_ID, "username": "acmesupport", "name": "Acme"},
                               {"id": "555", "username": "kasia", "name": "Kasia"}]},
        "meta": {"result_count": 2, "newest_id": OURS, "oldest_id": THEIRS}}
    net.json("GET", "/2/tweets/search/recent", page)


@pytest.mark.parametrize("store", ["sqlite", "redis"])
@pytest.mark.parametrize("peer", [False, True])
@pytest.mark.parametrize(("fault", "raised", "said"), [
    (Fault.server_error(503), SourceError, "503"),
    (Fault.rate_limited({"Retry-After": "120"}), RateLimited,
     "rate limited"),
])
async def test_the_teams_own_tweet_opens_no_ticket_while_its_account_is_not_known(
        tmp_path: Path, store: str, peer: bool, fault: Fault, raised: type[Exception],
        said: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("redis_url") if store == "redis" else None
    async with NetServer() as net:
        FakeX(net)
        async with running_world(tmp_path, near_now(), extra=UNPACED, store=store,
                                 redis_url=url, sources=x_sources(net, peer=peer)) as w:
            tweets(net, w)
            net.fault("GET", "/2/users/me", fault)
            runtime, source = w.a.runtime(), w.a.sources["x1"]
            failed = await polled(w, raised, "x1")
            assert "bear with us" not in ticketed(w)  # the team's tweet: a ticket about it
            assert failed and "\n" not in failed, failed
            assert said in failed and "x1" in failed, failed
            assert "nothing is read until" in failed, failed
            assert ("the account of source x-acme" if peer else "its account") in failed
            assert "acme login" not in ticketed(w)
            assert net.requests_to("/2/tweets/search/recent") == []
            w.clock.advance(minutes=3)
            assert await runtime.poll_once(source, here=True) == 1  # X answers again
            await w.a.outbox.drain()
            assert THEIRS in ticketed(w)
            assert OURS not in ticketed(w) and "bear with us" not in ticketed(w)
            assert [s for s in source.skipped if s.startswith("own post")] == [  # type: ignore[attr-defined]
                f"own post: x:{OURS}"]


async def test_a_refused_user_token_stops_the_poll_saying_so_until_it_is_renewed(
        tmp_path: Path) -> None:
    """The user token refused (401): whose tweets are ours cannot be known, and it will not
    fix itself. The poll stops saying so in one line (check the source's tokens), as any
    refused token does; it read on before, the team's reply a customer's."""
    async with NetServer() as net:
        FakeX(net)
        async with running_world(tmp_path, near_now(), extra=UNPACED,
                                 sources=x_sources(net, peer=False)) as w:
            tweets(net, w)
            net.fault("GET", "/2/users/me", Fault.unauthorized(), Fault.unauthorized())
            runtime, source = w.a.runtime(), w.a.sources["x1"]
            for _ in range(2):
                failed = await polled(w, SourceAuthError, "x1")
                assert "bear with us" not in ticketed(w)
                w.clock.advance(minutes=1)
            assert failed and "\n" not in failed and "401" in failed, failed
            assert "check the source's" in failed and "user_token" in failed, failed
            assert net.requests_to("/2/tweets/search/recent") == []
            before = len(w.said_to(CAROL))
            assert await w.slash(CAROL, SUPPORT, f"why https://x.com/kasia/status/{THEIRS}") == 200
            await w.until(lambda: len(w.said_to(CAROL)) > before, "the answer to why")
            said = w.said_to(CAROL)[-1]
            assert "cannot tell its account's posts from others'" in said, said
            assert await runtime.poll_once(source, here=True) == 1  # renewed: read again
            await w.a.outbox.drain()
            assert THEIRS in ticketed(w) and OURS not in ticketed(w)
