"""A local Discord for tests: REST server plus gateway websocket on 127.0.0.1, port 0.

Real discord.py clients talk to it unchanged once ``install(monkeypatch)`` points
``discord.http.Route.BASE`` and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` here.

    async with FakeDiscord() as fake:
        fake.install(monkeypatch)
        client = ...; await client.login("token")       # GET /users/@me
        await fake.connected.wait()                      # after HELLO/IDENTIFY/READY/GUILD_CREATE
        await fake.dispatch("MESSAGE_REACTION_ADD", {...})
        call = await fake.wait_for("POST", "/interactions/")

What it speaks:
- Gateway: HELLO, IDENTIFY (kept in ``identify`` so tests can check intents), READY,
  GUILD_CREATE for one guild with one text channel, heartbeat ACKs, and ``dispatch`` for any
  event. Frames are plain JSON text (discord.py accepts uncompressed text frames).
- REST: ``GET /users/@me``, ``GET /oauth2/applications/@me`` (both called by login),
  ``GET /gateway[/bot]``, channel messages create / edit / get / history (newest first;
  ``before``, ``after`` or ``around`` a message id and ``limit`` 1-100, default 50, as
  discord-api-docs resources/message, Get Channel Messages, documents: more answers 400 code
  50035),
  threads from a message (same id as the message, 160004 if one exists), reactions,
  interaction callbacks, webhook follow-ups and ``@original`` edits,
  an interaction answered once: a second callback for it answers 400 code 40060 "Interaction
  has already been acknowledged" (topics/opcodes-and-status-codes, JSON Error Codes), which
  is what every process but the first meets when several hold a gateway session,
  application command sync (global and guild). Unknown routes answer 404 ``{code: 0}``.
- Channels: only those it knows (``known_channels``: ``channel_id``, ``channels`` and the
  others a test declares, threads started from a message, DMs opened) take calls under
  ``/channels/{id}/``; any other answers 404 code 10003 Unknown Channel (deleted, or never
  was), ``hidden_channels`` 403 code 50001 Missing Access (the bot cannot see it, or was
  removed from its server) and a message to ``unwritable_channels`` 403 code 50013 Missing
  Permissions (topics/opcodes-and-status-codes, JSON Error Codes).
- Rate limits: every answer carries ``X-RateLimit-Bucket/-Limit/-Remaining/-Reset/-Reset-After``
  per route template (limit ``bucket_limit`` per ``bucket_window`` seconds); ``script_429`` and
  ``script_error`` make the next matching calls fail with the real 429 bodies and headers from
  ``tests/fixtures/real/discord``. Discord's own 429s carry a ``Via`` header; discord.py treats a
  429 without one as a Cloudflare ban, so the fake adds it.
- ``calls`` records every request (method, path, query, JSON body, status) in order.
- A message's id is a snowflake of the time it was created, as Discord's is (milliseconds
  since 2015-01-01 shifted left 22 bits: reference/snowflakes), by ``clock`` (seconds since
  the epoch; the real time unless a test ties it to its injected clock), unique and increasing;
  its ``timestamp`` says the same time.
- Documented limits it enforces: ``allowed_mentions.users`` and ``.roles`` hold at most 100 ids
  each ("Max size of 100", discord-api-docs resources/message, Allowed Mentions Structure);
  more answers 400 code 50035 Invalid Form Body, like Discord, and so does an id there above
  2^63-1 (``NUMBER_TYPE_MAX``, discord/discord-api-docs#3733). A thread started from a message
  takes the message's id, and starting a second one answers 400 code 160004 (resources/
  channel, Start Thread from Message; JSON error codes). A message's text (created, edited,
  sent by webhook or as an interaction's answer) over Discord's limits answers 400 code 50035
  and is not stored: ``content`` 2,000; an embed's title 256, description 4,096, field name
  256, value 1,024, footer 2,048, author 256, at most 25 fields and 10 embeds, and 6,000
  for all of them together across the message's embeds (resources/message, Embed Limits);
  at most 5 action rows of 5 buttons, a label of 80, a custom_id of 1-100, a link's url of
  512 (components/reference). Counted in code points (Python's ``len``): "Our API uses Python 3,
  so the API calculates length based on the number of codepoints" (Discord staff,
  discord/discord-api-docs#1315), so 2,000 emoji (4,000 UTF-16 units) are one message. A
  modal (an interaction answer of type 9), an autocomplete answer (type 8: at most 25
  choices, names 1-100, values at most 100) and a command sync past their documented limits
  answer 50035 too (``modal_errors``, ``autocomplete_errors``, ``command_errors``; tests apply
  them to the payloads the HTTP endpoint answers with, which never pass through here).
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from aiohttp import WSMsgType, web

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real" / "discord"
API_PREFIX = "/api/v10"


def real_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@dataclass
class Call:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    body: Any
    status: int = 0
    # when it arrived (time.monotonic): orders calls to this and another local server
    at: float = field(default_factory=time.monotonic)


@dataclass
class _Scripted:
    method: str
    pattern: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int


@dataclass
class Held:
    method: str
    pattern: re.Pattern[str]
    reached: asyncio.Event
    go: asyncio.Event


@dataclass
class _Bucket:
    started: float = 0.0
    count: int = 0


_ids = itertools.count(1_100_000_000_000_000_000)


def snowflake() -> str:
    return str(next(_ids))


DISCORD_EPOCH_MS = 1_420_070_400_000  # 2015-01-01T00:00:00Z, the snowflakes' epoch
HISTORY_MAX = 100  # Get Channel Messages: limit 1-100


@dataclass
class FakeDiscord:
    bot_id: str = "1000000000000000001"
    application_id: str = "1000000000000000002"
    guild_id: str = "1000000000000000003"
    channel_id: str = "1000000000000000004"
    bucket_limit: int = 50
    bucket_window: float = 1.0
    calls: list[Call] = field(default_factory=list)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    # reactions on a message as Discord keeps them: message id -> emoji ("👍", or a custom
    # emoji's "name:id") -> the users who gave it. ``give``/``take_away`` change them without
    # an event (given while no gateway session heard it); GET of the message lists them as
    # ``reactions`` (resources/message, Reaction Object), GET .../reactions/{emoji} their users
    # (resources/message, Get Reactions: ``after``, ``limit`` 1-100, default 25)
    reactions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    super_reactions: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # burst
    threads: set[str] = field(default_factory=set)
    # message id -> the allowed_mentions sent with its last create/edit (None: none sent)
    allowed_mentions: dict[str, Any] = field(default_factory=dict)
    commands: list[Any] = field(default_factory=list)
    identify: dict[str, Any] | None = None
    # `socialops check --online`: when set, REST calls with another bot token get a 401;
    # GET /channels/{id} knows `channel_id` and these, and answers 403 for `hidden_channels`
    token: str | None = None
    channels: set[str] = field(default_factory=set)
    hidden_channels: set[str] = field(default_factory=set)
    # channel id -> the id of another server it is in (GET /channels/{id} names it)
    foreign_channels: dict[str, str] = field(default_factory=dict)
    # channel id -> its type when not a text channel (0): 15 a forum, 4 a category, 11 a thread;
    # a forum or a category refuses messages as Discord does (400, code 50008)
    channel_types: dict[str, int] = field(default_factory=dict)
    # the bot's role in the server (GET /guilds/{id}, .../members/{bot}): the invite's
    # permissions unless a test takes some away; channel id -> its permission_overwrites
    bot_role_id: str = "1000000000000000020"
    bot_permissions: str = "309237861376"
    overwrites: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # threads archived (an edit there is refused, 400 code 50083; a message or archived
    # false unarchives one) and locked (only Manage Threads, which the bot has not, reopens)
    archived_threads: set[str] = field(default_factory=set)
    locked_threads: set[str] = field(default_factory=set)
    # a thread's (channel_types 10-12) parent channel when not channel_id
    thread_parents: dict[str, str] = field(default_factory=dict)
    # private threads (channel_types 12) the bot is a member of: GET .../thread-members/{bot}
    # answers 404 for any other (resources/channel, Get Thread Member)
    thread_members: set[str] = field(default_factory=set)
    # the server's members besides the bot: GET /guilds/{id}/members/{user} finds them
    members: set[str] = field(default_factory=set)
    # those of them that are other apps' bots: their user object says "bot": true
    bots: set[str] = field(default_factory=set)
    # ids no Discord user has (one copied wrong): Get Guild Member answers them 404 Unknown
    # User (10013), as Discord does (Mittelbots/Mittelbot#1238), not Unknown Member
    no_users: set[str] = field(default_factory=set)
    # the server's roles besides @everyone and the bot's: role id -> the members holding it.
    # GET /guilds/{id}/roles lists them (a role deleted is gone from it: resources/guild, Get
    # Guild Roles); GET /guilds/{id}/roles/member-counts answers role id -> how many hold it
    # (discord.py's HTTPClient.get_role_member_counts)
    roles: dict[str, set[str]] = field(default_factory=dict)
    # when messages are created (their ids and timestamps): seconds since the epoch
    clock: Callable[[], float] = time.time
    # direct messages (resources/user, Create DM): user id -> the DM channel's id, opened by
    # POST /users/@me/channels; a user here takes no DMs from the server's members (his
    # privacy setting): a message there is refused, 403 code 50007
    dms: dict[str, str] = field(default_factory=dict)
    dms_closed: set[str] = field(default_factory=set)
    # channels the bot sees but may not write in (its role denied Send Messages there): a
    # message there is refused, 403 code 50013 Missing Permissions
    unwritable_channels: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._last_id = 0  # the newest message id handed out
        self._scripted: list[_Scripted] = []
        self._holds: list[Held] = []
        self._drops: list[list[Any]] = []  # [method, pattern, times left] (``drop``)
        self._buckets: dict[str, _Bucket] = {}
        self._sockets: list[web.WebSocketResponse] = []
        self._answered: set[str] = set()  # interactions whose callback was taken
        self._seq = 0
        self._changed = asyncio.Condition()
        self.connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import discord.gateway
        import discord.http
        import yarl

        monkeypatch.setattr(discord.http.Route, "BASE", self.api_url)
        monkeypatch.setattr(
            discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.gateway_url)
        )

    # -- scripting -------------------------------------------------------------------------

    def script_error(
        self, method: str, path: str, *, status: int, body: Any,
        headers: dict[str, str] | None = None, times: int = 1,
    ) -> None:
        """The next ``times`` calls whose path matches regex ``path`` get this answer."""
        self._scripted.append(
            _Scripted(method, re.compile(path), status, body, dict(headers or {}), times))

    def script_429(
        self, method: str, path: str, *, global_: bool = False,
        retry_after: float | None = None, times: int = 1,
    ) -> None:
        """A real Discord 429 (route bucket or global), optionally with a shorter wait."""
        name = "global_rate_limit" if global_ else "user_rate_limit"
        body = real_fixture(f"error_429_{name}.json")
        headers = dict(real_fixture(f"error_429_{name}.meta.json")["headers"])
        if retry_after is not None:
            body["retry_after"] = retry_after
            headers["Retry-After"] = str(max(1, round(retry_after)))
            if "X-RateLimit-Reset-After" in headers:
                headers["X-RateLimit-Reset-After"] = str(retry_after)
                headers["X-RateLimit-Reset"] = str(time.time() + retry_after)
        headers["Via"] = "1.1 google"
        self.script_error(method, path, status=429, body=body, headers=headers, times=times)

    def hold(self, method: str, path: str) -> Held:
        """The next call matching ``method`` and ``path`` (a regular expression) waits, once
        ``reached``, until the test sets ``go``, then is answered as usual (a slow answer:
        behind a rate limit, a network)."""
        held = Held(method, re.compile(path), asyncio.Event(), asyncio.Event())
        self._holds.append(held)
        return held

    def drop(self, method: str, path: str, *, times: int = 1) -> None:
        """The next ``times`` calls matching ``method`` and ``path`` (a regular expression)
        get no answer: the connection is closed under them (a connection reset, a proxy
        dropping it), recorded with status 0."""
        self._drops.append([method, re.compile(path), times])

    # -- gateway ---------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any], *, only: int | None = None
                       ) -> None:
        """Send a DISPATCH frame (op 0) to every connected client (``only``: to the one that
        connected so many before it, as when another process's session is slower)."""
        self._seq += 1
        frame = json.dumps({"op": 0, "t": event, "s": self._seq, "d": data})
        for n, ws in enumerate(list(self._sockets)):
            if only is None or n == only:
                await ws.send_str(frame)

    async def invalidate_sessions(self) -> None:
        """INVALID_SESSION (op 9, ``d: false``) to every connected client: its session cannot
        be resumed, so it identifies anew and gets a READY, and nothing sent meanwhile
        (topics/gateway, Resuming; topics/opcodes-and-status-codes)."""
        self.connected.clear()
        for ws in list(self._sockets):
            await ws.send_json({"op": 9, "d": False})

    def user(self, user_id: str, name: str = "someone") -> dict[str, Any]:
        return {"id": user_id, "username": name, "discriminator": "0", "avatar": None,
                "global_name": name, "public_flags": 0}

    def member(self, user_id: str, name: str = "someone") -> dict[str, Any]:
        return {"user": self.user(user_id, name), "roles": [], "joined_at":
                "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0,
                "permissions": "2147483647", "pending": False, "nick": None}

    def interaction(
        self, kind: int, data: dict[str, Any], *, user_id: str,
        message: dict[str, Any] | None = None, token: str | None = None,
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE body built on the real ``interaction_slash_command.json``,
        re-pointed at this fake's guild and channel, with the fields discord.py 2.7 requires
        (``version``, ``application_id``, ``attachment_size_limit``, ``context``)."""
        payload: dict[str, Any] = real_fixture("interaction_slash_command.json")
        payload.update({
            "id": snowflake(), "type": kind, "data": data, "token": token or f"tok{snowflake()}",
            "version": 1, "application_id": self.application_id, "guild_id": self.guild_id,
            "channel_id": self.channel_id,
            "channel": {"id": self.channel_id, "type": 0, "guild_id": self.guild_id,
                        "name": "social", "position": 0, "permission_overwrites": [],
                        "nsfw": False, "parent_id": None},
            "attachment_size_limit": 8_388_608, "context": 0, "entitlements": [],
            "authorizing_integration_owners": {},
        })
        payload["member"] = {**payload["member"], "flags": 0, "user": {**payload["member"]["user"],
                                                            "id": user_id}}
        if message is not None:
            payload["message"] = message
        return payload

    def reaction(self, fixture: str, *, user_id: str, message_id: str,
                 emoji: dict[str, Any] | None = None, bot: bool = False) -> dict[str, Any]:
        """A MESSAGE_REACTION_ADD body from a real fixture, re-pointed at this fake. ``bot``:
        given by another app's bot, whose member's user says ``"bot": true`` (resources/user,
        User Object; the event's ``member``: topics/gateway-events, Message Reaction Add)."""
        payload: dict[str, Any] = real_fixture(fixture)
        member = self.member(user_id)
        if bot:
            member["user"] = {**member["user"], "bot": True}
        payload.update({"user_id": user_id, "message_id": message_id,
                        "channel_id": self.channel_id, "guild_id": self.guild_id,
                        "message_author_id": self.messages.get(message_id, {}).get(
                            "author", {}).get("id", self.bot_id),
                        "member": member, "burst": False, "type": 0})
        if emoji is not None:
            payload["emoji"] = emoji
        return payload

    def give(self, message_id: str, user_id: str, emoji: str = "👍", *,
             burst: bool = False) -> None:
        """``user_id`` reacts with ``emoji`` on the message and no session hears of it
        (``burst``: a super reaction, which Get Reactions lists under ``type=1`` only)."""
        users = (self.super_reactions if burst else self.reactions).setdefault(
            message_id, {}).setdefault(emoji, [])
        if user_id not in users:
            users.append(user_id)

    def take_away(self, message_id: str, user_id: str, emoji: str = "👍", *,
                  burst: bool | None = None) -> None:
        """``user_id``'s reaction taken off the message, unheard (``burst``: only their super
        reaction, or only their normal one; both by default)."""
        for held in (self.reactions, self.super_reactions)[
                slice(None) if burst is None else slice(int(burst), int(burst) + 1)]:
            users = held.get(message_id, {}).get(emoji, [])
            if user_id in users:
                users.remove(user_id)

    def _reactions_of(self, message_id: str) -> list[dict[str, Any]]:
        """The message's ``reactions``: ``count`` is every one, super reactions too
        (``count_details``: resources/message, Reaction Count Details)."""
        normal, burst = self.reactions.get(message_id, {}), self.super_reactions.get(
            message_id, {})
        shown = []
        for emoji in dict.fromkeys([*normal, *burst]):
            users, supers = normal.get(emoji, []), burst.get(emoji, [])
            if users or supers:
                name, _, ident = emoji.partition(":")
                shown.append({"emoji": {"id": ident or None, "name": name},
                              "count": len(users) + len(supers),
                              "count_details": {"burst": len(supers), "normal": len(users)},
                              "burst_colors": ["#ffcc00"] if supers else [],
                              "me": self.bot_id in users, "me_burst": self.bot_id in supers})
        return shown

    def _reaction_users(self, message_id: str, emoji: str, query: Any) -> tuple[int, Any]:
        try:
            limit = int(query.get("limit", 25))
        except ValueError:
            limit = 0
        if not 1 <= limit <= 100:
            return 400, {"message": "Invalid Form Body", "code": 50035,
                         "errors": {"limit": {"_errors": [{
                             "code": "NUMBER_TYPE_MAX" if limit > 100 else "NUMBER_TYPE_MIN",
                             "message": "int value should be between 1 and 100."}]}}}
        after = int(query.get("after") or 0)
        held = self.super_reactions if query.get("type") == "1" else self.reactions  # 0 default
        users = sorted((u for u in held.get(message_id, {}).get(emoji, [])
                        if int(u) > after), key=int)
        return 200, [self.user(u) for u in users[:limit]]

    def _guild(self) -> dict[str, Any]:
        return {
            "id": self.guild_id, "name": "socialops test", "owner_id": "1000000000000000009",
            "unavailable": False, "member_count": 2, "large": False, "features": [],
            "icon": None, "splash": None, "discovery_splash": None, "banner": None,
            "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0, "premium_tier": 0,
            "preferred_locale": "en-US", "system_channel_flags": 0, "afk_timeout": 300,
            "roles": [{"id": self.guild_id, "name": "@everyone", "permissions": "1024",
                       "position": 0, "color": 0, "hoist": False, "managed": False,
                       "mentionable": False, "flags": 0},
                      {"id": self.bot_role_id, "name": "socialops",
                       "permissions": self.bot_permissions, "position": 1, "color": 0,
                       "hoist": False, "managed": True, "mentionable": False, "flags": 0}],
            "emojis": [], "stickers": [], "threads": [], "stage_instances": [],
            "guild_scheduled_events": [], "voice_states": [], "presences": [],
            "members": [self.member(self.bot_id, "socialops")],
            "channels": [{"id": self.channel_id, "type": 0, "name": "social",
                          "position": 0, "permission_overwrites": [], "nsfw": False,
                          "parent_id": None, "guild_id": self.guild_id}],
            "joined_at": "2024-01-01T00:00:00+00:00",
        }

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41_250}})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                if frame.get("op") == 1:
                    await ws.send_json({"op": 11})
                elif frame.get("op") == 2:
                    self.identify = frame["d"]
                    await self.dispatch("READY", {
                        "v": 10, "user": {**self.user(self.bot_id, "socialops"), "bot": True},
                        "guilds": [{"id": self.guild_id, "unavailable": True}],
                        "session_id": "fake-session", "resume_gateway_url": self.gateway_url,
                        "application": {"id": self.application_id, "flags": 0},
                        "private_channels": [], "relationships": [],
                    })
                    await self.dispatch("GUILD_CREATE", self._guild())
                    self.connected.set()
        finally:
            self._sockets.remove(ws)
        return ws

    # -- REST ------------------------------------------------------------------------------

    async def wait_for(
        self, method: str, path_contains: str, *, count: int = 1, timeout: float = 5.0
    ) -> Call:
        """The ``count``-th recorded call with this method whose path contains the text."""
        def found() -> list[Call]:
            return [c for c in self.calls if c.method == method and path_contains in c.path]

        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(found()) >= count), timeout)
        return found()[count - 1]

    def bodies(self) -> list[Any]:
        return [c.body for c in self.calls if isinstance(c.body, dict)]

    def _bucket_headers(self, method: str, template: str, major: str) -> dict[str, str]:
        bucket = hashlib.sha1(f"{method} {template}".encode()).hexdigest()[:12]
        state = self._buckets.setdefault(f"{bucket}:{major}", _Bucket())
        now = time.monotonic()
        if now - state.started >= self.bucket_window:
            state.started, state.count = now, 0
        state.count += 1
        reset_after = max(0.0, self.bucket_window - (now - state.started))
        return {
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Limit": str(self.bucket_limit),
            "X-RateLimit-Remaining": str(max(0, self.bucket_limit - state.count)),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "Via": "1.1 google",
        }

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")  # multipart: tests rarely need it
        call = Call(request.method, path, dict(request.query), body)
        for held in [h for h in self._holds if h.method == request.method
                     and h.pattern.search(path)][:1]:
            self._holds.remove(held)
            held.reached.set()
            await held.go.wait()
        for drop in [d for d in self._drops if d[2] > 0 and d[0] == request.method
                     and d[1].search(path)][:1]:
            drop[2] -= 1
            call.status = 0
            async with self._changed:
                self.calls.append(call)
                self._changed.notify_all()
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=500)  # never reaches the closed connection
        template = re.sub(r"\d{15,}", "{id}", path)
        major = (re.findall(r"\d{15,}", path) or [""])[0]
        headers = self._bucket_headers(request.method, template, major)
        status, payload = 0, None
        for s in self._scripted:
            if s.times > 0 and s.method == request.method and s.pattern.search(path):
                s.times -= 1
                status, payload = s.status, s.body
                headers = {**headers, **s.headers} if status != 429 else {**s.headers}
                break
        # an interaction's callback and its webhook follow-ups are authorised by the
        # interaction's token in the path; discord.py sends them with no bot token
        if not status and self.token is not None and not re.match(
                r"/(interactions|webhooks)/", path) and (
                request.headers.get("Authorization") != f"Bot {self.token}"):
            status, payload = 401, {"message": "401: Unauthorized", "code": 0}
        if not status:
            status, payload = self._answer(request.method, path, body, request.query)
        call.status = status
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        if payload is None:
            return web.Response(status=status, headers=headers)
        # discord.py parses JSON only when Content-Type is exactly "application/json".
        headers["Content-Type"] = "application/json"
        return web.Response(body=json.dumps(payload).encode(), status=status, headers=headers)

    def _message_id(self) -> tuple[str, str]:
        """A new message's id, a snowflake of now (``clock``) after every id before it, and
        the time it says, as the message's ``timestamp``."""
        now_ms = int(self.clock() * 1000)
        self._last_id = max(self._last_id + 1, (now_ms - DISCORD_EPOCH_MS) << 22)
        made = datetime.fromtimestamp(((self._last_id >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)
        return str(self._last_id), made.isoformat()

    def _message(self, channel: str, body: dict[str, Any], *, author: str) -> dict[str, Any]:
        mid, made = self._message_id()
        msg = {
            "id": mid, "channel_id": channel, "type": 0, "author": self.user(author, "socialops"),
            "content": body.get("content") or "", "embeds": body.get("embeds") or [],
            "components": body.get("components") or [], "attachments": [], "mentions": [],
            "mention_roles": [], "mention_everyone": False, "pinned": False, "tts": False,
            "timestamp": made, "edited_timestamp": None,
            "flags": body.get("flags") or 0,
        }
        if isinstance(ref := body.get("message_reference"), dict):  # a reply (type 19)
            msg["type"] = 19
            msg["message_reference"] = {"type": 0, "message_id": str(ref.get("message_id")),
                                        "channel_id": str(ref.get("channel_id") or channel),
                                        "guild_id": self.guild_id}
        self.messages[mid] = msg
        self.allowed_mentions[mid] = body.get("allowed_mentions")
        return msg

    def in_channel(self, channel: str) -> list[dict[str, Any]]:
        """Messages in a channel or thread, oldest first."""
        return sorted((m for m in self.messages.values() if m["channel_id"] == channel),
                      key=lambda m: int(m["id"]))

    def say(self, channel: str, content: str, *, author: str = "1000000000000000010") -> str:
        """A person's message in a channel or thread, created now (by ``clock``); its id."""
        return str(self._message(channel, {"content": content}, author=author)["id"])

    def _history(self, channel: str, query: Any) -> tuple[int, Any]:
        """Get Channel Messages: newest first, at most ``limit`` (1-100, default 50) before,
        after or around a message id (one of them). After an id, the ones right after it."""
        try:
            limit = int(query.get("limit", 50))
        except ValueError:
            limit = 0
        if not 1 <= limit <= HISTORY_MAX:
            return 400, {"message": "Invalid Form Body", "code": 50035, "errors": {"limit": {
                "_errors": [{"code": "NUMBER_TYPE_MAX", "message":
                             "int value should be less than or equal to 100."}]}}}
        ids = sorted((int(x["id"]) for x in self.messages.values()
                      if x["channel_id"] == channel), reverse=True)
        if "before" in query:
            ids = [i for i in ids if i < int(query["before"])][:limit]
        elif "after" in query:
            ids = [i for i in ids if i > int(query["after"])][-limit:]
        elif "around" in query:
            at = int(query["around"])
            newer = [i for i in ids if i > at][-(limit // 2):] if limit > 1 else []
            ids = (newer + [i for i in ids if i <= at])[:limit]
        else:
            ids = ids[:limit]
        return 200, [self.messages[str(i)] for i in ids]

    def known_channels(self) -> set[str]:
        """The channels and threads that exist: the server's text channel, those a test
        declared (``channels``, ``channel_types``, ``foreign_channels``, ``hidden_channels``,
        threads of any kind), threads started from a message, and direct messages opened."""
        return {self.channel_id, *self.channels, *self.foreign_channels, *self.channel_types,
                *self.hidden_channels, *self.unwritable_channels, *self.thread_parents,
                *self.thread_members, *self.archived_threads, *self.locked_threads,
                *self.threads, *self.dms.values()}

    def _channel_refused(self, channel: str, method: str, path: str) -> tuple[int, Any] | None:
        """What Discord answers a call under ``/channels/{id}/`` the bot may not make: a channel
        that does not exist (deleted, or never was) 404 code 10003 Unknown Channel; one the
        bot cannot see (no View Channel, or a server it was removed from) 403 code 50001
        Missing Access; a message where it may not write 403 code 50013 Missing Permissions
        (discord-api-docs topics/opcodes-and-status-codes, JSON Error Codes)."""
        if channel not in self.known_channels():
            return 404, {"message": "Unknown Channel", "code": 10003}
        if channel in self.hidden_channels:
            return 403, {"message": "Missing Access", "code": 50001}
        if channel in self.unwritable_channels and method == "POST" and \
                path.endswith("/messages"):
            return 403, {"message": "Missing Permissions", "code": 50013}
        return None

    def _answer(self, method: str, path: str, body: Any, query: Any) -> tuple[int, Any]:
        unknown_message = {"message": "Unknown Message", "code": 10008}
        if path == "/users/@me":
            return 200, {**self.user(self.bot_id, "socialops"), "bot": True}
        if path in ("/oauth2/applications/@me", "/applications/@me"):
            return 200, {"id": self.application_id, "name": "socialops", "icon": None,
                         "description": "", "bot_public": False, "verify_key": "00",
                         "bot_require_code_grant": False, "flags": 0, "team": None,
                         "owner": self.user("1000000000000000009", "owner"), "summary": ""}
        if path == "/users/@me/channels" and method == "POST":
            user = str((body or {}).get("recipient_id"))
            dm = self.dms.setdefault(user, snowflake())
            return 200, {"id": dm, "type": 1, "last_message_id": None, "flags": 0,
                         "recipients": [self.user(user)]}
        if (m := re.fullmatch(r"/channels/(\d+)/.+", path)) and (
                refused := self._channel_refused(m[1], method, path)):
            return refused
        if (m := re.fullmatch(r"/channels/(\d+)/messages", path)) and method == "POST" and \
                any(dm == m[1] and user in self.dms_closed for user, dm in self.dms.items()):
            return 403, {"message": "Cannot send messages to this user", "code": 50007}
        if path in ("/gateway", "/gateway/bot"):
            return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit":
                         {"total": 1000, "remaining": 1000, "reset_after": 0,
                          "max_concurrency": 1}}
        if (m := re.fullmatch(r"/channels/(\d+)", path)) and method == "GET":
            if m[1] in self.hidden_channels:
                return 403, {"message": "Missing Access", "code": 50001}
            if m[1] not in self.known_channels():
                return 404, {"message": "Unknown Channel", "code": 10003}
            guild = self.foreign_channels.get(m[1], self.guild_id)
            if self.channel_types.get(m[1]) in THREADS:  # a thread has no overwrites
                return 200, {"id": m[1], "type": self.channel_types[m[1]], "guild_id": guild,
                             "name": "a ticket", "owner_id": self.bot_id,
                             "parent_id": self.thread_parents.get(m[1], self.channel_id),
                             "thread_metadata": {
                                 "archived": m[1] in self.archived_threads,
                                 "locked": m[1] in self.locked_threads,
                                 "auto_archive_duration": 1440,
                                 "archive_timestamp": "2024-01-01T00:00:00+00:00"}}
            return 200, {"id": m[1], "type": self.channel_types.get(m[1], 0), "guild_id": guild,
                         "name": "support",
                         "position": 0, "permission_overwrites": self.overwrites.get(m[1], [])}
        if (m := re.fullmatch(r"/channels/(\d+)/thread-members/(\d+)", path)) \
                and method == "GET":
            if m[2] != self.bot_id or (self.channel_types.get(m[1]) == 12
                                       and m[1] not in self.thread_members):
                return 404, {"message": "Unknown Member", "code": 10007}
            return 200, {"id": m[1], "user_id": m[2], "flags": 0,
                         "join_timestamp": "2024-01-01T00:00:00+00:00"}
        if method == "GET" and path == f"/guilds/{self.guild_id}":
            return 200, {k: v for k, v in self._guild().items() if k not in (
                "channels", "members", "threads", "presences", "voice_states", "joined_at")}
        if method == "GET" and path == f"/guilds/{self.guild_id}/roles":
            return 200, [*self._guild()["roles"], *(
                {"id": r, "name": f"role {r}", "permissions": "0", "position": 2, "color": 0,
                 "hoist": False, "managed": False, "mentionable": True, "flags": 0}
                for r in self.roles)]
        if method == "GET" and path == f"/guilds/{self.guild_id}/roles/member-counts":
            return 200, {self.guild_id: len(self.members) + 1, self.bot_role_id: 1,
                         **{r: len(held) for r, held in self.roles.items()}}
        if method == "GET" and path == f"/guilds/{self.guild_id}/members/{self.bot_id}":
            return 200, {**self.member(self.bot_id, "socialops"), "roles": [self.bot_role_id]}
        if method == "GET" and (m := re.fullmatch(rf"/guilds/{self.guild_id}/members/(\d+)",
                                                  path)):
            # Get Guild Member: someone not in the server is 404 Unknown Member (10007)
            if m[1] in self.no_users:
                return 404, {"message": "Unknown User", "code": 10013}
            if m[1] not in self.members:
                return 404, {"message": "Unknown Member", "code": 10007}
            member = self.member(m[1])
            if m[1] in self.bots:
                member["user"] = {**member["user"], "bot": True}
            return 200, member
        if method in ("POST", "PATCH") and (refused := _form_errors(body)) is not None:
            return 400, refused
        archived = {"message": "Thread is archived", "code": 50083}
        if (m := re.fullmatch(r"/channels/(\d+)", path)) and method == "PATCH":
            if (body or {}).get("archived") is False and m[1] in self.archived_threads:
                if m[1] in self.locked_threads:
                    return 403, {"message": "Missing Permissions", "code": 50013}
                self.archived_threads.discard(m[1])
            return 200, {"id": m[1], "type": self.channel_types.get(m[1], 11),
                         "guild_id": self.guild_id, "parent_id": self.channel_id,
                         "thread_metadata": {"archived": m[1] in self.archived_threads,
                                             "locked": m[1] in self.locked_threads}}
        if (m := re.fullmatch(r"/channels/(\d+)/messages(?:/\d+)?", path)) \
                and m[1] in self.archived_threads:
            if method == "PATCH" or m[1] in self.locked_threads:
                return 400, archived
            if method == "POST":  # a new message unarchives a thread not locked
                self.archived_threads.discard(m[1])
        if m := re.fullmatch(r"/channels/(\d+)/messages", path):
            if method == "POST" and self.channel_types.get(m[1]) in NO_MESSAGES:
                return 400, {"message": "Cannot send messages in a non-text channel",
                             "code": 50008}
            if method == "POST":
                return 200, self._message(m[1], body or {}, author=self.bot_id)
            if method == "GET":
                return self._history(m[1], query)
        if m := re.fullmatch(r"/channels/(\d+)/messages/(\d+)", path):
            msg = self.messages.get(m[2])
            if msg is None or msg["channel_id"] != m[1]:
                return 404, unknown_message
            if method == "GET":
                if reactions := self._reactions_of(m[2]):
                    return 200, {**msg, "reactions": reactions}
                return 200, msg
            if method == "PATCH":
                for k in ("content", "embeds", "components"):
                    if k in (body or {}):
                        msg[k] = body[k] if body[k] is not None else ([] if k != "content" else "")
                msg["edited_timestamp"] = "2024-01-01T00:00:01+00:00"
                if "allowed_mentions" in (body or {}):
                    self.allowed_mentions[m[2]] = body["allowed_mentions"]
                return 200, msg
        if m := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", path):
            msg = self.messages.get(m[2])
            if msg is None:
                return 404, unknown_message
            if self.channel_types.get(m[1]) in THREADS:  # no thread within a thread
                return 400, {"message": "Cannot execute action on this channel type",
                             "code": 50024}
            if m[2] in self.threads:
                return 400, {"message": "A thread has already been created for this message",
                             "code": 160004}
            # "name: 1-100 character channel name" (resources/channel, Start Thread from Message)
            if e := _out_of((body or {}).get("name") or "", 1, THREAD_NAME_MOST):
                return 400, {"message": "Invalid Form Body", "code": 50035,
                             "errors": {"name": e}}
            self.threads.add(m[2])
            msg["thread"] = {"id": m[2], "type": 11, "name": body.get("name")}
            return 201, {"id": m[2], "type": 11, "guild_id": self.guild_id,
                         "parent_id": m[1], "name": body.get("name"), "owner_id": self.bot_id,
                         "thread_metadata": {"archived": False, "auto_archive_duration":
                                             body.get("auto_archive_duration", 1440),
                                             "archive_timestamp": "2024-01-01T00:00:00+00:00",
                                             "locked": False},
                         "message_count": 0, "member_count": 1, "rate_limit_per_user": 0}
        if (m := re.fullmatch(r"/channels/\d+/messages/(\d+)/reactions/([^/]+)", path)) \
                and method == "GET":
            return self._reaction_users(m[1], m[2], query)
        if re.fullmatch(r"/channels/\d+/messages/\d+/reactions/.+", path):
            return 204, None
        if m := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path):
            if (body or {}).get("type") == MODAL_CALLBACK and (
                    errors := modal_errors((body or {}).get("data"))):
                return 400, {"message": "Invalid Form Body", "code": 50035,
                             "errors": {"data": errors}}
            if (body or {}).get("type") == AUTOCOMPLETE_CALLBACK and (
                    errors := autocomplete_errors((body or {}).get("data"))):
                return 400, {"message": "Invalid Form Body", "code": 50035,
                             "errors": {"data": errors}}
            if m[1] in self._answered:  # another gateway session's process answered first
                return 400, {"message": "Interaction has already been acknowledged.",
                             "code": 40060}
            self._answered.add(m[1])
            if query.get("with_response") not in ("1", "true"):
                return 204, None
            kind = (body or {}).get("type")
            flags = ((body or {}).get("data") or {}).get("flags") or 0
            return 200, {"interaction": {
                "id": m[1], "type": 0, "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(flags & 64)}}
        if m := re.fullmatch(r"/webhooks/(\d+)/([^/]+)", path):
            return 200, self._message("0", body or {}, author=self.bot_id)
        if re.fullmatch(r"/webhooks/\d+/[^/]+/messages/@original", path):
            return 200, self._message("0", body or {}, author=self.bot_id)
        if re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path) and method == "PUT":
            if errors := command_errors(body):
                return 400, {"message": "Invalid Form Body", "code": 50035, "errors": errors}
            self.commands = [
                {**c, "id": snowflake(), "application_id": self.application_id, "version": "1"}
                for c in (body or [])
            ]
            return 200, self.commands
        return 404, {"message": f"fake discord: no route {method} {path}", "code": 0}


MENTION_LIST_LIMIT = 100
THREAD_NAME_MOST = 100
# channel types that take no messages of their own: category, directory, forum, media
NO_MESSAGES = frozenset({4, 14, 15, 16})
THREADS = frozenset({10, 11, 12})  # announcement, public and private threads


# Embed Limits (discord-api-docs resources/message), in code points (the module docstring).
CONTENT_LIMIT, EMBED_TOTAL_LIMIT = 2_000, 6_000
EMBEDS_MOST, FIELDS_MOST = 10, 25
EMBED_LIMITS = {"title": 256, "description": 4_096}


def _too_long(limit: int) -> dict[str, Any]:
    return {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                         "message": f"Must be {limit} or fewer in length."}]}


# An embed's url, its author's url and a link button's url must be well formed, or Discord
# refuses the whole message: 400 code 50035 ``URL_TYPE_INVALID_URL`` "Not a well formed URL."
# (discordjs/discord.js#7438, an underscore in the host; a host with no top-level domain,
# http://bugsink:8000 or http://alertmanager:123: bugsink/bugsink#280,
# rogerrum/alertmanager-discord#19, go-gitea/gitea#11124, unraid/webgui#1153; an IP address
# works, and localhost: seerr-team/seerr#2657), and a scheme other than http(s)
# ``URL_TYPE_INVALID_SCHEME``. Modelled on Django's URLValidator, which matches every report,
# as Django writes it (not as this project's safe_url does, so the two can disagree): its
# regular expression, with any character from U+00A1 in a host's labels, then, if that fails,
# the host in punycode; an IPv6 address that parses; a host of at most 253 characters.
_UL = "\u00a1-\uffff"
_IPV4 = (r"(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)"
         r"(?:\.(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)){3}")
_HOSTNAME = rf"[a-z{_UL}0-9](?:[a-z{_UL}0-9-]{{0,61}}[a-z{_UL}0-9])?"
_DOMAIN = rf"(?:\.(?!-)[a-z{_UL}0-9-]{{1,63}}(?<!-))*"
_TLD = rf"\.(?!-)(?:[a-z{_UL}-]{{2,63}}|xn--[a-z0-9]{{1,59}})(?<!-)\.?"
_WELL_FORMED = re.compile(
    r"(?:[a-z0-9.+-]*)://(?:[^\s:@/]+(?::[^\s:@/]*)?@)?"
    rf"(?:{_IPV4}|\[(?P<v6>[0-9a-f:.]+)\]|{_HOSTNAME}{_DOMAIN}{_TLD}|localhost)"
    r"(?::[0-9]{1,5})?(?:[/?#][^\s]*)?", re.IGNORECASE)


def _well_formed(url: str) -> bool:
    m = _WELL_FORMED.fullmatch(url)
    if m is None:
        try:  # Django's second try: the host in punycode
            scheme, netloc, path, query, fragment = urlsplit(url)
            netloc = netloc.encode("idna").decode("ascii")
        except (UnicodeError, ValueError):
            return False
        m = _WELL_FORMED.fullmatch(urlunsplit((scheme, netloc, path, query, fragment)))
        if m is None:
            return False
    if m.group("v6"):
        try:
            ipaddress.IPv6Address(m.group("v6"))
        except ValueError:
            return False
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host is None or len(host) <= 253


def _url_error(url: Any) -> dict[str, Any] | None:
    if not isinstance(url, str):
        return None
    if not url.lower().startswith(("http://", "https://")):
        scheme = url.partition(":")[0] if ":" in url else ""
        return {"_errors": [{"code": "URL_TYPE_INVALID_SCHEME", "message":
                f"Scheme {scheme!r} is not supported. Scheme must be one of ('http', 'https')."}]}
    if not _well_formed(url):
        return {"_errors": [{"code": "URL_TYPE_INVALID_URL", "message": "Not a well formed URL."}]}
    return None


def _text_errors(message: Any) -> dict[str, Any]:
    """Discord's complaints about a message's text over its documented limits ({} if none)."""
    if not isinstance(message, dict):
        return {}
    errors: dict[str, Any] = {}
    content = message.get("content")
    if isinstance(content, str) and len(content) > CONTENT_LIMIT:
        errors["content"] = _too_long(CONTENT_LIMIT)
    embeds = message.get("embeds") or []
    if len(embeds) > EMBEDS_MOST:
        errors["embeds"] = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                         "message": "Must be 10 or fewer in length."}]}
    every = 0  # the 6,000 is "across all embeds attached to a message"
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        if len(embed.get("fields") or []) > FIELDS_MOST:
            errors[f"embeds.{i}.fields"] = {"_errors": [{
                "code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer in length."}]}
        texts = [(k, embed.get(k), most) for k, most in EMBED_LIMITS.items()]
        for j, field_ in enumerate(embed.get("fields") or []):
            f = field_ if isinstance(field_, dict) else {}
            texts += [(f"fields.{j}.name", f.get("name"), 256),
                      (f"fields.{j}.value", f.get("value"), 1_024)]
        texts += [("footer.text", (embed.get("footer") or {}).get("text"), 2_048),
                  ("author.name", (embed.get("author") or {}).get("name"), 256)]
        for key, text, most in texts:
            if isinstance(text, str):
                every += len(text)
                if len(text) > most:
                    errors[f"embeds.{i}.{key}"] = _too_long(most)
        for key, url in (("url", embed.get("url")),
                         ("author.url", (embed.get("author") or {}).get("url"))):
            if e := _url_error(url):
                errors[f"embeds.{i}.{key}"] = e
        if every > EMBED_TOTAL_LIMIT:
            errors[f"embeds.{i}"] = {"_errors": [{
                "code": "MAX_EMBED_SIZE_EXCEEDED",
                "message": f"Embed size exceeds maximum size of {EMBED_TOTAL_LIMIT}"}]}
    errors.update(_component_errors(message.get("components")))
    return errors


def _component_errors(rows: Any) -> dict[str, Any]:
    """A message's buttons over Discord's limits: at most 5 action rows of at most 5 buttons,
    a label of at most 80 characters, a custom_id of 1-100, a link's url of at most 512
    (discord-api-docs components/reference, Action Row and Button)."""
    if not isinstance(rows, list):
        return {}
    errors: dict[str, Any] = {}
    if len(rows) > 5:
        errors["components"] = {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                                             "message": "Must be 5 or fewer in length."}]}
    for i, row in enumerate(rows):
        items = row.get("components") if isinstance(row, dict) else None
        if not isinstance(items, list):
            continue
        if len(items) > 5:
            errors[f"components.{i}.components"] = {"_errors": [{
                "code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 5 or fewer in length."}]}
        for j, given in enumerate(items):
            item = given if isinstance(given, dict) else {}
            for key, least, most in (("label", 0, 80), ("custom_id", 1, 100), ("url", 1, 512)):
                if e := _out_of(item.get(key), least, most) or (
                        _url_error(item.get(key)) if key == "url" else None):
                    errors[f"components.{i}.components.{j}.{key}"] = e
    return errors


# Discord reads a snowflake as a signed 64-bit number and refuses a larger one, though its
# docs call ids 64-bit unsigned (discord/discord-api-docs#3733: 18446744073709551615 answered
# 400 Invalid Form Body with this error)
SNOWFLAKE_MOST = 2**63 - 1
SNOWFLAKE_TOO_BIG = {"_errors": [{"code": "NUMBER_TYPE_MAX", "message":
                                  f"snowflake value should be less than or equal to "
                                  f"{SNOWFLAKE_MOST}."}]}


def _snowflake_over(ident: Any) -> bool:
    try:
        return int(ident) > SNOWFLAKE_MOST
    except (TypeError, ValueError):
        return False


def _form_errors(body: Any) -> dict[str, Any] | None:
    """Discord's 50035 answer for a message over its documented text limits (an interaction
    answer's message is its ``data``), or an allowed_mentions list over its documented size."""
    data = body["data"] if isinstance(body, dict) and isinstance(body.get("data"), dict) else body
    if text := _text_errors(data):
        return {"message": "Invalid Form Body", "code": 50035, "errors": text}
    mentions = body.get("allowed_mentions") if isinstance(body, dict) else None
    if not isinstance(mentions, dict):
        return None
    errors: dict[str, Any] = {
        key: {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH",
                           "message": "Must be 100 or fewer in length."}]}
        for key in ("users", "roles") if len(mentions.get(key) or []) > MENTION_LIST_LIMIT}
    for key in ("users", "roles"):
        for k, ident in enumerate(mentions.get(key) or []):
            if _snowflake_over(ident):
                errors[f"{key}.{k}"] = SNOWFLAKE_TOO_BIG
    if not errors:
        return None
    return {"message": "Invalid Form Body", "code": 50035,
            "errors": {"allowed_mentions": errors}}


# Modals (discord-api-docs interactions/receiving-and-responding, Modal; components/reference,
# Text Input): a title of 1-45 characters, a custom_id of 1-100, 1 to 5 rows of one text input,
# each with a custom_id of 1-100, a label of 1-45, a placeholder of at most 100, a value of at
# most 4,000 and min_length 0-4,000, max_length 1-4,000.
MODAL_CALLBACK = 9
MODAL_LIMITS = {"title": (1, 45), "custom_id": (1, 100)}
TEXT_INPUT_LIMITS = {"custom_id": (1, 100), "label": (1, 45), "placeholder": (0, 100),
                     "value": (0, 4_000)}
TEXT_INPUT_LENGTHS = {"min_length": (0, 4_000), "max_length": (1, 4_000)}


def _out_of(value: Any, least: int, most: int) -> dict[str, Any] | None:
    if not isinstance(value, str):
        return None
    if len(value) > most:
        return _too_long(most)
    if len(value) < least:
        return {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH",
                             "message": f"Must be between {least} and {most} in length."}]}
    return None


def modal_errors(data: Any) -> dict[str, Any]:
    """Discord's complaints about a modal (an interaction answer of type 9's ``data``) over its
    documented limits ({} if none). Also what the HTTP interactions endpoint's answers are
    checked with, which never pass through this server."""
    if not isinstance(data, dict):
        return {"_errors": [{"code": "MODEL_TYPE_CONVERT", "message": "Not a modal."}]}
    errors: dict[str, Any] = {}
    for key, (least, most) in MODAL_LIMITS.items():
        if (e := _out_of(data.get(key), least, most)) or not isinstance(data.get(key), str):
            errors[key] = e or {"_errors": [{"code": "BASE_TYPE_REQUIRED",
                                             "message": "This field is required"}]}
    rows = data.get("components")
    if not isinstance(rows, list) or not 1 <= len(rows) <= 5:
        errors["components"] = {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH",
                                             "message": "Must be between 1 and 5 in length."}]}
        return errors
    for i, row in enumerate(rows):
        for j, field_ in enumerate((row or {}).get("components") or []):
            where = f"components.{i}.components.{j}"
            for key, (least, most) in TEXT_INPUT_LIMITS.items():
                if e := _out_of(field_.get(key), least, most):
                    errors[f"{where}.{key}"] = e
            for key, (least, most) in TEXT_INPUT_LENGTHS.items():
                n = field_.get(key)
                if isinstance(n, int) and not least <= n <= most:
                    errors[f"{where}.{key}"] = {"_errors": [{
                        "code": "NUMBER_TYPE_MAX" if n > most else "NUMBER_TYPE_MIN",
                        "message": f"int value should be between {least} and {most}."}]}
    return errors


# An autocomplete answer (interaction callback type 8; discord-api-docs interactions/
# receiving-and-responding, Autocomplete: "choices ... max 25") holds at most 25 choices, each
# a name of 1-100 characters and a string value of at most 100 (interactions/
# application-commands, Application Command Option Choice Structure), in code points as
# message text is counted.
AUTOCOMPLETE_CALLBACK = 8


def autocomplete_errors(data: Any) -> dict[str, Any]:
    """Discord's complaints about an autocomplete answer's ``data`` ({} if none)."""
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        return {"choices": {"_errors": [{"code": "BASE_TYPE_REQUIRED",
                                         "message": "This field is required"}]}}
    errors: dict[str, Any] = {}
    if len(choices) > CHOICES_MOST:
        errors["choices"] = {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH",
                                          "message": "Must be between 0 and 25 in length."}]}
    for k, given in enumerate(choices):
        choice = given if isinstance(given, dict) else {}
        if e := _out_of(choice.get("name"), 1, 100):
            errors[f"choices.{k}.name"] = e
        if e := _out_of(choice.get("value"), 0, 100):
            errors[f"choices.{k}.value"] = e
    return errors


# Application commands (discord-api-docs interactions/application-commands): a CHAT_INPUT
# command's and option's name 1-32 lowercase characters of ``COMMAND_NAME``, a description of
# 1-100, at most 25 options (subcommands and groups included) per level, 25 choices of a name of
# 1-100 and a string value of at most 100, and "a maximum of 4000 characters for combined name,
# description, and value properties for each command, its options (including subcommands and
# groups), and choices"; at most 100 commands in a guild.
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")
COMMANDS_MOST, OPTIONS_MOST, CHOICES_MOST, COMMAND_TOTAL = 100, 25, 25, 4_000


def _command_node_errors(node: Any, where: str, errors: dict[str, Any]) -> int:
    """Checks one command or option into ``errors``; its characters and its options'."""
    if not isinstance(node, dict):
        errors[where] = {"_errors": [{"code": "MODEL_TYPE_CONVERT", "message": "Not an object."}]}
        return 0
    name, description = node.get("name"), node.get("description")
    if not isinstance(name, str) or not COMMAND_NAME.match(name) or name != name.lower():
        errors[f"{where}.name"] = {"_errors": [{"code": "APPLICATION_COMMAND_INVALID_NAME",
                                                "message": "Command name is invalid"}]}
    # a USER or MESSAGE command (type 2, 3 at the top) has an empty description
    context_menu = "." not in where and node.get("type") in (2, 3)
    if not context_menu and (e := _out_of(description, 1, 100) or (
            None if isinstance(description, str) else _out_of("", 1, 100))):
        errors[f"{where}.description"] = e
    options = node.get("options") or []
    choices = node.get("choices") or []
    for key, items, most in (("options", options, OPTIONS_MOST), ("choices", choices,
                                                                  CHOICES_MOST)):
        if len(items) > most:
            errors[f"{where}.{key}"] = _too_long(most)
    size = len(str(name or "")) + len(str(description or ""))
    for k, choice in enumerate(choices):
        if not isinstance(choice, dict):
            continue
        if e := _out_of(choice.get("name"), 1, 100):
            errors[f"{where}.choices.{k}.name"] = e
        if e := _out_of(choice.get("value"), 0, 100):
            errors[f"{where}.choices.{k}.value"] = e
        size += len(str(choice.get("name") or "")) + len(str(choice.get("value") or ""))
    return size + sum(_command_node_errors(o, f"{where}.options.{k}", errors)
                      for k, o in enumerate(options))


def command_errors(body: Any) -> dict[str, Any]:
    """Discord's complaints about a bulk overwrite of application commands ({} if none)."""
    if not isinstance(body, list):
        return {"_errors": [{"code": "MODEL_TYPE_CONVERT", "message": "Not a list."}]}
    errors: dict[str, Any] = {}
    if len(body) > COMMANDS_MOST:
        errors["_errors"] = _too_long(COMMANDS_MOST)["_errors"]
    for i, command in enumerate(body):
        if _command_node_errors(command, str(i), errors) > COMMAND_TOTAL:
            errors[str(i)] = {"_errors": [{
                "code": "APPLICATION_COMMAND_TOO_LARGE",
                "message": f"Command exceeds maximum size ({COMMAND_TOTAL})"}]}
    return errors
