"""A Mastodon reply is never more visible than the post it answers. A customer who wrote to
the account in a direct message (or a followers-only post) was answered with the source's
``visibility`` (public by default): the reply, naming them, went out on the public timelines.
Mastodon's own composer gives a reply the more private of the post's visibility and the
account's default (app/javascript/mastodon/reducers/compose.js, privacyPreference); the
publisher now reads the post it answers (``GET /api/v1/statuses/:id`` with the token) and
does the same. On the local Mastodon (tests/support/fake_mastodon.py)."""

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


def status(n: int, visibility: str) -> dict[str, Any]:
    return {"id": str(n), "visibility": visibility, "content": "<p>@acme help</p>",
            "account": {"id": "7", "username": "kasia", "acct": "kasia"}}


@pytest.mark.parametrize("parent, configured, sent", [
    ("direct", "public", "direct"),
    ("private", "public", "private"),
    ("private", "direct", "direct"),
    ("unlisted", "public", "unlisted"),
    ("public", "unlisted", "unlisted"),
    ("public", "public", "public")])
async def test_a_reply_is_no_more_visible_than_its_post(
        parent: str, configured: str, sent: str, clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status(status(1, parent), private=parent in ("private", "direct"))
        pub = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok", visibility=configured),
            client=client, clock=clock)
        await pub.publish("@kasia sorry, we are on it", reply_to="mastodon:1",
                          idempotency_key="A-1:x")
        [post] = net.requests_to("/api/v1/statuses", "POST")
        assert post.json()["visibility"] == sent
        assert masto.statuses[-1]["visibility"] == sent


async def test_a_new_post_keeps_the_configured_visibility(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        FakeMastodon(net)
        pub = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok", visibility="unlisted"),
            client=client, clock=clock)
        await pub.publish("Launch day", reply_to=None, idempotency_key="A-2:x")
        [post] = net.requests_to("/api/v1/statuses", "POST")
        assert post.json()["visibility"] == "unlisted"


async def test_a_token_refused_reading_the_post_says_the_fix(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        FakeMastodon(net)
        net.json("GET", "/api/v1/statuses/1", {"error": "The access token is invalid"},
                 status=401)
        pub = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok"), client=client,
            clock=clock)
        with pytest.raises(PublishError) as info:
            await pub.publish("sorry", reply_to="mastodon:1", idempotency_key="A-3:x")
        assert str(info.value) == (
            "mastodon fedi: GET /api/v1/statuses/1 refused the token (401) The access token is "
            "invalid; nothing was posted: make a new access token with read:statuses, "
            "read:accounts and write:statuses (Preferences → Development → your application) "
            "and set it as this source's token, then draft it again")
        assert net.requests_to("/api/v1/statuses", "POST") == []


def from_(n: int, visibility: str, acct: str) -> dict[str, Any]:
    return {**status(n, visibility),
            "account": {"id": "8", "username": acct.split("@", maxsplit=1)[0], "acct": acct}}


@pytest.mark.parametrize("acct, text", [
    ("kasia", "Sorry, we are on it"),
    ("kasia", "@kasiaa sorry, we are on it"),
    ("kasia@other.example", "@kasia sorry, we are on it"),  # our own server's kasia
    ("kasia@other.example", "Write to @acme@other.example/kasia"),
])
async def test_a_direct_reply_that_mentions_nobody_of_the_post_is_refused(
        acct: str, text: str, clock: FakeClock) -> None:
    """Mastodon shows a direct status only to the accounts it mentions: a reply to a direct
    message that does not mention its author reaches nobody, though it was recorded published.
    It fails in one line saying so, nothing posted (before: posted direct, read by nobody)."""
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status(from_(1, "direct", acct), private=True)
        pub = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok"), client=client,
            clock=clock)
        with pytest.raises(PublishError) as info:
            await pub.publish(text, reply_to="mastodon:1", idempotency_key="A-4:x")
        assert str(info.value) == (
            f"mastodon fedi: the post to reply to (1) is a direct message, which Mastodon "
            f"shows only to the accounts a reply mentions, and this text does not mention its "
            f"author: nothing was posted; draft it again mentioning @{acct}")
        assert net.requests_to("/api/v1/statuses", "POST") == []


@pytest.mark.parametrize("acct, text", [
    ("kasia", "@kasia sorry, we are on it"),
    ("kasia", "Sorry @KASIA, we are on it."),
    ("kasia@other.example", "@kasia@other.example sorry, we are on it"),
    ("kasia@Other.Example", "(@kasia@other.example) sorry"),
])
async def test_a_direct_reply_that_mentions_the_author_goes_out_direct(
        acct: str, text: str, clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status(from_(1, "direct", acct), private=True)
        pub = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok"), client=client,
            clock=clock)
        await pub.publish(text, reply_to="mastodon:1", idempotency_key="A-5:x")
        [post] = net.requests_to("/api/v1/statuses", "POST")
        assert post.json()["visibility"] == "direct"


@pytest.mark.parametrize("seen", ["limited", "local", None, 7])
async def test_a_visibility_this_publisher_does_not_know_is_taken_as_direct(
        seen: object, clock: FakeClock) -> None:
    """A server's own visibility ('limited', Akkoma's 'local'), or none that reads: the
    reply goes out direct, never on the public timelines (before: the source's, public)."""
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status({**status(1, "public"), "visibility": seen}, private=True)
        pub = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok"), client=client,
            clock=clock)
        await pub.publish("@kasia sorry, we are on it", reply_to="mastodon:1",
                          idempotency_key="A-6:x")
        [post] = net.requests_to("/api/v1/statuses", "POST")
        assert post.json()["visibility"] == "direct"


@pytest.mark.parametrize("configured", ["public", "unlisted"])
async def test_a_followers_only_reply_that_mentions_nobody_of_the_post_is_refused(
        configured: str, clock: FakeClock) -> None:
    """A followers-only reply reaches this account's followers and the accounts it mentions:
    to a customer's followers-only post, without a mention, the customer (who need not follow
    the account) never sees it. It fails in one line, nothing posted (before: posted private,
    recorded published); mentioning them, it goes out private."""
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        masto.add_status(from_(1, "private", "kasia@other.example"), private=True)
        pub = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok", visibility=configured),
            client=client, clock=clock)
        with pytest.raises(PublishError) as info:
            await pub.publish("Sorry, we are on it", reply_to="mastodon:1",
                              idempotency_key="A-7:x")
        assert str(info.value) == (
            "mastodon fedi: the post to reply to (1) is for its author's followers only, and "
            "a followers-only reply reaches only this account's followers and the accounts it "
            "mentions; this text does not mention its author: nothing was posted; draft it "
            "again mentioning @kasia@other.example")
        assert net.requests_to("/api/v1/statuses", "POST") == []
        await pub.publish("@kasia@other.example sorry, we are on it", reply_to="mastodon:1",
                          idempotency_key="A-8:x")
        [post] = net.requests_to("/api/v1/statuses", "POST")
        assert post.json()["visibility"] == "private"
