"""A Mastodon-API server on a ``NetServer`` with the documented behaviours that differ between
implementations, so the adapter is tested against each of them (no Mastodon-API server installs
from the registries here; see ../shared/TESTING.md):

* ``Idempotency-Key`` on ``POST /api/v1/statuses`` is optional ("Provide this header with any
  arbitrary string to prevent duplicate submissions of the same status ... Idempotency keys are
  stored for up to 1 hour", mastodon/documentation methods/statuses.md). Mastodon honours it;
  ``idempotency=False`` models a server that ignores it (Takahē), where every POST is a status.
* ``lose_answers``: the status is created, then the answer is lost (a 502 from a proxy).
* ``POST /api/v1/statuses`` as Mastodon answers it (methods/statuses.md, statuses_controller.rb):
  ``language`` is kept on the status (``null`` when not sent); an ``in_reply_to_id`` of a
  status deleted here (``delete_status``) is ``404`` "The post you are trying to reply to does
  not appear to exist."; a status longer than ``max_characters`` (graphemes, a link counting
  ``characters_reserved_per_url``, a mention of another server's account its username only)
  is ``422`` "Validation failed: Text character limit of N
  exceeded"; ``rate_limited_until`` answers ``429`` with ``X-RateLimit-Remaining: 0`` and
  ``X-RateLimit-Reset`` (and no ``Retry-After``, as Mastodon sends none) until that time.
* Rate limits (docs.joinmastodon.org/api/rate-limits: "X-RateLimit-Limit: Number of requests
  permitted per time period. X-RateLimit-Remaining: Number of requests you can still make.
  X-RateLimit-Reset: Timestamp when your rate limit will reset"; 300 requests in 5 minutes an
  account, every endpoint): ``limit_budget(n)`` gives the account ``n`` requests left in a
  window of 5 minutes; each answer of the statuses, search, instance and notifications routes
  then carries the three headers, the request that spends the last answered with
  ``X-RateLimit-Remaining: 0``, and every request after it ``429`` until the window resets,
  when the budget is whole again (``limit``).
* Streaming (methods/streaming.md, "Hostname discovery"): ``GET /api/v2/instance`` names the
  streaming host in ``configuration.urls.streaming``. ``streaming=False`` models a server
  without the streaming API: no streaming URL in the instance answer (``instance_streaming_url``
  False) and 404 on ``/api/v1/streaming/*``.
* Limits (methods/instance.md, "View server information"): the instance answer's
  ``configuration.statuses`` states ``max_characters`` (500 unless raised) and
  ``characters_reserved_per_url`` (23). ``configuration=False`` models a server whose answer
  has no ``configuration`` at all (older Mastodon-API servers); a 404 for the whole endpoint is
  a route the test sets itself. ``hashtag_feeds=(local, remote)`` adds Mastodon 4.5's
  ``configuration.timelines_access`` (``public``, ``authenticated`` or ``disabled`` each; the
  instance serializer's ``hashtag_feeds``), and a hashtag timeline then answers as such a
  server does for a reader without staff rights: ``[]`` when both are ``disabled``.
* Links render as Mastodon renders them: an anchor whose scheme and tail beyond 30 characters
  sit in ``invisible`` spans and whose visible part is marked ``ellipsis`` when cut.
* ``verify_credentials`` and ``/api/v1/accounts/:id/statuses`` (newest first, ``limit`` at most
  40, ``max_id`` for older pages; no time bound, as Mastodon's has none) for the account. A
  status's ``created_at`` is when it was posted, by ``clock``; ``add_own`` puts one there as
  if posted at a given time.
* Applications (entities/Status ``application``: "The application used to post this status",
  shown on an account's statuses to that account's own token, rest/status_serializer.rb
  ``show_application?``; methods/apps.md ``GET /api/v1/apps/verify_credentials``, the token's
  application, any valid token from 4.3.0, the ``read`` scope before): a status POSTed here
  carries the token's application (``APP``); ``add_own(app=...)`` puts one made with another
  (``"Web"``, the web interface: a post made by hand), ``app=None`` one that carries none.
  ``applications=False`` models a server that shows none and has no such route (404);
  ``apps_refused=True`` a Mastodon before 4.3 whose token lacks ``read`` (403). ``app``: the
  application of the token in use, set to another's when the operator swaps the token for
  one made with another application (its statuses then carry that one, as on Mastodon).
* Notifications (methods/notifications.md, entities/NotificationPolicy): ``notify`` puts one
  there; ``GET /api/v1/notifications`` answers them newest first, only the ``types[]`` asked
  for, ``min_id`` (the oldest page above it), ``max_id`` and ``since_id`` bounding, with
  ``Link``. One the account's notification policy filtered (``filtered=True``: from Mastodon
  4.3, a private mention from an account it does not follow, or one from an account a
  moderator limited, under the default policy) is left out unless ``include_filtered`` is
  true, as Mastodon 4.3 answers; it goes to the notification requests instead.
* Looking one status up (methods/statuses.md, methods/search.md): ``GET /api/v1/statuses/:id``
  answers a status of this server (``add_status``), public ones to anyone, ``private`` ones
  only with a token, and ``404 {"error": "Record not found"}`` for an id it does not have or
  that was deleted (``delete_status``). ``GET /api/v2/search`` with ``resolve=true`` and a URL
  answers the status that URL names on another server (``add_remote``: what this server gets
  when it fetches the URL over ActivityPub), or no status when nothing answers there; without
  a user token, ``resolve`` (and ``offset``) is ``401`` with Mastodon's own words. Without
  ``resolve`` a URL is just text: the full-text search (token only) answers statuses whose
  content holds it, such as a post that links to it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import regex
from aiohttp import web

from tests.support.netserver import NetServer

ACCOUNT_ID = "109000000000000001"
APP = "socialops"  # the name of the application the token belongs to
WEB = "Web"  # Mastodon's web interface: a status posted there by hand
_MENTION = re.compile(r"(?<![\w@])@(\w+)@([\w.-]+\w)")
_LINK = re.compile(r"(?<![\w\"])(https?://)([^\s<]+)")


class FakeMastodon:
    def __init__(self, net: NetServer, *, idempotency: bool = True, streaming: bool = True,
                 instance_streaming_url: bool = True, max_characters: int = 500,
                 characters_reserved_per_url: int = 23, configuration: bool = True,
                 hashtag_feeds: tuple[str, str] | None = None, applications: bool = True,
                 apps_refused: bool = False,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.net = net
        self.applications = applications
        self.apps_refused = apps_refused
        self.app = APP  # the application the token in use belongs to
        self.clock = clock
        self.max_characters = max_characters
        self.characters_reserved_per_url = characters_reserved_per_url
        self.configuration = configuration
        self.hashtag_feeds = hashtag_feeds
        self.idempotency = idempotency
        self.streaming = streaming
        self.instance_streaming_url = instance_streaming_url
        self.statuses: list[dict[str, Any]] = []  # ours, oldest first
        self.keys: dict[str, dict[str, Any]] = {}
        self.lose_answers = 0
        self.rate_limited_until: datetime | None = None
        self.deleted: set[str] = set()
        # where its statuses' url and uri point (a misconfigured or hostile server may name
        # another host's): this server's own by default
        self.status_url: str | None = None
        self.status_uri: str | None = None
        self.account = {"id": ACCOUNT_ID, "username": "acme", "acct": "acme",
                        "display_name": "Acme", "url": f"{net.base}/@acme",
                        "followers_count": 10}
        # requests left in the window and when it resets; None: no limit said nor kept
        self.budget: int | None = None
        self.limit = 300
        self.budget_reset: datetime | None = None
        net.handler("POST", "/api/v1/statuses", self._limited(self._post))
        net.json("GET", "/api/v1/accounts/verify_credentials", self.account)
        if applications:
            net.handler("GET", "/api/v1/apps/verify_credentials", self._app)
        net.handler("GET", f"/api/v1/accounts/{ACCOUNT_ID}/statuses", self._limited(self._mine))
        net.handler("GET", "/api/v2/instance", self._limited(self._instance))
        self.notifications: list[tuple[dict[str, Any], bool]] = []  # (notification, filtered)
        net.handler("GET", "/api/v1/notifications", self._limited(self._notifications))
        for path in ("/api/v1/streaming/hashtag", "/api/v1/streaming/user/notification"):
            net.handler("GET", path, self._streaming)
        self.local: dict[str, tuple[dict[str, Any], bool]] = {}  # id -> (status, private)
        self.remote: dict[str, dict[str, Any]] = {}  # URL on another server -> its status here
        net.handler("GET", "/api/v2/search", self._limited(self._search))

    # -- rate limits --------------------------------------------------------------------------

    def limit_budget(self, left: int, *, window: float = 300.0) -> None:
        """The account has ``left`` requests in a window of ``window`` seconds from now."""
        self.budget = left
        self.budget_reset = self.clock() + timedelta(seconds=window)

    def _limits(self) -> dict[str, str]:
        assert self.budget is not None and self.budget_reset is not None
        reset = self.budget_reset.astimezone(UTC)
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.budget),
                "X-RateLimit-Reset": f"{reset:%Y-%m-%dT%H:%M:%S}.{reset.microsecond // 1000:03d}Z"}

    def _limited(self, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                 ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        """``handler`` behind the account's budget (``limit_budget``), its headers on the
        answer; as it was without one."""
        async def limited(request: web.Request) -> web.StreamResponse:
            if self.budget is None or self.budget_reset is None:
                return await handler(request)
            if self.clock() >= self.budget_reset:  # a new window: the budget whole again
                self.limit_budget(self.limit)
            if self.budget <= 0:
                return web.json_response({"error": "Too many requests"}, status=429,
                                         headers=self._limits())
            self.budget -= 1
            answer = await handler(request)
            answer.headers.update(self._limits())
            return answer

        return limited

    # -- notifications -------------------------------------------------------------------------

    def notify(self, status: dict[str, Any], *, kind: str = "mention",
               filtered: bool = False) -> dict[str, Any]:
        """A notification of ``status`` (a ``mention`` or a ``quote``), numbered after the
        last; ``filtered``: the account's notification policy filtered it."""
        made = self.clock().astimezone(UTC)
        notification = {"id": str(4700 + len(self.notifications) + 1), "type": kind,
                        "created_at": f"{made:%Y-%m-%dT%H:%M:%S}.000Z",
                        "account": status["account"], "status": status}
        self.notifications.append((notification, filtered))
        return notification

    async def _notifications(self, request: web.Request) -> web.Response:
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"error": "The access token is invalid"}, status=401)
        query = request.query
        limit = min(int(query.get("limit", "40")), 80)
        everything = query.get("include_filtered", "").lower() in ("true", "1")
        types = query.getall("types[]", [])
        items = [n for n, filtered in reversed(self.notifications)
                 if (everything or not filtered) and (not types or n["type"] in types)]
        if "max_id" in query:
            items = [n for n in items if int(n["id"]) < int(query["max_id"])]
        if "since_id" in query:
            items = [n for n in items if int(n["id"]) > int(query["since_id"])]
        if "min_id" in query:
            page = [n for n in items if int(n["id"]) > int(query["min_id"])][-limit:]
        else:
            page = items[:limit]
        headers = {}
        if page:
            older = request.url.with_query(limit=limit, max_id=page[-1]["id"])
            newer = request.url.with_query(limit=limit, min_id=page[0]["id"])
            headers["Link"] = f'<{older}>; rel="next", <{newer}>; rel="prev"'
        return web.json_response(page, headers=headers)

    # -- looking one status up --------------------------------------------------------------

    def add_status(self, status: dict[str, Any], *, private: bool = False) -> None:
        """A status of this server, readable at ``/api/v1/statuses/:id``."""
        self.local[str(status["id"])] = (status, private)
        self.net.handler("GET", f"/api/v1/statuses/{status['id']}", self._limited(self._status))

    def delete_status(self, status_id: str) -> None:
        self.local.pop(status_id, None)
        self.deleted.add(status_id)

    def add_remote(self, url: str, status: dict[str, Any]) -> None:
        """What resolving ``url`` (a status on another server) gives: ``status``, under this
        server's own id for it."""
        self.remote[url] = status

    async def _status(self, request: web.Request) -> web.Response:
        found = self.local.get(request.path.rsplit("/", 1)[-1])
        signed_in = request.headers.get("Authorization", "").startswith("Bearer ")
        if found is None or (found[1] and not signed_in):
            return web.json_response({"error": "Record not found"}, status=404)
        return web.json_response(found[0])

    async def _search(self, request: web.Request) -> web.Response:
        signed_in = request.headers.get("Authorization", "").startswith("Bearer ")
        resolve = request.query.get("resolve", "").lower() in ("true", "1")
        if not signed_in and request.query.get("offset"):
            return web.json_response({"error": "Search queries pagination is not supported "
                                               "without authentication"}, status=401)
        if not signed_in and resolve:
            return web.json_response({"error": "Search queries that resolve remote resources "
                                               "are not supported without authentication"},
                                     status=401)
        q = request.query.get("q", "").strip()
        statuses: list[dict[str, Any]] = []
        if resolve and re.match(r"https?://", q):
            found = self.remote.get(q)
            statuses = [found] if found is not None else []
        elif signed_in:
            every = [s for s, _ in self.local.values()] + list(self.remote.values())
            statuses = [s for s in every if q and q in str(s.get("content", ""))]
        return web.json_response({"accounts": [], "statuses": statuses, "hashtags": []})

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        now = self.clock()
        if self.rate_limited_until is not None and now < self.rate_limited_until:
            reset = self.rate_limited_until.astimezone(UTC)
            return web.json_response({"error": "Too many requests"}, status=429, headers={
                "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{reset:%Y-%m-%dT%H:%M:%S}.{reset.microsecond // 1000:03d}Z"})
        key = request.headers.get("Idempotency-Key")
        if self.idempotency and key and key in self.keys:
            return web.json_response(self.keys[key])
        if str(body.get("in_reply_to_id")) in self.deleted:
            return web.json_response({"error": "The post you are trying to reply to does not "
                                               "appear to exist."}, status=404)
        text = str(body["status"])
        # StatusLengthValidator: the text, links counted as reserved, a remote mention as its
        # username only (docs.joinmastodon.org/user/posting, "Text"), and the content warning
        shown = _MENTION.sub(r"@\1", _LINK.sub("x" * self.characters_reserved_per_url, text))
        counted = len(regex.findall(r"\X", shown + str(body.get("spoiler_text") or "")))
        if counted > self.max_characters:
            return web.json_response({"error": "Validation failed: Text character limit of "
                                               f"{self.max_characters} exceeded"}, status=422)
        status = self.add_own(text, in_reply_to_id=body.get("in_reply_to_id"),
                              visibility=body.get("visibility", "public"), app=self.app)
        status["language"] = body.get("language")
        status["spoiler_text"] = str(body.get("spoiler_text") or "")
        if self.idempotency and key:
            self.keys[key] = status
        if self.lose_answers:
            self.lose_answers -= 1
            return web.Response(status=502, text="<html>Bad Gateway</html>")
        return web.json_response(status)

    def add_own(self, sent: str, *, in_reply_to_id: str | None = None,
                visibility: str = "public", at: datetime | None = None,
                app: str | None = APP) -> dict[str, Any]:
        """A status of the account as this server renders it, posted now (``clock``) or
        ``at`` with the application ``app`` (the token's by default): add older ones first."""
        n = len(self.statuses) + 1
        made = (at or self.clock()).astimezone(UTC)
        text = sent.replace("&", "&amp;").replace("<", "&lt;")
        # mentions render as h-cards showing the bare username (see the status examples in
        # methods/streaming.md)
        text = _MENTION.sub(r'<span class="h-card"><a href="https://\2/@\1" class="u-url '
                            r'mention">@<span>\1</span></a></span>', text)
        text = _LINK.sub(_render_link, text)
        status: dict[str, Any] = {
            "id": str(110_000_000_000_000_000 + n),
            "created_at": f"{made:%Y-%m-%dT%H:%M:%S}.{made.microsecond // 1000:03d}Z",
            "in_reply_to_id": in_reply_to_id,
            "url": f"{self.status_url or self.net.base + '/@acme'}/{n}",
            "uri": f"{self.status_uri or self.net.base + '/statuses'}/{n}",
            "content": f"<p>{text}</p>", "visibility": visibility,
            "account": self.account, "mentions": [], "tags": [], "emojis": [],
            "media_attachments": [], "reblog": None}
        if self.applications and app is not None:
            status["application"] = {"name": app, "website": None}
        self.statuses.append(status)
        return status

    async def _app(self, request: web.Request) -> web.Response:
        if self.apps_refused:
            return web.json_response({"error": "This action is outside the authorized scopes"},
                                     status=403)
        return web.json_response({"id": "7", "name": self.app, "website": None, "scopes": [
            "read:statuses", "read:accounts", "write:statuses"]})

    async def _mine(self, request: web.Request) -> web.Response:
        # methods/accounts.md: limit defaults to 20, max 40; max_id pages back to older ones
        limit = min(int(request.query.get("limit", "20")), 40)
        newest_first = list(reversed(self.statuses))
        if max_id := request.query.get("max_id"):
            newest_first = [s for s in newest_first if int(s["id"]) < int(max_id)]
        return web.json_response(newest_first[:limit])

    async def _instance(self, request: web.Request) -> web.Response:
        urls: dict[str, str] = {}
        if self.streaming and self.instance_streaming_url:
            urls["streaming"] = "ws" + self.net.base.removeprefix("http")
        answer: dict[str, Any] = {"domain": "127.0.0.1", "title": "Fake", "version": "4.3.0"}
        if self.configuration:
            answer["configuration"] = {"urls": urls, "statuses": {
                "max_characters": self.max_characters, "max_media_attachments": 4,
                "characters_reserved_per_url": self.characters_reserved_per_url}}
            if self.hashtag_feeds is not None:
                local, remote = self.hashtag_feeds
                answer["version"] = "4.5.0"
                answer["configuration"]["timelines_access"] = {
                    "live_feeds": {"local": "public", "remote": "public"},
                    "hashtag_feeds": {"local": local, "remote": remote},
                    "trending_link_feeds": {"local": local, "remote": remote}}
        return web.json_response(answer)

    async def _streaming(self, request: web.Request) -> web.StreamResponse:
        if not self.streaming:
            return web.json_response({"error": "Not Found"}, status=404)
        out = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await out.prepare(request)
        await out.write(b":)\n\n")
        return out


def _render_link(m: re.Match[str]) -> str:
    scheme, rest = m.group(1), m.group(2)
    shown, hidden = rest[:30], rest[30:]
    return (f'<a href="{scheme}{rest}" target="_blank" rel="nofollow noopener" translate="no">'
            f'<span class="invisible">{scheme}</span><span class="{"ellipsis" if hidden else ""}">'
            f'{shown}</span><span class="invisible">{hidden}</span></a>')
