"""``/discord/interactions``: Discord interactions delivered over HTTP instead of the gateway.

Each request is checked before anything in it is read (``integrations.webhook`` has the
order): the whole body is read (at most ``MAX_BODY``, however it arrives in pieces), then the
Ed25519 signature over ``X-Signature-Timestamp + body`` with the application's public key
(``config.public_key``); a bad signature, a timestamp more than ``WINDOW`` seconds from now, or
a signature already seen (a replay; the memory is the Store's, shared by every process) gets
401, as Discord requires (it sends forged requests to check). An authentic body that is not an
interaction gets 400. A PING gets a PONG. With ``guild_id`` set, an interaction from another
server or a direct message is answered with one ephemeral line and never run. Everything
else is answered within the
3-second window with a deferred response (type 5, ephemeral; the reject button gets its modal,
type 9) and the work runs afterwards; the reply follows up through the interaction webhook
(``POST {api_url}/webhooks/{application_id}/{token}``), which needs no bot token.

Enabling an Interactions Endpoint URL in the developer portal makes Discord stop sending
interactions over the gateway; the gateway bot still handles reactions.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
from aiohttp import web
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from bot.core.cards import Reply
from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Clock, Completions, InteractionHandler
from bot.core.text import ascii_digits, one_line
from integrations.discord import commands, inbound
from integrations.discord.follow_up import follow_up
from integrations.discord.inbound import SNOWFLAKE, TOKEN, Identity
from integrations.webhook import (
    ForgetSeen,
    MarkSeen,
    Refusals,
    ReplayCache,
    Unreadable,
    read_body,
    refuse,
    wall_clock,
)

log = logging.getLogger(__name__)

PONG, MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, AUTOCOMPLETE_RESULT, MODAL = (
    1, 4, 5, 6, 8, 9)
EPHEMERAL = 64
MAX_BODY = 1_000_000
WINDOW = 5 * 60  # seconds a signed timestamp may be off: Discord signs as it sends
REPLAY_TTL = 2 * WINDOW
# seconds the store's replay check may hold the answer: Discord waits 3 for it (interactions/
# receiving-and-responding), and the answer to a slower store is acknowledged without it
ANSWER_WITHIN = 2.0
# the follow-up of work acknowledged while the store was slow, whose check it then failed
UNCHECKED = Reply(text="Nothing was done: socialops could not check this request (its store "
                       "did not answer); send it again in a moment.", ok=False)
# the follow-up of work whose answer failed to be built (not the handler's failure: BROKE)
FAILED = Reply(text="This failed on our side before it could be answered; it has been logged. "
                    "Check whether it took effect, then send it again if not; if it fails "
                    "again, tell your socialops admin.", ok=False)


class HttpInteractions:
    def __init__(
        self,
        config: DiscordWorkspaceConfig,
        *,
        handler: InteractionHandler,
        identity: Identity | None = None,
        session: aiohttp.ClientSession | None = None,
        mark_seen: MarkSeen | None = None,
        forget_seen: ForgetSeen | None = None,
        clock: Clock | None = None,
        completions: Completions | None = None,
        previews: inbound.Previews | None = None,
    ) -> None:
        if not config.public_key or not config.application_id:
            raise ValueError("HTTP interactions need public_key and application_id")
        self.config = config
        self.handler = handler
        self.identity = identity
        self.completions = completions
        # previewed subscriptions awaiting their button (``socialops run``: in the store)
        self.previews: inbound.Previews = previews or inbound.Pending()
        self.uncompleted = inbound.Uncompleted(config.name)
        self.clock = clock or wall_clock
        self.replays = ReplayCache("discord", mark_seen=mark_seen, forget_seen=forget_seen,
                                   clock=self.clock)
        self._key = VerifyKey(bytes.fromhex(config.public_key))
        self._session = session
        self._own_session = session is None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.skipped = 0  # malformed or foreign interactions, logged once
        self.refused = Refusals()  # requests refused before they were trusted, by kind

    def verify(self, *, signature: str, timestamp: str, body: bytes) -> bool:
        try:
            self._key.verify(timestamp.encode() + body, bytes.fromhex(signature))
        except (BadSignatureError, ValueError):
            return False
        return True

    def _stale(self, timestamp: str) -> bool:
        if not ascii_digits(timestamp, 12):
            return True
        return abs(self.clock().timestamp() - int(timestamp)) > WINDOW

    async def handle_http(self, request: web.Request) -> web.Response:
        try:
            body = await read_body(request, limit=MAX_BODY)
        except Unreadable as exc:
            return self.refused.refuse(request, exc.kind, status=exc.status, reason=exc.reason,
                                       size=exc.size)
        signature = request.headers.get("X-Signature-Ed25519", "")
        timestamp = request.headers.get("X-Signature-Timestamp", "")
        if not self.verify(signature=signature, timestamp=timestamp, body=body):
            return self.refused.refuse(request, "bad_signature" if signature else "unsigned",
                                       status=401, reason="invalid request signature",
                                       size=len(body))
        if self._stale(timestamp):
            return self.refused.refuse(request, "stale_timestamp", status=401,
                                       reason="stale timestamp", size=len(body))
        # the signature's bytes, not its spelling: hex case and spaces would make a new key
        key = bytes.fromhex(signature).hex()
        asked = asyncio.get_running_loop().time()
        first, late = await self._replay_check(key)
        if first is None:
            return self.refused.refuse(request, "replay_check_unavailable", status=503,
                                       reason="replay check unavailable", size=len(body))
        if not first:
            return self.refused.refuse(request, "replayed", status=401, reason="replayed signature",
                                       size=len(body))
        try:
            payload = json.loads(body)
            kind = int(payload["type"])
            if kind == inbound.PING:
                return web.json_response({"type": PONG})
            data = payload.get("data") or {}
            user = (payload.get("member") or {}).get("user") or payload.get("user") or {}
            user_id, channel = user.get("id"), inbound.channel_of(payload)
            token = payload.get("token")
            for name, value, shape in (("user id", user_id, SNOWFLAKE),
                                       ("channel_id", "0" if channel is None else channel,
                                        SNOWFLAKE),
                                       ("token", token, TOKEN)):
                if not isinstance(value, str) or not shape.fullmatch(value):
                    return self._malformed(request, len(body), f"{name} missing or not one")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError,
                OverflowError):  # int() of Infinity, which json.loads reads
            return self._malformed(request, len(body), "not an interaction")
        try:
            parsed = inbound.parse(
                workspace=self.config.name, kind=kind, data=data, user=str(user_id),
                channel=str(channel),
                message_id=str((payload.get("message") or {}).get("id") or "") or None,
            )
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            if kind not in inbound.ANSWERED_UNREAD:
                return self._malformed(request, len(body), "not an interaction")
            return self._unreadable(kind, exc)
        if inbound.foreign(payload.get("guild_id"), self.config.guild_id):
            return self._elsewhere(kind, payload.get("guild_id"))
        if channel is None:  # answered, never run in a channel "None" (nor "", the gateway's)
            self.skipped += 1
            log.info("discord %s: a type %s interaction naming no channel answered, not run",
                     self.config.name, kind)
            return self._answer_now(kind, inbound.NO_CHANNEL)
        if (parsed.kind == "modal" and parsed.target
                and inbound.gate(parsed, self.identity) is None):
            return web.json_response({"type": MODAL, "data": inbound.modal_payload(parsed.target)})
        if (parsed.kind == "form" and parsed.target
                and inbound.gate(parsed, self.identity) is None):
            return web.json_response({"type": MODAL, "data": inbound.form_payload(
                parsed.target, parsed.values)})
        if kind == inbound.AUTOCOMPLETE:  # within what the replay check left of the time
            spent = asyncio.get_running_loop().time() - asked
            found = [] if late is not None else await self._complete(
                data, str(user_id), str(channel),
                within=max(0.0, commands.AUTOCOMPLETE_WITHIN - spent))
            return web.json_response({"type": AUTOCOMPLETE_RESULT,
                                      "data": {"choices": commands.choices_payload(found)}})
        if parsed.kind == "ignore":  # a button or modal none of ours carries, a future type
            self.skipped += 1
            log.info("discord %s: a type %s interaction acknowledged, not handled (custom_id "
                     "%r)", self.config.name, kind, str(data.get("custom_id"))[:100])
            return web.json_response({"type": DEFERRED_UPDATE})
        ident = payload.get("id")
        ident = ident if isinstance(ident, str) and SNOWFLAKE.fullmatch(ident) else "?"
        task = asyncio.create_task(self._work(parsed, token, late=late, ident=ident))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({"type": DEFERRED_MESSAGE, "data": {"flags": EPHEMERAL}})

    async def _replay_check(self, key: str) -> tuple[bool | None, asyncio.Task[bool | None] | None]:
        """``first_time`` for the signature ``key``, waited for ``ANSWER_WITHIN`` seconds:
        (its answer, None); from a slower store, (True, the check still running), which the
        work waits for (``_work``). Waited for whole, a store slow for a moment (a long write
        holding SQLite's lock, a Redis failover) held every click past Discord's 3 seconds:
        "The application did not respond", the work done late, its answer into a token
        Discord had given up on. A form opened or an autocomplete answered runs nothing."""
        check = asyncio.create_task(self.replays.first_time(key, ttl_seconds=REPLAY_TTL))
        try:
            return await asyncio.wait_for(asyncio.shield(check), ANSWER_WITHIN), None
        except TimeoutError:
            self._tasks.add(check)  # awaited by its work, or drained
            check.add_done_callback(self._tasks.discard)
            log.info("discord %s: the replay check took over %.0f s (the store slow): "
                     "acknowledged, and its work waits for it", self.config.name,
                     ANSWER_WITHIN)
            return True, check

    def _elsewhere(self, kind: int, guild: object) -> web.Response:
        """An interaction from another server or a direct message, to a workspace that serves
        its ``guild_id``: answered with one ephemeral line (an autocomplete with no choices),
        counted, one INFO line, never run."""
        self.skipped += 1
        log.info("%s", inbound.foreign_line(self.config.name, f"a type {kind} interaction",
                                            guild, self.config.guild_id))
        return self._answer_now(kind, inbound.ELSEWHERE)

    @staticmethod
    def _answer_now(kind: int, reply: Reply) -> web.Response:
        """``reply`` as one ephemeral line in the response itself (no choices for an
        autocomplete): nothing runs."""
        if kind == inbound.AUTOCOMPLETE:
            return web.json_response({"type": AUTOCOMPLETE_RESULT, "data": {"choices": []}})
        return web.json_response({"type": MESSAGE, "data": {
            **inbound.reply_payload(reply), "flags": EPHEMERAL}})

    def _unreadable(self, kind: int, exc: Exception) -> web.Response:
        """A command, button click or modal submit whose data cannot be read, its token
        readable: answered (no choices, or one ephemeral line), counted, one INFO line; a 400
        had Discord tell the person the application did not respond (or "This interaction
        failed")."""
        self.skipped += 1
        log.info("discord %s: a type %s interaction answered, not run (socialops could not "
                 "read its data: %s)", self.config.name, kind, type(exc).__name__)
        return self._answer_now(kind, inbound.unreadable(kind))

    def _malformed(self, request: web.Request, size: int, why: str) -> web.Response:
        """400 for a signed body Discord never sends: counted, one line (never the body)."""
        self.skipped += 1
        return refuse(request, status=400, reason=f"malformed interaction: {why}", size=size)

    async def _complete(self, data: dict[str, Any], user: str, channel: str, *,
                        within: float = commands.AUTOCOMPLETE_WITHIN
                        ) -> list[tuple[str, str]]:
        """The same answer the gateway bot's tree gives: ids for the focused option, nothing
        for people not linked. Autocomplete must answer within 3 s and cannot be deferred,
        so it is answered inline, the store given ``within`` seconds."""
        if self.completions is None or (
                self.identity is not None and self.identity(self.config.name, user) is None):
            return []
        try:
            asked = commands.focused(data)
        except (ValueError, TypeError, AttributeError) as exc:  # not our command's options
            self.skipped += 1
            log.info("discord %s: an autocomplete offered nothing: %s", self.config.name,
                     str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__)
            return []
        if asked is None:
            if (nothing := commands.uncompleted(data)) is not None:
                self.skipped += 1
                self.uncompleted.log(*nothing)
            return []
        try:
            return await asyncio.wait_for(self.completions.complete(
                *asked, limit=commands.CHOICES_LIMIT, workspace=self.config.name,
                channel=channel), within)
        except TimeoutError:  # the answer is this request's: Discord waits 3 s for it
            log.info("%s", commands.late_line(self.config.name, asked[0]))
            return []
        except Exception:
            log.exception("discord: autocomplete failed")
            return []

    async def _answer(self, parsed: inbound.Inbound) -> dict[str, Any]:
        """The follow-up for an acknowledged interaction (the same answers as the gateway's)."""
        refused = inbound.gate(parsed, self.identity) if parsed.kind in (
            "form", "preview", "confirm", "modal") else None
        i = parsed.interaction
        if refused is not None:
            return inbound.reply_payload(refused)
        if parsed.kind == "preview" and parsed.line and i is not None:
            reply, token = await inbound.previewed(parsed, handler=self.handler,
                                                   identity=self.identity,
                                                   previews=self.previews)
            body = inbound.reply_payload(reply)
            if token is not None:
                body["components"] = inbound.confirm_components(token)
            return body
        if parsed.kind == "confirm" and parsed.target and i is not None:
            return inbound.reply_payload(await inbound.confirm(
                parsed.target, user=i.user, workspace=i.workspace, channel=i.channel,
                handler=self.handler, identity=self.identity, previews=self.previews))
        return inbound.reply_payload(await inbound.run_once(
            parsed, self.replays, handler=self.handler, identity=self.identity))

    async def _work(self, parsed: inbound.Inbound, token: str, *,
                    late: asyncio.Task[bool | None] | None = None, ident: str = "?") -> None:
        """Answer ``parsed`` and follow up. ``late``: its replay check, not answered before it
        was acknowledged (a slow store): a replay runs nothing (the request it repeats
        answers), and a check the store failed runs nothing and says so."""
        try:
            first = True if late is None else await late
            if first is False:
                log.info("discord %s: a replayed interaction, acknowledged while the store was "
                         "slow, not run", self.config.name)
                return
            body = await self._answer(parsed) if first else inbound.reply_payload(UNCHECKED)
        except Exception as exc:  # a background task: said here, or never
            # the work runs after the acknowledgement: an error here ended the task unseen,
            # and the person watched "thinking..." until Discord gave up (before 2026-12-07)
            log.error("discord %s: interaction %s (%s) failed while its answer was built: "
                      "%s: %s; the person was told it failed", self.config.name, ident,
                      parsed.kind, type(exc).__name__, one_line(str(exc), 200) or "-")
            body = inbound.reply_payload(FAILED)
        await self._follow_up(token, body)

    async def _follow_up(self, token: str, body: dict[str, Any]) -> None:
        """``body`` through the interaction's webhook (``integrations.discord.follow_up``)."""
        url = f"{self.config.api_url.rstrip('/')}/webhooks/{self.config.application_id}/{token}"
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20))
        await follow_up(self._session, url, body, sleep=asyncio.sleep, what="follow-up")

    async def drain(self) -> None:
        """Wait for work already acknowledged (tests, graceful shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        await self.drain()
        if self._own_session and self._session is not None:
            await self._session.close()
