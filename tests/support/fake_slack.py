"""A local Slack Web API for tests: a real aiohttp server on 127.0.0.1, port 0, speaking Slack's
wire format closely enough for slack_sdk and slack-bolt.

What it speaks
- ``POST|GET /api/<method>`` with ``Authorization: Bearer <token>``; JSON, form or query arguments
  (form/query values holding JSON, such as ``blocks`` or ``metadata``, are decoded).
- Envelopes ``{"ok": true, ...}`` / ``{"ok": false, "error": "..."}``, as Slack sends them (HTTP
  200 for API errors, 429 with ``Retry-After`` for rate limits).
- Methods: ``auth.test``, ``chat.postMessage``, ``chat.update`` (``message_not_found`` for an
  unknown ts), ``chat.delete``, ``chat.postEphemeral``, ``chat.getPermalink``,
  ``conversations.history`` (newest first, top-level messages only, ``latest``/``oldest``/
  ``inclusive`` windows, ``metadata`` only with ``include_all_metadata``, cursor paging),
  ``conversations.replies`` (the thread, its parent included, oldest first, within the same
  ``latest``/``oldest``/``inclusive`` window, cursor paging: docs.slack.dev/reference/methods/
  conversations.replies, "only messages after this Unix timestamp", "the earliest messages in
  the time range are returned first", ``limit`` default 1000), ``reactions.add``
  (``already_reacted``), ``reactions.remove``
  (``no_reaction``), ``views.open``, ``views.update`` and ``views.publish`` (below),
  ``users.info`` and ``users.lookupByEmail`` (members from ``add_user``; ``scopes`` decides
  whether emails are shown or ``missing_scope`` answered), ``usergroups.list`` and
  ``usergroups.users.list`` (``usergroups``, ``disabled_groups``).
- Views (docs.slack.dev/reference/methods/views.open, views.update, views.publish and
  reference/surfaces/views): ``views.open`` needs a ``trigger_id`` (``invalid_trigger_id``) and
  a modal; ``views.update`` needs a known ``view_id`` (``not_found``) and, when given, the
  ``hash`` of the view's current version (``hash_conflict``); ``views.publish`` needs a
  ``user_id`` and a ``home`` view (``invalid_arguments``), a Home tab switched on in the app
  (``home_enabled``, else ``not_enabled``) and fits 250 kB (``view_too_large``). A view holds
  at most 100 blocks, a modal title 24 characters and a submit/close label 24, each block
  within the message limits below; else ``invalid_blocks``. ``homes[user]`` is the view
  last published for a user; ``views`` every modal opened (updates replace it in place).
  Anything else answers ``unknown_method``.
- ``POST /response/<id>``: a ``response_url`` (``respond()`` in bolt). Use ``response_url()``.
  As Slack's, one takes 5 answers within 30 minutes of being handed out (by ``clock``;
  docs.slack.dev/interactivity/handling-user-interaction, "up to 5 times within 30 minutes");
  past either it answers HTTP 404 with the body ``used_url`` or ``expired_url`` and shows
  nothing.
  Blocks over the limits below are refused as a webhook refuses them: HTTP 400 with the body
  ``invalid_blocks`` and no error list (slackapi/java-slack-sdk#1017: "a 400 invalid_blocks
  back ... trying to post a message to our webhook", with "no error message"), and nothing is
  shown. ``chat.postEphemeral`` refuses them as ``chat.postMessage`` does.
- Socket Mode (api.slack.com/apis/socket-mode): ``apps.connections.open`` takes the app-level
  token (``app_token``; a bot token answers ``not_allowed_token_type``, anything else
  ``invalid_auth``) and answers a ``ws://.../link/`` URL; that websocket sends ``hello`` and
  stays open. ``socket_open = False`` makes it refuse the upgrade (HTTP 503), a connection
  that can never be established; ``links`` counts the websockets opened. ``envelope()`` sends
  an envelope on the newest one (``envelope_id``, ``type`` events_api / interactive /
  slash_commands, ``payload``, ``accepts_response_payload``, ``retry_attempt``) and ``ack()``
  waits for the client's acknowledgement (``{"envelope_id": ..., "payload": ...}``); Slack
  sends an envelope again when it is not acknowledged within 3 seconds. ``disconnect(reason)``
  sends Slack's ``disconnect`` message (``warning``, ``refresh_requested``) and
  ``close_links()`` closes every websocket from Slack's side without one; ``hang_up`` closes
  each one just after its ``hello``; ``say_on_hello`` sends a ``disconnect`` reason just after
  each ``hello`` (``link_disabled``: the app's Socket Mode turned off; ``too_many_websockets``).
- Block Kit limits, as Slack enforces them on ``chat.postMessage`` / ``chat.update``
  (docs.slack.dev/reference/block-kit/blocks and block-kit/block-elements): at most 50 blocks;
  section ``text`` 3,000 characters, at most 10 ``fields`` of 2,000; header text 150; actions
  at most 25 elements; context at most 10 elements, each text element 3,000 characters (a
  text object's limit, block-kit/composition-objects/text-object); button text 75, ``value``
  2,000, ``url`` 3,000 (block-elements/button-element), ``action_id``/``block_id`` 255. A
  message over any of them answers ``invalid_blocks`` with
  Slack's ``errors`` list (json-pointer messages), and nothing is posted. Slack says
  "characters" and never in which unit; this fake counts UTF-16 code units (an emoji past
  U+FFFF is 2, ``bot.core.text.utf16_len``), the larger of the candidates, so a message it
  takes fits whether Slack counts code points or UTF-16 (docs/slack.md, Safety and limits).
- The undocumented total: blocks holding more than 12,000 characters of text in all (every
  ``text`` string, summed) answer ``msg_blocks_too_long`` and nothing is posted, as Slack does
  (slackapi/bolt-js#2509: refused at about 13,200 characters, Slack's answer "12,000 text
  characters with a buffer for block containers"; #2867: refused at 11,341). Slack's own count
  is not published; this one is the stated figure.

What a test can do
- Read ``calls`` (every request, in order: method, args, token), ``messages[channel]`` (top-level
  and thread messages, as stored), ``ephemerals``, ``responses``, ``views``, ``reactions``.
- A message's ``ts`` is the time it was posted, as Slack's is, by ``clock`` (seconds since the
  epoch; the real time unless a test sets it, to tie it to its injected clock), unique and
  increasing. ``reply(...)`` adds a person's reply to a thread without a request.
- Script faults: ``fail(...)`` the next N calls (optionally of one method) with a status, an error
  code and a ``Retry-After``; ``missing_channels`` answer ``channel_not_found``;
  ``outside_channels`` answer ``not_in_channel``; ``archived_channels`` answer ``is_archived``
  to a post (conversations.info: ok, ``is_archived``); ``down = True`` drops every connection;
  ``revoked = True`` answers every call with the bot token ``token_revoked`` (as Slack does for
  every method once the app is uninstalled or its token revoked);
  ``fail(..., lose_answer=True)`` lets the call take effect and then fails it (a reply lost on
  the way back: the crash-between-posted-and-recorded case).
- ``slow(method, seconds)`` makes the next call of that method wait that long before Slack does
  its work and answers (a request queued at Slack's edge; the SDK's own timeout is 30 s): the
  message is posted only at the end of the wait.
- ``await wait_for(method, count=1)`` waits (without sleeping) until that many calls arrived,
  for work that runs after an HTTP ack.

Usage::

    async with FakeSlack() as slack:
        client = AsyncWebClient(token=slack.token, base_url=slack.api_url)
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from bot.core.text import utf16_len

JSON_ARGS = frozenset({"blocks", "attachments", "metadata", "view", "unfurls"})
_TRUE = frozenset({"1", "true", "True", True})
# the methods that write to a channel: chat:write, and refused in an archived channel
# a response_url takes this many answers, within this many seconds of the interaction
RESPONSE_USES = 5
RESPONSE_TTL = 30 * 60
WRITES = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral", "chat.delete"})


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    http_method: str = "POST"
    # when it arrived (time.monotonic): orders calls to this and another local server
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    """Answer the next ``times`` matching calls with this instead of doing the work."""

    times: int = 1
    method: str | None = None  # None: any method
    status: int = 200
    error: str = "internal_error"
    retry_after: float | None = None
    body: str | None = None  # raw body (e.g. HTML from a proxy) instead of an envelope
    lose_answer: bool = False  # do the work first, then answer with the fault (a lost reply)
    needed: str | None = None  # missing_scope's ``needed``: the scopes, comma-separated
    errors: list[str] | None = None  # invalid_blocks' ``errors``: json-pointer messages


@dataclass
class FakeSlack:
    token: str = "xoxb-fake-token"
    app_token: str = "xapp-fake-token"
    socket_open: bool = True
    hang_up: bool = False  # close each websocket just after its hello
    # Slack's ``disconnect`` reason sent on each websocket just after its hello, as Slack does
    # when the app's Socket Mode is turned off (``link_disabled``) or the app holds too many
    # connections (``too_many_websockets``); None: none
    say_on_hello: str | None = None
    links: int = 0
    acks: list[dict[str, Any]] = field(default_factory=list)
    team_id: str = "T111"
    # an Enterprise Grid token: its org, and whether it is an org-wide install (auth.test)
    enterprise_id: str | None = None
    org_wide: bool = False
    bot_id: str = "B111"
    bot_user_id: str = "U0BOT"
    app_id: str = "A111"
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    views: list[dict[str, Any]] = field(default_factory=list)
    homes: dict[str, dict[str, Any]] = field(default_factory=dict)
    home_enabled: bool = True
    reactions: dict[tuple[str, str], dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    faults: list[Fault] = field(default_factory=list)
    missing_channels: set[str] = field(default_factory=set)
    outside_channels: set[str] = field(default_factory=set)
    # archived: conversations.info answers ok with is_archived, a post answers is_archived
    archived_channels: set[str] = field(default_factory=set)
    down: bool = False
    # the next this many response_url answers are shown, then the connection is closed
    # without an answer: Slack took it, the bot never hears so (a timeout, a proxy's reset)
    lose_responses: int = 0
    revoked: bool = False
    # workspace members: user id -> email (``add_user``); what users.info / users.lookupByEmail
    # answer from
    users: dict[str, str | None] = field(default_factory=dict)
    # members among them whose accounts were deactivated: users.info answers them with
    # ``deleted: true`` (docs.slack.dev/reference/objects/user-object)
    deactivated: set[str] = field(default_factory=set)
    # user groups (``<!subteam^S…>``): id -> member user ids; those disabled since in
    # ``disabled_groups``. usergroups.list lists a disabled one only with include_disabled,
    # with a non-zero ``date_delete`` (docs.slack.dev/reference/methods/usergroups.list and
    # usergroups.disable: "When a User Group has been disabled its date_delete parameter will
    # be non-zero"); usergroups.users.list answers ``users`` (ids), ``no_such_subteam`` for an
    # unknown id. Both need usergroups:read (else ``missing_scope``) and are Tier 2
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    # groups usergroups.list leaves out though they are live (Enterprise Grid: an org-level
    # token's list without team_id may hold the org's groups only, gammons/slk#214);
    # usergroups.users.list still answers them
    unlisted_groups: set[str] = field(default_factory=set)
    disabled_groups: set[str] = field(default_factory=set)
    # Enterprise Grid (``enterprise_id`` set): members of the org in other workspaces, user id
    # -> the workspaces (team ids) they are in. users.info answers any member of the org, with
    # ``enterprise_user.teams`` naming their workspaces (docs.slack.dev/reference/objects/
    # user-object, Enterprise Grid user objects; looker/lookerbot#184: no ``team_id`` then)
    org_members: dict[str, list[str]] = field(default_factory=dict)
    # the bot token's scopes: slack-manifest.yml's (tests/integrations/slack/test_manifest.py)
    scopes: set[str] = field(default_factory=lambda: {
        "chat:write", "commands", "reactions:read", "channels:history", "groups:history",
        "channels:read", "groups:read", "users:read", "users:read.email", "usergroups:read"})
    # Slack names a token's scopes in every answer to it, comma-separated, in X-OAuth-Scopes
    # (slack-ruby-client#378: the one way to read an existing token's scopes); False: a server
    # that sends no such header; a string: that header, as written (a proxy that blanks it)
    scope_header: bool | str = True
    # what a message's ts says: seconds since the epoch (a test ties it to its injected clock)
    clock: Callable[[], float] = time.time
    # method -> a gate: calls to that method wait until it is set (Slack holding the answer
    # for as long as a test needs, without a time chosen for it)
    held_methods: dict[str, asyncio.Event] = field(default_factory=dict)
    # (method, seconds): the next calls that answer slowly (``slow``)
    _slow: list[tuple[str, float]] = field(default_factory=list)

    def add_user(self, user: str, email: str | None = None) -> None:
        self.users[user] = email

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._seq = 0
        self._last_us = 0  # the newest ts handed out, in microseconds
        self._changed = asyncio.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        # response_url id -> when it was handed out, and the answers it took
        self._response_born: dict[str, float] = {}
        self._response_uses: dict[str, int] = defaultdict(int)

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{rid}", self._response_url)
        app.router.add_get("/link/", self._link)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"  # the trailing slash matters to slack_sdk

    def response_url(self, rid: str = "r1") -> str:
        self._response_born.setdefault(rid, self.clock())
        return f"{self.url}/response/{rid}"

    # -- scripting and reading back ----------------------------------------------------------

    def slow(self, method: str, seconds: float, times: int = 1) -> None:
        self._slow.extend([(method, seconds)] * times)

    def fail(self, times: int = 1, **kw: Any) -> Fault:
        fault = Fault(times=times, **kw)
        self.faults.append(fault)
        return fault

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def top_level(self, channel: str) -> list[dict[str, Any]]:
        return [m for m in self.messages[channel] if m.get("thread_ts") in (None, m["ts"])]

    def thread(self, channel: str, ts: str) -> list[dict[str, Any]]:
        return [
            m for m in self.messages[channel] if m.get("thread_ts") == ts and m["ts"] != ts
        ]

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.messages[channel] if m["ts"] == ts), None)

    def reply(self, channel: str, thread_ts: str, text: str, *, user: str = "U0PERSON") -> str:
        """A person's reply in a thread, posted now (by ``clock``); returns its ts."""
        ts = self._next_ts()
        self.messages[channel].append({"type": "message", "ts": ts, "user": user, "text": text,
                                       "thread_ts": thread_ts})
        return ts

    async def wait_for(self, method: str, *, count: int = 1, timeout: float = 30.0) -> list[Call]:
        """Wait until ``count`` calls to ``method`` (or a ``response_url`` post, method
        ``"response"``) have arrived; work after a bolt ack runs in the background. A bound on
        a failing test, not a time asserted: 5 s was passed by a modal's opening on a machine
        running CI beside five reviewers' test runs (load 14, 2026-12-06)."""

        def enough() -> bool:
            return len(self.calls_to(method)) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(enough), timeout)
        return self.calls_to(method)

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    # -- HTTP ----------------------------------------------------------------------------------

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        body = await request.read()
        ctype = request.content_type
        if body and ctype == "application/json":
            parsed = json.loads(body)
            if isinstance(parsed, dict):
                args.update(parsed)
        elif body:
            args.update(parse_qsl(body.decode(), keep_blank_values=True))
        for key in JSON_ARGS:
            if isinstance(args.get(key), str) and args[key][:1] in "[{":
                args[key] = json.loads(args[key])
        return args

    async def _response_url(self, request: web.Request) -> web.StreamResponse:
        if self.down:
            return _drop(request)
        body = await request.json()
        blocks = body.get("blocks") if isinstance(body, dict) else None
        if block_errors(blocks) or blocks_text(blocks) > MAX_BLOCKS_TEXT:
            # a webhook's refusal: HTTP 400 and the bare error code, nothing shown
            await self._record(Call("response", body, None))
            return web.Response(status=400, text="invalid_blocks")
        rid = request.match_info["rid"]
        born = self._response_born.setdefault(rid, self.clock())
        if self._response_uses[rid] >= RESPONSE_USES or self.clock() - born > RESPONSE_TTL:
            await self._record(Call("response", body, None))
            used = self._response_uses[rid] >= RESPONSE_USES
            return web.Response(status=404, text="used_url" if used else "expired_url")
        self._response_uses[rid] += 1
        self.responses.append({"rid": rid, **body})
        await self._record(Call("response", body, None))
        if self.lose_responses > 0:
            self.lose_responses -= 1
            return _drop(request)
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if self.down:
            return _drop(request)
        method = request.match_info["method"]
        args = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else args.pop("token", None)
        await self._record(Call(method, args, token, request.method))
        if (gate := self.held_methods.get(method)) is not None:
            await gate.wait()
        slow = next((s for s in self._slow if s[0] == method), None)
        if slow is not None:  # answering slowly: the work is done at the end of the wait
            self._slow.remove(slow)
            await asyncio.sleep(slow[1])
        fault = self._take_fault(method)
        if fault is not None and fault.lose_answer:
            await self._work(method, args, token)  # it happened; the caller just never hears
        if fault is not None:
            headers = {}
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            if fault.body is not None:
                return web.Response(
                    status=fault.status, text=fault.body, headers=headers, content_type="text/html"
                )
            return web.json_response(
                {"ok": False, "error": fault.error,
                 **({"needed": fault.needed} if fault.needed is not None else {}),
                 **({"errors": fault.errors} if fault.errors is not None else {})},
                status=fault.status, headers=headers
            )
        held = (self.scope_header if isinstance(self.scope_header, str)
                else ",".join(sorted(self.scopes)))
        headers = ({"X-OAuth-Scopes": held}
                   if self.scope_header is not False and token == self.token else {})
        return web.json_response(await self._work(method, args, token), headers=headers)

    async def _link(self, request: web.Request) -> web.StreamResponse:
        if self.down:
            return _drop(request)
        if not self.socket_open:
            return web.Response(status=503, text="socket mode unavailable")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.links += 1
        await ws.send_json({"type": "hello", "num_connections": self.links,
                            "connection_info": {"app_id": self.app_id}})
        self._sockets.append(ws)
        if self.say_on_hello is not None:
            await ws.send_json({"type": "disconnect", "reason": self.say_on_hello,
                                "debug_info": {"host": "fake-slack"}})
        if self.hang_up:  # once the client is past its first ping: a link that opens, then drops
            await asyncio.sleep(0.05)
            await ws.close(code=1011)
            return ws
        async for frame in ws:  # the envelopes' acknowledgements
            ack = json.loads(frame.data)
            if isinstance(ack, dict):
                self.acks.append(ack)
                async with self._changed:
                    self._changed.notify_all()
        return ws

    async def envelope(self, kind: str, payload: object, *, retry_attempt: int = 0,
                       retry_reason: str = "") -> str:
        """Send a Socket Mode envelope on the newest websocket; returns its id. A retry
        (``retry_attempt`` 1 to 3, ``retry_reason`` such as ``timeout``) is a new envelope
        carrying the same payload, as Slack sends one."""
        self._seq += 1
        envelope_id = f"env-{self._seq}"
        await self._sockets[-1].send_json({
            "envelope_id": envelope_id, "type": kind, "payload": payload,
            "accepts_response_payload": kind != "events_api", "retry_attempt": retry_attempt,
            "retry_reason": retry_reason})
        return envelope_id

    async def disconnect(self, reason: object) -> None:
        """Slack's ``{"type": "disconnect", "reason": ...}`` on the newest websocket (``warning``,
        ``refresh_requested``): it asks the app to open a new connection."""
        await self._sockets[-1].send_json({"type": "disconnect", "reason": reason,
                                           "debug_info": {"host": "fake-slack"}})

    async def close_links(self) -> None:
        """Close every websocket from Slack's side (1001, going away), without a word first."""
        for ws in self._sockets:
            await ws.close(code=1001)

    async def envelope_text(self, kind: str, payload: str) -> str:
        """An envelope whose payload is sent as the JSON text given (a value ``json.dumps``
        cannot write: nesting past any reader, NaN); returns its id."""
        self._seq += 1
        envelope_id = f"env-{self._seq}"
        head = json.dumps({"envelope_id": envelope_id, "type": kind,
                           "accepts_response_payload": kind != "events_api",
                           "retry_attempt": 0, "retry_reason": ""})
        await self._sockets[-1].send_str(f'{head[:-1]}, "payload": {payload}}}')
        return envelope_id

    async def ack(self, envelope_id: str, *, timeout: float = 30.0) -> dict[str, Any]:
        """The client's acknowledgement of an envelope, once it arrives (the bound only ends a
        failing test: 5 s was passed at load 10-15 on 2 CPUs, 2026-12-07)."""

        def found() -> dict[str, Any] | None:
            return next((a for a in self.acks if a.get("envelope_id") == envelope_id), None)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: found() is not None), timeout)
        ack = found()
        assert ack is not None
        return ack

    async def _work(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "apps.connections.open":
            if token == self.app_token:
                return {"ok": True, "url": f"ws://127.0.0.1:{self._port}/link/"}
            return {"ok": False, "error": "not_allowed_token_type" if token == self.token
                    else "not_authed" if not token else "invalid_auth"}
        if token != self.token:
            return {"ok": False, "error": "not_authed" if not token else "invalid_auth"}
        if self.revoked:
            return {"ok": False, "error": "token_revoked"}
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        channel = args.get("channel")
        if channel in self.missing_channels:
            return {"ok": False, "error": "channel_not_found"}
        if channel in self.outside_channels and method != "conversations.info":
            return {"ok": False, "error": "not_in_channel"}
        if method in WRITES:
            if (missing := self._missing("chat:write")) is not None:
                return missing
            if channel in self.archived_channels:
                return {"ok": False, "error": "is_archived"}
        result: dict[str, Any] = handler(args)
        return result

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method in (None, method):
                fault.times -= 1
                return fault
        return None

    def _next_ts(self) -> str:
        """Now, as Slack writes a ts (seconds.microseconds), and after every ts before it."""
        self._last_us = max(self._last_us + 1, int(self.clock() * 1_000_000))
        return f"{self._last_us // 1_000_000}.{self._last_us % 1_000_000:06d}"

    # -- methods ------------------------------------------------------------------------------

    def _m_auth_test(self, _: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.test/",
            "team": "Fake",
            "user": "socialops",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            **({"enterprise_id": self.enterprise_id} if self.enterprise_id else {}),
            "is_enterprise_install": self.org_wide,
        }

    def _m_chat_postMessage(self, a: dict[str, Any]) -> dict[str, Any]:
        if not a.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if errors := block_errors(a.get("blocks")):
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        if blocks_text(a.get("blocks")) > MAX_BLOCKS_TEXT:
            return {"ok": False, "error": "msg_blocks_too_long"}
        if not a.get("text") and not a.get("blocks"):
            return {"ok": False, "error": "no_text"}
        ts = self._next_ts()
        msg: dict[str, Any] = {
            "type": "message",
            "ts": ts,
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "text": a.get("text", ""),
            "blocks": a.get("blocks") or [],
        }
        if a.get("thread_ts"):
            msg["thread_ts"] = a["thread_ts"]
        if a.get("metadata"):
            msg["metadata"] = a["metadata"]
        self.messages[a["channel"]].append(msg)
        return {"ok": True, "channel": a["channel"], "ts": ts, "message": _public(msg)}

    def _m_chat_update(self, a: dict[str, Any]) -> dict[str, Any]:
        msg = self.message(a.get("channel", ""), str(a.get("ts", "")))
        if msg is None:
            return {"ok": False, "error": "message_not_found"}
        if errors := block_errors(a.get("blocks")):
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        if blocks_text(a.get("blocks")) > MAX_BLOCKS_TEXT:
            return {"ok": False, "error": "msg_blocks_too_long"}
        for key in ("text", "blocks", "metadata"):
            if key in a and a[key] is not None:
                msg[key] = a[key]
        msg["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {"ok": True, "channel": a["channel"], "ts": msg["ts"], "text": msg["text"]}

    def _m_chat_delete(self, a: dict[str, Any]) -> dict[str, Any]:
        msg = self.message(a.get("channel", ""), str(a.get("ts", "")))
        if msg is None:
            return {"ok": False, "error": "message_not_found"}
        self.messages[a["channel"]].remove(msg)
        return {"ok": True, "channel": a["channel"], "ts": msg["ts"]}

    def _m_chat_postEphemeral(self, a: dict[str, Any]) -> dict[str, Any]:
        if not a.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        if errors := block_errors(a.get("blocks")):
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        if blocks_text(a.get("blocks")) > MAX_BLOCKS_TEXT:
            return {"ok": False, "error": "msg_blocks_too_long"}
        self.ephemerals.append(dict(a))
        return {"ok": True, "message_ts": self._next_ts()}

    def _m_chat_getPermalink(self, a: dict[str, Any]) -> dict[str, Any]:
        ts = str(a.get("message_ts", ""))
        if self.message(a.get("channel", ""), ts) is None:
            return {"ok": False, "error": "message_not_found"}
        link = f"{self.url}/archives/{a['channel']}/p{ts.replace('.', '')}"
        return {"ok": True, "permalink": link}

    def _m_conversations_history(self, a: dict[str, Any]) -> dict[str, Any]:
        newest_first = [m for m in reversed(self.top_level(a.get("channel", "")))
                        if _in_window(m, a)]
        return _page(newest_first, a, default_limit=100)

    def _m_conversations_info(self, a: dict[str, Any]) -> dict[str, Any]:
        # docs.slack.dev/reference/methods/conversations.info: channels:read for a public
        # channel (every C id here is one), im:read for a direct message (a D id), which
        # has no is_member
        channel = str(a.get("channel"))
        if channel.startswith("D"):
            if (missing := self._missing("im:read")) is not None:
                return missing
            return {"ok": True, "channel": {"id": channel, "is_im": True, "user": "U0PERSON"}}
        if (missing := self._missing("channels:read")) is not None:
            return missing
        return {"ok": True, "channel": {"id": channel, "name": channel.lower(),
                                        "is_channel": True, "is_private": False,
                                        "is_archived": channel in self.archived_channels,
                                        "is_member": channel not in self.outside_channels}}

    def _m_conversations_replies(self, a: dict[str, Any]) -> dict[str, Any]:
        ts = str(a.get("ts", ""))
        parent = self.message(a.get("channel", ""), ts)
        if parent is None:
            return {"ok": False, "error": "thread_not_found"}
        thread = [m for m in (parent, *self.thread(a["channel"], ts)) if _in_window(m, a)]
        return _page(thread, a, default_limit=1000)

    def _m_reactions_add(self, a: dict[str, Any]) -> dict[str, Any]:
        channel, ts, name = a.get("channel", ""), str(a.get("timestamp", "")), a.get("name")
        if self.message(channel, ts) is None:
            return {"ok": False, "error": "message_not_found"}
        if not name:
            return {"ok": False, "error": "invalid_name"}
        users = self.reactions[(channel, ts)][name]
        if self.bot_user_id in users:
            return {"ok": False, "error": "already_reacted"}
        users.append(self.bot_user_id)
        return {"ok": True}

    def _m_reactions_remove(self, a: dict[str, Any]) -> dict[str, Any]:
        channel, ts, name = a.get("channel", ""), str(a.get("timestamp", "")), a.get("name", "")
        users = self.reactions[(channel, ts)][name]
        if self.bot_user_id not in users:
            return {"ok": False, "error": "no_reaction"}
        users.remove(self.bot_user_id)
        return {"ok": True}

    # users.info and users.lookupByEmail as docs.slack.dev/reference/methods/users.info and
    # /users.lookupByEmail describe them: users.info needs users:read and carries
    # ``profile.email`` only with users:read.email (docs.slack.dev/reference/scopes/
    # users.read.email); an unknown user is ``user_not_found``. lookupByEmail needs
    # users:read.email (else ``missing_scope`` with ``needed``), and an address nobody in the
    # workspace has is ``users_not_found``.
    def _missing(self, scope: str) -> dict[str, Any] | None:
        if scope in self.scopes:
            return None
        return {"ok": False, "error": "missing_scope", "needed": scope,
                "provided": ",".join(sorted(self.scopes))}

    def _user(self, user: str) -> dict[str, Any]:
        profile: dict[str, Any] = {"real_name": user, "display_name": user.lower()}
        email = self.users.get(user)
        if email and "users:read.email" in self.scopes:
            profile["email"] = email
        if self.enterprise_id:
            teams = self.org_members.get(user, [self.team_id])
            return {"id": user, "name": user.lower(), "deleted": user in self.deactivated,
                    "is_bot": False, "profile": profile, "enterprise_user": {
                        "id": user, "enterprise_id": self.enterprise_id,
                        "enterprise_name": "Fake Org", "is_admin": False, "is_owner": False,
                        "teams": teams}}
        return {"id": user, "team_id": self.team_id, "name": user.lower(),
                "deleted": user in self.deactivated,
                "is_bot": False, "profile": profile}

    def _usergroup(self, group: str) -> dict[str, Any]:
        gone = group in self.disabled_groups
        return {"id": group, "team_id": self.team_id, "is_usergroup": True,
                "name": group.lower(), "handle": group.lower(), "is_external": False,
                "date_create": 1446598059, "date_update": 1446670362,
                "date_delete": 1446747568 if gone else 0, "auto_type": None,
                "created_by": "U060RNRCZ", "updated_by": "U060RNRCZ",
                "deleted_by": "U060RNRCZ" if gone else None,
                "prefs": {"channels": [], "groups": []}}

    def _m_usergroups_list(self, a: dict[str, Any]) -> dict[str, Any]:
        missing = self._missing("usergroups:read")
        if missing is not None:
            return missing
        wide = str(a.get("include_disabled", "")).lower() in {"1", "true"}
        groups = [self._usergroup(g) for g in self.usergroups
                  if (wide or g not in self.disabled_groups) and g not in self.unlisted_groups]
        if str(a.get("include_count", "")).lower() in {"1", "true"}:
            for g in groups:
                g["user_count"] = len(self.usergroups[g["id"]])
        if str(a.get("include_users", "")).lower() in {"1", "true"}:
            for g in groups:
                g["users"] = list(self.usergroups[g["id"]])
        return {"ok": True, "usergroups": groups}

    def _m_usergroups_users_list(self, a: dict[str, Any]) -> dict[str, Any]:
        missing = self._missing("usergroups:read")
        if missing is not None:
            return missing
        group = str(a.get("usergroup") or "")
        wide = str(a.get("include_disabled", "")).lower() in {"1", "true"}
        if group not in self.usergroups or (group in self.disabled_groups and not wide):
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": list(self.usergroups[group])}

    def _m_users_info(self, a: dict[str, Any]) -> dict[str, Any]:
        missing = self._missing("users:read")
        if missing is not None:
            return missing
        user = str(a.get("user") or "")
        if user not in self.users and not (self.enterprise_id and user in self.org_members):
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": self._user(user)}

    def _m_users_lookupByEmail(self, a: dict[str, Any]) -> dict[str, Any]:
        missing = self._missing("users:read.email")
        if missing is not None:
            return missing
        email = str(a.get("email") or "").strip().lower()
        found = next((u for u, e in self.users.items() if e and e.lower() == email), None)
        if found is None:
            return {"ok": False, "error": "users_not_found"}
        return {"ok": True, "user": self._user(found)}

    def _m_views_open(self, a: dict[str, Any]) -> dict[str, Any]:
        if not a.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        view = a.get("view")
        if not isinstance(view, dict) or view.get("type") != "modal":
            return {"ok": False, "error": "invalid_arguments"}
        if errors := view_errors(view):
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        self._seq += 1
        stored = {**view, "id": f"V{len(self.views) + 1:04d}", "hash": f"h{self._seq}"}
        self.views.append(stored)
        return {"ok": True, "view": stored}

    def _m_views_update(self, a: dict[str, Any]) -> dict[str, Any]:
        view = a.get("view")
        if not isinstance(view, dict) or view.get("type") != "modal":
            return {"ok": False, "error": "invalid_arguments"}
        at = next((i for i, v in enumerate(self.views) if v["id"] == a.get("view_id")), None)
        if at is None:
            return {"ok": False, "error": "not_found"}
        if a.get("hash") and a["hash"] != self.views[at]["hash"]:
            return {"ok": False, "error": "hash_conflict"}
        if errors := view_errors(view):
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        self._seq += 1
        self.views[at] = {**view, "id": self.views[at]["id"], "hash": f"h{self._seq}"}
        return {"ok": True, "view": self.views[at]}

    def _m_views_publish(self, a: dict[str, Any]) -> dict[str, Any]:
        user, view = a.get("user_id"), a.get("view")
        if not user or not isinstance(view, dict) or view.get("type") != "home":
            return {"ok": False, "error": "invalid_arguments"}
        if not self.home_enabled:
            return {"ok": False, "error": "not_enabled"}
        if len(json.dumps(view)) > 250_000:
            return {"ok": False, "error": "view_too_large"}
        if errors := view_errors(view):
            return {"ok": False, "error": "invalid_blocks", "errors": errors}
        self._seq += 1
        self.homes[str(user)] = {**view, "id": f"VH{user}", "hash": f"h{self._seq}"}
        return {"ok": True, "view": self.homes[str(user)]}


MAX_BLOCKS_TEXT = 12_000  # msg_blocks_too_long past this (module docstring)


def blocks_text(value: Any) -> int:
    """Characters of text in ``blocks`` (UTF-16 code units): every ``text`` string, summed."""
    if isinstance(value, list):
        return sum(blocks_text(v) for v in value)
    if not isinstance(value, dict):
        return 0
    return sum(utf16_len(v) if k == "text" and isinstance(v, str) else blocks_text(v)
               for k, v in value.items())


def _too_long(value: Any, limit: int, pointer: str, errors: list[str]) -> None:
    if isinstance(value, str) and utf16_len(value) > limit:
        errors.append(f"must be less than {limit + 1} characters [json-pointer:{pointer}]")


def view_errors(view: dict[str, Any]) -> list[str]:
    """Slack's complaints about a modal or home view (100 blocks; modal title, submit and close
    labels 24 characters; each block as in a message)."""
    errors = block_errors(view.get("blocks"), most=100)
    for key in ("title", "submit", "close"):
        label = view.get(key)
        _too_long(label.get("text") if isinstance(label, dict) else None, 24, f"/{key}/text",
                  errors)
    if view.get("type") == "modal" and not isinstance(view.get("title"), dict):
        errors.append("missing required field: title [json-pointer:/title]")
    return errors


def block_errors(blocks: Any, *, most: int = 50) -> list[str]:
    """Slack's complaints about ``blocks`` over the documented Block Kit limits ([] if none);
    ``most`` blocks: 50 in a message, 100 in a view."""
    if not isinstance(blocks, list):
        return []
    errors: list[str] = []
    if len(blocks) > most:
        errors.append(f"no more than {most} items allowed [json-pointer:/blocks]")
    for i, block in enumerate(blocks):
        if not isinstance(block, dict):
            continue
        at = f"/blocks/{i}"
        _too_long(block.get("block_id"), 255, f"{at}/block_id", errors)
        kind, text = block.get("type"), block.get("text")
        if kind == "section":
            _too_long(text.get("text") if isinstance(text, dict) else None, 3000,
                      f"{at}/text/text", errors)
            fields = block.get("fields") or []
            if len(fields) > 10:
                errors.append(f"no more than 10 items allowed [json-pointer:{at}/fields]")
            for j, f in enumerate(fields):
                _too_long(f.get("text") if isinstance(f, dict) else None, 2000,
                          f"{at}/fields/{j}/text", errors)
        elif kind == "header":
            _too_long(text.get("text") if isinstance(text, dict) else None, 150,
                      f"{at}/text/text", errors)
        elif kind in ("actions", "context"):
            elements = block.get("elements") or []
            most = 25 if kind == "actions" else 10
            if len(elements) > most:
                errors.append(f"no more than {most} items allowed [json-pointer:{at}/elements]")
            for j, e in enumerate(elements if kind == "context" else []):
                if isinstance(e, dict):  # a text object (an image element has no text)
                    _too_long(e.get("text"), 3000, f"{at}/elements/{j}/text", errors)
            for j, e in enumerate(elements if kind == "actions" else []):
                if isinstance(e, dict):
                    label = e.get("text")
                    _too_long(label.get("text") if isinstance(label, dict) else None, 75,
                              f"{at}/elements/{j}/text/text", errors)
                    _too_long(e.get("value"), 2000, f"{at}/elements/{j}/value", errors)
                    _too_long(e.get("url"), 3000, f"{at}/elements/{j}/url", errors)
                    _too_long(e.get("action_id"), 255, f"{at}/elements/{j}/action_id", errors)
        elif kind == "input":  # a modal's field: its label and the hint under it
            for key in ("label", "hint"):
                said = block.get(key)
                _too_long(said.get("text") if isinstance(said, dict) else None, 2000,
                          f"{at}/{key}/text", errors)
    return errors


def _public(msg: dict[str, Any], *, metadata: bool = True) -> dict[str, Any]:
    out = {k: v for k, v in msg.items() if k != "metadata"}
    if metadata and "metadata" in msg:
        out["metadata"] = msg["metadata"]
    return out


def _in_window(msg: dict[str, Any], a: dict[str, Any]) -> bool:
    """Whether ``msg`` is within the ``latest``/``oldest`` window of a history or replies
    call (each bound left out unless ``inclusive``)."""
    inclusive = a.get("inclusive") in _TRUE
    latest, oldest = _ts(a.get("latest")), _ts(a.get("oldest"))
    ts = _ts(msg["ts"])
    assert ts is not None
    if latest is not None and (ts > latest or (ts == latest and not inclusive)):
        return False
    return not (oldest is not None and (ts < oldest or (ts == oldest and not inclusive)))


def _page(messages: list[dict[str, Any]], a: dict[str, Any], *,
          default_limit: int) -> dict[str, Any]:
    """One page of ``messages`` from ``cursor`` (an offset here; opaque to clients), ``limit``
    long, with ``has_more`` and the next cursor, as history and replies answer."""
    limit = int(a.get("limit") or default_limit)
    start = int(a.get("cursor") or 0)
    page = messages[start : start + limit]
    more = start + limit < len(messages)
    with_meta = a.get("include_all_metadata") in _TRUE
    return {
        "ok": True,
        "messages": [_public(m, metadata=with_meta) for m in page],
        "has_more": more,
        "response_metadata": {"next_cursor": str(start + limit) if more else ""},
    }


def _ts(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _drop(request: web.Request) -> web.StreamResponse:
    # "Down": close the socket without an answer, as a dead host behind a proxy would.
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=503)


def now_ts() -> str:
    """A Slack-style timestamp for the current time (for signing inbound requests)."""
    return str(int(time.time()))
