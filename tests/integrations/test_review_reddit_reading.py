"""How the Reddit source reads, from a brand's listening review (2026-12-06), over real HTTP
against a local server speaking Reddit's listing format (tests/integrations/test_reddit.py's
``World``), on a real SQLite store.

* Redirects. Reddit answers a listing of a subreddit that does not exist (a name misspelt:
  ``acmee``) with a redirect to its subreddit search, ``/subreddits/search?q=<name>`` (praw's
  ``prawcore.exceptions.Redirect: Redirect to /subreddits/search``, met by every client:
  michael-lazar/rtv#47, Serene-Arc/bulk-downloader-for-reddit#273 and #633), and a search whose
  query is an address with one to its submit page (praw-dev/praw#880: "Redirect to /submit",
  ``url:"..."`` searches what was meant). The source said only that the body was not JSON, at
  every poll, in source health's failing parts: nothing said which name to put right.
* Posts that appear late. A post the spam filter held (a new account's, a link: what a brand's
  unhappy first-time posters write) is approved by a moderator later, and Reddit then lists it
  at the front of /new ("When a moderator approves a spam filtered link it will be put into the
  new listing with the current time (moving it to the front)", r/changelog, 2012-04-18,
  "Approved links move to the top of the new listing"), keeping its id, older than the posts
  listed since. ``before=<cursor>`` answered it, and the source dropped it as "older than the
  cursor" (its guard against a listing that ignores ``before``): lost, silently, for good.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from aiohttp import web

from bot.core.ports import Store
from integrations.social.reddit.source import LATE_REACH
from tests.conftest import FakeClock
from tests.integrations.test_reddit import (  # noqa: F401
    World,
    net,
    source,
    store,
    synthetic,
)
from tests.support.netserver import Fault, NetServer


def redirect(to: str) -> Fault:
    return Fault.http(302, {"Location": to, "Content-Type": "text/html; charset=utf-8"}, "")


async def test_a_subreddit_that_does_not_exist_is_said_by_name(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    live = World(synthetic(2, newest=clock.now - timedelta(minutes=1)))
    net.handler("GET", "/r/socialops/new", live)
    net.fault("GET", "/r/acmee/new", *[redirect(
        "https://oauth.reddit.com/subreddits/search?q=acmee&raw_json=1&limit=100")] * 3)
    src = source(net, store, client, clock, subreddits=("acmee", "socialops"))
    got = await src.poll()
    assert sorted(m.text for m in got) == ["post-0", "post-1"]  # the others are read
    [(path, why)] = src.failing_parts().items()
    assert path == "/r/acmee/new"
    assert "r/acmee does not exist" in why and "subreddits" in why and "\n" not in why


async def test_a_search_for_an_address_is_said_with_what_to_write(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    net.fault("GET", "/search", redirect(
        "https://oauth.reddit.com/submit?url=https%3A%2F%2Facme.example%2F"))
    src = source(net, store, client, clock, subreddits=(),
                 queries=("https://acme.example/",))
    with pytest.raises(Exception) as caught:  # its one listing failed: the poll fails
        await src.poll()
    said = str(caught.value)
    assert "url:" in said and "queries" in said and "\n" not in said


async def test_another_redirect_names_where_it_went(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    net.fault("GET", "/r/socialops/new", redirect("https://www.reddit.com/login/"))
    src = source(net, store, client, clock)
    with pytest.raises(Exception) as caught:
        await src.poll()
    assert "302" in str(caught.value) and "/login/" in str(caught.value)


async def test_a_post_approved_late_and_listed_ahead_of_the_cursor_is_read_once(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    # held by the spam filter: made 20 minutes ago, id 1_000_000_001; three posts made since
    # are listed, the newest first
    held = synthetic(1, newest=clock.now - timedelta(minutes=20), start=1)[0]
    later = synthetic(3, newest=clock.now - timedelta(minutes=1), start=2)
    live = World(list(later) + synthetic(1, newest=clock.now - timedelta(minutes=30)))
    net.handler("GET", "/r/socialops/new", live)
    src = source(net, store, client, clock)
    first = await src.poll()
    assert sorted(m.text for m in first) == ["post-0", "post-2", "post-3", "post-4"]
    # a moderator approves it: Reddit moves it to the front of /new, its id as it was
    live.things.insert(0, held)
    clock.advance(seconds=60)
    assert [m.text for m in await src.poll()] == ["post-1"]
    # listed ahead of the cursor till a newer post comes: the next polls' before=<cursor>
    # answer it again, and it is not read again (a restart between them too: the store keeps
    # it); a newer post moves the cursor past it
    clock.advance(seconds=60)
    assert await src.poll() == []
    again = source(net, store, client, clock)
    assert await again.poll() == []
    live.things.insert(0, synthetic(1, newest=clock.now, start=5)[0])
    clock.advance(seconds=60)
    assert [m.text for m in await again.poll()] == ["post-5"]
    clock.advance(seconds=60)
    assert await again.poll() == []


async def test_a_listing_that_ignores_before_still_doubles_nothing_behind_the_cursor(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    """The guard the late post went through: a server answering its head whatever ``before``
    says lists the cursor's own post and those behind it; they are history, not late."""
    things = synthetic(5, newest=clock.now - timedelta(minutes=1))

    async def head(request: web.Request) -> web.Response:  # whatever it is asked
        return web.json_response({"kind": "Listing", "data": {
            "after": None, "before": None, "children": things[:100]}})

    live = World(things)
    net.handler("GET", "/r/socialops/new", live)
    src = source(net, store, client, clock)
    assert len(await src.poll()) == 5
    things.insert(0, synthetic(1, newest=clock.now, start=5)[0])
    net.handler("GET", "/r/socialops/new", head)
    clock.advance(seconds=60)
    assert [m.text for m in await src.poll()] == ["post-5"]



async def test_a_post_approved_longer_after_it_was_made_than_the_reach_is_not_taken(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock) -> None:
    # the reach was a day (25 hours here); it is the store's dedup marks' default since
    # (tests/integrations/test_review_reddit_late_approval.py)
    old = synthetic(1, newest=clock.now - LATE_REACH - timedelta(hours=1), start=1)[0]
    live = World(synthetic(2, newest=clock.now - timedelta(minutes=1), start=2))
    net.handler("GET", "/r/socialops/new", live)
    src = source(net, store, client, clock)
    assert len(await src.poll()) == 2
    live.things.insert(0, old)
    clock.advance(seconds=60)
    assert await src.poll() == []
