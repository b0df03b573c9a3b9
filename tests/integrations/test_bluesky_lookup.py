"""Looking one Bluesky post up by its address (``BlueskySource.lookup``, what ``why`` asks for a
post socialops never fetched), against the local PDS and AppView (tests/support/fake_atproto.py):
the handle resolved to a DID, then ``getPosts`` where every read of the source goes (through
the PDS with a session, straight to the AppView without one). The same post through the
reference stack: tests/interop/test_bluesky_real.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.core.errors import (
    MalformedPayload,
    NotThere,
    RateLimited,
    SourceAuthError,
    SourceError,
)
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.parse import post_ref
from integrations.social.bluesky.source import BlueskySource
from tests.conftest import FakeClock
from tests.support.fake_atproto import FakeAppView, FakePds, iso
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

ACME = "did:plc:acmeacmeacmeacmeacmeacme"
KASIA = "did:plc:kasiakasiakasiakasiakasi"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
RKEY = "3p00000001"
GET_POSTS = "/xrpc/app.bsky.feed.getPosts"
RESOLVE = "/xrpc/com.atproto.identity.resolveHandle"


class Services:
    def __init__(self, appview_net: NetServer, pds_net: NetServer) -> None:
        self.appview_net, self.pds_net = appview_net, pds_net
        self.appview = FakeAppView(appview_net)
        self.pds = FakePds(pds_net, self.appview)
        self.pds.add_account(ACME, "acme.test", "app-pass")
        self.uri = f"at://{KASIA}/app.bsky.feed.post/{RKEY}"
        # a post with a link facet, a tag, a language and counts, by someone not on our PDS
        text = "acme checkout broken 🛒 https://status.acme.example #outage"
        start = len("acme checkout broken 🛒 ".encode())
        self.appview.add_post(
            uri=self.uri, cid="bafy1", author={"did": KASIA, "handle": "kasia.test",
                                               "displayName": "Kasia"},
            record={"$type": "app.bsky.feed.post", "text": text, "langs": ["pl"],
                    "createdAt": iso(NOW - timedelta(minutes=5)),
                    "facets": [{"index": {"byteStart": start,
                                          "byteEnd": start + len("https://status.acme.example")},
                                "features": [{"$type": "app.bsky.richtext.facet#link",
                                              "uri": "https://status.acme.example"}]}]},
            indexed_at=iso(NOW - timedelta(minutes=5)))

    def source(self, client: httpx.AsyncClient, clock: FakeClock, **kw: Any) -> BlueskySource:
        base: dict[str, Any] = {"id": "bsky", "type": "bluesky",
                                "base_url": self.appview_net.base, "pds_url": self.pds_net.base,
                                "handle": "acme.test", "app_password": "app-pass",
                                "queries": ("acme",), "timeout": 1.0}
        return BlueskySource(BlueskySourceConfig(**{**base, **kw}), store=Cursors(),
                             client=client, clock=clock)


@pytest.fixture
async def services() -> AsyncIterator[Services]:
    async with NetServer() as appview, NetServer() as pds:
        s = Services(appview, pds)
        yield s
        await s.pds.close()


def test_post_addresses() -> None:
    assert post_ref(f"https://bsky.app/profile/Kasia.Test/post/{RKEY}") == ("kasia.test", RKEY)
    assert post_ref(f"https://bsky.app/profile/@kasia.test/post/{RKEY}/") == ("kasia.test", RKEY)
    assert post_ref(f"https://bsky.app/profile/{KASIA}/post/{RKEY}") == (KASIA, RKEY)
    assert post_ref("https://bsky.app/profile/did%3Aplc%3Aabc/post/3k") == ("did:plc:abc", "3k")
    assert post_ref(f"at://{KASIA}/app.bsky.feed.post/{RKEY}") == (KASIA, RKEY)
    assert post_ref(f"at://kasia.test/app.bsky.feed.post/{RKEY}") == ("kasia.test", RKEY)
    # any web client shows the same post under the same path
    assert post_ref(f"https://deer.social/profile/kasia.test/post/{RKEY}") == ("kasia.test",
                                                                                RKEY)
    for other in (f"at://{KASIA}/app.bsky.feed.like/{RKEY}",
                  "https://bsky.app/profile/kasia.test",
                  f"https://bsky.app/profile/kasia.test/feed/{RKEY}",
                  "https://bsky.app/profile/not a handle/post/3k",
                  "https://bsky.app/profile/kasia.test/post/..",
                  f"ftp://bsky.app/profile/k.t/post/{RKEY}"):
        assert post_ref(other) is None, other


async def test_a_post_is_looked_up_through_the_pds_and_equals_the_polled_one(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    source = s.source(client, clock)
    [polled] = await source.poll()
    found = await source.lookup(f"https://bsky.app/profile/kasia.test/post/{RKEY}")
    assert found == polled  # the same Mention, raw post view and all
    assert found.id == f"bluesky:{s.uri}" and found.links == ("https://status.acme.example",)
    assert found.language == "pl" and found.author.handle == "kasia.test"
    # (the poll resolved our own handle, acme.test; the lookup the author's)
    assert [r.q("handle") for r in s.pds_net.requests_to(RESOLVE)] == ["acme.test",
                                                                       "kasia.test"]
    [asked] = s.pds_net.requests_to(GET_POSTS)
    assert asked.query["uris"] == [s.uri] and asked.headers["Authorization"].startswith("Bearer ")
    # the AppView saw only the PDS's service token, never the account's own
    assert all(r.headers.get("Authorization", "").startswith("Bearer svc:")
               for r in s.appview_net.requests)
    # by DID or at-uri: no handle to resolve
    for address in (f"https://bsky.app/profile/{KASIA}/post/{RKEY}", s.uri):
        assert await source.lookup(address) == polled
    assert len(s.pds_net.requests_to(RESOLVE)) == 2


async def test_without_credentials_the_appview_answers_unauthenticated(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    source = s.source(client, clock, handle=None, app_password=None)
    found = await source.lookup(f"https://bsky.app/profile/kasia.test/post/{RKEY}")
    assert found is not None and found.id == f"bluesky:{s.uri}"
    assert s.pds_net.requests == []
    assert [r.path for r in s.appview_net.requests] == [
        RESOLVE, GET_POSTS, "/xrpc/app.bsky.actor.getProfiles"]  # the author's follower count
    assert all("Authorization" not in r.headers for r in s.appview_net.requests)


async def test_an_unknown_handle_says_so_and_a_deleted_post_is_none(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A handle no account has is said so (``NotThere``), not "deleted": an author who took
    another handle is there under it, and the address copied before names the old one."""
    s = services
    for source in (s.source(client, clock), s.source(client, clock, handle=None,
                                                     app_password=None)):
        with pytest.raises(NotThere, match=r"no account has the handle nobody\.test now"):
            await source.lookup(f"https://bsky.app/profile/nobody.test/post/{RKEY}")
        assert await source.lookup(f"https://bsky.app/profile/{KASIA}/post/3zzzzzzzzz") is None
    before = len(s.appview_net.requests) + len(s.pds_net.requests)
    source = s.source(client, clock)
    assert await source.lookup(f"at://{KASIA}/app.bsky.feed.like/{RKEY}") is None
    assert await source.lookup("https://bsky.app/profile/kasia.test") is None
    assert len(s.appview_net.requests) + len(s.pds_net.requests) == before  # nothing asked


@pytest.mark.parametrize(("fault", "error"), [
    (Fault.http(401, None, {"error": "AuthenticationRequired", "message": "no"}),
     SourceAuthError),
    (Fault.server_error(502), SourceError),
    (Fault.delay(2.0), SourceError),
    (Fault.truncated(), SourceError),
    (Fault.malformed_json(), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, {"posts": "none"}), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"},
                {"posts": [{"uri": f"at://{KASIA}/app.bsky.feed.post/{RKEY}"}]}),
     MalformedPayload),  # a view without its author
    (Fault.http(200, {"Content-Type": "application/json"},
                {"posts": [{"uri": f"at://{KASIA}/app.bsky.feed.post/{RKEY}",
                            "author": {"did": KASIA},
                            "record": {"text": "hi", "createdAt": "1960-01-01T00:00:00Z"}}]}),
     MalformedPayload),  # no Mention holds it: pydantic's ValidationError left the lookup
    (Fault.http(200, {"Content-Type": "application/json"},
                {"posts": [{"uri": "at://did:plc:x/app.bsky.feed.post/1", "author": {}}]}),
     MalformedPayload),  # a post not asked for
    (Fault.http(400, None, {"error": "InvalidRequest", "message": "bad uri"}), SourceError),
])
async def test_failures_are_our_errors(services: Services, client: httpx.AsyncClient,
                                       clock: FakeClock, fault: Fault,
                                       error: type[Exception]) -> None:
    s = services
    s.appview_net.fault("GET", GET_POSTS, fault)
    source = s.source(client, clock, handle=None, app_password=None)
    with pytest.raises(error) as info:
        await source.lookup(s.uri)
    assert not isinstance(info.value, httpx.HTTPError)
    assert await source.lookup(s.uri) is not None  # then it works


async def test_a_rate_limit_is_rate_limited_with_its_reset(
        services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    s = services
    clock.now = NOW
    reset = str(int((NOW + timedelta(seconds=75)).timestamp()))
    s.pds_net.fault("GET", RESOLVE, Fault.http(429, {"ratelimit-reset": reset},
                                               {"error": "RateLimitExceeded"}))
    with pytest.raises(RateLimited) as info:
        await s.source(client, clock).lookup(f"https://bsky.app/profile/kasia.test/post/{RKEY}")
    assert info.value.retry_after == pytest.approx(75)


@pytest.mark.parametrize("web", ["https://gov.example/bsky/", "https://gov.example/bsky",
                                 "HTTPS://GOV.EXAMPLE:8443/bsky/", "http://[::1]:8080/bsky/"])
async def test_a_card_link_of_a_web_client_on_a_path_is_looked_up(
        web: str, services: Services, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A web client served on a path of its own (``web_url: https://gov.example/bsky/``):
    cards link under it, but ``why`` with a card's own link found nothing, the path read from
    its root ('/bsky/profile/...' was no post address). Another path on that host is still
    not one, nor is a link of another host under that path read without it."""
    clock.now = NOW
    source = services.source(client, clock, web_url=web)
    link = f"{web.rstrip('/')}/profile/kasia.test/post/{RKEY}"
    looked = await source.lookup(link)
    assert looked is not None and looked.url == link and looked.native_id == services.uri
    for other in (f"{web.rstrip('/')}2/profile/kasia.test/post/{RKEY}",
                  f"https://elsewhere.example/bsky/profile/kasia.test/post/{RKEY}"):
        assert post_ref(other, web) is None
    assert post_ref("https://[zz]/profile/kasia.test/post/3k", web) is None
