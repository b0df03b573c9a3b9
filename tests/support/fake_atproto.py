"""A local AT Protocol pair for the Bluesky adapter tests: an AppView and a PDS, each its own
``NetServer`` on 127.0.0.1 (so a test sees which host every request went to).

It models what the reference servers do (``@atproto/dev-env``, see ../shared/TESTING.md) and
what the documentation says, where the adapter's old fake simply agreed with the code:

* **Where requests go** (docs.bsky.app "API Hosts and Auth", advanced-guides/api-directory):
  authenticated ``app.bsky.*`` requests "all go through the user PDS instance, and get proxied
  to the correct service"; public ones may go to an AppView directly, unauthenticated. The
  fake AppView therefore refuses a PDS access token exactly like the real one (``401
  InvalidToken "Malformed token"``) and accepts only service-auth tokens minted by the PDS, or
  no token at all for public methods. ``listNotifications`` needs a viewer.
* **Service proxying** (atproto.com/specs/xrpc, "Service Proxying"): the PDS forwards
  ``/xrpc/app.bsky.*`` to its AppView with an inter-service token of the account; an
  ``atproto-proxy: <did>#<service id>`` header names the service, and only an authenticated
  account may be proxied. Without the header the PDS uses its configured AppView (the docs:
  "the ``atproto-proxy`` is not required" for the Bluesky AppView).
* **Sessions** (atproto.com/specs/xrpc, "Authentication"): ``createSession`` with an app
  password; an expired access token answers ``400 ExpiredToken``; ``refreshSession`` with an
  expired or revoked refresh token answers ``400 ExpiredToken`` too (seen against dev-env); a
  revoked app password answers ``401 AuthenticationRequired`` on ``createSession``. As the
  reference PDS (``@atproto/pds`` 0.4, account-manager ``rotateRefreshToken``): a refreshed
  token stays usable for a grace period (two hours there, until ``end_grace()`` here), and
  using it again gives the same next refresh token; ``createSession`` is rate limited per
  identifier, 30 in 5 minutes and 300 a day (its ``rateLimit``; the PDS runs with
  ``PDS_RATE_LIMITS_ENABLED`` as Bluesky's do), answering ``429 RateLimitExceeded`` with the
  ``RateLimit-*`` headers of xrpc-server (``RateLimit-Reset`` in epoch seconds).
* **Records**: ``putRecord`` validates ``app.bsky.feed.post`` against its lexicon
  (``text``: ``maxLength`` 3000 UTF-8 bytes, then ``maxGraphemes`` 300, lexicons
  app/bsky/feed/post.json and atproto.com/specs/lexicon "string") and answers ``400
  InvalidRequest``; ``getRecord`` of a missing key answers ``400 RecordNotFound``; writing a
  different record under an existing key gives a new CID, unless ``swapRecord`` is null ("only
  where none is": ``400 InvalidSwap``, @atproto/pds putRecord's ``BadRecordSwapError``).
  Posts written here are indexed by the AppView, so the account's own posts come back through
  search as they do for real.
* **Handles**: ``com.atproto.identity.resolveHandle`` on the PDS (its accounts, then any handle
  the network knows) and on the AppView (the authors it indexed); an unknown handle is ``400
  InvalidRequest "Unable to resolve handle"``. ``getPosts`` leaves out a uri it has no post for
  (deleted, never indexed), as the AppView does.
* **Authors**: post views and notifications name an author without counts (a
  ``profileViewBasic``, as the reference AppView answers); ``getProfiles`` (at most 25
  ``actors``) gives ``followersCount`` (``followers``, by DID; an unknown actor is left out).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
import regex
from aiohttp import web

from tests.support.netserver import NetServer

APPVIEW_DID = "did:web:appview.test"
APPVIEW_SERVICE = f"{APPVIEW_DID}#bsky_appview"
POST = "app.bsky.feed.post"
PUBLIC = frozenset({"app.bsky.feed.searchPosts", "app.bsky.feed.getPosts",
                    "app.bsky.actor.getProfile", "app.bsky.actor.getProfiles"})


def xrpc_error(status: int, error: str, message: str) -> web.Response:
    return web.json_response({"error": error, "message": message}, status=status)


def iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


class FakeAppView:
    """The AppView: public reads unauthenticated, viewer reads only through the PDS."""

    def __init__(self, net: NetServer) -> None:
        self.net = net
        self.posts: list[dict[str, Any]] = []  # post views, any order
        self.notifications: dict[str, list[dict[str, Any]]] = {}  # viewer did -> items
        self.handles: dict[str, str] = {}  # handle -> did, of every author it indexed
        self.followers: dict[str, int] = {}  # did -> followersCount, for getProfiles
        # posts under a thread gate that leaves every viewer but the author out: their views
        # say viewer.replyDisabled (what getPosts answers under a gate, tests/interop/README.md)
        self.gated: set[str] = set()
        for method in ("app.bsky.feed.searchPosts", "app.bsky.feed.getPosts",
                       "app.bsky.notification.listNotifications", "app.bsky.actor.getProfiles"):
            net.handler("GET", f"/xrpc/{method}", self._serve)
        net.handler("GET", "/xrpc/com.atproto.identity.resolveHandle", self._resolve)

    async def _resolve(self, request: web.Request) -> web.Response:
        # the AppView answers it too (packages/bsky api/com/atproto/identity/resolveHandle.ts):
        # 400 InvalidRequest "Unable to resolve handle" for a handle it does not know
        did = self.handles.get(request.query.get("handle", "").lower())
        if did is None:
            return xrpc_error(400, "InvalidRequest", "Unable to resolve handle")
        return web.json_response({"did": did})

    def add_post(self, *, uri: str, cid: str, author: dict[str, Any], record: dict[str, Any],
                 indexed_at: str) -> None:
        if isinstance(author.get("handle"), str):
            self.handles[author["handle"].lower()] = author["did"]
        self.posts = [p for p in self.posts if p["uri"] != uri]
        self.posts.append({"uri": uri, "cid": cid, "author": author, "record": record,
                           "indexedAt": indexed_at, "likeCount": 0})

    def _viewer(self, request: web.Request) -> tuple[str | None, web.Response | None]:
        auth = request.headers.get("Authorization", "")
        if not auth:
            return None, None
        token = auth.removeprefix("Bearer ")
        if not token.startswith("svc:"):
            # what the real AppView says to a PDS access token (seen against dev-env)
            return None, xrpc_error(401, "InvalidToken", "Malformed token")
        return token.removeprefix("svc:"), None

    async def _serve(self, request: web.Request) -> web.Response:
        method = request.path.removeprefix("/xrpc/")
        viewer, refused = self._viewer(request)
        if refused is not None:
            return refused
        if viewer is None and method not in PUBLIC:
            return xrpc_error(401, "AuthenticationRequired", "Authentication Required")
        if method.endswith("searchPosts"):
            return self._search(request)
        if method.endswith("getPosts"):
            uris = request.query.getall("uris", [])
            return web.json_response({"posts": [
                {**p, "viewer": {"replyDisabled": True}}
                if viewer and p["uri"] in self.gated and p["author"]["did"] != viewer else p
                for p in self.posts if p["uri"] in uris]})
        if method.endswith("getProfiles"):
            actors = request.query.getall("actors", [])
            if not 0 < len(actors) <= 25:
                return xrpc_error(400, "InvalidRequest", "actors must have 1 to 25 items")
            return web.json_response({"profiles": [
                {"did": a, "handle": next((h for h, d in self.handles.items() if d == a),
                                          "handle.invalid"), "followersCount": n}
                for a in actors if (n := self.followers.get(a)) is not None]})
        items = sorted(self.notifications.get(str(viewer), []), key=lambda n: n["indexedAt"],
                       reverse=True)
        return self._page(request, items, "notifications")

    def _search(self, request: web.Request) -> web.Response:
        q = request.query.get("q", "")
        items = [p for p in self.posts if q.casefold() in p["record"]["text"].casefold()]
        if since := request.query.get("since"):
            items = [p for p in items if p["indexedAt"] >= since]
        items.sort(key=lambda p: p["indexedAt"], reverse=True)
        return self._page(request, items, "posts")

    def _page(self, request: web.Request, items: list[dict[str, Any]], key: str) -> web.Response:
        offset = int(request.query.get("cursor") or 0)
        limit = int(request.query.get("limit") or 25)
        body: dict[str, Any] = {key: items[offset:offset + limit]}
        if offset + limit < len(items):
            body["cursor"] = str(offset + limit)
        return web.json_response(body)


@dataclass
class Account:
    did: str
    handle: str
    app_passwords: set[str] = field(default_factory=set)


class FakePds:
    """The account's PDS: sessions, the repo, handle resolution, and proxying to the AppView."""

    def __init__(self, net: NetServer, appview: FakeAppView, *,
                 appview_service: str = APPVIEW_SERVICE) -> None:
        self.net = net
        self.appview = appview
        self.appview_service = appview_service
        self.accounts: dict[str, Account] = {}
        self.access: dict[str, str] = {}  # live access token -> did
        self.refresh: dict[str, str] = {}  # live refresh token -> did
        self.expired_access: set[str] = set()
        self.rotated: dict[str, str] = {}  # refreshed token -> its successor (grace period)
        self.logins: dict[str, list[float]] = {}  # identifier -> createSession times (monotonic)
        self.records: dict[tuple[str, str, str], tuple[dict[str, Any], str]] = {}
        self.writes = 0
        self.fail_writes = 0  # the next N writes land, but the answer is a 502
        self.clock_iso = "2026-11-23T09:00:00.000Z"  # indexedAt of what gets written
        self._issued = 0
        self._session: aiohttp.ClientSession | None = None
        for method in ("createSession", "refreshSession"):
            net.handler("POST", f"/xrpc/com.atproto.server.{method}",
                        getattr(self, f"_{method}"))
        net.handler("POST", "/xrpc/com.atproto.repo.putRecord", self._put)
        net.handler("GET", "/xrpc/com.atproto.repo.getRecord", self._get)
        net.handler("GET", "/xrpc/com.atproto.identity.resolveHandle", self._resolve)
        for method in ("app.bsky.feed.searchPosts", "app.bsky.feed.getPosts",
                       "app.bsky.notification.listNotifications", "app.bsky.actor.getProfiles"):
            net.handler("GET", f"/xrpc/{method}", self._proxy)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    def add_account(self, did: str, handle: str, app_password: str) -> Account:
        account = Account(did, handle, {app_password})
        self.accounts[did] = account
        return account

    def expire_access_tokens(self) -> None:
        self.expired_access |= set(self.access)

    def revoke_refresh_tokens(self) -> None:
        self.refresh.clear()
        self.rotated.clear()

    def end_grace(self) -> None:
        """The grace period of every refreshed token ends (two hours have passed)."""
        for token in self.rotated:
            self.refresh.pop(token, None)
        self.rotated.clear()

    def revoke_app_password(self, did: str) -> None:
        self.accounts[did].app_passwords.clear()
        self.refresh = {t: d for t, d in self.refresh.items() if d != did}
        self.rotated = {t: n for t, n in self.rotated.items() if n in self.refresh}

    # -- sessions --------------------------------------------------------------------------------

    def _issue(self, account: Account, refresh: str | None = None) -> web.Response:
        self._issued += 1
        access = f"pds-access-{self._issued}"
        refresh = refresh or f"pds-refresh-{self._issued}"
        self.access[access] = account.did
        self.refresh[refresh] = account.did
        return web.json_response({"accessJwt": access, "refreshJwt": refresh,
                                  "did": account.did, "handle": account.handle,
                                  "active": True})

    async def _createSession(self, request: web.Request) -> web.Response:
        body = await request.json()
        who = str(body.get("identifier") or "")
        limited = self._rate_limited(who)
        if limited is not None:
            return limited
        account = next((a for a in self.accounts.values() if who in (a.did, a.handle)), None)
        if account is None or body.get("password") not in account.app_passwords:
            return xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password")
        return self._issue(account)

    def _rate_limited(self, who: str) -> web.Response | None:
        now = time.monotonic()
        times = self.logins.setdefault(who, [])
        for limit, window in ((30, 300), (300, 86400)):
            recent = [t for t in times if now - t < window]
            if len(recent) >= limit:
                reset = int(time.time() + window - (now - recent[0])) + 1
                answer = xrpc_error(429, "RateLimitExceeded", "Rate Limit Exceeded")
                answer.headers.update({"RateLimit-Limit": str(limit), "RateLimit-Remaining": "0",
                                       "RateLimit-Reset": str(reset),
                                       "RateLimit-Policy": f"{limit};w={window}"})
                return answer
        times.append(now)  # a refused request costs a point too, as xrpc-server counts
        return None

    async def _refreshSession(self, request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        did = self.refresh.get(token)
        if did is None:
            return xrpc_error(400, "ExpiredToken", "Token has been revoked")
        if token in self.rotated:  # used again in its grace period: the same successor
            return self._issue(self.accounts[did], self.rotated[token])
        answer = self._issue(self.accounts[did])
        self.rotated[token] = f"pds-refresh-{self._issued}"
        return answer

    def _account(self, request: web.Request) -> tuple[str | None, web.Response | None]:
        auth = request.headers.get("Authorization", "")
        if not auth:
            return None, None
        token = auth.removeprefix("Bearer ")
        if token in self.expired_access:
            return None, xrpc_error(400, "ExpiredToken", "Token has expired")
        did = self.access.get(token)
        if did is None:
            # the reference PDS: InvalidRequestError, a 400 (auth-verifier.js)
            return None, xrpc_error(400, "InvalidToken", "Token could not be verified")
        return did, None

    # -- repo ------------------------------------------------------------------------------------

    async def _put(self, request: web.Request) -> web.Response:
        did, refused = self._account(request)
        if refused is not None:
            return refused
        body = await request.json()
        if did is None or body.get("repo") != did:
            return xrpc_error(401, "AuthenticationRequired", "Authentication Required")
        record = body.get("record") or {}
        if body.get("collection") == POST:
            problem = post_problem(record)
            if problem:
                return xrpc_error(400, "InvalidRequest", f"Invalid {POST} record: {problem}")
        key = (did, str(body["collection"]), str(body["rkey"]))
        if "swapRecord" in body and body["swapRecord"] is None and key in self.records:
            # null: write only where no record is (@atproto/pds putRecord, BadRecordSwapError)
            return xrpc_error(400, "InvalidSwap", "Record was at " + self.records[key][1])
        cid = "bafy" + hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:20]
        self.records[key] = (record, cid)
        self.writes += 1
        uri = f"at://{did}/{key[1]}/{key[2]}"
        if key[1] == POST:
            account = self.accounts[did]
            self.appview.add_post(uri=uri, cid=cid, record=record, indexed_at=self.clock_iso,
                                  author={"did": did, "handle": account.handle})
        if self.fail_writes:
            self.fail_writes -= 1
            return xrpc_error(502, "UpstreamFailure", "answer lost on the way back")
        return web.json_response({"uri": uri, "cid": cid})

    async def _get(self, request: web.Request) -> web.Response:
        key = (request.query.get("repo", ""), request.query.get("collection", ""),
               request.query.get("rkey", ""))
        found = self.records.get(key)
        if found is None:
            return xrpc_error(400, "RecordNotFound", f"Could not locate record: at://{'/'.join(key)}")
        record, cid = found
        return web.json_response({"uri": f"at://{'/'.join(key)}", "cid": cid, "value": record})

    async def _resolve(self, request: web.Request) -> web.Response:
        # its own accounts first; any other handle as the network knows it (here: its AppView)
        handle = request.query.get("handle", "").lower()
        account = next((a for a in self.accounts.values() if a.handle == handle), None)
        did = account.did if account is not None else self.appview.handles.get(handle)
        if did is None:
            return xrpc_error(400, "InvalidRequest", "Unable to resolve handle")
        return web.json_response({"did": did})

    # -- proxying -----------------------------------------------------------------------------

    async def _proxy(self, request: web.Request) -> web.Response:
        did, refused = self._account(request)
        if refused is not None:
            return refused
        if did is None:
            return xrpc_error(401, "AuthenticationRequired", "Authentication Required")
        wanted = request.headers.get("atproto-proxy", self.appview_service)
        if wanted != self.appview_service:
            return xrpc_error(400, "InvalidRequest", f"could not resolve proxy did service url "
                                                     f"for {wanted}")
        if self._session is None:
            self._session = aiohttp.ClientSession()
        async with self._session.get(self.appview.net.url(request.path),
                                     params=list(request.query.items()),
                                     headers={"Authorization": f"Bearer svc:{did}"}) as answer:
            return web.Response(status=answer.status, body=await answer.read(),
                                content_type="application/json")


def post_problem(record: dict[str, Any]) -> str | None:
    """What the post lexicon says about ``text``, in the order the lexicon validator checks."""
    text = record.get("text")
    if not isinstance(text, str):
        return "Record/text must be a string"
    if len(text.encode("utf-8")) > 3000:
        return "Record/text must not be longer than 3000 characters"
    if len(regex.findall(r"\X", text)) > 300:
        return "Record/text must not be longer than 300 graphemes"
    return None
