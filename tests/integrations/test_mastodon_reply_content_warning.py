"""A Mastodon reply keeps the content warning of the post it answers. A customer who put
their post behind a CW (``spoiler_text``: a health matter, an account's details) was answered
in the open: the reply, quoting or naming what they hid, showed to everyone reading the
thread. Mastodon's own composer copies the post's ``spoiler_text`` onto a reply
(app/javascript/mastodon/reducers/compose.js, COMPOSE_REPLY); the publisher, which reads the
post it answers already (for its visibility), now does the same. On the local Mastodon
(tests/support/fake_mastodon.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.core.errors import PublishError
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.conftest import FakeClock
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer


def status(n: int, spoiler: str) -> dict[str, Any]:
    return {"id": str(n), "visibility": "public", "spoiler_text": spoiler,
            "content": "<p>@acme my card was charged twice</p>",
            "account": {"id": "7", "username": "kasia", "acct": "kasia"}}


def publisher(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> MastodonPublisher:
    return MastodonPublisher(MastodonSourceConfig(
        id="fedi", type="mastodon", base_url=net.base, token="tok"), client=client, clock=clock)


async def test_a_reply_keeps_the_posts_content_warning(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status(status(1, "billing, card details"))
        await publisher(net, client, clock).publish(
            "@kasia sorry, we refunded it", reply_to="mastodon:1", idempotency_key="A-1:x")
        [post] = net.requests_to("/api/v1/statuses", "POST")
        assert post.json()["spoiler_text"] == "billing, card details"
        assert masto.statuses[-1]["spoiler_text"] == "billing, card details"


async def test_a_reply_to_a_post_without_one_has_none(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status(status(1, ""))
        await publisher(net, client, clock).publish(
            "@kasia sorry", reply_to="mastodon:1", idempotency_key="A-2:x")
        [post] = net.requests_to("/api/v1/statuses", "POST")
        assert "spoiler_text" not in post.json()


async def test_a_content_warning_of_no_text_is_none(clock: FakeClock) -> None:
    # a server's hostile or broken answer: a CW that is no string, or only spaces
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status({**status(1, ""), "spoiler_text": {"x": 1}})
        masto.add_status(status(2, " \n\u200b "))
        pub = publisher(net, client, clock)
        await pub.publish("@kasia a", reply_to="mastodon:1", idempotency_key="A-3:x")
        await pub.publish("@kasia b", reply_to="mastodon:2", idempotency_key="A-4:x")
        assert all("spoiler_text" not in p.json()
                   for p in net.requests_to("/api/v1/statuses", "POST"))


async def test_a_reply_too_long_with_the_warning_it_keeps_says_so(clock: FakeClock) -> None:
    """Mastodon counts a status's content warning with its text (StatusLengthValidator): a
    reply that fit when drafted, with the warning copied onto it, is over. Said in one line
    naming the warning and what to shorten, nothing posted; before, the server's 422
    ("Text character limit of 500 exceeded") of a draft checked as fitting."""
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status(status(1, "billing, card details"))  # 21 characters
        pub = publisher(net, client, clock)
        text = "@kasia " + "x" * 483  # 490
        assert await pub.post_problem(text) is None
        with pytest.raises(PublishError) as info:
            await pub.publish(text, reply_to="mastodon:1", idempotency_key="A-5:x")
        host = net.base.split("://", 1)[1]
        assert str(info.value) == (
            "mastodon fedi: the post to reply to (1) is behind a content warning ('billing, "
            "card details'), which the reply keeps and Mastodon counts with its text: 511 "
            f"characters, 11 over the 500 of {host}; nothing was posted: shorten the reply by "
            "11 and draft it again")
        assert net.requests_to("/api/v1/statuses", "POST") == []
        await pub.publish("@kasia " + "x" * 472, reply_to="mastodon:1",  # 479 + 21: fits
                          idempotency_key="A-6:x")
        assert len(net.requests_to("/api/v1/statuses", "POST")) == 1
