"""A published status's address naming another host as a browser reads it: 07cacf33 keeps a
status's ``url`` (else its ``uri``) as the approval card's link only on our own server, read
with Python's ``urlsplit``; but ``https://phish.example\\@our.server/@acme/1`` is our server to
``urlsplit`` (what precedes the ``@`` is user info) and phish.example to every browser (a
backslash ends the host of an http(s) URL, WHATWG URL), so the card linked the team to the
phishing page as their post. Found by fuzzing the address check with hostile URLs. Against
the local Mastodon (tests/support/fake_mastodon.py)."""

from __future__ import annotations

import httpx

from tests.conftest import FakeClock
from tests.integrations.test_mastodon_publish_answers import publisher
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer


async def test_a_backslash_before_our_host_is_another_hosts_address(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net, clock=clock)
        ours = net.base.split("://", 1)[1]
        masto.status_url = f"https://phish.example\\@{ours}/@acme"
        done = await publisher(net, client, clock).publish("Thanks!", reply_to=None,
                                                           idempotency_key="A-1:x")
        assert done.url == f"{net.base}/statuses/1", done.url
        masto.status_uri = f"https://phish.example\\@{ours}/statuses"
        done = await publisher(net, client, clock).publish("Thanks again!", reply_to=None,
                                                           idempotency_key="A-2:x")
        assert done.url is None, done.url
