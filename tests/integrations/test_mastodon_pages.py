"""A Mastodon page over the bound a response may hold, over real HTTP: the shared local server's
hashtag timeline (tests/integrations/test_mastodon.py's FakeTimeline) of real recorded statuses
with a large content each, read through a client capped at 200 KB (32 MB in production)."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx

from integrations.social.common.capped import CappedTransport
from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import T0, TAG, FakeTimeline, config, real_status
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


async def test_a_page_over_the_response_bound_is_asked_again_with_fewer_statuses(
        net: NetServer, clock: FakeClock) -> None:
    """Forty statuses of a megabyte of markup each (a server relays what other servers send)
    made a page over the bound: the poll failed at every poll and the cursor never passed
    them. The page is asked again with half as many statuses, till it fits."""
    clock.now = T0 + timedelta(minutes=10)
    timeline = FakeTimeline()
    timeline.add(real_status(0, at=T0))
    net.handler("GET", TAG, timeline)
    cursors = Cursors()
    async with httpx.AsyncClient(transport=CappedTransport(limit=200_000)) as client:
        src = MastodonSource(config(net), store=cursors, client=client, clock=clock)
        assert len(await src.poll()) == 1  # the first run fixes the cursor
        big = []
        for n in range(1, 13):
            status = real_status(n, at=T0 + timedelta(minutes=1))
            status["content"] = f"<p>acme {n} " + "ab " * 10_000 + "</p>"
            big.append(status)
        timeline.add(*big)
        got = await src.poll()
    assert sorted(m.native_id for m in got) == sorted(s["id"] for s in big)
    limits = [r.q("limit") for r in net.requests_to(TAG)[1:] if r.q("max_id") is None]
    assert limits == ["40", "20", "10", "5", "5", "5"]
    assert len(src.skipped) == 3 and src.skipped[0].startswith("tag:socialops: a page ")
    assert src.skipped[0].endswith("; asked again for 20 statuses")
    assert json.loads(cursors.values["m1"])["tag:socialops"] == big[-1]["id"]
