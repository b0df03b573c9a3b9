"""What every signed inbound HTTP endpoint (Slack, Discord) does before it trusts a request.

1. Read the *whole* body, within a size limit, before verifying anything: a body arrives in
   pieces over a real network, and a signature checked over the first piece fails for genuine
   requests (and a check over a prefix would be worse if it ever passed). The body must arrive
   within ``BODY_SECONDS`` (408): a sender that trickles it, or announces more than it sends,
   held the connection for as long as it liked. Slack and Discord want an answer within 3 s
   anyway. A compressed body is refused (415): neither platform compresses what it sends.
2. Verify the signature and the timestamp window (each platform's module does this).
3. Refuse a replay: a signature already seen within its validity window was either a retry or
   an attacker's copy. The memory of seen signatures is the Store's ``mark_seen`` with a TTL, so
   a copy sent to another process of the same deployment is refused too.
4. Only then parse the payload: malformed but authentic gets 400, never a 500.

Refusals are logged with the path, the body size and the reason, never any of the body: a
forged request's content is the attacker's, and logs are read by people and tools. Each is
also counted by kind (``Refusals``: a fixed word of ours, never the request's text), which
``/metrics`` shows as ``socialops_chat_refused_total{workspace, reason}``: a rise in
``bad_signature`` or ``replayed`` is someone trying the endpoint, one in ``stale_timestamp``
most often this machine's clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiohttp import web

from bot.core.errors import SocialopsError
from bot.core.ports import Clock

log = logging.getLogger(__name__)

MarkSeen = Callable[[str, int], Awaitable[bool]]  # Store.mark_seen: True if the key was new
ForgetSeen = Callable[[str], Awaitable[None]]  # Store.forget_seen: the key new again
READ_CHUNK = 64 * 1024
BODY_SECONDS = 10.0  # from the end of the headers to the end of the body


def wall_clock() -> datetime:
    return datetime.now(UTC)


# how a body that could not be read is counted (``Refusals``), by the status it is answered
UNREAD_KINDS = {415: "compressed", 413: "too_large", 408: "slow_body", 400: "cut_short"}


class Unreadable(Exception):
    """A body not read: the status to answer, why (one line), and its size as far as known."""

    def __init__(self, status: int, reason: str, size: int | None) -> None:
        super().__init__(reason)
        self.status, self.reason, self.size = status, reason, size
        self.kind = UNREAD_KINDS.get(status, "unreadable")


class Refusals:
    """Requests an endpoint refused before trusting them, counted by kind. Kinds are short
    words of ours (``UNREAD_KINDS``, each platform's signature and replay checks), so the
    metric's label values stay few whatever is sent."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def count(self, kind: str) -> None:
        self._counts[kind] += 1

    def refuse(self, request: web.Request, kind: str, *, status: int, reason: str,
               size: int | None) -> web.Response:
        """``refuse`` (the module's), counted under ``kind``."""
        self.count(kind)
        return refuse(request, status=status, reason=reason, size=size)

    def counts(self) -> dict[str, int]:
        return dict(self._counts)


async def read_body(request: web.Request, *, limit: int) -> bytes:
    """The complete body. Raises ``Unreadable``: 415 when it is compressed, 413 when it is (or
    says it is) larger than ``limit`` bytes, 408 when it has not all arrived within
    ``BODY_SECONDS``, 400 when the connection ends first."""
    if request.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity"):
        raise Unreadable(415, "compressed bodies are not accepted", request.content_length)
    if request.content_length is not None and request.content_length > limit:
        raise Unreadable(413, "body over the size limit", request.content_length)
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(BODY_SECONDS):
            while True:
                chunk = await request.content.read(READ_CHUNK)  # b"" only at the end
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > limit:
                    raise Unreadable(413, "body over the size limit", size)
                chunks.append(chunk)
    except TimeoutError:
        raise Unreadable(408, f"body not received within {BODY_SECONDS:g} s", size) from None
    except (ConnectionError, web.RequestPayloadError):
        raise Unreadable(400, "the connection ended before the body", size) from None


def refuse(request: web.Request, *, status: int, reason: str, size: int | None,
           level: int = logging.INFO) -> web.Response:
    """Answer ``status`` and log the refusal without any part of the body."""
    log.log(level, "refused %s %s: %s (%s bytes)", request.method, request.path, reason,
            "unknown" if size is None else size)
    return web.Response(status=status, text=reason)


class _Memory:
    """A single process's memory of seen keys, for when no Store is given (tests, tools)."""

    def __init__(self, clock: Clock, size: int = 100_000) -> None:
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._size = size

    async def __call__(self, key: str, ttl_seconds: int) -> bool:
        now = self._clock().timestamp()
        expires = self._seen.get(key)
        if expires is not None and expires > now:
            return False
        self._seen[key] = now + ttl_seconds
        self._seen.move_to_end(key)
        while len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True

    async def forget(self, key: str) -> None:
        self._seen.pop(key, None)


class ReplayCache:
    """Signatures seen within their validity window, per platform (``namespace``).

    The composition root passes ``store.mark_seen``, so every process shares the memory; without
    it the memory is this process's only."""

    def __init__(self, namespace: str, *, mark_seen: MarkSeen | None = None,
                 forget_seen: ForgetSeen | None = None, clock: Clock | None = None) -> None:
        self.namespace = namespace
        memory = _Memory(clock or wall_clock)
        self._mark: MarkSeen = mark_seen or memory
        self._forget: ForgetSeen | None = forget_seen if mark_seen else memory.forget

    async def first_time(self, signature: str, *, ttl_seconds: int) -> bool | None:
        """True the first time, False for a replay, None when the store cannot tell (the
        caller answers 503 rather than act on a request it could not check)."""
        try:
            return await self._mark(f"replay:{self.namespace}:{signature}", ttl_seconds)
        except SocialopsError as exc:
            log.error("replay check for %s unavailable: %s", self.namespace, exc)
            return None

    async def forget(self, signature: str) -> bool:
        """Undo ``first_time``: the work it let run did not happen (a form whose run broke, a
        reaction whose card could not be read), so the same request again is a first time, in
        every process. False when it could not be: no way to forget was given, or the store
        cannot be told (logged); the mark then stays for its TTL."""
        if self._forget is None:
            return False
        try:
            await self._forget(f"replay:{self.namespace}:{signature}")
        except SocialopsError as exc:
            log.error("replay forget for %s unavailable: %s", self.namespace, exc)
            return False
        return True
