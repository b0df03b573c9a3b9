"""Looking one Mastodon status up by its address (``MastodonSource.lookup``, what ``why``
asks for a post socialops never fetched), over real HTTP against the local Mastodon-API server
(tests/support/fake_mastodon.py), with the real recorded status in fixtures/real/mastodon.

A status of the configured server is read by id; one of another server is resolved through
search, which Mastodon allows only with a user token; a deleted or hidden status is None; every
failure is one of our errors."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.parse import (
    StatusAddress,
    is_status_at,
    parse_time,
    server_of,
    status_address,
)
from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.support.fake_mastodon import FakeMastodon
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"
LOCAL_ID = "110446223051565765"
REMOTE = "https://icosahedron.website/@halcy/110446222386355655"


def real() -> dict[str, Any]:
    """The recorded status: edited, with a content warning, a mention, a custom emoji and a
    hashtag; as seen by mastodon.social, it is a remote status from icosahedron.website."""
    status: dict[str, Any] = json.loads(
        (REAL / "status_edited_cw_mention_customemoji_gifv.json").read_text(encoding="utf-8"))
    return status


def local(net: NetServer, status_id: str = LOCAL_ID) -> dict[str, Any]:
    """The same status as a status of the local server itself."""
    status = copy.deepcopy(real())
    status["id"] = status_id
    status["url"] = f"{net.base}/@halcy/{status_id}"
    status["uri"] = f"{net.base}/users/halcy/statuses/{status_id}"
    return status


def source(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
           **kw: Any) -> MastodonSource:
    values: dict[str, Any] = {"id": "m1", "type": "mastodon", "base_url": net.base,
                              "hashtags": ("ThisIsAHashtag",), "timeout": 1.0}
    values.update(kw)
    return MastodonSource(MastodonSourceConfig(**values), store=Cursors(), client=client,
                          clock=clock)


@pytest.fixture
def server(net: NetServer) -> FakeMastodon:
    return FakeMastodon(net)


def test_status_addresses() -> None:
    assert status_address("https://Mastodon.Social/@Gargron/109/") == StatusAddress(
        "mastodon.social", "109")
    assert status_address("https://mastodon.social/@bob@other.host/109") == StatusAddress(
        "mastodon.social", "109")  # a remote status under this server's own id
    assert status_address("https://mastodon.social/users/Gargron/statuses/109") == \
        StatusAddress("mastodon.social", "109")
    assert status_address("http://127.0.0.1:8080/@a/statuses/01HX9") == StatusAddress(
        "127.0.0.1:8080", "01HX9")  # GoToSocial
    assert status_address("https://m.example:443/@a/5") == StatusAddress("m.example", "5")
    for other in ("https://mastodon.social/@Gargron", "https://mastodon.social/tags/x",
                  "ftp://mastodon.social/@a/1", "https://mastodon.social/@a/1/../2",
                  "not a url", "http://[::1/@a/1", "https://[acme]/@a/1"):
        assert status_address(other) is None, other
    status = {"url": "https://other.example/@a/7",
              "uri": "https://other.example/users/a/statuses/7"}
    assert is_status_at(status, "https://other.example/users/a/statuses/7")
    assert is_status_at(status, "https://OTHER.example/@a/7/")
    assert not is_status_at(status, "https://other.example/@a/8")
    assert not is_status_at({"url": "https://elsewhere.example/@a/7"},
                            "https://other.example/@a/7")


async def test_a_status_of_this_server_is_read_by_id_and_equals_the_polled_one(
        net: NetServer, server: FakeMastodon, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    status = local(net)
    server.add_status(status)
    net.json("GET", "/api/v1/timelines/tag/ThisIsAHashtag", [status])
    clock.now = parse_time(status["created_at"]) + timedelta(minutes=5)
    src = source(net, client, clock)
    [polled] = await src.poll()
    for url in (status["url"], status["uri"], f"{net.base}/@halcy/{LOCAL_ID}/"):
        assert await src.lookup(url) == polled, url  # the same Mention, raw payload and all
    requests = net.requests_to(f"/api/v1/statuses/{LOCAL_ID}")
    assert len(requests) == 3 and "Authorization" not in requests[0].headers  # public read
    assert polled.text.startswith("CW: test post for mastodon.py stuff")
    assert polled.hashtags == ("thisisahashtag",) and polled.language == "de"

    # with a token it is sent (a private status the account may see is readable then)
    server.add_status(local(net, "110446223051565766"), private=True)
    url = f"{net.base}/@halcy/110446223051565766"
    assert await src.lookup(url) is None  # without a token: Mastodon says 404
    found = await source(net, client, clock, token="tok").lookup(url)
    assert found is not None and found.id == "mastodon:110446223051565766"
    assert net.requests[-1].headers["Authorization"] == "Bearer tok"


async def test_a_deleted_status_or_an_address_of_no_status_is_none(
        net: NetServer, server: FakeMastodon, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    server.add_status(local(net))
    server.delete_status(LOCAL_ID)
    src = source(net, client, clock, token="tok")
    assert await src.lookup(f"{net.base}/@halcy/{LOCAL_ID}") is None
    assert await src.lookup(f"{net.base}/@halcy/1") is None  # never existed: 404 too
    before = len(net.requests)
    for address in (f"{net.base}/@halcy", f"{net.base}/tags/socialops",
                    "https://x.com/a/status/1"):
        assert await src.lookup(address) is None
    assert len(net.requests) == before  # nothing to ask for


async def test_a_status_of_another_server_is_resolved_through_search_with_the_token(
        net: NetServer, server: FakeMastodon, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    status = real()  # this server's copy of the remote status: its own id, the remote url
    server.add_remote(REMOTE, status)
    src = source(net, client, clock, token="tok")
    found = await src.lookup(REMOTE)
    assert found is not None and found.id == f"mastodon:{LOCAL_ID}" and found.url == REMOTE
    [req] = net.requests_to("/api/v2/search")
    assert (req.q("q"), req.q("resolve"), req.q("type")) == (REMOTE, "true", "statuses")
    assert req.headers["Authorization"] == "Bearer tok"
    # asked for by its ActivityPub uri, the same status
    server.add_remote(status["uri"], status)
    again = await src.lookup(status["uri"])
    assert again is not None and again.id == found.id
    # nothing answers there (deleted, or no such server): no status
    assert await src.lookup("https://icosahedron.website/@halcy/1") is None


async def test_without_a_token_a_status_of_another_server_is_not_readable(
        net: NetServer, server: FakeMastodon, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    server.add_remote(REMOTE, real())
    assert await source(net, client, clock).lookup(REMOTE) is None
    assert net.requests_to("/api/v2/search") == []  # resolve would be a 401: not even asked


async def test_search_answering_only_posts_that_link_to_the_address_is_none(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # a server that mixes full-text matches into a resolving search (or resolves nothing and
    # finds a post quoting the link): the post that links to the address is not the post
    linking = local(net, "777")
    linking["content"] = f'<p>look at <a href="{REMOTE}">this</a></p>'
    net.json("GET", "/api/v2/search", {"accounts": [], "hashtags": [], "statuses": [linking]})
    assert await source(net, client, clock, token="tok").lookup(REMOTE) is None


async def test_search_answering_addresses_urlsplit_refuses_is_none(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """What a search answers is the network's, not ours: a status whose url or uri is
    "https://[evil" raised ValueError out of the lookup (``why`` logged a traceback)."""
    broken = local(net, "778")
    broken["url"], broken["uri"] = "https://[evil/@a/1", "http://[::1/users/a/statuses/1"
    net.json("GET", "/api/v2/search", {"accounts": [], "hashtags": [], "statuses": [broken]})
    assert await source(net, client, clock, token="tok").lookup(REMOTE) is None
    assert not is_status_at(broken, REMOTE)


@pytest.mark.parametrize(("fault", "error"), [
    (Fault.unauthorized(), SourceAuthError),
    (Fault.http(403, None, {"error": "This action is not allowed"}), SourceAuthError),
    (Fault.server_error(502), SourceError),
    (Fault.delay(2.0), SourceError),
    (Fault.truncated(), SourceError),
    (Fault.malformed_json(), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, {"id": LOCAL_ID}), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, ["not", "a", "status"]),
     MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"},
                {"id": LOCAL_ID, "account": {"id": "1", "acct": "a@b.test"},
                 "created_at": "1960-01-01T00:00:00Z"}),
     MalformedPayload),  # no Mention holds it: pydantic's ValidationError left the lookup
    (Fault.http(422, None, {"error": "Validation failed"}), SourceError),
])
async def test_failures_are_our_errors(net: NetServer, server: FakeMastodon,
                                       client: httpx.AsyncClient, clock: FakeClock,
                                       fault: Fault, error: type[Exception]) -> None:
    server.add_status(local(net))
    path = f"/api/v1/statuses/{LOCAL_ID}"
    net.fault("GET", path, fault)
    src = source(net, client, clock)
    with pytest.raises(error) as info:
        await src.lookup(f"{net.base}/@halcy/{LOCAL_ID}")
    assert not isinstance(info.value, httpx.HTTPError)
    assert await src.lookup(f"{net.base}/@halcy/{LOCAL_ID}") is not None  # then it works


async def test_a_rate_limit_is_rate_limited_with_its_wait(
        net: NetServer, server: FakeMastodon, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    server.add_remote(REMOTE, real())
    net.fault("GET", "/api/v2/search", Fault.rate_limited({"Retry-After": "42"}))
    src = source(net, client, clock, token="tok")
    with pytest.raises(RateLimited) as info:
        await src.lookup(REMOTE)
    assert info.value.retry_after == 42
    # search answers something that is not the Search entity
    net.fault("GET", "/api/v2/search", Fault.http(200, {"Content-Type": "application/json"},
                                                  {"statuses": "nope"}))
    with pytest.raises(MalformedPayload):
        await src.lookup(REMOTE)


def test_a_server_is_one_however_its_host_is_written() -> None:
    """A host in Unicode or punycode (Mastodon writes its addresses with the ASCII form), an
    IPv6 address in any of its forms, and a fully qualified name's last dot are one server."""
    assert server_of("https://bücher.example/") == server_of("https://xn--bcher-kva.example")
    assert status_address("https://xn--bcher-kva.example/@a/1") == status_address(
        "https://BÜCHER.example/@a/1")
    assert server_of("http://[::1]:8080/") == server_of("http://[0:0:0:0:0:0:0:1]:8080/")
    assert server_of("https://Mastodon.Social./") == "mastodon.social"


async def test_a_status_of_this_server_written_otherwise_is_read_by_id(
        net: NetServer, server: FakeMastodon, client: httpx.AsyncClient,
        clock: FakeClock) -> None:
    """Pasted with the host's last dot (or the host in another form) a status of this server
    was taken for another server's: without a token, not readable."""
    status = local(net)
    server.add_status(status)
    clock.now = parse_time(status["created_at"]) + timedelta(minutes=5)
    host, port = net.base.split("://", 1)[1].rsplit(":", 1)
    found = await source(net, client, clock).lookup(f"HTTP://{host}.:{port}/@halcy/{LOCAL_ID}")
    assert found is not None and found.id == f"mastodon:{LOCAL_ID}"
