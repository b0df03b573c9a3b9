"""Posts a moderation service labelled ``!hide``. The AppView still returns them, with the
labels under ``labels`` (the post's, and the author's on ``author.labels``): applying them is the
client's work (atproto.com/guides/labels, "Labels and moderation" on docs.bsky.app). ``!hide`` is
a global label value that "filters the content from listings" and no user setting overrides it
(@atproto/api's LABELS: ``configurable: false``, flags ``no-override``). A post the Bluesky app
hides from everyone was a card for the team to answer; a label later negated (``neg: true``)
hides nothing, and neither does a label the author put on their own post (``!hide`` is
``no-self``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.integrations.test_bluesky_services import ACME, KASIA, NOW, Services, services
from tests.support.fake_atproto import iso
from tests.support.fakes import Cursors

__all__ = ["services"]  # the fixture, imported for the tests below

MOD = "did:plc:moderationmoderationmo"  # a moderation service (a labeller)


def label(uri: str, val: str, *, neg: bool = False, src: str = MOD) -> dict[str, Any]:
    out: dict[str, Any] = {"src": src, "uri": uri, "val": val, "cts": iso(NOW)}
    if neg:
        out["neg"] = True
    return out


async def test_a_searched_post_labelled_hide_is_no_mention(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    hidden = s.post(1, NOW - timedelta(minutes=5), "acme is down, buy followers at spam.example")
    plain = s.post(2, NOW - timedelta(minutes=4), "acme is down")
    negated = s.post(3, NOW - timedelta(minutes=3), "acme is down again")
    by_author = s.post(4, NOW - timedelta(minutes=2), "acme scam bot", did="did:plc:botbotbot",
                       handle="bot.test")
    # the author's own !hide (a self-label, in the record's labels): the app ignores it
    selfish = s.post(5, NOW - timedelta(minutes=1), "acme, self-labelled")
    views = {p["uri"]: p for p in s.appview.posts}
    views[selfish]["labels"] = [label(selfish, "!hide", src=KASIA)]
    views[hidden]["labels"] = [label(hidden, "!hide")]
    views[negated]["labels"] = [label(negated, "!hide"), label(negated, "!hide", neg=True)]
    views[by_author]["author"] = {**views[by_author]["author"],
                                  "labels": [label("did:plc:botbotbot", "!hide")]}
    source = BlueskySource(s.config(), store=Cursors(), client=client, clock=clock)
    got = {m.id.removeprefix("bluesky:") for m in await source.poll()}
    assert got == {plain, negated, selfish}
    assert source.skipped.total == 2
    assert all("!hide" in reason for reason in source.skipped)
    assert await source.poll() == []  # skipped once, not every poll
    assert source.skipped.total == 2


async def test_a_notified_post_labelled_hide_is_no_mention(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The notification carries the labels too; and a post labelled after it was notified
    has them on the view ``getPosts`` gives."""
    s = services
    clock.now = NOW
    items: list[dict[str, Any]] = []
    for n in (1, 2, 3):
        uri = f"at://{KASIA}/app.bsky.feed.post/3n{n}"
        items.append({"uri": uri, "cid": "c", "reason": "mention", "isRead": False,
                      "author": {"did": KASIA, "handle": "kasia.test"},
                      "record": {"$type": "app.bsky.feed.post", "text": f"@acme.test help {n}",
                                 "createdAt": iso(NOW - timedelta(minutes=n))},
                      "indexedAt": iso(NOW - timedelta(minutes=n)), "labels": []})
        s.appview.add_post(uri=uri, cid="c", author=items[-1]["author"],
                           record=items[-1]["record"], indexed_at=items[-1]["indexedAt"])
    items[0]["labels"] = [label(items[0]["uri"], "!hide")]
    s.appview.posts[1]["labels"] = [label(items[1]["uri"], "!hide")]  # only on the view
    s.appview.notifications[ACME] = items
    source = BlueskySource(s.config(queries=(), notifications=True), store=Cursors(),
                           client=client, clock=clock)
    got = [m.text for m in await source.poll()]
    assert got == ["@acme.test help 3"]
    assert source.skipped.total == 2
