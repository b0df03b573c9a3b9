"""The reference servers work, shown with plain httpx (no project code): the AT Protocol stack
(PDS, AppView) and nginx. The asserted statuses and error names are the facts the project's
Bluesky client and feed fetcher must handle (see tests/interop/README.md)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import formatdate
from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from tests.interop.conftest import AtprotoStack, Nginx

POST = "app.bsky.feed.post"


def xrpc(base: str, nsid: str) -> str:
    return f"{base}/xrpc/{nsid}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def err(r: httpx.Response) -> tuple[int, str]:
    return r.status_code, str(r.json().get("error"))


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as c:
        yield c


def create_session(http: httpx.Client, pds: str, handle: str, password: str) -> dict[str, Any]:
    r = http.post(xrpc(pds, "com.atproto.server.createSession"),
                  json={"identifier": handle, "password": password})
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_post_with_multibyte_text_and_facets_reads_back_via_pds_and_appview(
    atproto: AtprotoStack, http: httpx.Client
) -> None:
    did, handle, app_password = atproto.create_account("smoke-poster")
    assert did.startswith("did:plc:") and handle == "smoke-poster.test"
    session = create_session(http, atproto.pds, handle, app_password)
    assert session["did"] == did and session["handle"] == handle
    token = session["accessJwt"]

    text = f"Grüße 👋 an @{handle} — #Interop ✓ https://example.com/ü?x=1"
    [facets] = atproto.facets([text], resolve=True)
    # The SDK's byte offsets are UTF-8 byte offsets: check them against Python's encoding.
    raw = text.encode()
    by_kind = {f["features"][0]["$type"].split("#")[1]: f for f in facets}
    assert set(by_kind) == {"mention", "tag", "link"}
    for kind, needle in [("mention", f"@{handle}"), ("tag", "#Interop"),
                         ("link", "https://example.com/ü?x=1")]:
        start = raw.index(needle.encode())
        end = start + len(needle.encode())
        assert by_kind[kind]["index"] == {"byteStart": start, "byteEnd": end}
    assert by_kind["mention"]["features"][0]["did"] == did  # resolved on the PDS
    assert by_kind["tag"]["features"][0]["tag"] == "Interop"
    # Without resolution the SDK leaves the bare handle where the DID goes.
    [unresolved] = atproto.facets([text])
    assert next(f for f in unresolved if "mention" in f["features"][0]["$type"])[
        "features"][0]["did"] == handle

    record = {
        "$type": POST,
        "text": text,
        "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "langs": ["de"],
        "facets": [{"index": f["index"], "features": f["features"]} for f in facets],
    }
    r = http.post(xrpc(atproto.pds, "com.atproto.repo.createRecord"), headers=bearer(token),
                  json={"repo": did, "collection": POST, "record": record})
    assert r.status_code == 200, r.text
    uri, cid = r.json()["uri"], r.json()["cid"]
    assert uri.startswith(f"at://{did}/{POST}/")

    atproto.process()

    # Authenticated app.bsky.* reads go to the PDS, which proxies them to the AppView.
    r = http.get(xrpc(atproto.pds, "app.bsky.feed.getAuthorFeed"), headers=bearer(token),
                 params={"actor": did})
    assert r.status_code == 200, r.text
    [item] = r.json()["feed"]
    assert item["post"]["uri"] == uri and item["post"]["cid"] == cid
    assert item["post"]["record"]["text"] == text
    assert item["post"]["record"]["facets"] == record["facets"]

    r = http.get(xrpc(atproto.pds, "app.bsky.feed.searchPosts"), headers=bearer(token),
                 params={"q": "Grüße"})
    assert r.status_code == 200, r.text
    assert [p["uri"] for p in r.json()["posts"]] == [uri]
    # dev-env's AppView search is a case-sensitive SQL LIKE (production search is not).
    r = http.get(xrpc(atproto.pds, "app.bsky.feed.searchPosts"), headers=bearer(token),
                 params={"q": "grüße"})
    assert r.status_code == 200 and r.json()["posts"] == []

    # The AppView serves public reads without authentication...
    r = http.get(xrpc(atproto.appview, "app.bsky.feed.getPosts"), params={"uris": uri})
    assert r.status_code == 200, r.text
    assert r.json()["posts"][0]["record"]["text"] == text
    r = http.get(xrpc(atproto.appview, "app.bsky.feed.getAuthorFeed"), params={"actor": handle})
    assert r.status_code == 200 and r.json()["feed"][0]["post"]["uri"] == uri
    # ...and refuses the PDS's access token.
    r = http.get(xrpc(atproto.appview, "app.bsky.feed.getAuthorFeed"), headers=bearer(token),
                 params={"actor": did})
    assert err(r) == (401, "InvalidToken"), r.text


def test_refresh_expiry_and_revoked_app_password(atproto: AtprotoStack, http: httpx.Client) -> None:
    acct = atproto.account("smoke-refresher")
    session = create_session(http, atproto.pds, acct.handle, acct.app_password)
    get_session = xrpc(atproto.pds, "com.atproto.server.getSession")
    refresh = xrpc(atproto.pds, "com.atproto.server.refreshSession")

    r = http.get(get_session, headers=bearer(session["accessJwt"]))
    assert r.status_code == 200 and r.json()["did"] == acct.did

    # An expired access token: 400 ExpiredToken (the cue to refresh), not 401.
    expired = atproto.expire_token(session["accessJwt"])
    assert err(http.get(get_session, headers=bearer(expired))) == (400, "ExpiredToken")

    # Refresh gives a new pair; the access token is not accepted where a refresh token is.
    r = http.post(refresh, headers=bearer(session["refreshJwt"]))
    assert r.status_code == 200, r.text
    fresh = r.json()
    assert fresh["did"] == acct.did and fresh["refreshJwt"] != session["refreshJwt"]
    assert err(http.post(refresh, headers=bearer(fresh["accessJwt"]))) == (400, "InvalidToken")
    assert http.get(get_session, headers=bearer(fresh["accessJwt"])).status_code == 200

    # An expired refresh token: 400 ExpiredToken as well.
    assert err(http.post(refresh, headers=bearer(atproto.expire_token(fresh["refreshJwt"])))) == (
        400, "ExpiredToken")

    # Revoking the app password kills its refresh tokens: refresh fails with 400 ExpiredToken
    # (so "ExpiredToken on refresh" means: create a new session), and the app password no
    # longer logs in (401 AuthenticationRequired).
    atproto.revoke(acct.handle, acct.app_password_name)
    assert err(http.post(refresh, headers=bearer(fresh["refreshJwt"]))) == (400, "ExpiredToken")
    r = http.post(xrpc(atproto.pds, "com.atproto.server.createSession"),
                  json={"identifier": acct.handle, "password": acct.app_password})
    assert err(r) == (401, "AuthenticationRequired")
    # The access token issued before the revocation is a stateless JWT: still accepted.
    assert http.get(get_session, headers=bearer(fresh["accessJwt"])).status_code == 200

    # Another app password for the same account works.
    other = atproto.app_password(acct.handle, "socialops-2")
    assert create_session(http, atproto.pds, acct.handle, other)["did"] == acct.did


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Grüße</title><link>http://example.invalid/</link>
<description>d</description><item><title>Ünïcödé</title><guid>1</guid></item></channel></rss>
"""


def test_nginx_serves_feed_with_validators_and_conditional_get(
    nginx: Nginx, http: httpx.Client
) -> None:
    base, root = nginx
    (root / "feed.rss").write_bytes(FEED.encode())
    url = f"{base}/feed.rss"

    r = http.get(url)
    assert r.status_code == 200
    assert r.content == FEED.encode()
    assert r.headers["content-type"] == "application/rss+xml"  # no charset added
    etag, last_modified = r.headers["etag"], r.headers["last-modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")

    assert http.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert http.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    r = http.get(url, headers={"If-None-Match": etag, "If-Modified-Since": last_modified})
    assert r.status_code == 304 and r.content == b""
    # A weak form of the same validator also matches (RFC 9110 weak comparison).
    assert http.get(url, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    # if_modified_since exact: another date is not "not modified".
    epoch = formatdate(0, usegmt=True)
    assert http.get(url, headers={"If-Modified-Since": epoch}).status_code == 200

    # A changed file gets new validators and a 200 for the old ETag.
    (root / "feed.rss").write_bytes(FEED.replace("Grüße", "Hallo").encode())
    r = http.get(url, headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.headers["etag"] != etag
