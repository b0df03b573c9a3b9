"""What every signed inbound HTTP endpoint (Slack, Discord) does before it trusts a request.

1. Read the *whole* body, within a size limit, before verifying anything: a body arrives in
   pieces over a real network, and a signature checked over the first piece fails for genuine
   requests (and a check over a prefix would be worse if it ever passed).
2. Verify the signature and the timestamp window (each platform's module does this).
3. Refuse a replay: a signature already seen within its validity window was either a retry or
   an attacker's copy. The memory of seen signatures is the Store's ``mark_seen`` with a TTL, so
   a copy sent to another process of the same deployment is refused too.
4. Only then parse the payload: malformed but authentic gets 400, never a 500.

Refusals are logged with the path, the body size and the reason, never any of the body: a
forged request's content is the attacker's, and logs are read by people and tools.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiohttp import web

from bot.core.errors import SocialopsError
from bot.core.ports import Clock

log = logging.getLogger(__name__)

MarkSeen = Callable[[str, int], Awaitable[bool]]  # Store.mark_seen: True if the key was new
READ_CHUNK = 64 * 1024


def wall_clock() -> datetime:
    return datetime.now(UTC)


async def read_body(request: web.Request, *, limit: int) -> bytes | None:
    """The complete body, or None when it is (or says it is) larger than ``limit`` bytes."""
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await request.content.read(READ_CHUNK)  # b"" only at the end of the body
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)


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


class ReplayCache:
    """Signatures seen within their validity window, per platform (``namespace``).

    The composition root passes ``store.mark_seen``, so every process shares the memory; without
    it the memory is this process's only."""

    def __init__(self, namespace: str, *, mark_seen: MarkSeen | None = None,
                 clock: Clock | None = None) -> None:
        self.namespace = namespace
        self._mark = mark_seen or _Memory(clock or wall_clock)

    async def first_time(self, signature: str, *, ttl_seconds: int) -> bool | None:
        """True the first time, False for a replay, None when the store cannot tell (the
        caller answers 503 rather than act on a request it could not check)."""
        try:
            return await self._mark(f"replay:{self.namespace}:{signature}", ttl_seconds)
        except SocialopsError as exc:
            log.error("replay check for %s unavailable: %s", self.namespace, exc)
            return None
