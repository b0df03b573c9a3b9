"""Socket Mode, kept connected by us.

slack_sdk's Socket Mode client retries a failed connection in a loop of its own: forever, at a
fixed interval, logging a traceback each time, and ``connect()`` returns only once connected. A
process waiting on it could not start, nor stop on SIGINT/SIGTERM. Here:

- ``connect`` is one attempt, and its failures are our errors (``integrations.slack.api``):
  ``PermanentDeliveryError`` when Slack refuses the app token (invalid_auth, token_revoked,
  not_allowed_token_type, ...), ``DeliveryError`` when Slack cannot be reached or answers 5xx;
- ``SocketMode.run`` owns the retries: backoff from ``FIRST_WAIT`` doubling to ``MOST_WAIT``
  (or Slack's Retry-After), one WARNING line per failed attempt, no traceback. It also
  reconnects a connection lost while running (slack_sdk's own reconnection is off). It runs
  until cancelled, so a stop cancels it wherever it is; a refused app token ends it with the
  ``PermanentDeliveryError`` (a retry cannot help).

Slack's ``disconnect`` message (``warning``, ``refresh_requested``) is still served by
slack_sdk: it opens the new connection at once; if that fails, ``run`` retries with backoff.
Two reasons say a new connection would be told the same at once, and slack_sdk's answer to them
was a tight loop of ``apps.connections.open``: ``link_disabled`` (Socket Mode turned off in the
app's settings: ``run`` says what to fix once and tries again after ``MOST_WAIT``) and
``too_many_websockets`` (over Slack's 10 connections an app: backoff, one line each). A
connection lost otherwise (Slack closes it, or aiohttp refuses a frame over ``max_msg_size``)
wakes ``run`` at once (``OneAttemptClient.lost``) rather than at its next look.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from aiohttp import WebSocketError, WSCloseCode, WSMessage
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited
from bot.core.jsonbody import loads
from integrations.slack import shapes
from integrations.slack.api import call
from integrations.social.common.jsonpage import PageTooHeavy, frame_fits, head_member, json_page

log = logging.getLogger(__name__)

FIRST_WAIT = 1.0  # seconds before the first retry, doubled per failure
MOST_WAIT = 60.0
CHECK_EVERY = 5.0  # seconds between looks at a live connection
PING_INTERVAL = 10.0  # slack_bolt's default
_NETWORK = (aiohttp.ClientError, OSError, TimeoutError)

# ``disconnect`` reasons a new connection would be told again at once (see the docstring), and
# what each says: a tight loop of apps.connections.open otherwise
REFUSED = {
    "link_disabled": (
        "Slack turned this app's Socket Mode off (link_disabled), so no click, slash command "
        "or event reaches the bot (cards are still posted): switch Socket Mode on for the app "
        "at https://api.slack.com/apps (Socket Mode), or set mode: http with a public URL; "
        "trying again every {most:.0f} s"),
    "too_many_websockets": (
        "Slack refused this Socket Mode connection (too_many_websockets): the app holds "
        "Slack's 10 connections already, so more processes run it than that (another "
        "socialops run, or an old one still running, with the same app token); retrying in "
        "{wait:.0f} s"),
}


class OneAttemptClient(SocketModeClient):
    """slack_sdk's aiohttp client, with ``connect`` made one attempt that raises our errors,
    and envelopes checked before slack_sdk and bolt read them (see ``_Handler``)."""

    def __init__(self, app_token: str, *, web_client: AsyncWebClient,
                 logger: logging.Logger, on_malformed: Callable[[str], None],
                 on_unknown: Callable[[str], None]) -> None:
        super().__init__(app_token, web_client=web_client, logger=logger,
                         auto_reconnect_enabled=False, ping_interval=PING_INTERVAL)
        self.on_malformed = on_malformed
        self.on_unknown = on_unknown
        self._listening: set[asyncio.Future[None]] = set()
        self.lost = asyncio.Event()  # set when the current connection closes; run() wakes
        self.refused: str | None = None  # a REFUSED reason Slack gave; run() waits, then opens
        # until when (time.monotonic) Slack asked, rate limiting a reconnect, not to be asked
        self.retry_at = 0.0
        self.on_error_listeners.append(self._closed_on_error)
        self.on_close_listeners.append(self._closed)

    async def _closed_on_error(self, message: WSMessage) -> None:
        # aiohttp refuses a frame over max_msg_size (4 MiB) from its length alone, before a
        # byte of it is read: no envelope_id to acknowledge it by, and no way on past it, so it
        # closes the connection (1009). slack_sdk only hands it to these listeners.
        exc = message.data
        if isinstance(exc, WebSocketError) and exc.code == WSCloseCode.MESSAGE_TOO_BIG:
            self.on_malformed(f"a frame over 4 MiB ({exc}), refused unread and so not "
                              "acknowledged; the connection closed (1009) and is opened again")
        await self._closed(message)

    async def _closed(self, message: WSMessage) -> None:
        # an old connection's receiver may still report its close after a new one is open
        if self.current_session is None or self.current_session.closed:
            self.lost.set()

    async def process_message(self) -> None:
        # slack_sdk's own reads the frame with json.loads, which raises on an envelope nested
        # past its recursion limit or holding an integer of more than 4,300 digits: such an
        # envelope was never acknowledged (so Slack sent it again) and each time logged an
        # ERROR with a traceback. Read as a polled page is (bot.core.jsonbody): too deep a part
        # cut, such an integer kept as its digits, for the shape check to judge.
        raw_message = await self.message_queue.get()
        if raw_message is None:
            return
        # held until done, as a task the loop alone refers to may be collected mid-run; read
        # there, so that a frame read in a process of its own holds no later one back
        task = asyncio.ensure_future(self._read(raw_message))
        self._listening.add(task)
        task.add_done_callback(self._listening.discard)

    async def _read(self, raw_message: str) -> None:
        """One frame, weighed before it is decoded as a Jetstream message is (``jsonpage``):
        aiohttp reads up to 4 MiB a frame (``max_msg_size``), and one that size nested two
        million deep held the loop 5 s, 1.3 million empty arrays 0.8 s. A heavy one is read
        in a process of its own, its heaviest parts cut; one that cannot be cut to fit is
        acknowledged when its ``envelope_id`` can be read from its head, and skipped."""
        message: Any = {}
        if raw_message.startswith("{"):
            body = raw_message.encode("utf-8", "surrogatepass")
            try:
                message = loads(body) if frame_fits(body) else await json_page(
                    body, "slack socket mode: an envelope", frame=True)
            except PageTooHeavy as exc:
                envelope_id = head_member(body, "envelope_id")
                if isinstance(envelope_id, str) and envelope_id:
                    await self.skip(envelope_id, f"a Socket Mode message {exc.why}")
                else:
                    self.on_malformed(f"a Socket Mode message {exc.why}")
                return
            except ValueError:
                self.on_malformed("a Socket Mode message that is not JSON")
                return
        if not isinstance(message, dict):
            self.on_malformed("a Socket Mode message that is not an object")
            return
        await self.run_message_listeners(message, raw_message)

    async def run_message_listeners(self, message: dict[str, Any], raw_message: str) -> None:
        reason = message.get("reason")
        # only a string is a reason: a list or an object (no value Slack writes) raised
        # TypeError in ``in REFUSED``, and the disconnect was never served
        if message.get("type") == "disconnect" and isinstance(reason, str) and reason in REFUSED:
            # not slack_sdk's connect_to_new_endpoint at once: run() waits first, then opens
            self.refused = reason
            session = self.current_session
            if session is not None and not session.closed:
                with contextlib.suppress(*_NETWORK):
                    await session.close()
            self.lost.set()
            return
        envelope_id = message.get("envelope_id")
        if envelope_id and "payload" in message:
            try:
                shapes.check(message["payload"], interactive=message.get("type") == "interactive")
            except shapes.Malformed as exc:
                await self.skip(str(envelope_id), str(exc))
                return
            kind = shapes.unlistened(message["payload"])
            if kind is not None:  # acknowledged as bolt would not: one INFO line, no 404
                self.on_unknown(kind)
                await self.send_socket_mode_response(SocketModeResponse(
                    envelope_id=str(envelope_id)))
                return
        await super().run_message_listeners(message, raw_message)

    async def skip(self, envelope_id: str, why: str) -> None:
        """Acknowledge an envelope without dispatching it: counted and logged once."""
        self.on_malformed(why)
        await self.send_socket_mode_response(SocketModeResponse(envelope_id=envelope_id))

    async def issue_new_wss_url(self) -> str:
        data = await call(self.web_client, "apps.connections.open", app_token=self.app_token)
        url = data.get("url")
        if not isinstance(url, str) or not url:
            raise DeliveryError("slack apps.connections.open: no url in the answer")
        return url

    async def connect(self) -> None:
        old = self.current_session
        if old is not None and not old.closed:
            try:
                await old.close()
            except Exception as exc:  # a broken old connection is being replaced anyway
                log.debug("closing the old Socket Mode connection failed: %s", exc)
        if self.closed:
            raise DeliveryError("slack socket mode: closed")
        if self.aiohttp_client_session.closed:
            self.aiohttp_client_session = aiohttp.ClientSession()
        try:
            url = self.wss_uri or await self.issue_new_wss_url()
            self.wss_uri = None  # a URL is good for one connection
            session = await self.aiohttp_client_session.ws_connect(
                url, autoping=False, heartbeat=self.ping_interval, proxy=self.proxy,
                ssl=self.web_client.ssl if self.web_client.ssl is not None else True)
            await session.ping(f"sdk-ping-pong:{time.time()}".encode())
        except _NETWORK as exc:
            raise DeliveryError(f"slack socket mode: {type(exc).__name__}: {exc}") from exc
        self.current_session = session
        self.lost.clear()
        self.stale = False
        self.last_ping_pong_time = None
        for task in (self.current_session_monitor, self.message_receiver):
            if task is not None:
                task.cancel()
        self.current_session_monitor = asyncio.ensure_future(self.monitor_current_session())
        self.message_receiver = asyncio.ensure_future(self.receive_messages())

    async def connect_to_new_endpoint(self, force: bool = False) -> None:
        # called by slack_sdk on Slack's `disconnect` message; a failure is retried by run()
        try:
            await super().connect_to_new_endpoint(force)
        except DeliveryError as exc:
            log.warning("slack socket mode: reconnecting failed (%s); retrying", exc)
            if isinstance(exc, RateLimited):  # run() waits it out before asking again
                self.retry_at = time.monotonic() + exc.retry_after
            self.lost.set()  # run() retries now, with its backoff


class _Handler(AsyncSocketModeHandler):
    """bolt's handler around ``OneAttemptClient`` (bolt's own constructor builds its client),
    with the shape check the HTTP endpoint makes (``integrations.slack.shapes``): an envelope
    whose payload is not what Slack documents is acknowledged without being dispatched (an
    unacknowledged envelope comes again: https://api.slack.com/apis/socket-mode), counted and
    logged once by ``on_malformed``; so is one bolt cannot read (building its request raises,
    or it answers 400: see SlackBot's ``_UnreadableRequest``, which counts that one)."""

    client: OneAttemptClient

    def __init__(self, app: AsyncApp, app_token: str, *, web_client: AsyncWebClient,
                 on_malformed: Callable[[str], None],
                 on_unknown: Callable[[str], None]) -> None:
        self.app = app
        self.app_token = app_token
        self.client = OneAttemptClient(app_token, web_client=web_client,
                                       logger=logging.getLogger("slack_sdk.socket_mode"),
                                       on_malformed=on_malformed, on_unknown=on_unknown)
        self.client.socket_mode_request_listeners.append(self.handle)

    async def handle(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        start = time.time()
        try:
            request = AsyncBoltRequest(mode="socket_mode", body=req.payload,
                                       headers=build_headers(req))
        except Exception as exc:  # bolt reads the body while building it (no I/O)
            await self.client.skip(req.envelope_id, f"{shapes.type_of(req.payload)}: bolt "
                                   f"could not read it ({type(exc).__name__})")
            return
        response = await self.app.async_dispatch(request)
        if response.status == 400:  # bolt could not read it while dispatching: counted and
            # logged by SlackBot's _UnreadableRequest; acknowledged here, or it comes again
            await client.send_socket_mode_response(SocketModeResponse(
                envelope_id=req.envelope_id))
            return
        await send_async_response(client, req, response, start)


class SocketMode:
    """One workspace's Socket Mode connection. ``run`` until cancelled; ``close`` after."""

    def __init__(self, app: AsyncApp, *, app_token: str, web_client: AsyncWebClient,
                 name: str, on_malformed: Callable[[str], None],
                 on_unknown: Callable[[str], None] = lambda kind: None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.app = app
        self.on_malformed = on_malformed
        self.on_unknown = on_unknown
        self.app_token = app_token
        self.web_client = web_client
        self.name = name
        self._sleep = sleep
        self.handler: _Handler | None = None

    def built(self) -> _Handler:
        """The handler (built on first use: its client needs a running loop)."""
        if self.handler is None:
            self.handler = _Handler(self.app, self.app_token, web_client=self.web_client,
                                    on_malformed=self.on_malformed,
                                    on_unknown=self.on_unknown)
        return self.handler

    async def run(self) -> None:
        client = self.built().client
        wait = FIRST_WAIT
        opened: float | None = None  # when the connection last opened (time.monotonic)
        said: str | None = None  # the REFUSED reason said last, until a connection lasts
        while True:
            if await client.is_connected():
                with contextlib.suppress(TimeoutError):  # a look every CHECK_EVERY, or at once
                    await asyncio.wait_for(client.lost.wait(), CHECK_EVERY)
                if client.lost.is_set() and await client.is_connected():
                    client.lost.clear()  # a close said of a connection already replaced
                continue
            lived = None if opened is None else time.monotonic() - opened
            opened = None
            if lived is not None and lived >= CHECK_EVERY:  # it lasted: a fresh start
                wait, said = FIRST_WAIT, None
            if client.refused is not None:
                reason, client.refused = client.refused, None
                wait = MOST_WAIT if reason == "link_disabled" else wait
                if reason != said:  # link_disabled once, not every minute it stays off
                    log.warning("slack %s: %s", self.name,
                                REFUSED[reason].format(most=MOST_WAIT, wait=wait))
                said = reason if reason == "link_disabled" else None
                await self._sleep(wait)
                wait = min(wait * 2, MOST_WAIT)
            elif lived is not None:
                # lost as soon as opened: no tight loop of apps.connections.open, but the
                # backoff; and what is left of the Retry-After of a reconnect Slack rate limited
                left = client.retry_at - time.monotonic()
                if left > 0 or lived < CHECK_EVERY:
                    wait = max(wait, left)
                    await self._sleep(wait)
                    wait = min(wait * 2, MOST_WAIT)
            try:
                await client.connect()
            except PermanentDeliveryError:
                raise
            except DeliveryError as exc:
                if isinstance(exc, RateLimited):
                    wait = max(wait, exc.retry_after)
                log.warning("slack %s: Socket Mode not connected (%s); retrying in %.0f s",
                            self.name, exc, wait)
                await self._sleep(wait)
                wait = min(wait * 2, MOST_WAIT)
                continue
            opened = time.monotonic()
            log.info("Slack workspace %s connected over Socket Mode", self.name)

    async def close(self) -> None:
        if self.handler is not None:
            await self.handler.close_async()  # type: ignore[no-untyped-call]
            self.handler = None
