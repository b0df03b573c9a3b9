"""Mentions the account's notification policy filtered. From Mastodon 4.3 an account has a
notification policy (docs.joinmastodon.org/entities/NotificationPolicy: ``for_private_mentions``,
``for_limited_accounts``, ``for_not_following``, ...: ``accept``, ``filter`` or ``drop``; "filter
will cause it to be marked as filtered"), and ``GET /api/v1/notifications`` leaves a filtered
notification out unless asked with ``include_filtered`` (it waits among the notification
requests). Under the default policy a customer's private mention from an account the brand
does not follow, or any mention from an account a moderator limited, is filtered: the source
never read them, the customer who wrote to support in private went unanswered, and nothing
said so. Against the local server (tests/support/fake_mastodon.py), which answers as 4.3 does."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import httpx

from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import config, load
from tests.support.fake_mastodon import FakeMastodon
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer


def private_mention(n: int) -> dict[str, Any]:
    status: dict[str, Any] = copy.deepcopy(load("status_with_poll.json"))
    status.update(id=str(115000000000000000 + n), visibility="direct", poll=None,
                  created_at="2026-08-01T12:00:00.000Z",
                  content=f"<p>@acme my order {n} never came, here is my address</p>")
    return status


async def test_a_private_mention_the_policy_filtered_is_read(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = datetime(2026, 8, 1, 12, 1, tzinfo=UTC)
    server = FakeMastodon(net, clock=clock)
    cursors = Cursors()
    src = MastodonSource(config(net, hashtags=(), notifications=True, token="tok"),
                         store=cursors, client=client, clock=clock)
    server.notify(private_mention(1))
    assert [m.native_id for m in await src.poll()] == [str(115000000000000001)]
    server.notify(private_mention(2), filtered=True)
    server.notify(private_mention(3))
    got = await src.poll()
    assert [m.native_id for m in got] == [str(115000000000000002), str(115000000000000003)]
    assert await src.poll() == []


async def test_a_mention_from_an_account_a_moderator_limited_is_read_as_the_policy_keeps_it(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Decided, not an accident of ``include_filtered`` (docs/networks.md, Mentions): a
    mention from an account the server's moderators limited (``"limited": true`` on the
    Account, entities/Account) that the policy filtered is read. A server-wide limit of a
    domain marks every account there limited, customers too; the account's own policy is the
    switch (``for_limited_accounts: drop``, "Ignore" in Preferences -> Notifications, makes
    no notification at all, so nothing is read)."""
    clock.now = datetime(2026, 8, 1, 12, 1, tzinfo=UTC)
    server = FakeMastodon(net, clock=clock)
    src = MastodonSource(config(net, hashtags=(), notifications=True, token="tok"),
                         store=Cursors(), client=client, clock=clock)
    limited = private_mention(1)
    limited["visibility"] = "public"
    limited["account"] = {**limited["account"], "limited": True}
    server.notify(limited, filtered=True)
    assert [m.native_id for m in await src.poll()] == [str(115000000000000001)]
