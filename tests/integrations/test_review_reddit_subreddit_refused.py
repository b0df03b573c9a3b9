"""A subreddit Reddit refuses to list, read as a Reddit API developer (a second pass): made
private, quarantined, banned, or for Premium members. Reddit answers its listings 403
``{"reason": "private" | "quarantined" | "gold_only", "message": "Forbidden", "error": 403}`` or
404 ``{"reason": "banned", "message": "Not Found", "error": 404}`` (prawcore maps them to
Forbidden / NotFound; a quarantined subreddit is listed only to a user who opted in to it on
reddit.com: praw's ``SubredditQuarantine.opt_in``, "next(subreddit.hot())  # Raises
prawcore.Forbidden" before).

The source kept its other subreddits, but said each as ``reddit: /r/gonesub/new forbidden (403
private)`` or ``reddit: /r/gonesub/new answered 404: banned Not Found``, naming neither the
subreddit as configured nor what to do, and once for each of its listings (``/new`` and
``/comments``), each asked at every poll. Now one line per subreddit and poll says what Reddit
said of it and what to change, and its other listing is not asked that poll (still failing in
source health, its cursor kept)."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import httpx
import pytest

from bot.core.errors import SourceError
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.integrations.test_reddit import World, net, source, store, synthetic  # noqa: F401
from tests.support.netserver import Fault, NetServer

EMPTY = {"kind": "Listing", "data": {"after": None, "before": None, "dist": 0, "children": []}}


def refused(status: int, reason: str) -> Fault:
    return Fault.http(status, {"Content-Type": "application/json"},
                      {"reason": reason, "message": "Forbidden" if status == 403
                       else "Not Found", "error": status})


@pytest.mark.parametrize(("status", "reason", "said", "todo"), [
    (403, "private", "r/gonesub is private", "approved user"),
    (403, "quarantined", "r/gonesub is quarantined", "opt in"),
    (404, "banned", "r/gonesub is banned by Reddit", "take it out of subreddits"),
    (403, "gold_only", "r/gonesub is for Reddit Premium members only",
     "take it out of subreddits"),
])
async def test_a_subreddit_reddit_refuses_is_one_line_saying_what_to_change(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,  # noqa: F811
        caplog: pytest.LogCaptureFixture, status: int, reason: str, said: str,
        todo: str) -> None:
    live = World(synthetic(3, newest=clock.now - timedelta(minutes=1)))
    net.handler("GET", "/r/socialops/new", live)
    net.json("GET", "/r/socialops/comments", EMPTY)
    for listing in ("new", "comments"):
        net.json("GET", f"/r/gonesub/{listing}", EMPTY)
        net.fault("GET", f"/r/gonesub/{listing}", *([refused(status, reason)] * 10))
    src = source(net, store, client, clock, subreddits=("gonesub", "socialops"),
                 comments=True)
    for poll in range(2):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            got = await src.poll()
        if poll == 0:
            assert sorted(m.text for m in got) == ["post-0", "post-1", "post-2"]
        lines = [r.getMessage() for r in caplog.records if "gonesub" in r.getMessage()]
        assert len(lines) == 1, lines  # one a poll, not one a listing
        [line] = lines
        assert said in line and todo in line and "\n" not in line, line
        assert "u/botuser" in line or reason in ("banned", "gold_only"), line
        assert sorted(src.failing_parts()) == ["/r/gonesub/comments", "/r/gonesub/new"]
        assert all(said in why for why in src.failing_parts().values())
    # one request a poll for the subreddit: its other listing is not asked the same poll
    asked = len(net.requests_to("/r/gonesub/new")) + len(net.requests_to("/r/gonesub/comments"))
    assert asked == 2, asked
    cursor = json.loads(await store.get_cursor(src.id) or "{}")
    assert "new:gonesub" not in cursor and "comments:gonesub" not in cursor


async def test_a_client_credentials_app_is_told_a_quarantined_subreddit_needs_a_user(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,  # noqa: F811
        ) -> None:
    """Only a user opts in: an app without an account cannot read it at all."""
    net.handler("GET", "/r/socialops/new", World(synthetic(1, newest=clock.now)))
    net.fault("GET", "/r/gonesub/new", refused(403, "quarantined"))
    src = source(net, store, client, clock, subreddits=("gonesub", "socialops"),
                 username=None, password=None)
    await src.poll()
    why = src.failing_parts()["/r/gonesub/new"]
    assert "r/gonesub is quarantined" in why and "username and password" in why, why


async def test_every_subreddit_refused_still_fails_the_poll(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,  # noqa: F811
        ) -> None:
    net.fault("GET", "/r/gonesub/new", refused(403, "private"))
    src = source(net, store, client, clock, subreddits=("gonesub",), comments=True)
    with pytest.raises(SourceError, match="r/gonesub is private"):
        await src.poll()
