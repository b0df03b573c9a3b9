"""A security review's fuzzing of Reddit's redirects (``reddit.api.redirected``, 2026-12-06):
a ``Location`` that ``urllib.parse.urlsplit`` cannot read (an unclosed ``[`` host, "Invalid
IPv6 URL"; a host of characters NFKC makes a separator) raised ValueError out of the listing's
read: not the SourceError a failing listing is, so one broken redirect (a proxy's, a captive
portal's) failed the whole poll with a traceback and the source's other listings went unread."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.integrations.test_reddit import (  # noqa: F401
    World,
    net,
    source,
    store,
    synthetic,
)
from tests.integrations.test_review_reddit_reading import redirect
from tests.support.netserver import NetServer


@pytest.mark.parametrize("location", ["https://[oauth.reddit.com/subreddits/search?q=acmee",
                                      "http://x]/y", "//[", ""])
async def test_a_redirect_to_an_unreadable_address_fails_its_listing_alone(
        net: NetServer, store: Store, client: httpx.AsyncClient,  # noqa: F811
        clock: FakeClock, location: str) -> None:
    live = World(synthetic(2, newest=clock.now - timedelta(minutes=1)))
    net.handler("GET", "/r/socialops/new", live)
    net.fault("GET", "/r/acmee/new", *[redirect(location)] * 3)
    src = source(net, store, client, clock, subreddits=("acmee", "socialops"))
    got = await src.poll()
    assert sorted(m.text for m in got) == ["post-0", "post-1"]  # the others are read
    [(path, why)] = src.failing_parts().items()
    assert path == "/r/acmee/new"
    assert "302" in why and "redirect" in why and "\n" not in why
