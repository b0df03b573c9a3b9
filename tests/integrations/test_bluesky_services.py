"""Bluesky against a PDS and an AppView that behave like the reference ones (tests/support/
fake_atproto.py): authenticated reads through the PDS, never a PDS token at the AppView;
sessions whose refresh token was revoked; the lexicon's byte and grapheme limits; and a retried
publish that leaves the first record alone."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.core.errors import PublishError, SourceAuthError, SourceError
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import (
    LOOKBACK_PAGES,
    BlueskyPublisher,
    BlueskySource,
    graphemes,
)
from tests.conftest import FakeClock
from tests.support.fake_atproto import APPVIEW_SERVICE, FakeAppView, FakePds, iso, xrpc_error
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

ACME = "did:plc:acmeacmeacmeacmeacmeacme"
KASIA = "did:plc:kasiakasiakasiakasiakasi"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Services:
    def __init__(self, appview_net: NetServer, pds_net: NetServer) -> None:
        self.appview_net, self.pds_net = appview_net, pds_net
        self.appview = FakeAppView(appview_net)
        self.pds = FakePds(pds_net, self.appview)
        self.pds.add_account(ACME, "acme.test", "app-pass")
        self.pds.add_account(KASIA, "kasia.test", "kasia-pass")

    def post(self, n: int, at: datetime, text: str, *, did: str = KASIA,
             handle: str = "kasia.test") -> str:
        uri = f"at://{did}/app.bsky.feed.post/3p{n:08d}"
        self.appview.add_post(uri=uri, cid=f"bafy{n}", author={"did": did, "handle": handle},
                              record={"$type": "app.bsky.feed.post", "text": text,
                                      "createdAt": iso(at)}, indexed_at=iso(at))
        return uri

    def config(self, **kw: Any) -> BlueskySourceConfig:
        base: dict[str, Any] = {"id": "bsky", "type": "bluesky", "base_url": self.appview_net.base,
                                "pds_url": self.pds_net.base, "handle": "acme.test",
                                "app_password": "app-pass", "queries": ("acme",), "timeout": 2,
                                # a refused session looks up where the account is hosted: here,
                                # not on the internet's PLC directory (the fake knows no DID: 404)
                                "plc_url": self.pds_net.base}
        return BlueskySourceConfig(**{**base, **kw})


@pytest.fixture
async def services() -> AsyncIterator[Services]:
    async with NetServer() as appview, NetServer() as pds:
        s = Services(appview, pds)
        yield s
        await s.pds.close()


def pds_tokens_at_the_appview(s: Services) -> list[str]:
    return [r.headers["Authorization"] for r in s.appview_net.requests
            if r.headers.get("Authorization", "").startswith("Bearer pds-")]


# -- where requests go ------------------------------------------------------------------------


async def test_authenticated_reads_go_through_the_pds_never_with_its_token_to_the_appview(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    s.post(1, NOW - timedelta(minutes=5), "acme login broken")
    s.appview.notifications[ACME] = [{
        "uri": f"at://{KASIA}/app.bsky.feed.post/3n1", "cid": "c", "reason": "mention",
        "author": {"did": KASIA, "handle": "kasia.test"}, "isRead": False,
        "record": {"$type": "app.bsky.feed.post", "text": "@acme.test help",
                   "createdAt": iso(NOW - timedelta(minutes=3))},
        "indexedAt": iso(NOW - timedelta(minutes=3))}]
    source = BlueskySource(s.config(notifications=True), store=Cursors(), client=client,
                           clock=clock)
    got = await source.poll()
    assert sorted(m.text for m in got) == ["@acme.test help", "acme login broken"]
    assert pds_tokens_at_the_appview(s) == []
    for method in ("app.bsky.feed.searchPosts", "app.bsky.notification.listNotifications"):
        assert s.pds_net.requests_to(f"/xrpc/{method}")  # asked the PDS, which proxied
        seen = s.appview_net.requests_to(f"/xrpc/{method}")
        assert seen and all(r.headers["Authorization"] == f"Bearer svc:{ACME}" for r in seen)


async def test_authors_get_their_follower_counts_from_get_profiles(
        services: Services, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Post views and notifications carry no counts: ``min_followers`` saw "unknown" for every
    Bluesky author. Counts come from getProfiles, 25 actors a call; when it fails, the
    mentions still come (the cursor has moved), without counts, said once."""
    s = services
    clock.now = NOW
    authors = [f"did:plc:author{i:019d}" for i in range(30)]
    for i, did in enumerate(authors):
        s.post(i, NOW - timedelta(minutes=5, seconds=i), f"acme {i}", did=did,
               handle=f"a{i}.test")
        s.appview.followers[did] = i * 100
    source = BlueskySource(s.config(), store=Cursors(), client=client, clock=clock)
    got = await source.poll()
    assert sorted((m.author.id, m.author.followers) for m in got) == sorted(
        (did, i * 100) for i, did in enumerate(authors))
    asked = s.appview_net.requests_to("/xrpc/app.bsky.actor.getProfiles")
    assert [len(r.query["actors"]) for r in asked] == [25, 5]

    async def broken(request: Any) -> Any:
        return xrpc_error(502, "UpstreamFailure", "down")

    s.appview_net.handler("GET", "/xrpc/app.bsky.actor.getProfiles", broken)
    s.post(99, NOW - timedelta(minutes=1), "acme again")
    assert [(m.text, m.author.followers) for m in await source.poll()] == [("acme again", None)]
    said = [r.getMessage() for r in caplog.records if "follower counts" in r.getMessage()]
    assert len(said) == 1 and "mentions go on without them" in said[0]


async def test_notified_posts_are_read_as_views_with_their_images(
        services: Services, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A notification holds the record (an image is a blob reference there): the mention had
    no media. getPosts gives the view; a post it no longer returns stays as notified, and a
    failing getPosts keeps them all, said once."""
    s = services
    clock.now = NOW
    fullsize = "https://cdn.example/img/feed_fullsize/plain/x@jpeg"
    notified = []
    for n in (1, 2):
        uri = f"at://{KASIA}/app.bsky.feed.post/3n{n}"
        record = {"$type": "app.bsky.feed.post", "text": f"@acme.test help {n}",
                  "createdAt": iso(NOW - timedelta(minutes=n)),
                  "embed": {"$type": "app.bsky.embed.images", "images": [
                      {"alt": "", "image": {"$type": "blob", "ref": {"$link": "bafkrei"},
                                            "mimeType": "image/jpeg", "size": 1}}]}}
        notified.append({"uri": uri, "cid": "c", "reason": "mention", "isRead": False,
                         "author": {"did": KASIA, "handle": "kasia.test"}, "record": record,
                         "indexedAt": iso(NOW - timedelta(minutes=n))})
    s.appview.notifications[ACME] = notified
    s.appview.add_post(uri=notified[0]["uri"], cid="c", author=notified[0]["author"],
                       record=notified[0]["record"], indexed_at=notified[0]["indexedAt"])
    s.appview.posts[-1]["embed"] = {"$type": "app.bsky.embed.images#view",
                                    "images": [{"thumb": fullsize, "fullsize": fullsize,
                                                "alt": ""}]}
    source = BlueskySource(s.config(queries=(), notifications=True), store=Cursors(),
                           client=client, clock=clock)
    got = {m.text: m for m in await source.poll()}
    assert got["@acme.test help 1"].media == (fullsize,)
    assert got["@acme.test help 2"].media == ()  # not in getPosts (deleted): as notified

    async def broken(request: Any) -> Any:
        return xrpc_error(502, "UpstreamFailure", "down")

    s.appview_net.handler("GET", "/xrpc/app.bsky.feed.getPosts", broken)
    s.appview.notifications[ACME] = [{**notified[0], "uri": f"at://{KASIA}/app.bsky.feed.post/3n3",
                                      "indexedAt": iso(NOW)}]
    [late] = await source.poll()
    assert late.media == () and late.text == "@acme.test help 1"
    said = [r.getMessage() for r in caplog.records if "not read as views" in r.getMessage()]
    assert len(said) == 1, said


async def test_the_lookback_keeps_no_likes_and_reads_a_bounded_number_of_pages(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Each poll reads back ``LOOKBACK`` behind its cursor for posts dated behind it. An
    account liked 300 times in five minutes read all those likes again every poll and kept
    their uris in its cursor; the cursor keeps only mentions, and a poll reads at most
    ``LOOKBACK_PAGES`` pages once behind the cursor, where the slow post still is."""
    s = services
    clock.now = NOW

    def notification(uri: str, reason: str, at: datetime, text: str = "") -> dict[str, Any]:
        record = ({"$type": "app.bsky.feed.post", "text": text, "createdAt": iso(at)}
                  if reason == "mention" else
                  {"$type": "app.bsky.feed.like", "createdAt": iso(at),
                   "subject": {"uri": f"at://{ACME}/app.bsky.feed.post/3own", "cid": "c"}})
        return {"uri": uri, "cid": "c", "reason": reason, "isRead": False, "record": record,
                "author": {"did": KASIA, "handle": "kasia.test"}, "indexedAt": iso(at)}

    mention = f"at://{KASIA}/app.bsky.feed.post/3m1"
    items = [notification(mention, "mention", NOW - timedelta(minutes=6, seconds=1),
                          "@acme.test hello")]
    items += [notification(f"at://did:plc:fan{i:021d}/app.bsky.feed.like/3l{i}", "like",
                           NOW - timedelta(minutes=1, seconds=i)) for i in range(300)]
    s.appview.notifications[ACME] = items
    cursors = Cursors()
    source = BlueskySource(s.config(queries=(), notifications=True), store=cursors,
                           client=client, clock=clock)
    assert [m.text for m in await source.poll()] == ["@acme.test hello"]
    assert list(json.loads(cursors.values["bsky"])["notifications"]["recent"]) == [mention]
    listed = "/xrpc/app.bsky.notification.listNotifications"
    before = len(s.appview_net.requests_to(listed))
    assert await source.poll() == []
    assert len(s.appview_net.requests_to(listed)) - before == LOOKBACK_PAGES
    # a phone 30 s slow: dated behind the newest like, and within the pages read
    items.append(notification(f"at://{KASIA}/app.bsky.feed.post/3m2", "mention",
                              NOW - timedelta(minutes=1, seconds=30), "@acme.test slow"))
    assert [m.text for m in await source.poll()] == ["@acme.test slow"]
    assert await source.poll() == []


async def test_without_credentials_public_reads_go_to_the_appview_unauthenticated(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    s.post(1, NOW - timedelta(minutes=5), "acme is down")
    source = BlueskySource(s.config(handle=None, app_password=None), store=Cursors(),
                           client=client, clock=clock)
    assert [m.text for m in await source.poll()] == ["acme is down"]
    assert s.pds_net.requests == []
    assert all("Authorization" not in r.headers for r in s.appview_net.requests)


async def test_the_atproto_proxy_header_names_the_appview_when_configured(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    s.post(1, NOW - timedelta(minutes=5), "acme is down")
    source = BlueskySource(s.config(appview_proxy=APPVIEW_SERVICE), store=Cursors(),
                           client=client, clock=clock)
    assert len(await source.poll()) == 1
    [search] = s.pds_net.requests_to("/xrpc/app.bsky.feed.searchPosts")
    assert search.headers["atproto-proxy"] == APPVIEW_SERVICE
    wrong = BlueskySource(s.config(id="b2", appview_proxy="did:web:nowhere.test#bsky_appview"),
                          store=Cursors(), client=client, clock=clock)
    with pytest.raises(SourceError, match="InvalidRequest"):
        await wrong.poll()


async def test_a_reply_is_published_through_the_pds_alone(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    parent = s.post(7, NOW - timedelta(minutes=5), "acme ate my order")
    pub = BlueskyPublisher(s.config(), client=client, clock=clock)
    result = await pub.publish("sorry @kasia.test, we are on it", reply_to=f"bluesky:{parent}",
                               idempotency_key="A-1:h")
    [(key, (record, _))] = s.pds.records.items()
    assert key[0] == ACME and result.id == f"bluesky:at://{ACME}/{key[1]}/{key[2]}"
    assert record["reply"]["parent"] == {"uri": parent, "cid": "bafy7"}
    assert record["facets"][0]["features"][0]["did"] == KASIA
    assert pds_tokens_at_the_appview(s) == []


# -- sessions ---------------------------------------------------------------------------------


async def test_a_revoked_refresh_token_means_a_new_session(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    source = BlueskySource(s.config(), store=Cursors(), client=client, clock=clock)
    await source.poll()
    s.pds.expire_access_tokens()
    s.pds.revoke_refresh_tokens()  # 400 ExpiredToken on refreshSession
    s.post(2, NOW + timedelta(seconds=1), "acme again")
    clock.now = NOW + timedelta(seconds=2)
    assert [m.text for m in await source.poll()] == ["acme again"]
    assert len(s.pds_net.requests_to("/xrpc/com.atproto.server.createSession")) == 2
    assert len(s.pds_net.requests_to("/xrpc/com.atproto.server.refreshSession")) == 1


async def test_a_revoked_app_password_pauses_the_source_with_an_auth_error(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    source = BlueskySource(s.config(), store=Cursors(), client=client, clock=clock)
    await source.poll()
    s.pds.expire_access_tokens()
    s.pds.revoke_app_password(ACME)
    with pytest.raises(SourceAuthError, match="createSession"):
        await source.poll()


async def test_a_publish_after_the_app_password_was_revoked_is_a_publish_error(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    pub = BlueskyPublisher(s.config(), client=client, clock=clock)
    await pub.publish("first", reply_to=None, idempotency_key="A-1:h")
    s.pds.expire_access_tokens()
    s.pds.revoke_app_password(ACME)
    with pytest.raises(PublishError, match="createSession"):
        await pub.publish("second", reply_to=None, idempotency_key="A-2:h")


# -- limits -----------------------------------------------------------------------------------

THAI = "กี่"  # consonant + vowel above + tone mark: one cluster
HINDI = "क्षि"  # a conjunct (Unicode 15.1 GB9c) with its vowel sign: one cluster
FLAG = "🇯🇵"
KEYCAP = "1️⃣"
FAMILY = "👨‍👩‍👧‍👦"


@pytest.mark.parametrize(("text", "count"), [
    (THAI * 10, 10), ("ภาษาไทย", 7), ("สวัสดีครับ", 7), (HINDI * 3, 3), ("नमस्ते", 3),
    (FLAG * 4, 4), (KEYCAP + "#️⃣", 2), (FAMILY, 1), ("e\u0301", 1), ("👍🏽", 1), ("abc", 3)])
def test_graphemes_are_extended_grapheme_clusters(text: str, count: int) -> None:
    assert graphemes(text) == count


async def test_300_graphemes_of_thai_hindi_flags_and_keycaps_publish(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    text = THAI * 100 + HINDI * 100 + FLAG * 50 + KEYCAP * 50  # 300 graphemes, 2,850 bytes
    pub = BlueskyPublisher(s.config(), client=client, clock=clock)
    await pub.publish(text, reply_to=None, idempotency_key="A-3:h")
    assert [r[0]["text"] for r in s.pds.records.values()] == [text]
    with pytest.raises(PublishError, match=r"^Bluesky posts are at most 300 graphemes.* 301 "
                                           r"\(1 over\)$"):
        await pub.publish(text + THAI, reply_to=None, idempotency_key="A-4:h")
    assert len(s.pds.records) == 1


async def test_the_byte_limit_is_checked_first_and_says_by_how_much(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    text = FAMILY * 121  # 121 graphemes, 3,025 bytes
    pub = BlueskyPublisher(s.config(), client=client, clock=clock)
    with pytest.raises(PublishError, match=r"^Bluesky posts are at most 3,000 bytes.* 3,025 "
                                           r"\(25 over\)$"):
        await pub.publish(text, reply_to=None, idempotency_key="A-5:h")
    with pytest.raises(PublishError, match="bytes"):  # over both: the bytes are named
        await pub.publish(FAMILY * 400, reply_to=None, idempotency_key="A-6:h")
    assert s.pds.writes == 0


async def test_a_retried_publish_keeps_the_first_record_its_cid_and_created_at(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    s.pds.fail_writes = 1  # written, but the answer is lost
    with pytest.raises(PublishError):
        await BlueskyPublisher(s.config(), client=client, clock=clock).publish(
            "we are on it", reply_to=None, idempotency_key="A-9:h")
    [(record, cid)] = s.pds.records.values()
    clock.advance(minutes=3)
    # another process (no memo) retries the same approval
    result = await BlueskyPublisher(s.config(), client=client, clock=clock).publish(
        "we are on it", reply_to=None, idempotency_key="A-9:h")
    assert s.pds.writes == 1
    assert list(s.pds.records.values()) == [(record, cid)]
    assert result.id.endswith(next(iter(s.pds.records))[2])
