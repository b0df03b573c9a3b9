"""Real-time Mastodon: the streaming API over server-sent events.

Owns the SSE reading (``event:`` / ``data:`` frames, ``:thump`` heartbeats and other comments
ignored), the event handling and the reconnect loop. One connection per configured hashtag
(``/api/v1/streaming/hashtag?tag=``) and, with ``notifications: true`` and a token, one to
``/api/v1/streaming/user/notification``; their events are merged into one iterator.

Events: ``update`` is a new status, ``status.update`` an edit (same id; it passes through once
per ``edited_at``), ``notification`` a notification (only mentions become Mentions), ``delete``
carries a bare id and becomes a tombstone (``Mention.revision`` "delete": the pipeline marks
the post's cards deleted by its author); any other event or non-JSON data is ignored (counted when
it should have been JSON).

Where: ``streaming_url`` when configured; else the host ``/api/v2/instance`` names in
``configuration.urls.streaming`` (the documented hostname discovery); else ``base_url``. A server
without the streaming API (that instance answer has no streaming URL, or the endpoint answers
404, as Mastodon-API servers without streaming do) is not retried: the stream logs one notice
and stays idle, and the source's regular poll (which the runtime runs beside the stream) carries
on alone. So does a source without a token on a server that streams only with one (Mastodon
from 4.2 answers a token-less stream 401, ``StreamNeedsToken``): one warning says to set
``token:``; a token the server refuses is a ``SourceAuthError`` as everywhere.

After a dropped connection the loop waits with exponential backoff and jitter, reconnects, and
then polls that stream's REST endpoint once from the stored cursor, so what was posted while it
was away is not lost. A bounded set of (id, edited_at) keeps the poll and the stream from
yielding the same version twice. Each yielded mention moves its stream's cursor forward, which
the runtime commits after processing it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from bot.core.errors import (
    UNREADABLE,
    MalformedPayload,
    RateLimited,
    SourceAuthError,
    SourceError,
    rate_wait,
    unreadable,
)
from bot.core.lines import TooLong, bounded_lines
from bot.core.models import Mention
from bot.core.text import quoted_cut
from integrations.social.common.cursor import FUTURE_SKEW
from integrations.social.common.jsonpage import PageTooHeavy, json_page
from integrations.social.common.own import drop_own
from integrations.social.common.urls import http_base
from integrations.social.mastodon.parse import (
    MENTION_TYPES,
    dated_after,
    normalize_status,
    notification_status,
    tombstone,
)

if TYPE_CHECKING:
    from integrations.social.mastodon.source import MastodonSource

log = logging.getLogger(__name__)

BACKOFF_BASE = 1.0
BACKOFF_MAX = 120.0
SEEN_MAX = 10_000
IDLE_TIMEOUT = 90.0  # Mastodon sends a heartbeat every ~10 s: this much silence is a dead link
# One SSE line, and one event's data, at most (characters). A status event is a few KB (a long
# post on an instance that allows 100,000 characters, with its account and media, stays well
# under); a server that sends more, or a line that never ends, is dropped and reconnected to,
# rather than held in memory without bound.
MAX_EVENT = 2 * 1024 * 1024


@dataclass(frozen=True)
class Endpoint:
    key: str  # the cursor key of the matching poll stream
    path: str
    params: tuple[tuple[str, str], ...]


class NoStreaming(SourceError):
    """The server has no streaming API: polling alone must do."""


class StreamNeedsToken(NoStreaming):
    """The server streams only with a user token, and the source has none: Mastodon from 4.2
    answers a token-less hashtag stream 401 (docs.joinmastodon.org/methods/streaming#hashtag:
    "changed to require a User token, removing Public and App token access"), while its
    hashtag timeline, which the poll reads, needs none. Polling alone must do."""


@dataclass(frozen=True)
class SseEvent:
    event: str
    data: str


async def sse_lines(texts: AsyncIterator[str], limit: int = MAX_EVENT) -> AsyncIterator[str]:
    """The lines of an event stream (``bot.core.lines``); a line over ``limit`` raises
    ``SourceError``: the stream is dropped and reconnected to, the gap filled by a poll."""
    async for line in bounded_lines(texts, limit):
        if isinstance(line, TooLong):
            raise SourceError(f"a stream line over {limit:,} characters")
        yield line


async def sse_events(lines: AsyncIterator[str],
                     limit: int = MAX_EVENT) -> AsyncIterator[SseEvent]:
    """Server-sent events from the lines of a response (WHATWG event-stream rules); an event
    whose data outgrows ``limit`` raises ``SourceError`` (the stream is dropped and reconnected
    to, the gap filled by a poll)."""
    event, data = "", list[str]()
    size = 0
    async for line in lines:
        if not line:
            if data:
                yield SseEvent(event or "message", "\n".join(data))
            event, data, size = "", list[str](), 0
            continue
        if line.startswith(":"):
            continue  # a comment: Mastodon's ":thump" heartbeat
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            size += len(value) + 1
            if size > limit:
                raise SourceError(f"a stream event over {limit:,} characters")
            data.append(value)


class MastodonStreamer:
    def __init__(self, source: MastodonSource, *,
                 sleep: Callable[[float], Coroutine[Any, Any, None]] | None = None,
                 rng: Callable[[], float] | None = None) -> None:
        self.source = source
        self.config = source.config
        self.sleep = sleep or asyncio.sleep
        self.rng = rng or random.random
        self.seen: OrderedDict[tuple[str, str], None] = OrderedDict()
        self.deleted: list[str] = []  # ids of deleted statuses, newest last (bounded)
        self.connects = 0
        self.base: str | None = None  # the streaming host, once discovered
        self.unavailable: str | None = None  # why the server cannot stream, once known
        self.parked = asyncio.Event()  # set when the stream has given way to polling

    def endpoints(self) -> list[Endpoint]:
        tags = [t.lstrip("#").strip() for t in self.config.hashtags]
        out = [Endpoint(f"tag:{t}", "/api/v1/streaming/hashtag", (("tag", t),)) for t in tags if t]
        if self.config.notifications and self.config.token:
            out.append(Endpoint("notifications", "/api/v1/streaming/user/notification", ()))
        return out

    def first_time(self, mention: Mention) -> bool:
        edited = mention.raw.get("edited_at")
        key = (mention.id, "delete" if mention.revision == "delete"
               else edited if isinstance(edited, str) else "")
        if key in self.seen:
            return False
        self.seen[key] = None
        if len(self.seen) > SEEN_MAX:
            self.seen.popitem(last=False)
        return True

    async def to_mention(self, event: SseEvent, ep: Endpoint
                         ) -> tuple[Mention, str | None] | None:
        """The mention an event carries and the id its stream's cursor moves to, or None. A
        ``delete`` is a tombstone (``Mention.revision`` "delete"), which moves no cursor. The
        data is weighed before it is decoded, as a polled page is (``jsonpage``): an event of
        a million empty arrays held the loop for its whole decode, a worker thread too (the
        decoder keeps the GIL); such data is read in a process of its own, its heaviest parts
        cut, and data that cannot be cut to fit is skipped. The status, HTML, is parsed on a
        worker thread (see MastodonSource._read)."""
        if event.event == "delete":
            native = event.data.strip()
            self.deleted.append(native)
            del self.deleted[:-1000]
            log.info("mastodon stream %s: status %s deleted", self.source.id,
                     quoted_cut(native, 40))
            try:
                return tombstone(native, source=self.source.id, at=self.source.clock()), None
            except MalformedPayload as exc:
                self.source.skip(f"stream delete: {exc}")
                return None
        wanted = ("notification",) if ep.key == "notifications" else ("update", "status.update")
        if event.event not in wanted:
            # filters_changed, announcements, home-timeline posts on the user stream: they are
            # not what this endpoint listens for (and would move its cursor to a foreign id)
            return None
        try:
            # too deep a part is cut, as in a polled page
            payload = await json_page(event.data.encode("utf-8", "surrogatepass"),
                                      f"mastodon stream {self.source.id}: {event.event}",
                                      frame=True)
        except PageTooHeavy as exc:
            self.source.skip(f"stream {event.event}: data {exc.why}")
            return None
        except ValueError:
            self.source.skip(f"stream {event.event}: data is not JSON")
            return None
        return await asyncio.to_thread(self._parsed, event, payload)

    def _parsed(self, event: SseEvent, payload: Any) -> tuple[Mention, str | None] | None:
        try:
            if event.event == "notification":
                if not isinstance(payload, Mapping) or (
                        payload.get("type") not in MENTION_TYPES):
                    return None
                cursor_id = payload.get("id")
                if not isinstance(cursor_id, str) or not cursor_id:
                    # skipped, as the poll skips one: its status's id was the cursor instead, a
                    # snowflake far above the serial ids of notifications, and no later
                    # notification was read again
                    raise MalformedPayload(f"mastodon: notification id {cursor_id!r:.40}")
                mention = normalize_status(notification_status(payload), source=self.source.id,
                                           fetched_at=self.source.clock(),
                                           said=self.source.said)
            else:
                mention = normalize_status(payload, source=self.source.id,
                                           fetched_at=self.source.clock(),
                                           said=self.source.said)
                cursor_id = mention.native_id
        except UNREADABLE as exc:
            self.source.skip(f"stream {event.event}: {unreadable(exc)}")
            return None
        if dated_after(cursor_id, self.source.clock() + FUTURE_SKEW):
            # as the poll does: the cursor must not move to it (see MastodonSource._read)
            self.source.skip(f"stream {event.event}: id {cursor_id[:40]} is past our clock")
            return None
        return mention, cursor_id

    async def discover(self) -> str:
        """The streaming host (docs: methods/streaming, "Hostname discovery"). Raises
        NoStreaming when the instance says it has none."""
        if self.base is not None:
            return self.base
        if self.config.streaming_url:
            self.base = self.config.streaming_url.rstrip("/")
            return self.base
        self.base = self.config.base_url.rstrip("/")
        try:
            answer = await self.source.api.get("/api/v2/instance")
        except (SourceError, MalformedPayload) as exc:
            # an older server without instance v2: try the streaming paths on the API host
            log.info("mastodon stream %s: no instance v2 (%s); streaming from %s",
                     self.source.id, exc, self.base)
            return self.base
        urls = _get(answer.payload, "configuration", "urls")
        url = urls.get("streaming") if isinstance(urls, Mapping) else None
        if url is None or (isinstance(url, str) and not url.strip()):
            raise NoStreaming("the instance reports no streaming URL")
        # the instance names a websocket URL; server-sent events live on the same host
        named = http_base(url) if isinstance(url, str) else None
        if named is None:
            # the server's answer: one we cannot append paths to is not asked at every retry
            log.warning("mastodon stream %s: the instance names streaming URL %s, which is no "
                        "ws/wss URL; streaming from base_url (set streaming_url to override)",
                        self.source.id, quoted_cut(str(url), 80))
            return self.base
        if named.startswith("http:") and self.base.lower().startswith("https:"):
            # the stream sends the access token there: never in the clear from an https instance
            log.warning("mastodon stream %s: the instance names streaming URL %s, plain ws/http "
                        "for an https instance (the token would go in the clear); streaming "
                        "from base_url (set streaming_url to override)",
                        self.source.id, quoted_cut(str(url), 80))
            return self.base
        self.base = named
        return self.base

    async def _connect(self, ep: Endpoint) -> AsyncIterator[SseEvent]:
        api = self.source.api
        api.check_budget(f"stream {ep.key}")
        base = await self.discover()
        headers = {**api.headers(token=True), "Accept": "text/event-stream"}
        timeout = httpx.Timeout(self.config.timeout, read=max(IDLE_TIMEOUT, self.config.timeout))
        try:
            async with self.source.client.stream("GET", base + ep.path, params=dict(ep.params),
                                                 headers=headers, timeout=timeout) as response:
                if response.status_code in (404, 501):
                    await response.aread()
                    raise NoStreaming(f"{ep.path} answered {response.status_code}")
                if response.status_code == 401 and not self.config.token:
                    # no token of ours was refused: the server wants one to stream at all
                    await response.aread()
                    raise StreamNeedsToken(f"{ep.path} answered 401 without a token")
                if response.status_code >= 400:
                    await response.aread()
                    api.raise_for(response, f"stream {ep.path}")
                self.connects += 1
                yield SseEvent("_open", "")
                async for event in sse_events(sse_lines(response.aiter_text())):
                    yield event
        except httpx.TimeoutException as exc:
            raise SourceError(f"mastodon: stream {ep.key} went silent") from exc
        except httpx.ConnectError as exc:  # never connected: the address is what to look at
            raise SourceError(
                f"mastodon: stream {ep.key}: cannot reach {base} ({type(exc).__name__}); check "
                f"this machine's network (or proxy), or {self._base_key(base)}") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"mastodon: stream {ep.key} dropped: {type(exc).__name__}") from exc

    def _base_key(self, base: str) -> str:
        """The config key that led to ``base``: the streaming host is streaming_url when set,
        else the API host or the one the instance names (/api/v2/instance)."""
        if self.config.streaming_url:
            return "streaming_url"
        if base == self.config.base_url.rstrip("/"):
            return "base_url"
        return "streaming_url (this instance names it; set it to override)"

    async def _gap_fill(self, ep: Endpoint) -> list[tuple[Mention, str | None]]:
        try:
            mentions = await self.source.poll_streams({ep.key})
        except RateLimited as exc:
            log.warning("mastodon stream %s: gap fill deferred: %s", self.source.id, exc)
            return []
        except SourceAuthError:
            raise
        except SourceError as exc:
            log.warning("mastodon stream %s: gap fill failed: %s", self.source.id, exc)
            return []
        # the poll already moved the cursor (for notifications to a notification id, which a
        # status id must not overwrite), so these carry no cursor id of their own
        return [(m, None) for m in mentions]

    async def _endpoint(self, ep: Endpoint, emit: Callable[[Mention, str | None, Endpoint],
                                                           Coroutine[Any, Any, None]]) -> None:
        failures = 0
        opened_before = False
        while True:
            try:
                async for event in self._connect(ep):
                    if event.event == "_open":
                        if opened_before:
                            for mention, cursor_id in await self._gap_fill(ep):
                                await emit(mention, cursor_id, ep)
                        opened_before = True
                        continue
                    # only a live event proves the link works: a server that accepts and
                    # drops at once must not keep the backoff at its first step
                    failures = 0
                    found = await self.to_mention(event, ep)
                    if found is not None:
                        await emit(found[0], found[1], ep)
                log.warning("mastodon stream %s: %s closed by the server", self.source.id, ep.key)
            except (SourceAuthError, NoStreaming):
                raise
            except RateLimited as exc:
                log.warning("mastodon stream %s: %s", self.source.id, exc)
                # bounded: a Retry-After of inf or a year stopped the stream for as long
                await self.sleep(rate_wait(exc.retry_after))
                continue
            except SourceError as exc:
                log.warning("mastodon stream %s: %s", self.source.id, exc)
            failures += 1
            delay = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** min(failures - 1, 10))
            await self.sleep(delay * (0.5 + self.rng() / 2))  # jitter: no thundering herd

    async def _park(self, exc: NoStreaming, tasks: list[asyncio.Task[None]]) -> None:
        """Give way to polling for good: one notice, no reconnects, never returns (the runtime
        cancels the stream when it stops)."""
        for task in tasks:
            task.cancel()
        self.unavailable = why = str(exc)
        if isinstance(exc, StreamNeedsToken):
            log.warning("mastodon %s: the server streams only with an access token (Mastodon "
                        "4.2 and later; %s); polling every %gs instead: to stream, set token: "
                        "to a token with read:statuses (Preferences -> Development)",
                        self.source.id, why, self.config.interval)
        else:
            log.warning("mastodon %s: the server has no streaming API (%s); polling every %gs "
                        "instead", self.source.id, why, self.config.interval)
        self.parked.set()
        await asyncio.Future()

    async def run(self) -> AsyncIterator[Mention]:
        endpoints = self.endpoints()
        if not endpoints:
            raise SourceError(f"mastodon {self.source.id}: nothing to stream "
                              "(no hashtags, and no notifications with a token)")
        queue: asyncio.Queue[tuple[Mention, str | None, Endpoint] | Exception] = asyncio.Queue(100)

        async def emit(mention: Mention, cursor_id: str | None, ep: Endpoint) -> None:
            await queue.put((mention, cursor_id, ep))

        async def runner(ep: Endpoint) -> None:
            try:
                await self._endpoint(ep, emit)
            except Exception as exc:  # hand it to the consumer, which re-raises it
                await queue.put(exc)

        await self.source.learn_own()
        self.source.hold_while_own_unknown()  # our posts not told from others': none read
        try:
            await self.discover()
        except NoStreaming as exc:
            await self._park(exc, [])
        tasks = [asyncio.create_task(runner(ep), name=f"mastodon-stream:{ep.key}")
                 for ep in endpoints]
        try:
            while True:
                item = await queue.get()
                if isinstance(item, NoStreaming):
                    await self._park(item, tasks)
                if isinstance(item, Exception):
                    raise item
                mention, cursor_id, ep = item
                if not self.first_time(mention):
                    continue
                if cursor_id is not None:
                    await self.source.advance_cursor(ep.key, cursor_id)
                if drop_own([mention], self.source.own, self.source.skipped,
                            source=self.source.id):
                    yield mention
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        obj = obj.get(key) if isinstance(obj, Mapping) else None
    return obj
