"""A Mastodon status is counted as the server counts it (docs.joinmastodon.org/user/posting,
"Text": "a mention of a remote user counts only as its username" and every link as 23
characters; the server's StatusLengthValidator): a reply opening with the addresses of
everyone in the thread (``@kasia@other.example @lena@a-long-server-name.example ...``) fits
as Mastodon counts it though its typed characters are more than 500. The draft's check
(``post_problem``) and the local Mastodon server (tests/support/fake_mastodon.py, which counted
every character of a mention's domain and refused with 422 what Mastodon takes) agree: posted;
one character more is refused at the draft, nothing sent."""

from __future__ import annotations

import httpx

from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.length import characters
from integrations.social.mastodon.source import MastodonPublisher
from tests.conftest import FakeClock
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer

MENTIONS = ("@kasia@other.example @lena@a-very-long-server-name-for-a-small-town.example "
            "@jo@fosstodon.example @acme ")  # counted: @kasia @lena @jo @acme
LINK = "https://acme.example.com/help/orders/where-is-my-parcel?utm_source=mastodon "


async def test_a_reply_naming_the_thread_fits_as_mastodon_counts_it(clock: FakeClock) -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        masto = FakeMastodon(net)
        pub = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok"), client=client,
            clock=clock)
        counted = len("@kasia @lena @jo @acme ") + 23 + 1  # the link, then a space
        text = MENTIONS + LINK + "x" * (500 - counted)
        assert len(text) > 560 and characters(text) == 500
        assert await pub.post_problem(text) is None
        assert await pub.post_problem(text + "x") == (
            f"Mastodon posts on {net.base.split('://', 1)[1]} are at most 500 characters (a "
            "link counts as 23); this one has 501 (1 over)")
        posted = await pub.publish(text, reply_to=None, idempotency_key="A-1:x")
        assert posted.id == masto.statuses[-1]["id"]
