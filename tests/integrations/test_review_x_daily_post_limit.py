"""X's daily post limit spent: publishing waits for its reset, not an hour (an X and Mastodon
integration review, 2026-12-07).

X's rate-limit tables give ``POST /2/tweets`` a per-user limit "/24hrs" besides its 15-minute
one (docs.x.com, "Rate limits": "Time window: usually 15 minutes or 24 hours"), named by the
same documented headers (``x-rate-limit-remaining``, ``x-rate-limit-reset``, epoch seconds).
The ``x-user-limit-24hour-*`` headers some clients read are not in X's documentation, and are
not read. The publisher waited for a reset an hour at most (the sources' bound, for a reset of
year 9999): a daily limit spent at 09:00 and reset at 09:00 the next day was asked again every
hour, each a 429, and the approval said 'tried again at' the next hour. Now a publish waits
for the reset X names, a day at most, as the approval does (docs/networks.md). Failed before."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from bot.core.errors import RateLimited
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import NetServer

DAY = timedelta(hours=24).total_seconds()


def account(net: NetServer) -> XSourceConfig:
    return XSourceConfig(id="x1", type="x", base_url=net.base, user_token="user",
                         user_id=USER_ID, timeout=2.0)


async def test_a_spent_daily_limit_holds_publishing_until_its_reset(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.post_limit, world.post_window = 1, timedelta(hours=24)
        publisher = XPublisher(account(net), client=client, clock=clock)
        await publisher.publish("We're on it", reply_to=None, idempotency_key="A-1")
        with pytest.raises(RateLimited) as waited:  # its answer said none is left today
            await publisher.publish("Fixed now", reply_to=None, idempotency_key="A-2")
        assert waited.value.retry_after == pytest.approx(DAY, abs=1)
        clock.advance(hours=2)
        with pytest.raises(RateLimited) as still:  # not asked again after an hour
            await publisher.publish("Fixed now", reply_to=None, idempotency_key="A-2")
        assert still.value.retry_after == pytest.approx(DAY - 7200, abs=1)
        assert world.post_requests == 1
        restarted = XPublisher(account(net), client=client, clock=clock)
        with pytest.raises(RateLimited) as refused:  # one 429 after a restart, its reset
            await restarted.publish("Fixed now", reply_to=None, idempotency_key="A-2")
        assert refused.value.retry_after == pytest.approx(DAY - 7200, abs=1)
        clock.advance(hours=3)
        with pytest.raises(RateLimited):
            await restarted.publish("Fixed now", reply_to=None, idempotency_key="A-2")
        assert world.post_requests == 2 and len(world.tweets) == 1
        clock.advance(seconds=refused.value.retry_after)
        await restarted.publish("Fixed now", reply_to=None, idempotency_key="A-2")
    assert [t["sent"] for t in world.tweets] == ["We're on it", "Fixed now"]
